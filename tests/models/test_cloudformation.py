"""The CloudFormation model: generated resources against the provider schemas in schemas/cfn/."""

from __future__ import annotations

import copy
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from model_corpus import cloudformation

from samtransform.models.cloudformation import has_schema, resource_problems, resource_types, schema_name
from samtransform.core.schema import load_schema

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import generate_cfn_schemas  # noqa: E402

GENERATED = generate_cfn_schemas.GENERATED_TYPES


@pytest.mark.skipif(metadata.version("cfn-lint") != generate_cfn_schemas.PINNED_VERSION,
                    reason="the schemas are generated from the pinned cfn-lint only")
def test_schemas_are_regenerated_from_the_pinned_package():
    result = subprocess.run([sys.executable, "scripts/generate_cfn_schemas.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_readme_records_the_source():
    readme = (ROOT / "schemas" / "cfn" / "README.md").read_text(encoding="utf-8")
    assert f"cfn-lint wheel, version {generate_cfn_schemas.PINNED_VERSION}" in readme
    assert "schema date 20" in readme
    for resource_type in GENERATED:
        assert f"| {resource_type} | " in readme


@pytest.mark.parametrize("resource_type", GENERATED)
def test_every_schema_uses_only_what_the_fast_reader_reads(resource_type):
    assert has_schema(resource_type)
    load_schema(schema_name(resource_type)).check_keywords()


def test_no_schema_for_what_samtransform_does_not_generate():
    assert not has_schema("AWS::Lambda::Function")
    assert list(resource_problems("AWS::Lambda::Function", {"Bogus": 1})) == []


def _generated(template: dict):
    for logical_id, resource in template["Resources"].items():
        if isinstance(resource, dict) and has_schema(resource.get("Type")):
            yield logical_id, resource["Type"], resource.get("Properties", {})


def test_every_expanded_corpus_template_is_valid():
    problems = [(name, logical_id, path, message) for name, template in cloudformation()
                for logical_id, resource_type, properties in _generated(template)
                for path, message in resource_problems(resource_type, properties)]
    assert problems == []
    assert sum(1 for _, template in cloudformation() for _ in _generated(template)) > 300


def test_the_fast_reader_agrees_with_jsonschema_on_the_corpus():
    for _, template in cloudformation():
        for _, resource_type, properties in _generated(template):
            schema = load_schema(schema_name(resource_type))
            assert schema.is_valid(properties) == Draft202012Validator(schema.document).is_valid(properties)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(["", "x", "10", "true", "ALL", "LINEAR"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(
        st.sampled_from(["Ref", "Fn::Sub", "Name", "Level", "Type", "Percentage", "Key", "Value"]), children,
        max_size=2),
    max_leaves=6)


@given(st.sampled_from(GENERATED), st.dictionaries(st.sampled_from(
    ["Name", "Description", "StateMachineName", "LoggingConfiguration", "DeploymentPreference", "Tags", "Period",
     "Statistic", "Targets", "ScheduleExpression", "State", "RoleName", "Path", "Bogus"]), JSON_VALUES, max_size=4))
def test_the_fast_reader_agrees_with_jsonschema_on_arbitrary_properties(resource_type, properties):
    schema = load_schema(schema_name(resource_type))
    assert schema.is_valid(properties) == Draft202012Validator(schema.document).is_valid(properties)


# ------------------------------------------------------------------ valid edge cases

ROLE_ARN = {"Fn::GetAtt": ["MachineRole", "Arn"]}


@pytest.mark.parametrize("resource_type, properties", [
    # An 80-character name is the longest StateMachineName.
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "StateMachineName": "n" * 80}),
    # CloudFormation converts 'true' for a boolean and '10' for an integer.
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "TracingConfiguration": {"Enabled": "true"}}),
    ("AWS::StepFunctions::StateMachineAlias", {"Name": "live", "DeploymentPreference": {
        "Type": "LINEAR", "Percentage": "10", "Interval": 5, "StateMachineVersionArn": {"Ref": "MachineVersion"}}}),
    # Level OFF without Destinations.
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "LoggingConfiguration": {"Level": "OFF"}}),
    # Intrinsic functions and dynamic references are resolved at deploy time.
    ("AWS::StepFunctions::StateMachine", {"RoleArn": "{{resolve:ssm:/roles/machine}}",
                                          "StateMachineType": {"Ref": "MachineType"},
                                          "LoggingConfiguration": {"Fn::If": ["Logged", {"Level": "ALL"},
                                                                              {"Ref": "AWS::NoValue"}]}}),
    ("AWS::Events::Rule", {"ScheduleExpression": "rate(1 minute)", "Targets": [{"Id": "T", "Arn": {"Ref": "M"}}]}),
    ("AWS::CloudWatch::Alarm", {"Metrics": [{"Id": "m1", "Expression": "SUM(METRICS())", "ReturnData": True}],
                                "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold",
                                "Threshold": 0}),
])
def test_valid(resource_type, properties):
    assert list(resource_problems(resource_type, properties)) == []


# ------------------------------------------------------------------ invalid, word for word

@pytest.mark.parametrize("resource_type, properties, expected", [
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "StateMachineName": "n" * 81},
     [(("StateMachineName",), f"{'n' * 81!r} is too long")]),
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "LoggingConfiguration": {"Level": "all"}},
     [(("LoggingConfiguration", "Level"), "'all' is not one of ['ALL', 'ERROR', 'FATAL', 'OFF']")]),
    ("AWS::StepFunctions::StateMachine", {"RoleArn": ROLE_ARN, "TracingConfiguration": {"Enabled": "yes"}},
     [(("TracingConfiguration", "Enabled"), "'yes' is not true or false")]),
    ("AWS::StepFunctions::StateMachineAlias", {"Name": "live", "DeploymentPreference": {
        "Type": "LINEAR", "Percentage": 100, "Interval": "ten", "StateMachineVersionArn": {"Ref": "V"}}},
     [(("DeploymentPreference", "Interval"), "'ten' is not an integer"),
      (("DeploymentPreference", "Percentage"), "100 is greater than the maximum of 99")]),
    ("AWS::StepFunctions::StateMachineAlias", {"Name": "live"},
     [((), "one of RoutingConfiguration or DeploymentPreference is required")]),
    ("AWS::Events::Rule", {"Targets": [{"Id": "T", "Arn": {"Ref": "M"}}]},
     [((), "one of EventPattern or ScheduleExpression is required")]),
    ("AWS::CloudWatch::Alarm", {"MetricName": "ExecutionsFailed", "Namespace": "AWS/States", "Statistic": "Total",
                                "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold"},
     [(("Statistic",), "'Total' is not one of ['Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum']")]),
    ("AWS::CloudWatch::Alarm", {"MetricName": "ExecutionsFailed", "Statistic": "Sum", "ExtendedStatistic": "p99",
                                "EvaluationPeriods": 1},
     [((), "ExtendedStatistic excludes Statistic"), ((), "Statistic excludes ExtendedStatistic")]),
    ("AWS::CloudWatch::Alarm", {"EvaluationPeriods": 1},
     [((), "one of Metrics, MetricName or EvaluationCriteria is required")]),
    ("AWS::Scheduler::Schedule", {"ScheduleExpression": "rate(5 minutes)", "FlexibleTimeWindow": {"Mode": "OFF"},
                                  "Target": {"Arn": {"Ref": "M"}, "RoleArn": {"Fn::GetAtt": ["R", "Arn"]}},
                                  "Name": "every five"},
     [(("Name",), "'every five' does not match '^[0-9a-zA-Z-_.]+$'")]),
])
def test_invalid(resource_type, properties, expected):
    assert list(resource_problems(resource_type, copy.deepcopy(properties))) == expected


def test_the_type_list_names_every_generated_type_and_sam_is_not_cloudformation():
    types = resource_types()
    assert set(GENERATED) <= types
    assert "AWS::Serverless::StateMachine" not in types
    assert "AWS::StepFunctions::Statemachine" not in types
    assert len(types) > 1500
