""""Did you mean" wherever the valid names are known, from the one home (core/suggestions.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from samtransform import InvalidTemplateError, expand_template, load
from samtransform.core.suggestions import close_matches, did_you_mean, slips
from samtransform.rules import check_text

ROOT = Path(__file__).resolve().parent.parent
MACHINE = """\
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
"""


@pytest.mark.parametrize("word, candidates, expected", [
    ("E9018", ["E9101", "E9108", "E9201", "E9701"], "E9108"),  # a swap, though difflib finds all four as similar
    ("canary", ["LINEAR", "CANARY", "ALL_AT_ONCE"], "CANARY"),  # letter case first
    ("linearr", ["LINEAR", "CANARY", "ALL_AT_ONCE"], "LINEAR"),  # then spelling, whatever the case
    ("Tabel", ["Table", "Topic", "Machine"], "Table"),
    ("Queue", ["Table", "Topic"], None),
])
def test_did_you_mean(word, candidates, expected):
    assert did_you_mean(word, candidates) == expected


def test_close_matches_and_slips():
    assert close_matches("Schedul", ["Api", "ScheduleV2", "Schedule"]) == ["Schedule", "ScheduleV2"]
    assert (slips("E9018", "E9108"), slips("ab", "ab"), slips("kitten", "sitting")) == (1, 0, 3)


def test_suggestions_have_one_home():
    """No module but core/suggestions.py matches names itself."""
    matching = [str(path.relative_to(ROOT)) for path in (ROOT / "samtransform").rglob("*.py")
                if re.search(r"get_close_matches|SequenceMatcher", path.read_text())]
    assert matching == ["samtransform/core/suggestions.py"]


def test_a_misspelt_tag():
    with pytest.raises(InvalidTemplateError) as failure:
        load(MACHINE + "      Role: !GetAttr Role.Arn\n", "template.yaml")
    assert str(failure.value) == "template.yaml: unknown tag !GetAttr; did you mean !GetAtt?"
    with pytest.raises(InvalidTemplateError) as failure:
        load(MACHINE + "      Role: !Bogus x\n", "template.yaml")
    assert str(failure.value).startswith("template.yaml: unknown tag !Bogus (CloudFormation's are !Ref, !Condition, ")
    assert [(error.origin.line, error.origin.column) for error in failure.value.errors] == [(6, 13)]


ALARM_REF = MACHINE + """\
      AutoPublishAlias: live
      Role: arn:aws:iam::123456789012:role/machine
      DeploymentPreference:
        Type: LINEAR
        Percentage: 10
        Interval: 1
        Alarms: [!Ref FailedAlarn]
  FailedAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/States
      MetricName: ExecutionsFailed
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
"""


def test_an_alarm_ref_with_a_typo_names_the_templates_alarm():
    found = [(problem.rule, problem.message) for problem in check_text(ALARM_REF) if problem.rule == "E9203"]
    assert found == [("E9203", "!Ref FailedAlarn names no resource or parameter of this template; "
                               "did you mean FailedAlarm?")]


def test_an_alarm_ref_far_from_every_alarm_gets_no_guess():
    found = [problem.message for problem in check_text(ALARM_REF.replace("FailedAlarn", "Unrelated"))
             if problem.rule == "E9203"]
    assert found == ["!Ref Unrelated names no resource or parameter of this template"]


CONNECTOR = """\
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Connectors:
      ToTable:
        Properties:
          Destination: {Id: Tabel}
          Permissions: [Read]
    Properties:
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
  Table:
    Type: AWS::DynamoDB::Table
"""


def test_a_connector_destination_with_a_typo_names_the_templates_resource():
    expansion = expand_template(load(CONNECTOR))
    assert [(error.path, error.message) for error in expansion.errors] == [(
        ("Resources", "Machine", "Connectors", "ToTable", "Properties", "Destination"),
        "Resource with id [MachineToTable] is invalid. Unable to find resource with logical ID 'Tabel'. "
        "Did you mean 'Table'?")]
    unrelated = expand_template(load(CONNECTOR.replace("Tabel", "Queue")))
    assert unrelated.errors[0].message.endswith("Unable to find resource with logical ID 'Queue'.")
