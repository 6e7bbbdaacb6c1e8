"""The fixture cases under fixtures/, and how to run one.

A case is a folder holding `template.yaml` (or `.json`) and optionally `case.json`:
    {"parameters": {...}, "differences": ["<id from differences.DIFFERENCES>"], "lint": false, "oracle": false}
("oracle": false marks a template that cannot even be read, so there is nothing to give AWS SAM.)
Each case keeps one expected result per partition, `expected.<partition>.json`: the
expanded template, or for cases named `error_*` the list of errors. A case whose template
expands with warnings keeps them in `warnings.json` (the same in every partition).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from samtransform import Expansion, InvalidTemplateError, expand_template, load, load_with_warnings
from samtransform.io.locations import locate
from samtransform.io.report import as_dict
from samtransform.io.template_io import canonical_json, parse_with_warnings, read_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# Folders of fixtures/ that are not expand cases: the checks' templates (tests/rules/).
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

    @property
    def warnings_path(self) -> Path:
        return self.folder / "warnings.json"

    def run(self, partition: str):
        """The expanded template, or its errors as [{"file", "line", "column", "rule_id", "path", "message"}]."""
        return self.run_with_warnings(partition)[0]

    def run_with_warnings(self, partition: str) -> tuple:
        """`run`'s result, and the warnings (loader's and expand's) as records like the errors'."""
        text = None
        warnings: tuple = ()
        try:
            text = read_text(self.template_path)
            template, warnings = parse_with_warnings(text, self.template_path.name)
            expansion = expand_template(template, region=PARTITION_REGIONS[partition], parameters=self.parameters,
                                        base_dir=self.folder)
            warnings += expansion.warnings
            errors = expansion.errors
        except InvalidTemplateError as failure:
            errors = failure.errors
        name = self.template_path.name
        result = _records(text, name, errors) if errors else expansion.template
        return result, _records(text, name, warnings)


def _records(text, name: str, problems) -> list[dict]:
    return [error_record(located) for located in locate(text, name, problems)]


def error_record(located) -> dict:
    record = as_dict(located)
    record["file"] = Path(record["file"]).name
    for derived in ("logical_id", "doc_url", "end_line", "end_column"):
        del record[derived]
    del record["severity"]  # errors and warnings are kept in files of their own
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


def expansion_of(folder: str) -> Expansion:
    """The expansion of the fixture case `folder`, read as the command line reads it: its local files
    from its own folder, and the loader's warnings (a repeated key) before the expansion's."""
    template_path = next((FIXTURES / folder).glob("template.*"))
    template, load_warnings = load_with_warnings(template_path)
    expansion = expand_template(template, base_dir=template_path.parent)
    return expansion._replace(warnings=load_warnings + expansion.warnings)
