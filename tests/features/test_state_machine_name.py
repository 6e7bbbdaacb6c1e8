"""expansion/state_machine_name.py: `Name` becomes the state machine's StateMachineName as AWS SAM
copies it; a character CreateStateMachine refuses is an error (E9805), and with logging on, a character
outside 0-9, A-Z, a-z, - and _ is a warning (W9806)."""

from __future__ import annotations

import json

import pytest
from differential import check_against_oracle
from rule_fixtures import FIXTURES

from samtransform import cli, expand_template, load
from samtransform.expansion import expand

PROPERTIES = ("Resources", "Machine", "Properties")
LOG_GROUP = {"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["Logs", "Arn"]}}}
LOGGED = {"Level": "ERROR", "Destinations": [LOG_GROUP]}
REFUSED = ", which a state machine name must not contain (white space, < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : / " \
          "and control characters)"
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
"""


def _template(name, logging=None) -> dict:
    machine = {"Role": "arn:aws:iam::123456789012:role/machine", "Name": name,
               "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}}
    if logging is not None:
        machine["Logging"] = logging
    return {"Transform": "AWS::Serverless-2016-10-31",
            "Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": machine},
                          "Logs": {"Type": "AWS::Logs::LogGroup"}}}


def _problems(template: dict) -> list[tuple]:
    expansion = expand_template(template)
    return [(problem.rule_id, problem.severity, problem.path, problem.message)
            for problem in (*expansion.errors, *expansion.warnings)]


def test_name_is_copied_as_the_state_machine_name_as_sam_copies_it():
    for name in ("order-pipeline_v2", {"Fn::Sub": "${AWS::StackName}-orders"}):
        template = _template(name, LOGGED)
        assert check_against_oracle(template, region="us-east-1") == "expanded"
        assert expand(template)["Resources"]["Machine"]["Properties"]["StateMachineName"] == name


def test_a_name_create_state_machine_refuses_is_refused_at_its_line(tmp_path, capsys):
    path = tmp_path / "template.yaml"
    path.write_text(MACHINE + "      Name: order pipeline\n")
    assert cli.main(["expand", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", f"{path}:11:7: E9805 Name 'order pipeline' contains U+0020{REFUSED}\n")
    # SAM copies it and the deploy fails with InvalidName: a deliberate difference.
    assert check_against_oracle(load(path), region="us-east-1",
                                differences=("strict-input-validation",)) == "rejected"


@pytest.mark.parametrize("name, shown", [
    ("orders/v2", "'/'"), ("orders:v2", "':'"), ("orders*", "'*'"), ("<orders>", "'<'"), ("a\tb", "U+0009"),
    ("a\x7fb", "U+007F"), ("orders\u2003", "U+2003"),  # white space other than a space
])
def test_the_first_refused_character_is_named(name, shown):
    assert _problems(_template(name)) == [
        ("E9805", "error", PROPERTIES + ("Name",), f"Name {name!r} contains {shown}{REFUSED}")]


def test_a_refused_name_is_not_also_warned_about_with_logging():
    assert [rule for rule, *_ in _problems(_template("orders v2.1", LOGGED))] == ["E9805"]


def test_expand_warns_about_a_name_logging_does_not_take():
    expansion = expand_template(load(FIXTURES / "W9806" / "trigger.yaml"))
    assert expansion.template is not None
    assert [(warning.rule_id, warning.path) for warning in expansion.warnings] == [
        ("W9806", PROPERTIES + ("Name",))]


def test_the_logging_warning_is_printed_and_the_template_expanded_as_sam_expands_it(tmp_path, capsys):
    path = tmp_path / "template.yaml"
    path.write_text((FIXTURES / "W9806" / "trigger.yaml").read_text())
    assert cli.main(["expand", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.err == (f"{path}:11:7: W9806 Name 'orders.v2' contains '.': with Logging, a state machine name "
                            "should only contain 0-9, A-Z, a-z, - and _ (CreateStateMachine)\n")
    assert json.loads(captured.out)["Resources"]["Machine"]["Properties"]["StateMachineName"] == "orders.v2"
    assert check_against_oracle(load(path), region="us-east-1") == "expanded"


@pytest.mark.parametrize("logging", [None, {"Level": "OFF"}, {"Level": {"Ref": "AWS::NoValue"}}])
def test_without_logging_to_cloudwatch_any_name_create_state_machine_takes_is_quiet(logging):
    # The warning is about logging: off, absent or unknown until deploy, there is nothing to say.
    assert _problems(_template("orders.v2+é", logging)) == []


def test_a_name_known_only_at_deploy_time_is_not_judged():
    for name in ({"Fn::Sub": "${AWS::StackName} orders"}, "{{resolve:ssm:/machines/orders name}}"):
        assert _problems(_template(name, LOGGED)) == []
