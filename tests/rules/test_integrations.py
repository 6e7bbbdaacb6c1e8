"""rules/integrations.py (E9731, E9732, E9733, E9734): checks of Task resources: the service integrations and the
limits of Express workflows.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings, template

from samtransform.rules import integrations as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


CASES = {
    "aws-sdk has no .sync, an unknown pattern, .sync:2 of Step Functions": (
        template("""
StartAt: Copy
States:
  Copy: {Type: Task, Resource: 'arn:aws:states:::aws-sdk:s3:copyObject.sync', Next: Wait}
  Wait: {Type: Task, Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskTokens', Next: Child}
  Child: {Type: Task, Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true}
"""),
        [(10, 30, "E9732", "aws-sdk has no Run a Job (.sync) integration (it offers Request Response, Wait for "
                           "Callback (.waitForTaskToken))"),
         (11, 30, "E9732", "unknown integration pattern '.waitForTaskTokens'; did you mean '.waitForTaskToken'?")]),
    "a service Step Functions does not integrate with": (
        template("""
StartAt: Put
States:
  Put: {Type: Task, Resource: 'arn:aws:states:::s3:putObject', End: true}
"""),
        [(10, 29, "E9731", "Step Functions has no optimized integration named 's3'; for other AWS services use "
                           "arn:aws:states:::aws-sdk:s3:<action>")]),
    "EXPRESS with .sync in a nested branch, and a Distributed Map": (
        template("""
StartAt: Both
States:
  Both:
    Type: Parallel
    Branches:
      - StartAt: Build
        States:
          Build: {Type: Task, Resource: 'arn:aws:states:::codebuild:startBuild.sync', End: true}
    Next: Each
  Each:
    Type: Map
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED, ExecutionType: EXPRESS}
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    End: true
""", "Type: EXPRESS"),
        [(16, 39, "E9733", "an EXPRESS state machine cannot use Run a Job (.sync): Express workflows support Request "
                           "Response only; remove '.sync' or use Type: STANDARD"),
         (21, 33, "E9734", "an EXPRESS state machine cannot run a Distributed Map; use Type: STANDARD, or Mode: "
                           "INLINE")]),
    "Type given by a parameter's Default": (
        template("StartAt: Ask\nStates:\n  Ask: {Type: Task, Resource: 'arn:aws:states:::sqs:sendMessage"
                 ".waitForTaskToken', End: true}", "Type: !Ref Kind").replace(
            "Resources:", "Parameters:\n  Kind: {Type: String, Default: EXPRESS}\nResources:"),
        [(13, 29, "E9733", "an EXPRESS state machine cannot use Wait for Callback (.waitForTaskToken): Express "
                           "workflows support Request Response only; remove '.waitForTaskToken' or use Type: "
                           "STANDARD")]),
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, tmp_path):
    text, expected_findings = CASES[name]
    assert findings(tmp_path, text) == expected_findings
