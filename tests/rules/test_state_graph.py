"""rules/state_graph.py (E9711, E9712, E9714, E9715, E9716, W9713): checks of the states and transitions of a
definition, at every level.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings, template

from samtransform.rules import state_graph as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


CASES = {
    "a Choice rule and Default in a Map's ItemProcessor": (
        template("""
StartAt: Each
States:
  Each:
    Type: Map
    ItemProcessor:
      StartAt: Check
      States:
        Check:
          Type: Choice
          Choices:
            - {Variable: $.ok, BooleanEquals: true, Next: Fine}
          Default: Broken
        Fine: {Type: Succeed}
        Broke: {Type: Fail}
    End: true
"""),
        [(19, 19, "E9711", "Default 'Broken' names no state in this scope; did you mean 'Broke'?"),
         (21, 17, "W9713", "state 'Broke' is unreachable: no transition from StartAt 'Check' leads to it")]),
    "a transition out of its Parallel branch": (
        template("""
StartAt: Both
States:
  Both:
    Type: Parallel
    Branches:
      - StartAt: Left
        States:
          Left: {Type: Pass, Next: Done}
    Next: Done
  Done: {Type: Succeed}
"""),
        [(14, 17, "E9714", "no state ends the execution (End: true, Succeed or Fail); Step Functions refuses a "
                           "workflow without a terminal state"),
         (15, 38, "E9711", "Next 'Done' names no state in this scope: 'Done' is in another scope, and transitions "
                           "cannot leave theirs")]),
    "End on a Choice, Next on a Fail, a Task with neither": (
        template("""
StartAt: Check
States:
  Check:
    Type: Choice
    Choices:
      - {Variable: $.ok, BooleanEquals: true, Next: Work}
    Default: Failed
    End: true
  Work: {Type: Task, Resource: 'arn:aws:states:::lambda:invoke'}
  Failed: {Type: Fail, Next: Check}
"""),
        [(15, 13, "E9712", "a Choice state cannot have End: it moves on through Choices and Default"),
         (16, 11, "E9712", "Task state 'Work' has neither Next nor End: true"),
         (17, 32, "E9712", "a Fail state cannot have Next: it ends the execution")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, tmp_path):
    text, expected_findings = CASES[name]
    assert findings(tmp_path, text) == expected_findings
