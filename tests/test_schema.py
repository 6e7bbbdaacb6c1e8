"""The fast schema reader agrees with jsonschema, the reference, on what is valid."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from strategies import definition_values, mutated_templates, rollback_alarm_settings, templates

from samtransform.core.schema import Schema, load_schema

STATE_MACHINE_SCHEMA = "sam/aws-serverless-statemachine.json"
SAMTRANSFORM_SCHEMA = "samtransform/metadata.json"


def _agree(instance, name: str = STATE_MACHINE_SCHEMA) -> None:
    schema = load_schema(name)
    reference = Draft202012Validator(schema.document).is_valid(instance)
    assert schema.is_valid(instance) == reference


def _state_machines(template):
    resources = template.get("Resources")  # a mutation may have made it something else
    return [resource for resource in (resources.values() if isinstance(resources, dict) else ())
            if isinstance(resource, dict) and resource.get("Type") == "AWS::Serverless::StateMachine"]


@given(templates())
def test_readers_agree_on_generated_resources(drawn):
    for resource in _state_machines(drawn.template):
        _agree(resource)


@given(mutated_templates())
def test_readers_agree_on_mutated_resources(drawn):
    for resource in _state_machines(drawn.template):
        _agree(resource)


@given(st.dictionaries(st.sampled_from(["Type", "Properties", "Condition", "DependsOn", "Metadata", "Bogus"]),
                       definition_values))
def test_readers_agree_on_arbitrary_mappings(resource):
    resource = copy.deepcopy(resource)
    resource["Type"] = "AWS::Serverless::StateMachine"
    _agree(resource)


@pytest.mark.parametrize("value, valid", [
    (1.0, True), (True, False), (50.5, False),
])
def test_integer_follows_json_schema(value, valid):
    schema = Schema({"type": "integer"}, "inline")
    assert schema.is_valid(value) is valid
    assert Draft202012Validator({"type": "integer"}).is_valid(value) is valid


def test_a_keyword_the_fast_reader_does_not_know_is_refused():
    with pytest.raises(ValueError, match="patternProperties"):
        Schema({"properties": {"a": {"patternProperties": {"^a": {"type": "string"}}}}}, "inline").check_keywords()


@given(st.one_of(
    st.fixed_dictionaries({}, optional={"RollbackAlarms": rollback_alarm_settings}),
    st.dictionaries(st.sampled_from(["RollbackAlarms", "RollbackAlarm"]), st.one_of(
        rollback_alarm_settings, definition_values,
        st.dictionaries(st.sampled_from(["Metrics", "Thresholds", "Metric"]), definition_values))),
    definition_values,
))
def test_readers_agree_on_samtransform_settings(settings):
    _agree(settings, SAMTRANSFORM_SCHEMA)


def test_every_keyword_of_the_shipped_schemas_is_known_to_the_fast_reader():
    load_schema(STATE_MACHINE_SCHEMA).check_keywords()
    load_schema(SAMTRANSFORM_SCHEMA).check_keywords()


@pytest.mark.parametrize("key, unit", [("Percentage", ""), ("Interval", " (minutes)")])
def test_the_digit_string_pattern_and_the_messages_state_the_schema_s_bounds(key, unit):
    # A bound has one home, the integer branch's minimum and maximum (core.limits reads it for the
    # code); the digit-string branch's pattern and every message restate it, and must agree.
    import re

    from samtransform.core.limits import STATE_MACHINE_SCHEMA, deployment_preference_bounds

    lowest, highest = deployment_preference_bounds(key)
    node = load_schema(STATE_MACHINE_SCHEMA).document["$defs"]["DeploymentPreference"]["properties"][key]
    while not (isinstance(node.get("then"), dict) and "pattern" in node["then"]):  # past the intrinsic branches
        node = node["else"]
    pattern, integer = re.compile(node["then"]["pattern"]), node["else"]
    for number in range(0, highest + 50):
        for written in (str(number), "0" + str(number)):
            assert bool(pattern.search(written)) is (lowest <= number <= highest), written
    wording = f"{key} {{value}} is not an integer from {lowest} to {highest}{unit}"
    assert set(node["then"]["errorMessage"].values()) | set(integer["errorMessage"].values()) == {wording}
