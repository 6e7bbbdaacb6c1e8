"""rules/definition_substitutions.py (E9701, W9702): checks of the `${Name}` placeholders in a definition against
its DefinitionSubstitutions.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import HEAD, findings, template

from samtransform.rules import definition_substitutions as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


def test_numbered_substitutions_are_expands_own(tmp_path):
    """SAM turns each intrinsic into ${definition_substitution_N}; the definition's own ${...}
    in an Fn::Sub is CloudFormation's, not a placeholder; a user name beside them is checked."""
    text = template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: !GetAtt Worker.Arn
    Parameters:
      Queue: !Sub '${Queue}'
      Url: '${QueueUrl}'
      Typo: '${definition_substitution_3}'
    End: true
""", "DefinitionSubstitutions:", "  QueueUrl: https://example.com").replace(
        "Resources:", "Resources:\n  Worker: {Type: AWS::SNS::Topic}\n  Queue: {Type: AWS::SQS::Queue}")
    assert findings(tmp_path, text) == [
        (20, 15, "E9701", "${definition_substitution_3} is not defined in DefinitionSubstitutions")]


def test_no_substitutions_at_all(tmp_path):
    text = template("StartAt: Work\nStates:\n  Work: {Type: Task, Resource: '${ModuloFunctionName}', End: true}")
    assert findings(tmp_path, text) == [
        (10, 30, "E9701", "${ModuloFunctionName} is not defined: the state machine has no DefinitionSubstitutions, "
                          "so Step Functions receives the text ${ModuloFunctionName}")]


@pytest.mark.parametrize("properties", [
    ("DefinitionUri: s3://bucket/machine.asl.json", "DefinitionSubstitutions:", "  Unused: x"),
    ("Definition: !Sub '{\"StartAt\": \"${Start}\", \"States\": {}}'",),
    ("DefinitionSubstitutions: !If [IsProd, {A: b}, {A: c}]",
     "Definition: {StartAt: Work, States: {Work: {Type: Pass, Result: '${B}', End: true}}}"),
])
def test_what_cannot_be_known_is_skipped(tmp_path, properties):
    text = HEAD + "".join(f"      {line}\n" for line in properties)
    text = text.replace("Resources:", "Conditions:\n  IsProd: !Equals [!Ref AWS::Region, us-east-1]\nResources:")
    assert [finding for finding in findings(tmp_path, text) if finding[-2][1:3] == "97"] == []
