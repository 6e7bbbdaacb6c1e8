"""The two-stage comparison: AWS SAM's translator on samtransform's output gives what it gives on the template.

samtransform expands state machines (and the REST APIs their Api events feed) and leaves the
rest for CloudFormation's SAM transform at deploy time. This is the one honest test of such a
partial expansion: whatever samtransform took out of the template and whatever it left, SAM
run on the result must build the same CloudFormation, resource for resource, as SAM run on
the template (up to the deliberate differences of tests/differences.py). Every fixture that
expands, and every real template of ../shared/examples/realworld, in the aws partition (the
one-stage differential tests cover the other partitions).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cases import all_cases
from differential import check_two_stage

from samtransform import load

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = next((folder for folder in (ROOT.parent / "shared" / "examples" / "realworld",
                                        ROOT.parent.parent / "shared" / "examples" / "realworld") if folder.is_dir()),
                 None)
# What the real templates need from the differences table: their definitions are local files,
# some of them JSON only after substitution.
REALWORLD_DIFFERENCES = ("local-definition-uri", "local-definition-substituted")
# Real templates samtransform refuses, each for a reason of its own (not its API):
REALWORLD_REFUSED = {
    # The template names a definition file whose letter case differs from the file's (see
    # the corpus README): found only on a case-insensitive file system.
    "sfn-lambda", "sfn-log-export", "sfn-sns",
}

CASES = [case for case in all_cases() if case.oracle and not case.is_error]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_two_stage(case):
    outcome = check_two_stage(case.template(), region="us-east-1", parameters=case.parameters, base_dir=case.folder,
                              differences=tuple(case.differences))
    assert outcome == "expanded"


def _realworld_templates() -> list[Path]:
    if REALWORLD is None:
        return []
    found = []
    for folder in sorted(path for path in REALWORLD.iterdir() if path.is_dir()):
        found += [path for path in sorted(folder.rglob("*")) if path.suffix in (".yaml", ".yml", ".json")
                  and path.is_file() and "AWS::Serverless::StateMachine" in path.read_text(encoding="utf-8", errors="replace")]
    return found


REALWORLD_TEMPLATES = _realworld_templates()


@pytest.mark.skipif(REALWORLD is None, reason="../shared/examples/realworld is not beside the repository")
def test_realworld_corpus_is_complete():
    assert len(REALWORLD_TEMPLATES) == 49


@pytest.mark.parametrize("path", REALWORLD_TEMPLATES, ids=[path.relative_to(REALWORLD).parts[0] for path in REALWORLD_TEMPLATES])
def test_realworld_two_stage(path):
    outcome = check_two_stage(load(path), region="us-east-1", base_dir=path.parent,
                              differences=REALWORLD_DIFFERENCES)
    assert outcome == ("rejected" if path.relative_to(REALWORLD).parts[0] in REALWORLD_REFUSED else "expanded")
