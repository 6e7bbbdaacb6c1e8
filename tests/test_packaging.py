"""The wheel carries what an installed samtransform needs: schemas and data tables."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_contains_schemas_and_data(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("samtransform-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "samtransform/schemas/sam/aws-serverless-statemachine.json" in names
    assert "samtransform/data/policy_templates.json" in names
    assert {f"samtransform/data/managed_policies/{partition}.json"
            for partition in ("aws", "aws-cn", "aws-us-gov")} <= names
    entry_points = next(name for name in names if name.endswith("entry_points.txt"))
    assert "samtransform = samtransform.cli:run" in zipfile.ZipFile(wheel).read(entry_points).decode()
