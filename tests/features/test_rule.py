"""expansion/events/rule.py, schedule.py, eventbridge_rule.py: EventBridge rules."""

import pytest

from samtransform.expansion.events import eventbridge_rule, schedule, start_target
from samtransform.expansion.events.rule import default_target_id

TARGET = start_target("M", {}, None, {}, None)


def _rule(module, properties):
    return module.build("ME", properties, TARGET)


@pytest.mark.parametrize("event_id, target_id", [
    ("ME", "MEStepFunctionsTarget"),
    ("M" * 45, "M" * 45 + "StepFunctionsTarget"),
    ("M" * 46, "M" * 45 + "StepFunctionsTarget"),
])
def test_the_default_target_id_is_cut_to_64_characters(event_id, target_id):
    assert default_target_id(event_id) == target_id and len(target_id) <= 64


def test_enabled_becomes_state():
    assert _rule(schedule, {"Schedule": "x", "Enabled": False})["ME"]["Properties"]["State"] == "DISABLED"
    assert _rule(schedule, {"Schedule": "x", "Enabled": True})["ME"]["Properties"]["State"] == "ENABLED"


def test_state_and_enabled_together_is_an_error():
    errors = list(schedule.iter_errors(("P",), "ME", {"Schedule": "rate(1 day)", "State": "ENABLED", "Enabled": True}))
    assert [error.message for error in errors] == ["State and Enabled Properties cannot both be specified."]


def test_a_given_role_arn_generates_no_role():
    generated = _rule(schedule, {"Schedule": "x", "RoleArn": "arn:aws:iam::123456789012:role/r"})
    assert list(generated) == ["ME"]
    assert generated["ME"]["Properties"]["Targets"][0]["RoleArn"] == "arn:aws:iam::123456789012:role/r"


def test_eventbridge_rule_renames_pattern_and_rule_name_and_keeps_target_options():
    properties = {"Pattern": {"a": [1]}, "RuleName": "r", "EventBusName": "b", "InputPath": "$.x",
                  "RetryPolicy": {"MaximumRetryAttempts": 0}, "Target": {"Id": "t"}}
    rule = _rule(eventbridge_rule, properties)["ME"]["Properties"]
    assert {key: rule[key] for key in ("EventPattern", "Name", "EventBusName")} == {
        "EventPattern": {"a": [1]}, "Name": "r", "EventBusName": "b"}
    assert rule["Targets"] == [{"Arn": {"Ref": "M"}, "Id": "t", "RoleArn": {"Fn::GetAtt": ["MERole", "Arn"]},
                                "InputPath": "$.x", "RetryPolicy": {"MaximumRetryAttempts": 0}}]


def test_only_one_of_input_input_path_and_input_transformer():
    assert list(eventbridge_rule.iter_errors(("P",), "ME", {"Pattern": {}, "Input": "{}"})) == []
    errors = list(eventbridge_rule.iter_errors(("P",), "ME", {"Input": "{}", "InputTransformer": {}}))
    assert errors[0].message.startswith("Input and InputTransformer cannot both be specified")
