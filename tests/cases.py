"""The fixture cases under fixtures/, and how to run one.

A case is a folder holding `template.yaml` (or `.json`) and optionally `case.json`:
    {"parameters": {...}, "differences": ["<id from differences.DIFFERENCES>"], "lint": false, "oracle": false}
("oracle": false marks a template that cannot even be read, so there is nothing to give AWS SAM.)
Each case keeps one expected result per partition, `expected.<partition>.json`: the
expanded template, or for cases named `error_*` the list of errors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from samtransform import InvalidTemplateError, expand, load
from samtransform.io.locations import locate_errors
from samtransform.io.template_io import canonical_json, parse, read_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Folders of fixtures/ that are not expand cases: the checks' templates (tests/test_checks_rules.py).
OTHER_FIXTURE_FOLDERS = {"checks"}
PARTITION_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}


@dataclass
class Case:
    name: str
    folder: Path
    template_path: Path
    parameters: dict = field(default_factory=dict)
    differences: list = field(default_factory=list)
    lint: bool = True
    oracle: bool = True

    @property
    def is_error(self) -> bool:
        return self.name.startswith("error_")

    def template(self) -> dict:
        return load(self.template_path)

    def expected_path(self, partition: str) -> Path:
        return self.folder / f"expected.{partition}.json"

    def run(self, partition: str):
        """The expanded template, or its errors as [{"file", "line", "column", "path", "message"}]."""
        text = None
        try:
            text = read_text(self.template_path)
            return expand(parse(text, self.template_path.name), region=PARTITION_REGIONS[partition],
                          parameters=self.parameters, base_dir=self.folder)
        except InvalidTemplateError as failure:
            located = locate_errors(text, self.template_path.name, failure.errors)
            return [error_record(error) for error in located]


def error_record(located) -> dict:
    record = located.as_dict()
    record["file"] = Path(record["file"]).name
    del record["logical_id"]
    return record


def all_cases() -> list[Case]:
    cases = []
    for folder in sorted(path for path in FIXTURES.iterdir() if path.is_dir()):
        template = next((path for path in sorted(folder.glob("template.*"))), None)
        if template is None:
            continue
        settings = json.loads((folder / "case.json").read_text()) if (folder / "case.json").exists() else {}
        cases.append(Case(folder.name, folder, template, settings.get("parameters", {}),
                          settings.get("differences", []), settings.get("lint", True), settings.get("oracle", True)))
    return cases


def render(result) -> str:
    return canonical_json(result)
