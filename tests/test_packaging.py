"""The wheel carries what an installed samtransform needs and what its users are owed."""

import email
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(folder), str(ROOT)],
                   check=True, capture_output=True)
    return zipfile.ZipFile(next(folder.glob("samtransform-*.whl")))


def test_wheel_contains_schemas_and_data(wheel):
    names = set(wheel.namelist())
    assert "samtransform/schemas/sam/aws-serverless-statemachine.json" in names
    assert "samtransform/data/policy_templates.json" in names
    assert {f"samtransform/data/managed_policies/{partition}.json"
            for partition in ("aws", "aws-cn", "aws-us-gov")} <= names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "samtransform = samtransform.cli:run" in wheel.read(entry_points).decode()


def test_wheel_is_typed_and_licensed(wheel):
    names = set(wheel.namelist())
    assert "samtransform/py.typed" in names
    licence = wheel.read(next(name for name in names if name.endswith("licenses/LICENSE"))).decode()
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    assert "END OF TERMS AND CONDITIONS" in licence
    notice = wheel.read(next(name for name in names if name.endswith("licenses/NOTICE"))).decode()
    # The provenance of every generated table: package, version, source file.
    for table in ["policy_templates.json", "managed_policies/aws.json"]:
        provenance = json.loads((ROOT / "samtransform" / "data" / table).read_text())["provenance"]
        assert f"{provenance['package']} package, version {provenance['version']}" in " ".join(notice.split())
        assert provenance["file"] in notice


def test_metadata_dependencies_extras_and_no_invented_addresses(wheel):
    metadata = email.message_from_bytes(wheel.read(next(name for name in wheel.namelist()
                                                        if name.endswith("METADATA"))))
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata["Requires-Python"] == ">=3.10"
    requires = metadata.get_all("Requires-Dist")
    runtime = sorted(requirement for requirement in requires if "extra ==" not in requirement)
    assert runtime == ["jsonata-python>=0.7.1", "jsonschema>=4.18", "pyyaml>=6.0", "tomli>=1.1; python_version < '3.11'"]
    assert "cfn-lint>=1.51.0; extra == 'cfn-lint'" in requires
    assert metadata.get_all("Project-URL") is None  # the project has no web address yet


def test_changelog_notice_and_licence_are_in_the_clone():
    for name in ("CHANGELOG.md", "NOTICE", "LICENSE"):
        assert (ROOT / name).stat().st_size > 500, name
