"""expansion/policies.py: Policies and the generated role."""

from pathlib import Path

import pytest

from samtransform.core.context import Context
from samtransform.expansion.policies import DOCUMENT, MANAGED, TEMPLATE, UNKNOWN, build_role, iter_errors, kind_of

AWS = Context("us-east-1", "aws", Path("."))
CHINA = Context("cn-north-1", "aws-cn", Path("."))
NO_VALUE = {"Ref": "AWS::NoValue"}


@pytest.mark.parametrize("entry, kind", [
    ("AWSLambdaRole", MANAGED),
    ({"Ref": "PolicyArn"}, MANAGED),
    ({"Statement": []}, DOCUMENT),
    ({"SQSPollerPolicy": {"QueueName": "q"}}, TEMPLATE),
    ({"NotATemplate": {}}, UNKNOWN),
    ({"Fn::If": ["C", "AWSLambdaRole", NO_VALUE]}, MANAGED),
    ({"Fn::If": ["C", NO_VALUE, {"Statement": []}]}, DOCUMENT),
    ({"Fn::If": ["C", {"AMIDescribePolicy": {}}, {"AMIDescribePolicy": {}}]}, TEMPLATE),
])
def test_kind_of_a_policy(entry, kind):
    assert kind_of(entry) == kind


def _role(properties, context=AWS):
    return build_role("M", properties, context, {"Condition": "C"}, [{"Key": "k", "Value": "v"}])


def test_no_policies_gives_an_empty_managed_list_and_no_documents():
    role = _role({})
    assert role["Properties"]["ManagedPolicyArns"] == []
    assert "Policies" not in role["Properties"]
    assert role["Condition"] == "C"


def test_names_resolve_per_partition_and_repeats_are_dropped():
    properties = {"Policies": ["AWSLambdaRole", "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole"]}
    assert _role(properties, CHINA)["Properties"]["ManagedPolicyArns"] == [
        "arn:aws-cn:iam::aws:policy/service-role/AWSLambdaRole"]


def test_documents_are_named_by_their_index_among_all_entries():
    role = _role({"Policies": ["AWSLambdaRole", {"Statement": [1]}, {"AMIDescribePolicy": {}}]})
    assert [policy["PolicyName"] for policy in role["Properties"]["Policies"]] == ["MRolePolicy1", "MRolePolicy2"]


def test_policy_templates_substitute_their_parameters_only():
    role = _role({"Policies": [{"SQSPollerPolicy": {"QueueName": {"Ref": "QueueName"}, "Other": 1}}]})
    resource = role["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]["Resource"]
    assert resource["Fn::Sub"][1] == {"queueName": {"Ref": "QueueName"}}


@pytest.mark.parametrize("context, arn", [
    (AWS, "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"),
    (CHINA, "arn:aws-cn:iam::aws:policy/AWSXRayDaemonWriteAccess"),
])
def test_tracing_adds_the_partitions_xray_policy(context, arn):
    assert _role({"Tracing": {"Enabled": True}}, context)["Properties"]["ManagedPolicyArns"] == [arn]


def test_tracing_enabled_by_an_intrinsic_adds_nothing():
    assert _role({"Tracing": {"Enabled": {"Ref": "On"}}})["Properties"]["ManagedPolicyArns"] == []


def test_a_partition_without_a_table_needs_arns():
    context = Context("us-iso-east-1", "aws-iso", Path("."))
    errors = list(iter_errors(("P",), {"Policies": ["AWSLambdaRole"]}, context))
    assert "no managed policy table for partition 'aws-iso'" in errors[0].message
