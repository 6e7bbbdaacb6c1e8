"""The AWS models wired into expand, check, plan and the plugin: where each finding is placed (the
provenance of generated values), what `expand` refuses and what only `expand --strict` and `check`
do, and plain CloudFormation deployments (a StateMachineAlias with a DeploymentPreference, as AWS
CDK writes it) read as the SAM form is."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from samtransform import cli, expand_template, load
from samtransform.cli.check import check_files
from samtransform.core.problems import InvalidTemplateError
from samtransform.expansion import expand
from samtransform.io.template_io import parse
from samtransform.plan import plan_text
from samtransform.plan.mermaid import render_mermaid
from samtransform.plan.render import render_text

ROOT = Path(__file__).resolve().parent.parent
CHECKS = ROOT / "fixtures" / "checks"
CDK_TRIGGER = CHECKS / "W9401" / "trigger_cdk.json"
CDK_NEAR_MISS = CHECKS / "W9401" / "near_miss_cdk.json"
PROPERTIES = ("Resources", "Machine", "Properties")


def findings(path: Path) -> list[tuple]:
    return [(entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]


def write(tmp_path: Path, text: str, name: str = "template.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


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

# --------------------------------------------------------------------------- provenance


def _machine(text: str):
    expansion = expand_template(parse(text))
    assert not expansion.errors, expansion.errors
    (machine,) = expansion.state_machines
    return machine


def test_each_generated_value_knows_the_sam_node_it_came_from():
    machine = _machine(MACHINE + """      Name: orders
      Type: EXPRESS
      RolePath: /orders/
      PermissionsBoundary: arn:aws:iam::123456789012:policy/boundary
      Policies:
        - AWSXRayDaemonWriteAccess
        - Statement: [{Effect: Allow, Action: sqs:SendMessage, Resource: '*'}]
        - SQSPollerPolicy: {QueueName: orders}
      Tags: {Team: core}
      Logging:
        Level: ERROR
        Destinations: [{CloudWatchLogsLogGroup: {LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:x}}]
      AutoPublishAlias: live
      DeploymentPreference: {Type: CANARY, Percentage: 10, Interval: 5}
      Events:
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day), Enabled: false, Input: '{}', Target: {Id: nightly}}
        Weekly:
          Type: ScheduleV2
          Properties: {ScheduleExpression: rate(7 days), Input: '{}', PermissionsBoundary: arn:aws:iam::1:policy/b}
        Stopped:
          Type: EventBridgeRule
          Properties: {Pattern: {source: [aws.ec2]}, RuleName: stopped}
""")
    expected = {
        ("Machine", ("StateMachineName",)): PROPERTIES + ("Name",),
        ("Machine", ("StateMachineType",)): PROPERTIES + ("Type",),
        ("Machine", ("LoggingConfiguration", "Destinations", 0, "CloudWatchLogsLogGroup", "LogGroupArn")):
            PROPERTIES + ("Logging", "Destinations", 0, "CloudWatchLogsLogGroup", "LogGroupArn"),
        ("Machine", ("Tags", 1, "Value")): PROPERTIES + ("Tags", "Team"),
        ("Machine", ("DefinitionString",)): PROPERTIES + ("Definition",),
        ("MachineRole", ("Path",)): PROPERTIES + ("RolePath",),
        ("MachineRole", ("PermissionsBoundary",)): PROPERTIES + ("PermissionsBoundary",),
        ("MachineRole", ("ManagedPolicyArns", 0)): PROPERTIES + ("Policies", 0),
        ("MachineRole", ("Policies", 0, "PolicyDocument", "Statement", 0, "Effect")):
            PROPERTIES + ("Policies", 1, "Statement", 0, "Effect"),
        ("MachineRole", ("Policies", 1, "PolicyDocument")): PROPERTIES + ("Policies", 2),  # a template: made
        ("MachineRole", ("AssumeRolePolicyDocument",)): PROPERTIES,  # a constant: the SAM node that makes the role
        ("MachineAliaslive", ("Name",)): PROPERTIES + ("AutoPublishAlias",),
        ("MachineAliaslive", ("DeploymentPreference", "Percentage")):
            PROPERTIES + ("DeploymentPreference", "Percentage"),
        ("MachineNightly", ("ScheduleExpression",)): PROPERTIES + ("Events", "Nightly", "Properties", "Schedule"),
        ("MachineNightly", ("State",)): PROPERTIES + ("Events", "Nightly", "Properties", "Enabled"),
        ("MachineNightly", ("Targets", 0, "Input")): PROPERTIES + ("Events", "Nightly", "Properties", "Input"),
        ("MachineNightly", ("Targets", 0, "Id")): PROPERTIES + ("Events", "Nightly", "Properties", "Target", "Id"),
        ("MachineNightlyRole", ("PermissionsBoundary",)): PROPERTIES + ("PermissionsBoundary",),
        ("MachineWeekly", ("Target", "Input")): PROPERTIES + ("Events", "Weekly", "Properties", "Input"),
        ("MachineWeeklyRole", ("PermissionsBoundary",)):
            PROPERTIES + ("Events", "Weekly", "Properties", "PermissionsBoundary"),
        ("MachineStopped", ("EventPattern", "source", 0)):
            PROPERTIES + ("Events", "Stopped", "Properties", "Pattern", "source", 0),
        ("MachineStopped", ("Name",)): PROPERTIES + ("Events", "Stopped", "Properties", "RuleName"),
        ("MachineStopped", ("Targets", 0, "Arn")): PROPERTIES + ("Events", "Stopped"),  # made: the event
    }
    assert {key: machine.source_path(*key) for key in expected} == expected


def test_propagated_tags_come_from_the_state_machine_s_tags():
    machine = _machine(MACHINE + """      Tags: {Team: core}
      PropagateTags: true
      Events:
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
""")
    assert machine.source_path("MachineNightlyRole", ("Tags", 0, "Value")) == PROPERTIES + ("Tags",)
    assert machine.source_path("Machine", ("Tags", 0, "Value")) == PROPERTIES + ("Tags", "Team")
    assert "MachineNightlyRole" in machine.sources  # so E9807 validates it (a role of samtransform's own is not)


def test_rollback_alarms_come_from_their_setting():
    machine = _machine(MACHINE.replace("      Definition:", "      AutoPublishAlias: live\n      Definition:").replace(
        "    Properties:", "    Metadata: {samtransform: {RollbackAlarms: true}}\n    Properties:"))
    assert machine.source_path("MachineExecutionsFailedAlarm", ("Threshold",)) == (
        "Resources", "Machine", "Metadata", "samtransform", "RollbackAlarms")


# --------------------------------------------------------------------------- E9807: check and expand --strict

def test_schema_findings_are_at_the_user_s_line(tmp_path):
    text = MACHINE + f"""      Role: arn:aws:iam::123456789012:role/{"r" * 240}
      Logging:
        Level: ERROR
        Destinations:
          - CloudWatchLogsLogGroup:
              LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:{"g" * 250}
"""
    found = findings(write(tmp_path, text))
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
    assert findings(write(tmp_path, text)) == [
        (10, 7, "E9807", "'arn:x' is too short (CloudFormation's schema, at MachineRole/Properties/"
                         "PermissionsBoundary of the expanded template)")]


def test_expand_validates_generated_resources_only_with_strict(tmp_path, capsys):
    path = write(tmp_path, (CHECKS / "E9807" / "trigger.yaml").read_text())
    assert expand(load(path))["Resources"]["MachineRole"]["Properties"]["Path"] == "service-role"
    with pytest.raises(InvalidTemplateError) as refused:
        expand(load(path), strict=True)
    assert [(error.rule_id, error.path) for error in refused.value.errors] == [
        ("E9807", PROPERTIES + ("RolePath",))]
    assert cli.main(["expand", str(path), "--strict"]) == 1
    assert capsys.readouterr().err == (
        f"{path}:12:7: E9807 'service-role' does not match '^(\\\\u002F)|(\\\\u002F[\\\\u0021-\\\\u007E]+\\\\u002F)$' "
        "(CloudFormation's schema, at MachineRole/Properties/Path of the expanded template)\n")
    assert cli.main(["expand", str(write(tmp_path, (CHECKS / "E9807" / "near_miss.yaml").read_text(), "ok.yaml")),
                     "--strict"]) == 0


# --------------------------------------------------------------------------- what expand refuses

def test_expand_refuses_a_misspelt_type_but_keeps_one_no_list_names():
    with pytest.raises(InvalidTemplateError) as refused:
        expand(load(CHECKS / "E9811" / "trigger.yaml"))
    assert [(error.rule_id, error.path) for error in refused.value.errors] == [
        ("E9811", ("Resources", "Machine", "Type"))]
    output = expand(load(CHECKS / "W9812" / "trigger.yaml"))
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
    rules = [rule for _, _, rule, _ in findings(path)]
    assert rules == (["E9811"] if refused else [] if resource_type.startswith("Custom::") else ["W9812"])
    expansion = expand_template(load(path))
    assert (expansion.template is None) is refused


def test_an_alarm_whose_type_is_misspelt_is_reported_once(tmp_path):
    # The alarm a preference names is an alarm with a typo in its Type: one finding, at the Type.
    path = write(tmp_path, MACHINE + "      AutoPublishAlias: live\n"
                 "      DeploymentPreference: {Type: CANARY, Percentage: 10, Interval: 5, Alarms: [!Ref A]}\n"
                 "  A:\n    Type: AWS::Cloudwatch::Alarm\n    Properties: {}\n")
    assert findings(path) == [(13, 5, "E9811", "'AWS::Cloudwatch::Alarm' is not a resource type (did you mean "
                                               "'AWS::CloudWatch::Alarm'?); CloudFormation refuses it")]


def test_expand_warns_about_a_name_logging_does_not_take():
    expansion = expand_template(load(CHECKS / "W9806" / "trigger.yaml"))
    assert expansion.template is not None
    assert [(warning.rule_id, warning.path) for warning in expansion.warnings] == [
        ("W9806", PROPERTIES + ("Name",))]


def test_values_given_by_a_parameter_are_not_refused_by_expand():
    template = load(CHECKS / "E9801" / "trigger.yaml")
    template["Parameters"] = {"Every": {"Type": "String", "Default": "rate(1 minutes)"}}
    events = template["Resources"]["Machine"]["Properties"]["Events"]
    events["EveryMinute"]["Properties"]["Schedule"] = {"Ref": "Every"}
    del events["Weekdays"]
    assert expand(template)


# --------------------------------------------------------------------------- plan reads the CloudWatch model

def test_plan_never_says_an_alarm_that_cannot_fire_fires_in_time():
    trigger = CHECKS / "E9304" / "trigger.yaml"
    plan = plan_text(trigger.read_text(), "template.yaml")
    (alarm,) = plan["state_machines"][0]["alarms"]
    assert alarm["window_minutes"] == 1  # short enough: only the model says it never fires
    assert alarm["fires_in_time"] is False
    assert alarm["finding"] == {
        "rule_id": "E9304", "message": "Step Functions publishes no metric 'ExecutionFailed' in AWS/States (did "
                                       "you mean 'ExecutionsFailed'?); an alarm on it never has data, so it never "
                                       "fires"}
    text = render_text(plan)
    assert "  FailedExecutions  AWS/States ExecutionFailed  StateMachineArn=!Ref Machine, Alias=live  1 min   " \
           "NO (E9304)\n" in text
    assert "  template.yaml:22:7: E9304 Step Functions publishes no metric 'ExecutionFailed'" in text
    assert "1-minute window, see E9304 :crit" in render_mermaid(plan)


@pytest.mark.parametrize("rule_id", ["E9305", "E9306"])
def test_plan_gives_the_finding_of_an_alarm_that_fires_wrongly(rule_id):
    plan = plan_text((CHECKS / rule_id / "trigger.yaml").read_text(), "template.yaml")
    (alarm,) = plan["state_machines"][0]["alarms"]
    assert (alarm["fires_in_time"], alarm["finding"]["rule_id"]) == (False, rule_id)


def test_plan_of_a_healthy_alarm_has_no_finding():
    plan = plan_text((CHECKS / "E9306" / "near_miss.yaml").read_text(), "template.yaml")
    (alarm,) = plan["state_machines"][0]["alarms"]
    assert (alarm["fires_in_time"], alarm["finding"]) == (True, None)


# --------------------------------------------------------------------------- plain CloudFormation deployments

CDK_W9401 = ("W9401", "alarm OrdersFailedAlarm3E7A9B05 needs 5 minutes of data to fire (Period 300 s x "
                      "EvaluationPeriods 1), but the LINEAR deployment (50 % every 2 minutes) watches its alarms "
                      "for 4 minutes at most: a failing version gets all traffic before this alarm can fire")


# fixtures/checks/W9401/{trigger,near_miss}_cdk.expected: check reads a CDK alias as the SAM form
# (tests/rules/test_rollout_timing.py runs them).


def test_plan_prints_the_rollout_of_a_cdk_alias():
    plan = plan_text(CDK_TRIGGER.read_text(), "template.json")
    (machine,) = plan["state_machines"]
    assert (machine["logical_id"], machine["alias"], machine["alias_logical_id"], machine["version_logical_id"]) == (
        "OrdersWorkflow4F9D6C1A", "live", "OrdersWorkflowAliasLive7D2B4E61", "OrdersWorkflowVersion0C5E8A93")
    assert machine["deployment"] == {"type": "LINEAR", "percentage": 50, "interval_minutes": 2}
    assert machine["steps"] == [{"at_minute": 0, "percent": 50}, {"at_minute": 2, "percent": 100}]
    (alarm,) = machine["alarms"]
    assert (alarm["logical_id"], alarm["window_minutes"], alarm["fires_in_time"]) == (
        "OrdersFailedAlarm3E7A9B05", 5, False)
    assert [(finding["line"], finding["rule_id"], finding["message"]) for finding in machine["findings"]] == [
        (91, *CDK_W9401)]
    near = plan_text(CDK_NEAR_MISS.read_text(), "template.json")["state_machines"][0]["alarms"][0]
    assert (near["window_minutes"], near["fires_in_time"]) == (2, True)


def _cdk(**changes) -> dict:
    template = json.loads(CDK_TRIGGER.read_text())
    alarm = template["Resources"]["OrdersFailedAlarm3E7A9B05"]["Properties"]
    alarm.update(changes)
    return template


def test_the_alarm_rules_read_a_cdk_alias(tmp_path):
    template = _cdk(Period=60, ComparisonOperator="LessThanThreshold",
                    Dimensions=[{"Name": "StateMachineArn", "Value": {"Ref": "Other"}}, {"Name": "Alias",
                                                                                         "Value": "prod"}])
    template["Resources"]["Other"] = {"Type": "AWS::StepFunctions::StateMachine", "Properties": {
        "DefinitionString": "{}", "RoleArn": "arn:aws:iam::123456789012:role/other"}}
    path = write(tmp_path, json.dumps(template, indent=1), "template.json")
    assert [(rule, message) for _, _, rule, message in findings(path)] == [
        ("W9302", "the StateMachineArn dimension of alarm OrdersFailedAlarm3E7A9B05 refers to Other, not "
                  "OrdersWorkflow4F9D6C1A"),
        ("W9303", "the Alias dimension of alarm OrdersFailedAlarm3E7A9B05 is 'prod', but the alias of "
                  "OrdersWorkflow4F9D6C1A is 'live'"),
        ("E9306", "ExecutionsFailed counts failed executions, so LessThanThreshold fires while the version is "
                  "healthy and every deployment rolls back; use GreaterThanThreshold or "
                  "GreaterThanOrEqualToThreshold"),
    ]


def test_a_cdk_alias_without_alarms(tmp_path):
    template = json.loads(CDK_TRIGGER.read_text())
    del template["Resources"]["OrdersWorkflowAliasLive7D2B4E61"]["Properties"]["DeploymentPreference"]["Alarms"]
    path = write(tmp_path, json.dumps(template, indent=1), "template.json")
    assert [rule for _, _, rule, _ in findings(path)] == ["W9402"]


def test_check_on_expand_s_own_output_finds_what_it_finds_on_the_sam_form(tmp_path):
    seed = ROOT / "fixtures" / "seed" / "template.yaml"
    expanded = write(tmp_path, json.dumps(expand(load(seed), base_dir=seed.parent), indent=2), "expanded.json")
    ((rule, message),) = [(entry.problem.rule_id, entry.problem.message) for entry in check_files([str(seed)])]
    assert [(entry.problem.rule_id, entry.problem.message, entry.problem.path) for entry in
            check_files([str(expanded)])] == [
        (rule, message, ("Resources", "AliasStateMachineFailureAlarm", "Properties", "Period"))]


def test_plan_previous_with_a_version_that_does_not_follow_the_revision():
    old = json.loads(CDK_TRIGGER.read_text())
    del old["Resources"]["OrdersWorkflowVersion0C5E8A93"]["Properties"]["StateMachineRevisionId"]
    new = json.loads(json.dumps(old))
    new["Resources"]["OrdersWorkflow4F9D6C1A"]["Properties"]["DefinitionString"] = \
        '{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}'
    plan = plan_text(json.dumps(new), "new.json", previous_text=json.dumps(old), previous_name="old.json")
    (machine,) = plan["state_machines"]
    assert (machine["publishes_version"], machine["reasons"]) == (False, [])
    assert ("OrdersWorkflowVersion0C5E8A93 has no StateMachineRevisionId: !GetAtt OrdersWorkflow4F9D6C1A."
            "StateMachineRevisionId, so a change of the state machine publishes no new version; only a change of "
            "the version resource does") in machine["notes"]
    linked = plan_text(json.dumps(_with_definition(CDK_TRIGGER)), "new.json", previous_text=CDK_TRIGGER.read_text())
    assert (linked["state_machines"][0]["publishes_version"], linked["state_machines"][0]["reasons"]) == (
        True, ["definition"])


def _with_definition(path: Path) -> dict:
    template = json.loads(path.read_text())
    template["Resources"]["OrdersWorkflow4F9D6C1A"]["Properties"]["DefinitionString"] = \
        '{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}'
    return template


def test_cfn_lint_plugin_reads_a_cdk_alias():
    pytest.importorskip("cfnlint")
    result = subprocess.run([sys.executable, "-c", "import sys; from cfnlint.runner import main; sys.exit(main())",
                             "-f", "parseable", str(CDK_TRIGGER.relative_to(ROOT)), "--append-rules",
                             "samtransform.cfnlint_rules"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600)
    ours = [line for line in result.stdout.splitlines() if ":W9" in line or ":E9" in line]
    assert ours == [f"{CDK_TRIGGER.relative_to(ROOT)}:91:5:91:13:{CDK_W9401[0]}:{CDK_W9401[1]}"]
