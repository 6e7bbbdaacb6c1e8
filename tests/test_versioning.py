"""The version a user installs is the CHANGELOG's newest release, and its findings link to docs it can open.

docs/releasing.md is the checklist these tests hold a release to.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from samtransform import __version__, cli
from samtransform.core.catalog import RULES

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
HEADING = re.compile(r"^## (.+)$", re.M)
RELEASE = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?: \((\d{4}-\d{2}-\d{2})\))?$")


def sections() -> list[str]:
    return HEADING.findall(CHANGELOG)


def test_dash_v_prints_the_version(capsys):
    assert cli.main(["-V"]) == 0
    assert capsys.readouterr().out == f"samtransform {__version__}\n"


def test_the_installed_metadata_is_this_version():
    """An editable install records the version at install time: reinstall after a release."""
    assert metadata.version("samtransform") == __version__


def test_the_newest_changelog_release_is_the_version():
    headings = sections()
    releases = [heading for heading in headings if heading != "Unreleased"]
    assert headings[: len(headings) - len(releases)] in ([], ["Unreleased"])  # Unreleased only on top
    newest = RELEASE.match(releases[0])
    assert newest, f"the newest section {releases[0]!r} is not 'X.Y.Z (YYYY-MM-DD)'"
    assert ".".join(newest.groups()[:3]) == __version__
    assert newest.group(4), "the newest release has its date"
    versions = [tuple(map(int, RELEASE.match(heading).groups()[:3])) for heading in releases]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)


def test_docs_name_no_version_newer_than_this_one():
    """"samtransform 0.1.0 indented it two spaces more": an older behaviour, of a version that was released."""
    released = {heading.split()[0] for heading in sections() if heading != "Unreleased"}
    current = tuple(map(int, __version__.split(".")))
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        for version in re.findall(r"samtransform (\d+\.\d+\.\d+)", path.read_text(encoding="utf-8")):
            assert version in released and tuple(map(int, version.split("."))) <= current, (path.name, version)


def test_the_release_checklist_names_the_files_it_changes():
    checklist = (ROOT / "docs" / "releasing.md").read_text(encoding="utf-8")
    for needed in ("samtransform/core/version.py", "CHANGELOG.md", "## Unreleased", "tests/test_versioning.py",
                   "git tag"):
        assert needed in checklist, needed


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The wheel, built from this checkout and installed (without dependencies) into a folder of its own."""
    folder = tmp_path_factory.mktemp("installed")
    wheels = folder / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(wheels.glob("samtransform-*.whl"))
    assert wheel.name.startswith(f"samtransform-{__version__}-")
    assert "samtransform/docs/rules.md" in zipfile.ZipFile(wheel).namelist()
    target = folder / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return target


def _installed_python(installed: Path, code: str) -> str:
    # The installed copy first on the path; the dependencies from this environment; run from
    # elsewhere, so that the checkout cannot be imported by accident.
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=installed.parent, check=True,
                            capture_output=True, text=True)
    return result.stdout


def test_an_installed_finding_links_to_its_rule_in_the_installed_docs(installed):
    out = _installed_python(installed, "import samtransform, sys\n"
                                       "from samtransform.core.catalog import RULES\n"
                                       "print(samtransform.__file__); print(samtransform.__version__)\n"
                                       "print('\\n'.join(rule.doc_url for rule in RULES))")
    package, version, *urls = out.splitlines()
    assert Path(package).is_relative_to(installed) and version == __version__
    assert len(urls) == len(RULES)
    for rule, url in zip(RULES, urls):
        parsed = urlparse(url)
        assert parsed.scheme == "file" and parsed.fragment == rule.anchor
        document = Path(unquote(parsed.path))
        assert document == installed / "samtransform" / "docs" / "rules.md"
        headings = re.findall(r"^### (.+)$", document.read_text(encoding="utf-8"), re.M)
        assert f"{rule.id} {rule.summary}" in headings


def test_the_checkout_links_to_its_own_docs():
    for rule in RULES:
        assert rule.doc_url == (ROOT / "docs" / "rules.md").as_uri() + "#" + rule.anchor


def test_a_link_to_docs_in_a_folder_with_a_space_is_a_valid_url(monkeypatch, tmp_path):
    from samtransform.core import catalog

    monkeypatch.setattr(catalog, "DOCS_DIR", str(tmp_path / "my docs"))
    assert RULES[0].doc_url == (tmp_path / "my docs" / "rules.md").as_uri() + "#" + RULES[0].anchor
    assert " " not in RULES[0].doc_url
