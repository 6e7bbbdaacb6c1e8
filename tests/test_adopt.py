"""What `adopt` adds, routes, keeps and lists, word for word, and what it refuses."""

from __future__ import annotations

import pytest

from samtransform import InvalidTemplateError, adopt
from samtransform.adoption.errors import AdoptError, OptionError
from samtransform.adoption.options import DEFAULT_PREFERENCE
from samtransform.expansion.rollback_alarms import WINDOW_SECONDS
from samtransform.io.template_io import parse
from samtransform.core.rollout import all_traffic_minute, fires_in_time

ROLE = "arn:aws:iam::123456789012:role/states"
MACHINE = f"""  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: {ROLE}
      Definition: {{StartAt: Done, States: {{Done: {{Type: Succeed}}}}}}
"""
IAM_KEPT = ("an IAM grant on the state machine's ARN also allows starting its alias (Step Functions authorises a "
            "call on an alias against the state machine's ARN): nothing to change")


def template(*resources: str, outputs: str = "") -> str:
    return "Transform: AWS::Serverless-2016-10-31\nResources:\n" + MACHINE + "".join(resources) + outputs


def report(result) -> list[tuple]:
    return [(change.action, "/".join(map(str, change.path)), change.message) for change in result.changes]


def test_the_default_deployment_is_a_canary_the_rollback_alarms_can_stop():
    assert DEFAULT_PREFERENCE == {"Type": "CANARY", "Percentage": 10, "Interval": 5}
    assert fires_in_time(WINDOW_SECONDS, all_traffic_minute("CANARY", 10, 5))


def test_a_plain_state_machine_gets_an_alias_a_canary_and_rollback_alarms():
    result = adopt(template(), "template.yaml")
    assert report(result) == [
        ("added", "Resources/Machine/Properties/AutoPublishAlias",
         "Machine publishes a version on each change, and its alias 'live' (MachineAliaslive) moves traffic to it"),
        ("added", "Resources/Machine/Properties/DeploymentPreference",
         "the alias moves traffic as a CANARY: 10 % for 5 minutes, then the rest unless an alarm fires"),
        ("added", "Resources/Machine/Metadata",
         "samtransform generates the alarms that roll the deployment back (ExecutionsFailed, ExecutionsTimedOut, "
         "ExecutionsAborted, ExecutionThrottled of alias 'live', each firing within a minute)")]
    assert result.findings == ()


def test_events_start_the_alias():
    text = template().replace("      Role:", "      Events:\n        Daily: {Type: Schedule, Properties: "
                                            "{Schedule: rate(1 day)}}\n      Role:")
    result = adopt(text, "template.yaml")
    assert ("added", "Resources/Machine/Properties/UseAliasAsEventTarget",
            "events Daily start the alias, so their executions follow the deployment and its alarms see them (deploy "
            "samtransform's expansion: AWS SAM's own transform grants their roles the alias ARN, which Step Functions "
            "does not match, aws/serverless-application-model#3720)") in report(result)
    assert parse(result.text)["Resources"]["Machine"]["Properties"]["UseAliasAsEventTarget"] is True


def test_callers_are_routed_kept_or_listed():
    rule = """  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 day)
      Targets: [{Arn: !Ref Machine, Id: daily, RoleArn: !GetAtt RuleRole.Arn}]
  RuleRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: start
          PolicyDocument: {Statement: [{Effect: Allow, Action: states:StartExecution, Resource: !Ref Machine}]}
  Schedule:
    Type: AWS::Scheduler::Schedule
    Properties:
      ScheduleExpression: rate(1 hour)
      FlexibleTimeWindow: {Mode: "OFF"}
      Target: {Arn: !GetAtt Machine.Arn, RoleArn: !GetAtt RuleRole.Arn}
  Pipe:
    Type: AWS::Pipes::Pipe
    Properties:
      RoleArn: !GetAtt RuleRole.Arn
      Source: arn:aws:sqs:us-east-1:123456789012:queue
      Target: !Ref Machine
  Starter:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      InlineCode: "def handler(event, context): pass"
      Environment: {Variables: {MACHINE: !Ref Machine}}
      Policies:
        - StepFunctionsExecutionPolicy: {StateMachineName: !GetAtt Machine.Name}
"""
    outputs = """Outputs:
  MachineArn:
    Value: !Ref Machine
    Export: {Name: !Sub "${AWS::StackName}-machine"}
"""
    result = adopt(template(rule, outputs=outputs), "template.yaml")
    assert report(result)[3:] == [
        ("changed", "Resources/Rule/Properties/Targets/0/Arn/Ref",
         "names MachineAliaslive: target 0 of the EventBridge rule starts the alias"),
        ("changed", "Resources/Schedule/Properties/Target/Arn/Fn::GetAtt/0",
         "names MachineAliaslive: the schedule starts the alias"),
        ("added", "Outputs/MachineAliasArn", "output MachineAliasArn gives the alias's ARN to other stacks"),
        ("left", "Resources/RuleRole/Properties/Policies/0/PolicyDocument/Statement/0/Resource", IAM_KEPT),
        ("left", "Resources/Pipe/Properties/Target",
         "AWS does not document whether an EventBridge pipe can start a state machine alias, so the pipe still "
         "starts the state machine itself (!Ref MachineAliaslive)"),
        ("left", "Resources/Starter/Properties/Environment/Variables/MACHINE",
         "names the state machine's ARN: if it starts executions, they run the latest version at once; give it the "
         "alias's ARN instead (!Ref MachineAliaslive)"),
        ("left", "Resources/Starter/Properties/Policies/0/StepFunctionsExecutionPolicy/StateMachineName", IAM_KEPT),
        ("left", "Outputs/MachineArn/Value",
         "exports the ARN of Machine, kept: other stacks may import the state machine's ARN, which no deployment "
         "shifts")]
    new = parse(result.text)
    assert new["Outputs"]["MachineAliasArn"] == {
        "Description": "ARN of alias live of Machine: start executions here to follow its gradual deployment",
        "Value": {"Ref": "MachineAliaslive"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-machine-alias"}}}
    assert new["Outputs"]["MachineArn"]["Value"] == {"Ref": "Machine"}
    assert result.findings == ()


@pytest.mark.parametrize("resource, routed", [
    ("arn:aws:states:::states:startExecution", True),
    ("arn:aws:states:::states:startExecution.waitForTaskToken", True),
    ("arn:aws:states:::states:startExecution.sync:2", False),
])
def test_another_state_machine_starting_it_is_routed_unless_it_waits(resource, routed):
    parent = f"""  Parent:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: {ROLE}
      DefinitionSubstitutions: {{Child: !GetAtt Machine.Arn}}
      Definition:
        StartAt: Start
        States:
          Start: {{Type: Task, Resource: "{resource}", Parameters: {{StateMachineArn: "${{Child}}"}}, End: true}}
"""
    result = adopt(template(parent), "template.yaml", state_machines=["Machine"])
    entry = [change for change in report(result) if change[1].startswith("Resources/Parent")]
    if routed:
        assert entry == [("changed", "Resources/Parent/Properties/DefinitionSubstitutions/Child/Fn::GetAtt/0",
                          "names MachineAliaslive: its definition starts the alias (${Child} is the StateMachineArn "
                          "of a StartExecution task)")]
    else:
        assert entry == [("left", "Resources/Parent/Properties/DefinitionSubstitutions/Child",
                          "${Child} is started by a .sync task, which also describes and stops the execution; AWS "
                          "does not document whether those grants cover an execution started through an alias "
                          "(!Ref MachineAliaslive)")]


def test_a_state_machine_with_an_alias_gets_only_what_is_missing():
    text = template().replace("      Role:", "      AutoPublishAlias: blue\n      DeploymentPreference: {Type: LINEAR, "
                                            "Percentage: 50, Interval: 2}\n      Role:")
    result = adopt(text, "template.yaml", alias="green")
    assert report(result) == [
        ("added", "Resources/Machine/Metadata",
         "samtransform generates the alarms that roll the deployment back (ExecutionsFailed, ExecutionsTimedOut, "
         "ExecutionsAborted, ExecutionThrottled of alias 'blue', each firing within a minute)"),
        ("left", "Resources/Machine/Properties/AutoPublishAlias",
         "Machine keeps its alias 'blue': renaming it to 'green' would replace the alias")]
    assert adopt(result.text, "template.yaml").text == result.text


def test_own_alarms_are_kept_and_alarms_watching_another_alias_listed():
    alarm = """  Failures:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/States
      MetricName: ExecutionsFailed
      Dimensions: [{Name: StateMachineArn, Value: !Ref Machine}, {Name: Alias, Value: main}]
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanOrEqualToThreshold
"""
    result = adopt(template(alarm), "template.yaml")
    assert report(result)[-1] == (
        "left", "Resources/Failures", "watches Machine but is not in its DeploymentPreference's Alarms, so it rolls "
                                      "nothing back, and it watches alias 'main', not 'live'")
    result = adopt(template(alarm), "template.yaml", alarms="Failures", alias="main")
    assert parse(result.text)["Resources"]["Machine"]["Properties"]["DeploymentPreference"] == {
        "Type": "CANARY", "Percentage": 10, "Interval": 5, "Alarms": [{"Ref": "Failures"}]}
    assert "Metadata" not in parse(result.text)["Resources"]["Machine"]
    assert adopt(result.text, "template.yaml").changes[-1].message == (
        "kept its own Alarms: check judges them (W92xx to W94xx, in the plan below)")


def test_linear_and_all_at_once_choices():
    result = adopt(template(), "template.yaml", deployment="linear", percentage=25, interval=2)
    assert parse(result.text)["Resources"]["Machine"]["Properties"]["DeploymentPreference"] == {
        "Type": "LINEAR", "Percentage": 25, "Interval": 2}
    result = adopt(template(), "template.yaml", deployment="ALL_AT_ONCE")
    assert report(result)[1:] == [
        ("added", "Resources/Machine/Properties/DeploymentPreference",
         "the alias moves all traffic at once (ALL_AT_ONCE)"),
        ("left", "Resources/Machine/Properties/DeploymentPreference",
         "no rollback alarms added: an ALL_AT_ONCE deployment moves all traffic at once, so no alarm can be shown "
         "to stop it (W9403)")]


@pytest.mark.parametrize("options, message", [
    ({"deployment": "BLUE_GREEN"}, "--deployment must be one of CANARY, LINEAR, ALL_AT_ONCE, not 'BLUE_GREEN'"),
    ({"deployment": "ALL_AT_ONCE", "percentage": 10}, "--percentage and --interval mean nothing to an ALL_AT_ONCE "
                                                      "deployment"),
    ({"percentage": 100}, "--percentage must be a whole number from 1 to 99, not 100"),
    ({"interval": 0}, "--interval must be a whole number from 1 to 2100 minutes, not 0"),
    ({"alarms": " , "}, "--alarms takes 'generate' or alarm names separated by commas"),
    ({"alias": "a-b"}, "--alias a-b: alias name 'a-b' would make the logical ID 'MachineAliasa-b', which is not "
                       "alphanumeric (or longer than 255 characters); use letters and digits only"),
    ({"state_machines": ["Nope"]}, "--state-machine Nope is not an AWS::Serverless::StateMachine of the template; "
                                   "it has Machine"),
    ({"alarms": "Machine"}, "--alarms Machine: Machine is a AWS::Serverless::StateMachine, not a CloudWatch alarm"),
])
def test_options_adopt_cannot_follow(options, message):
    with pytest.raises(OptionError) as refusal:
        adopt(template(), "template.yaml", **options)
    assert str(refusal.value) == message


def test_templates_adopt_refuses():
    with pytest.raises(InvalidTemplateError) as failure:
        adopt(template().replace("Role: arn", "Role: 5\n      Name: arn"), "template.yaml")
    assert failure.value.errors
    with pytest.raises(AdoptError) as refusal:
        adopt("Resources:\n  Topic: {Type: AWS::SNS::Topic}\n", "template.yaml")
    assert str(refusal.value) == "the template has no AWS::Serverless::StateMachine to adopt"


def test_an_alias_id_the_template_already_uses_leaves_the_state_machine():
    taken = "  MachineAliaslive:\n    Type: AWS::SNS::Topic\n"
    result = adopt(template(taken), "template.yaml")
    assert result.text == template(taken)
    assert report(result) == [("left", "Resources/Machine/Properties", "Machine is left as it is: its alias would "
                                                                       "generate MachineAliaslive, which the template "
                                                                       "already has")]


def test_the_input_text_and_template_are_not_touched():
    text = template()
    before = parse(text)
    adopt(text, "template.yaml")
    assert parse(text) == before


def test_a_reference_in_globals_is_listed():
    text = template().replace("Resources:\n", "Globals:\n  Function:\n    Environment:\n      Variables: "
                                              "{MACHINE: !Ref Machine}\nResources:\n")
    result = adopt(text, "template.yaml")
    assert [(change.line, change.message) for change in result.changes if change.action == "left"] == [
        (5, "names the state machine's ARN: if it starts executions, they run the latest version at once; give it "
            "the alias's ARN instead (!Ref MachineAliaslive)")]
