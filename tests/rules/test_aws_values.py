"""rules/aws_values.py (E9801, E9802, E9803, E9804, E9805, E9807, E9811, W9806, W9812): checks the values
CloudFormation or the service refuses at deploy time, with the AWS models.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import FIXTURES, expected, family_cases, printed
from rules.inline import findings_of, write

from samtransform import cli, expand_template, load
from samtransform.core.problems import InvalidTemplateError
from samtransform.expansion import expand
from samtransform.rules import aws_values as family

PROPERTIES = ("Resources", "Machine", "Properties")
MACHINE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Done
        States:
          Done: {Type: Succeed}
"""


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


# --------------------------------------------------------------------------- E9807: check and expand --strict

def test_schema_findings_are_at_the_user_s_line(tmp_path):
    text = MACHINE + f"""      Role: arn:aws:iam::123456789012:role/{"r" * 240}
      Logging:
        Level: ERROR
        Destinations:
          - CloudWatchLogsLogGroup:
              LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:{"g" * 250}
"""
    found = findings_of(write(tmp_path, text))
    assert [(line, column, rule) for line, column, rule, _ in found] == [(10, 7, "E9807"), (15, 15, "E9807")]
    assert found[0][3].endswith("is too long (CloudFormation's schema, at Machine/Properties/RoleArn of the "
                                "expanded template)")
    assert found[1][3].endswith("is too long (CloudFormation's schema, at Machine/Properties/LoggingConfiguration/"
                                "Destinations/0/CloudWatchLogsLogGroup/LogGroupArn of the expanded template)")


def test_one_schema_finding_per_sam_node(tmp_path):
    # The boundary reaches the state machine's role and the event's role: one node, one finding.
    text = MACHINE + """      PermissionsBoundary: arn:x
      Events:
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
"""
    assert findings_of(write(tmp_path, text)) == [
        (10, 7, "E9807", "'arn:x' is too short (CloudFormation's schema, at MachineRole/Properties/"
                         "PermissionsBoundary of the expanded template)")]


def test_expand_validates_generated_resources_only_with_strict(tmp_path, capsys):
    path = write(tmp_path, (FIXTURES / "E9807" / "trigger.yaml").read_text())
    assert expand(load(path))["Resources"]["MachineRole"]["Properties"]["Path"] == "service-role"
    with pytest.raises(InvalidTemplateError) as refused:
        expand(load(path), strict=True)
    assert [(error.rule_id, error.path) for error in refused.value.errors] == [
        ("E9807", PROPERTIES + ("RolePath",))]
    assert cli.main(["expand", str(path), "--strict"]) == 1
    assert capsys.readouterr().err == (
        f"{path}:12:7: E9807 'service-role' does not match '^(\\\\u002F)|(\\\\u002F[\\\\u0021-\\\\u007E]+\\\\u002F)$' "
        "(CloudFormation's schema, at MachineRole/Properties/Path of the expanded template)\n")
    assert cli.main(["expand", str(write(tmp_path, (FIXTURES / "E9807" / "near_miss.yaml").read_text(), "ok.yaml")),
                     "--strict"]) == 0


# --------------------------------------------------------------------------- what expand refuses

def test_expand_refuses_a_misspelt_type_but_keeps_one_no_list_names():
    with pytest.raises(InvalidTemplateError) as refused:
        expand(load(FIXTURES / "E9811" / "trigger.yaml"))
    assert [(error.rule_id, error.path) for error in refused.value.errors] == [
        ("E9811", ("Resources", "Machine", "Type"))]
    output = expand(load(FIXTURES / "W9812" / "trigger.yaml"))
    assert output["Resources"]["Circuit"] == {"Type": "AWS::Quantum::Circuit"}


@pytest.mark.parametrize("resource_type, refused", [
    ("AWS::Serverless::Statemachine", True),   # case
    ("AWS::Lambda::Functoin", True),           # two letters swapped
    ("AWS::StepFunctions::StateMachin", True),  # cut short
    ("AWS::StepFunction::StateMachine", True),  # the service spelt almost alike
    ("AWS::Lambda::FunctionV2", False),        # an extension: may be newer than the lists (W9812)
    ("AWS::Serverless::Functions", False),
    ("AWS::Quantum::Circuit", False),          # close to nothing (W9812)
    ("Custom::Statemachine", False),           # never judged
])
def test_which_types_expand_refuses(resource_type, refused, tmp_path):
    path = write(tmp_path, MACHINE + f"  Other:\n    Type: {resource_type}\n")
    rules = [rule for _, _, rule, _ in findings_of(path)]
    assert rules == (["E9811"] if refused else [] if resource_type.startswith("Custom::") else ["W9812"])
    expansion = expand_template(load(path))
    assert (expansion.template is None) is refused


def test_an_alarm_whose_type_is_misspelt_is_reported_once(tmp_path):
    # The alarm a preference names is an alarm with a typo in its Type: one finding, at the Type.
    path = write(tmp_path, MACHINE + "      AutoPublishAlias: live\n"
                 "      DeploymentPreference: {Type: CANARY, Percentage: 10, Interval: 5, Alarms: [!Ref A]}\n"
                 "  A:\n    Type: AWS::Cloudwatch::Alarm\n    Properties: {}\n")
    assert findings_of(path) == [(13, 5, "E9811", "'AWS::Cloudwatch::Alarm' is not a resource type (did you mean "
                                               "'AWS::CloudWatch::Alarm'?); CloudFormation refuses it")]


def test_values_given_by_a_parameter_are_not_refused_by_expand():
    template = load(FIXTURES / "E9801" / "trigger.yaml")
    template["Parameters"] = {"Every": {"Type": "String", "Default": "rate(1 minutes)"}}
    events = template["Resources"]["Machine"]["Properties"]["Events"]
    events["EveryMinute"]["Properties"]["Schedule"] = {"Ref": "Every"}
    del events["Weekdays"]
    assert expand(template)
