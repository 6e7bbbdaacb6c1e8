"""The fixture cases under fixtures/, and how to run one.

A case is a folder holding `template.yaml` (or `.json`) and optionally `case.json`:
    {"parameters": {...}, "differences": ["<id from differences.DIFFERENCES>"], "lint": false}
Each case keeps one expected result per partition, `expected.<partition>.json`: the
expanded template, or for cases named `error_*` the list of errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from samtransform import InvalidTemplateError, expand, load
from samtransform.template_io import canonical_json

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
PARTITION_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


@dataclass
class Case:
    name: str
    folder: Path
    template_path: Path
    parameters: dict = field(default_factory=dict)
    differences: list = field(default_factory=list)
    lint: bool = True

    @property
    def is_error(self) -> bool:
        return self.name.startswith("error_")

    def template(self) -> dict:
        return load(self.template_path)

    def expected_path(self, partition: str) -> Path:
        return self.folder / f"expected.{partition}.json"

    def run(self, partition: str):
        """The expanded template, or the errors as [{"path", "message"}]."""
        try:
            return expand(self.template(), region=PARTITION_REGIONS[partition], parameters=self.parameters,
                          base_dir=self.folder)
        except InvalidTemplateError as failure:
            return [error_record(error) for error in failure.errors]


def error_record(error) -> dict:
    record = {"path": error.path_text, "message": error.message}
    if error.origin is not None:
        record["origin"] = f"{Path(error.origin.file).name}:{error.origin.line}:{error.origin.column}"
    return record


def all_cases() -> list[Case]:
    cases = []
    for folder in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        template = next((folder / name for name in ("template.yaml", "template.json") if (folder / name).exists()),
                        None)
        if template is None:
            continue
        settings = json.loads((folder / "case.json").read_text()) if (folder / "case.json").exists() else {}
        cases.append(Case(folder.name, folder, template, settings.get("parameters", {}),
                          settings.get("differences", []), settings.get("lint", True)))
    return cases


def render(result) -> str:
    return canonical_json(result)
