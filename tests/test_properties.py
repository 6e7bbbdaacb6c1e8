"""Properties of expand() over generated templates, valid and broken."""

from __future__ import annotations

import copy
import re

from hypothesis import given
from hypothesis import strategies as st

from cfn_schemas import generated_resource_errors
from differences import rollback_alarm_ids
from strategies import PARTITION_REGIONS, definition_values, mutated_templates, templates

from samtransform import InvalidTemplateError, load
from samtransform.expansion import expand
from samtransform.core.intrinsics import is_intrinsic
from samtransform.core.logical_ids import alias_id, role_id, stage_id, version_id
from samtransform.io.template_io import canonical_json, dump


def _expand(drawn):
    return expand(drawn.template, region=PARTITION_REGIONS[drawn.partition], parameters=drawn.parameters)


@given(mutated_templates())
def test_only_invalid_template_error_escapes_and_input_is_untouched(drawn):
    before = copy.deepcopy(drawn.template)
    try:
        _expand(drawn)
    except InvalidTemplateError as failure:
        assert failure.errors, "an InvalidTemplateError always carries at least one error"
        assert all(isinstance(error.message, str) and error.message for error in failure.errors)
    assert drawn.template == before


@given(st.one_of(definition_values, st.dictionaries(st.text(max_size=3), definition_values)))
def test_any_value_is_rejected_or_expanded(value):
    try:
        expand(value)
    except InvalidTemplateError:
        pass


# --------------------------------------------------------------------------- valid templates

@given(templates())
def test_input_is_never_modified(drawn):
    before = copy.deepcopy(drawn.template)
    _expand(drawn)
    assert drawn.template == before


@given(templates())
def test_output_is_byte_identical_across_runs_and_copies(drawn):
    first = _expand(drawn)
    drawn.template = copy.deepcopy(drawn.template)
    second = _expand(drawn)
    assert dump(first) == dump(second)
    assert canonical_json(first) == canonical_json(second)


@given(templates())
def test_non_serverless_resources_pass_through_identical(drawn):
    output = _expand(drawn)
    for logical_id, resource in drawn.template["Resources"].items():
        if not resource["Type"].startswith("AWS::Serverless::"):
            assert output["Resources"][logical_id] == resource
        elif resource["Type"] == "AWS::Serverless::Api":  # fed by a state machine: expanded in place
            assert output["Resources"][logical_id]["Type"] == "AWS::ApiGateway::RestApi"


@given(templates())
def test_output_ids_are_input_ids_plus_derived_ids(drawn):
    output = _expand(drawn)
    expected, apis = set(), set()
    for logical_id, resource in drawn.template["Resources"].items():
        expected.add(logical_id)
        if resource["Type"] != "AWS::Serverless::StateMachine":
            continue
        properties = resource["Properties"]
        if not properties.get("Role"):
            expected.add(role_id(logical_id))
        alias = properties.get("AutoPublishAlias")
        if alias:
            name = drawn.parameters.get("AliasName", "live") if is_intrinsic(alias) else alias
            expected |= {version_id(logical_id), alias_id(logical_id, name)}
            expected |= set(rollback_alarm_ids(drawn.template, logical_id))
        for event_name, event in (properties.get("Events") or {}).items():
            if event["Type"] == "Api":
                expected.add(role_id(logical_id + event_name))
                apis.add(_api_id(event["Properties"]))
            else:
                expected |= _event_ids(logical_id + event_name, event)
        for name, connector in resource.get("Connectors", {}).items():
            destination = connector["Properties"]["Destination"]
            expected |= ({f"{logical_id}{name}PolicyDestination{index}" for index in range(len(destination))}
                         if isinstance(destination, list) else {f"{logical_id}{name}Policy"})
    for api in apis:
        stage = "Prod" if api == "ServerlessRestApi" else drawn.template["Resources"][api]["Properties"]["StageName"]
        expected |= {api, stage_id(api, stage)}
    deployments = {key for key in output["Resources"] if re.fullmatch(r"(\w+)Deployment[0-9a-f]{10}", key)}
    assert {key.rsplit("Deployment", 1)[0] for key in deployments} == apis
    assert set(output["Resources"]) - deployments == expected


def _api_id(properties: dict) -> str:
    given = properties.get("RestApiId", {"Ref": "ServerlessRestApi"})
    return given["Ref"] if isinstance(given, dict) else given


def _event_ids(rule_or_schedule: str, event: dict) -> set:
    """The rule or schedule, its role unless RoleArn is given, and a queue (with a rule's queue policy)."""
    properties = event["Properties"]
    ids = {rule_or_schedule}
    if "RoleArn" not in properties:
        ids.add(rule_or_schedule + "Role")
    dead_letter = properties.get("DeadLetterConfig", {})
    if dead_letter.get("Type") == "SQS":
        ids.add(dead_letter.get("QueueLogicalId", rule_or_schedule + "Queue"))
        if event["Type"] != "ScheduleV2":
            ids.add(rule_or_schedule + "QueuePolicy")
    return ids


@given(templates())
def test_every_generated_resource_validates_against_its_cloudformation_schema(drawn):
    output = _expand(drawn)
    assert generated_resource_errors(drawn.template, output, PARTITION_REGIONS[drawn.partition]) == []


@given(templates())
def test_yaml_and_json_output_load_back_to_the_same_template(drawn):
    output = _expand(drawn)
    assert load(dump(output, "yaml")) == output
    assert load(dump(output, "json")) == output
