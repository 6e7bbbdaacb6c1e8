"""No false alarms: the ASL rules (E97xx, W97xx) on every template of the repository and on
the 49 real public templates in ../shared/examples/realworld.

Every finding there is a real mistake, named below; anything else the rules report on
these templates is a false alarm and fails the test. The ASL rules' own trigger templates
(fixtures/checks/E97xx, W97xx) are left out: they are built to fire.
"""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest
from corpus import REALWORLD, in_example_folder

from samtransform.cli.check import check_files

ROOT = Path(__file__).resolve().parent.parent

# (template relative to its corpus, rule, message): each a real mistake.
KNOWN = {
    # The fixture shows an integer substitution value passing through; nothing uses it.
    ("definition_intrinsics/template.yaml", "W9702",
     "substitution 'Retries' is not used: the definition has no ${Retries}"),
    # The fixture shows a user substitution that a generated one overwrites (a warning).
    ("substitution_collision/template.yaml", "W9702",
     "substitution 'definition_substitution_1' is not used: the definition has no ${definition_substitution_1}"),
    # Error fixtures with a definition cut down to `{StartAt: Done}`: no States at all.
    ("error_json_positions/template.json", "E9722", "the definition needs States"),
    ("error_json_positions/template.json", "E9711", "StartAt 'Done' names no state in this scope"),
    ("error_many_resources/template.yaml", "E9722", "the definition needs States"),
    ("error_many_resources/template.yaml", "E9711", "StartAt 'Done' names no state in this scope"),
    # The template passes an inference-profile ARN as ModelId, but the ASL file hard-codes
    # "global.amazon.nova-2-lite-v1:0" in both Bedrock calls: the substitution does nothing.
    ("apigw-rest-stepfunctions-express-sync-bedrock-sam/template.yaml", "W9702",
     "substitution 'ModelId' is not used: the definition file has no ${ModelId}"),
    ("appsync-stepfunctions-express-sync-bedrock-sam/template.yaml", "W9702",
     "substitution 'ModelId' is not used: the definition file has no ${ModelId}"),
}


def _templates(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file():
            continue
        if path.parent.parent.name == "checks" and path.parent.name[1:3] == "97":
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "AWS::Serverless::StateMachine" in text:
            found.append(path)
    return found


def _asl_findings(corpus: Path) -> set:
    findings = set()
    for path in _templates(corpus):
        with in_example_folder(path) if corpus == REALWORLD else nullcontext():
            found = check_files([str(path)])
        for entry in found:
            if entry.problem.rule_id[1:3] == "97":
                findings.add((path.relative_to(corpus).as_posix(), entry.problem.rule_id, entry.problem.message))
    return findings


def test_repository_fixtures():
    fixtures = ROOT / "fixtures"
    assert _asl_findings(fixtures) == {finding for finding in KNOWN if (fixtures / finding[0]).exists()}


@pytest.mark.skipif(REALWORLD is None, reason="../shared/examples/realworld is not beside the repository")
def test_realworld_templates():
    assert len(_templates(REALWORLD)) >= 49
    assert _asl_findings(REALWORLD) == {finding for finding in KNOWN if (REALWORLD / finding[0]).exists()}
