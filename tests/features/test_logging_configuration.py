"""expansion/logging_configuration.py: `Logging` becomes the state machine's LoggingConfiguration as
AWS SAM copies it; a configuration Step Functions refuses at deploy time is an error (E9804)."""

from __future__ import annotations

from differential import check_against_oracle

from samtransform import cli, expand_template, load
from samtransform.expansion import expand

PROPERTIES = ("Resources", "Machine", "Properties")
LOG_GROUP = "arn:aws:logs:us-east-1:123456789012:log-group:orders:*"
DESTINATION = {"CloudWatchLogsLogGroup": {"LogGroupArn": LOG_GROUP}}
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


def _template(logging, **parameters) -> dict:
    machine = {"Role": "arn:aws:iam::123456789012:role/machine",
               "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}, "Logging": logging}
    template = {"Transform": "AWS::Serverless-2016-10-31",
                "Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": machine}}}
    if parameters:
        template["Parameters"] = parameters
    return template


def _logging_configuration(template: dict):
    return expand(template)["Resources"]["Machine"]["Properties"]["LoggingConfiguration"]


def _errors(logging) -> list[tuple]:
    return [(error.rule_id, error.path, error.message) for error in expand_template(_template(logging)).errors]


def test_logging_is_copied_as_the_logging_configuration_as_sam_copies_it():
    logging = {"Level": "ERROR", "IncludeExecutionData": True, "Destinations": [DESTINATION]}
    template = _template(logging)
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    assert _logging_configuration(template) == logging


def test_level_off_needs_no_destination():
    template = _template({"Level": "OFF", "IncludeExecutionData": False})
    assert check_against_oracle(template, region="us-east-1") == "expanded"
    assert _logging_configuration(template) == {"Level": "OFF", "IncludeExecutionData": False}


def test_a_level_other_than_off_without_destinations_is_refused_where_sam_copies_it():
    for level in ("ALL", "ERROR", "FATAL"):
        assert _errors({"Level": level, "IncludeExecutionData": True}) == [
            ("E9804", PROPERTIES + ("Logging", "Level"),
             f"Level {level} needs Destinations (a CloudWatch Logs log group): Step Functions refuses a logging "
             "configuration without one unless Level is OFF")]
    # SAM accepts it, and the deploy fails: a deliberate difference, not a disagreement.
    assert check_against_oracle(_template({"Level": "ALL"}), region="us-east-1",
                                differences=("strict-input-validation",)) == "rejected"


def test_more_than_one_destination_is_refused_at_its_line(tmp_path, capsys):
    path = tmp_path / "template.yaml"
    path.write_text(MACHINE + "      Logging:\n        Level: ERROR\n        Destinations:\n"
                    "          - CloudWatchLogsLogGroup: {LogGroupArn: a}\n"
                    "          - CloudWatchLogsLogGroup: {LogGroupArn: b}\n")
    assert cli.main(["expand", str(path)]) == 1
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == (
        "", f"{path}:13:9: E9804 Logging has 2 Destinations; Step Functions takes 1\n")
    assert check_against_oracle(load(path), region="us-east-1",
                                differences=("strict-input-validation",)) == "rejected"


def test_values_known_only_at_deploy_time_are_copied_and_not_judged():
    parameters = {"Level": {"Type": "String", "Default": "ALL"}, "Groups": {"Type": "CommaDelimitedList"}}
    for logging in ({"Level": {"Ref": "Level"}},
                    {"Level": "ALL", "Destinations": {"Ref": "Groups"}},
                    {"Fn::If": ["Logged", {"Level": "ALL"}, {"Ref": "AWS::NoValue"}]}):
        template = _template(logging, **parameters)
        if "Fn::If" in logging:
            template["Conditions"] = {"Logged": {"Fn::Equals": [{"Ref": "Level"}, "ALL"]}}
        assert not expand_template(template).errors
        assert check_against_oracle(template, region="us-east-1") == "expanded"
        assert _logging_configuration(template) == logging
