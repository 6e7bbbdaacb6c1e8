"""The SAM model: resource types, event types and policy templates, as AWS SAM accepts them."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from model_corpus import state_machines, templates

from samtransform.models.sam import (
    event_type_problems, event_types, ignored_parameters, is_known_type, missing_parameters, resource_type_problems,
    sam_resource_types, unknown_template)
from samtransform.core.tables import policy_templates

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))
import generate_sam_model  # noqa: E402
from oracle import OracleError, translate  # noqa: E402

MACHINE = "AWS::Serverless::StateMachine"


@pytest.mark.skipif(metadata.version("aws-sam-translator") != generate_sam_model.PINNED_VERSION,
                    reason="the table is generated from the pinned aws-sam-translator only")
def test_the_table_is_regenerated_from_the_pinned_package():
    result = subprocess.run([sys.executable, "scripts/generate_sam_model.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_state_machine_event_types_are_the_input_schemas():
    schema = json.loads((ROOT / "schemas" / "sam" / "aws-serverless-statemachine.json").read_text(encoding="utf-8"))
    assert sorted(schema["$defs"]["Event"]["properties"]["Type"]["enum"]) == list(event_types(MACHINE))
    assert MACHINE in sam_resource_types() and "AWS::Serverless::Function" in sam_resource_types()


def test_every_resource_type_of_the_corpus_is_known():
    types = {resource.get("Type") for _, template, _ in templates() for resource in template["Resources"].values()
             if isinstance(resource, dict)}
    assert len(types) > 40
    assert [(kind, problem) for kind in sorted(types, key=str) for problem in resource_type_problems(kind)] == []


@pytest.mark.parametrize("resource_type", [
    MACHINE, "AWS::StepFunctions::StateMachine", "AWS::CDK::Metadata", "Alexa::ASK::Skill", "Custom::OrderSeed",
    "MyCompany::Orders::Table", "MyCompany::Orders::Table::MODULE", {"Ref": "NotAType"},
])
def test_valid_resource_types(resource_type):
    assert list(resource_type_problems(resource_type)) == []


@pytest.mark.parametrize("resource_type, message", [
    ("AWS::Serverless::Statemachine", "'AWS::Serverless::Statemachine' is not a resource type (did you mean "
                                      "'AWS::Serverless::StateMachine'?); AWS SAM does not expand it and "
                                      "CloudFormation refuses it"),
    ("AWS::StepFunctions::Statemachine", "'AWS::StepFunctions::Statemachine' is not a resource type (did you mean "
                                         "'AWS::StepFunctions::StateMachine'?); CloudFormation refuses it"),
    ("AWS::StepFunction::StateMachine", "'AWS::StepFunction::StateMachine' is not a resource type (did you mean "
                                        "'AWS::StepFunctions::StateMachine'?); CloudFormation refuses it"),
    ("AWS::SQS::Queues", "'AWS::SQS::Queues' is not a resource type (did you mean 'AWS::SQS::Queue'?); "
                         "CloudFormation refuses it"),
    ("AWS::Orders::Pipeline", "'AWS::Orders::Pipeline' is not a resource type that CloudFormation or AWS SAM lists "
                              "(pinned lists: cfn-lint's provider schemas and aws-sam-translator); CloudFormation "
                              "refuses a type it does not know"),
])
def test_invalid_resource_types(resource_type, message):
    assert not is_known_type(resource_type)
    assert list(resource_type_problems(resource_type)) == [((), message)]


def test_aws_sam_passes_a_misspelt_type_through_for_cloudformation_to_refuse():
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Machine": {
        "Type": "AWS::Serverless::Statemachine", "Properties": {"Definition": {"StartAt": "A", "States": {}}}}}}
    assert translate(template)["Resources"]["Machine"]["Type"] == "AWS::Serverless::Statemachine"


@pytest.mark.parametrize("event_type, message", [
    ("Schedul", f"{MACHINE} takes no event Type 'Schedul' (it takes Api, CloudWatchEvent, EventBridgeRule, Schedule, "
                "ScheduleV2); did you mean 'Schedule'?"),
    ("eventbridgerule", f"{MACHINE} takes no event Type 'eventbridgerule' (it takes Api, CloudWatchEvent, "
                        "EventBridgeRule, Schedule, ScheduleV2); did you mean 'EventBridgeRule'?"),
    ("SQS", f"{MACHINE} takes no event Type 'SQS' (it takes Api, CloudWatchEvent, EventBridgeRule, Schedule, "
            "ScheduleV2)"),
])
def test_event_types(event_type, message):
    assert list(event_type_problems(MACHINE, event_type)) == [((), message)]
    assert list(event_type_problems(MACHINE, "ScheduleV2")) == []


def _template_entries():
    for name, logical_id, properties in state_machines():
        policies = properties.get("Policies")
        for entry in policies if isinstance(policies, list) else [policies]:
            if isinstance(entry, dict) and len(entry) == 1 and next(iter(entry)) in policy_templates():
                yield name, logical_id, entry


def test_every_policy_template_of_the_corpus_is_complete():
    entries = list(_template_entries())
    assert len(entries) >= 15
    assert [(name, entry) for name, _, entry in entries
            for template, values in entry.items() if isinstance(values, dict)
            if list(missing_parameters(template, values)) or list(ignored_parameters(template, values))] == []


def _sam_refusal(policies) -> list[str]:
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Machine": {
        "Type": MACHINE, "Properties": {"Definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
                                        "Policies": policies}}}}
    with pytest.raises(OracleError) as refusal:
        translate(template)
    return [message.replace("Resource with id [Machine] is invalid. ", "") for message in refusal.value.messages]


def test_a_missing_parameter_is_refused_in_aws_sams_words():
    ours = [message for _, message in missing_parameters("SQSPollerPolicy", {"QueName": "orders"})]
    assert ours == ["Following required parameters of template 'SQSPollerPolicy' don't have values: ['QueueName']"]
    assert _sam_refusal([{"SQSPollerPolicy": {"QueName": "orders"}}]) == ours


def test_two_missing_parameters_are_listed_in_a_stable_order():
    # AWS SAM lists them in a Python set's order, which changes with PYTHONHASHSEED.
    assert list(missing_parameters("DynamoDBStreamReadPolicy", {})) == [
        (("DynamoDBStreamReadPolicy",), "Following required parameters of template 'DynamoDBStreamReadPolicy' don't "
                                        "have values: ['StreamName', 'TableName']")]


def test_an_unknown_parameter_is_ignored_by_aws_sam():
    values = {"TableName": "orders", "TableNmae": "archive"}
    assert list(ignored_parameters("DynamoDBCrudPolicy", values)) == [
        (("DynamoDBCrudPolicy", "TableNmae"), "policy template 'DynamoDBCrudPolicy' has no parameter 'TableNmae'; AWS "
                                              "SAM ignores it, did you mean 'TableName'?")]
    assert list(ignored_parameters("CloudWatchPutMetricPolicy", {"Namespace": "Orders"})) == [
        (("CloudWatchPutMetricPolicy", "Namespace"), "policy template 'CloudWatchPutMetricPolicy' has no parameter "
                                                     "'Namespace'; AWS SAM ignores it (it has none)")]
    template = {"Transform": "AWS::Serverless-2016-10-31", "Resources": {"Machine": {"Type": MACHINE, "Properties": {
        "Definition": {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
        "Policies": [{"DynamoDBCrudPolicy": values}]}}}}
    assert "archive" not in json.dumps(translate(template))


def test_an_unknown_template_name():
    assert unknown_template("SQSPolerPolicy") == "SQSPollerPolicy"
    assert unknown_template("sqspollerpolicy") == "SQSPollerPolicy"
    assert unknown_template("NoSuchPolicyTemplate") is None
    assert unknown_template("SQSPollerPolicy") is None
    assert _sam_refusal([{"SQSPolerPolicy": {"QueueName": "orders"}}]) == [
        "Policy at index 0 in the 'Policies' property is not valid"]
