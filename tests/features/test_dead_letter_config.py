"""expansion/events/dead_letter_config.py: an event's DeadLetterConfig becomes its target's, as AWS SAM
writes it: `Arn` as given; `Type: SQS` makes a queue (and, for a rule, the queue policy that lets this
rule send to it), carrying the state machine's resource attributes and propagated tags."""

from __future__ import annotations

import pytest
from differential import check_against_oracle
from oracle import OracleError, translate

from samtransform import cli, expand_template, load
from samtransform.expansion import expand
from samtransform.expansion.events import eventbridge_rule, schedule, start_target

TARGET = start_target("M", {}, None, {}, None)
EVENTS = ("Resources", "Machine", "Properties", "Events")
MACHINE = """Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/machine
      Definition:
        StartAt: Done
        States:
          Done: {Type: Succeed}
      Events:
"""


def _rule(module, properties):
    return module.build("ME", properties, TARGET)


def _template(events: dict, **machine) -> dict:
    properties = {"Role": "arn:aws:iam::123456789012:role/machine",
                  "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}, "Events": events}
    resource = {"Type": "AWS::Serverless::StateMachine", "Properties": {**properties, **machine.pop("properties", {})},
                **machine}
    return {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Machine": resource}}


def _nightly(dead_letter: dict) -> dict:
    return {"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)", "DeadLetterConfig": dead_letter}}}


def _queue_policy(rule: str, queue: str) -> dict:
    return {"Type": "AWS::SQS::QueuePolicy", "Properties": {
        "PolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Action": "sqs:SendMessage", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
            "Resource": {"Fn::GetAtt": [queue, "Arn"]},
            "Condition": {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": [rule, "Arn"]}}}}]},
        "Queues": [{"Ref": queue}]}}


def _write(tmp_path, text: str):
    path = tmp_path / "template.yaml"
    path.write_text(MACHINE + text)
    return path


def test_a_dead_letter_arn_is_used_as_given_and_sqs_makes_a_queue_and_its_policy():
    given = _rule(schedule, {"Schedule": "x", "DeadLetterConfig": {"Arn": "arn:q"}})
    assert given["ME"]["Properties"]["Targets"][0]["DeadLetterConfig"] == {"Arn": "arn:q"}
    assert list(given) == ["ME", "MERole"]
    made = _rule(eventbridge_rule, {"Pattern": {"a": [1]}, "DeadLetterConfig": {"Type": "SQS", "QueueLogicalId": "Q"}})
    assert list(made) == ["ME", "MERole", "Q", "MEQueuePolicy"]
    assert made["ME"]["Properties"]["Targets"][0]["DeadLetterConfig"] == {"Arn": {"Fn::GetAtt": ["Q", "Arn"]}}
    condition = made["MEQueuePolicy"]["Properties"]["PolicyDocument"]["Statement"][0]["Condition"]
    assert condition == {"ArnEquals": {"aws:SourceArn": {"Fn::GetAtt": ["ME", "Arn"]}}}


def test_a_rule_s_queue_and_the_policy_that_lets_only_this_rule_send_to_it_as_sam_writes_them():
    template = _template(_nightly({"Type": "SQS"}))
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    resources = expand(template)["Resources"]
    assert list(resources) == ["Machine", "MachineNightly", "MachineNightlyRole", "MachineNightlyQueue",
                               "MachineNightlyQueuePolicy"]
    assert resources["MachineNightly"]["Properties"]["Targets"][0]["DeadLetterConfig"] == {
        "Arn": {"Fn::GetAtt": ["MachineNightlyQueue", "Arn"]}}
    assert resources["MachineNightlyQueue"] == {"Type": "AWS::SQS::Queue", "Properties": {}}
    assert resources["MachineNightlyQueuePolicy"] == _queue_policy("MachineNightly", "MachineNightlyQueue")


def test_an_arn_is_copied_even_as_an_intrinsic_and_makes_no_queue():
    arn = {"Fn::GetAtt": ["Failures", "Arn"]}
    template = _template(_nightly({"Arn": arn}))
    template["Resources"]["Failures"] = {"Type": "AWS::SQS::Queue"}
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    resources = expand(template)["Resources"]
    assert resources["MachineNightly"]["Properties"]["Targets"][0]["DeadLetterConfig"] == {"Arn": arn}
    assert list(resources) == ["Machine", "MachineNightly", "MachineNightlyRole", "Failures"]


def test_events_naming_one_queue_share_it_each_with_its_own_policy_as_in_sam():
    dead_letter = {"Type": "SQS", "QueueLogicalId": "Failures"}
    template = _template({**_nightly(dead_letter), "Stopped": {"Type": "EventBridgeRule", "Properties": {
        "Pattern": {"source": ["aws.ec2"]}, "DeadLetterConfig": dead_letter}}})
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    resources = expand(template)["Resources"]
    assert [key for key in resources if "Queue" in key or key == "Failures"] == [
        "Failures", "MachineNightlyQueuePolicy", "MachineStoppedQueuePolicy"]
    assert resources["MachineStoppedQueuePolicy"] == _queue_policy("MachineStopped", "Failures")


def test_a_schedule_s_queue_has_no_queue_policy_its_role_sends_to_it():
    template = _template({"Weekly": {"Type": "ScheduleV2", "Properties": {
        "ScheduleExpression": "rate(7 days)", "DeadLetterConfig": {"Type": "SQS"}}}})
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    resources = expand(template)["Resources"]
    assert list(resources) == ["Machine", "MachineWeekly", "MachineWeeklyQueue", "MachineWeeklyRole"]
    assert resources["MachineWeekly"]["Properties"]["Target"]["DeadLetterConfig"] == {
        "Arn": {"Fn::GetAtt": ["MachineWeeklyQueue", "Arn"]}}
    assert resources["MachineWeeklyRole"]["Properties"]["Policies"][1] == {
        "PolicyName": "MachineWeeklySQSPolicy", "PolicyDocument": {"Statement": [{
            "Action": "sqs:SendMessage", "Effect": "Allow",
            "Resource": {"Fn::GetAtt": ["MachineWeeklyQueue", "Arn"]}}]}}


def test_the_queue_carries_the_state_machine_s_attributes_and_propagated_tags():
    template = _template(_nightly({"Type": "SQS"}), Condition="IsProd", DeletionPolicy="Retain",
                         UpdateReplacePolicy="Retain", properties={"Tags": {"team": "orders"}, "PropagateTags": True})
    template["Conditions"] = {"IsProd": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    resources = expand(template)["Resources"]
    attributes = {"Condition": "IsProd", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}
    assert resources["MachineNightlyQueue"] == {"Type": "AWS::SQS::Queue", **attributes, "Properties": {
        "Tags": [{"Key": "team", "Value": "orders"}]}}
    assert resources["MachineNightlyQueuePolicy"] == {
        **_queue_policy("MachineNightly", "MachineNightlyQueue"), **attributes}


@pytest.mark.parametrize("dead_letter, where, message", [
    ("{Arn: arn:q, Type: SQS}", "16:13", "You can either define 'Arn' or 'Type' property of DeadLetterConfig."),
    ("{Type: SNS}", "16:32", "The only valid value for 'Type' property of DeadLetterConfig is 'SQS'."),
    ("{}", "16:13", "No 'Arn' or 'Type' property provided for DeadLetterConfig."),
])
def test_what_sam_refuses_is_refused_with_sam_s_message_at_its_line(dead_letter, where, message, tmp_path, capsys):
    path = _write(tmp_path, "        Nightly:\n          Type: Schedule\n          Properties:\n"
                            f"            Schedule: rate(1 day)\n            DeadLetterConfig: {dead_letter}\n")
    assert cli.main(["expand", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"{path}:{where}: E9000 {message}\n")
    with pytest.raises(OracleError) as refused:
        translate(load(path))
    assert refused.value.messages == [f"Event with id [MachineNightly] is invalid. {message}"]


def test_a_queue_logical_id_beside_an_arn_is_ignored_as_sam_ignores_it_with_a_warning(tmp_path, capsys):
    path = _write(tmp_path, "        Nightly:\n          Type: Schedule\n          Properties:\n"
                            "            Schedule: rate(1 day)\n"
                            "            DeadLetterConfig: {Arn: arn:q, QueueLogicalId: Failures}\n")
    assert cli.main(["expand", str(path)]) == 0
    assert capsys.readouterr().err == (f"{path}:16:44: W9001 QueueLogicalId names the queue generated for Type: "
                                       "SQS; with Arn it is ignored, as AWS SAM ignores it\n")
    expansion = expand_template(load(path))
    assert [(warning.path, warning.severity) for warning in expansion.warnings] == [
        (EVENTS + ("Nightly", "Properties", "DeadLetterConfig", "QueueLogicalId"), "warning")]
    assert "Failures" not in expansion.template["Resources"]
    assert check_against_oracle(load(path), region="us-east-1") == "expanded"
