"""The value model: Input as JSON text, the logging configuration and the state machine's name."""

from __future__ import annotations

import pytest

from model_corpus import events, resources, state_machines

from samtransform.models.values import input_problems, logging_problems, name_problems


def _logged(logging) -> bool:
    return isinstance(logging, dict) and logging.get("Level") not in (None, "OFF")


def test_every_value_of_the_corpus_is_valid():
    inputs = [properties.get("Input") for *_, properties in events("Schedule", "ScheduleV2", "EventBridgeRule",
                                                                    "CloudWatchEvent")]
    inputs += [target.get("Input") for *_, properties in resources("AWS::Events::Rule")
               for target in properties.get("Targets", []) if isinstance(target, dict)]
    assert [text for text in inputs if list(input_problems(text))] == []
    machines = [(properties.get("Logging"), properties.get("Name")) for *_, properties in state_machines()]
    machines += [(properties.get("LoggingConfiguration"), properties.get("StateMachineName"))
                 for *_, properties in resources("AWS::StepFunctions::StateMachine")]
    assert len([logging for logging, _ in machines if logging]) >= 20
    assert [(logging, name) for logging, name in machines
            if list(logging_problems(logging)) or list(name_problems(name, _logged(logging)))] == []


@pytest.mark.parametrize("text", ['{"a": 1}', '"text"', "[]", "{{resolve:ssm:/input}}", {"Fn::Sub": "{\"id\": 1}"}])
def test_valid_input(text):
    assert list(input_problems(text)) == []


@pytest.mark.parametrize("text, reason", [
    ("{not json", "Expecting property name enclosed in double quotes at line 1 column 2"),
    ('{"a": 1', "Expecting ',' delimiter at line 1 column 8"),
    ("", "Expecting value at line 1 column 1"),
    ("NaN", "NaN is not a JSON value"),
])
def test_invalid_input(text, reason):
    assert list(input_problems(text)) == [((), f"Input is not JSON text ({reason}); the target gets Input as the "
                                               "execution's input, which must be JSON")]


@pytest.mark.parametrize("logging", [
    {"Level": "OFF"},
    {"Level": "ALL", "IncludeExecutionData": True,
     "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": {"Fn::GetAtt": ["Logs", "Arn"]}}}]},
    {"Level": "ERROR", "Destinations": {"Ref": "LogDestinations"}},
    {"Level": {"Ref": "LogLevel"}},
    {"IncludeExecutionData": False},
])
def test_valid_logging(logging):
    assert list(logging_problems(logging)) == []


@pytest.mark.parametrize("logging, expected", [
    ({"Level": "ALL"}, [(("Level",), "Level ALL needs Destinations (a CloudWatch Logs log group): Step Functions "
                                     "refuses a logging configuration without one unless Level is OFF")]),
    ({"Level": "ERROR", "Destinations": []},
     [(("Level",), "Level ERROR needs Destinations (a CloudWatch Logs log group): Step Functions refuses a logging "
                   "configuration without one unless Level is OFF")]),
    ({"Level": "FATAL", "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": "a"}},
                                         {"CloudWatchLogsLogGroup": {"LogGroupArn": "b"}}]},
     [(("Destinations",), "Logging has 2 Destinations; Step Functions takes 1")]),
])
def test_invalid_logging(logging, expected):
    assert list(logging_problems(logging)) == expected


@pytest.mark.parametrize("name, logged", [
    ("named-machine", True), ("n" * 80, True), ("my.machine", False), ({"Fn::Sub": "${AWS::StackName} x"}, True),
])
def test_valid_names(name, logged):
    assert list(name_problems(name, logged)) == []


REFUSED = ("which a state machine name must not contain (white space, < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : / "
           "and control characters)")


@pytest.mark.parametrize("name, logged, message", [
    ("orders machine", False, f"Name 'orders machine' contains U+0020, {REFUSED}"),
    ("orders/v2", False, f"Name 'orders/v2' contains '/', {REFUSED}"),
    ("orders\u0085", False, f"Name 'orders\\x85' contains U+0085, {REFUSED}"),
    ("my.machine", True, "Name 'my.machine' contains '.': with Logging, a state machine name should only contain "
                         "0-9, A-Z, a-z, - and _ (CreateStateMachine)"),
])
def test_invalid_names(name, logged, message):
    assert list(name_problems(name, logged)) == [((), message)]
