"""The AWS models wired into expand, check, plan and the plugin: where each finding is placed (the
provenance of generated values), what plan reads of the CloudWatch model, and plain CloudFormation
deployments (a StateMachineAlias with a DeploymentPreference, as AWS CDK writes it) read as the SAM
form is. What `expand` refuses and what only `expand --strict` and `check` do (E9807, E9811, W9806):
tests/rules/test_aws_values.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rules.inline import findings_of, write

from samtransform import expand_template, load
from samtransform.cli.check import check_files
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
    assert [(rule, message) for _, _, rule, message in findings_of(path)] == [
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
    assert [rule for _, _, rule, _ in findings_of(path)] == ["W9402"]


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
