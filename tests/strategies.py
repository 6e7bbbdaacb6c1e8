"""Hypothesis strategies for SAM templates with state machines, valid by construction.

Every template drawn here is one both samtransform and AWS SAM must accept, so a
differential test can compare them. `Drawn` also says which listed differences the
template exercises.
"""

from __future__ import annotations

import copy
import string
from dataclasses import dataclass, field

from hypothesis import strategies as st

from samtransform.tables import managed_policies, policy_templates

PARTITION_REGIONS = {"aws": "us-east-1", "aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"}
STATE_MACHINE_IDS = ["Orders", "Billing", "Shipping"]
PLAIN_RESOURCES = {
    "Topic": {"Type": "AWS::SNS::Topic"},
    "Queue": {"Type": "AWS::SQS::Queue"},
    "Failures": {
        "Type": "AWS::CloudWatch::Alarm",
        "Properties": {
            "Namespace": "AWS/States", "MetricName": "ExecutionsFailed", "Statistic": "Sum", "Period": 60,
            "EvaluationPeriods": 1, "Threshold": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold",
        },
    },
}
CONDITIONS = {
    "IsProd": {"Fn::Equals": [{"Ref": "Stage"}, "prod"]},
    "IsEast": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
}
PARAMETERS = {
    "Stage": {"Type": "String", "Default": "dev"},
    "AliasName": {"Type": "String", "Default": "live"},
    "PolicyArn": {"Type": "String", "Default": "arn:aws:iam::123456789012:policy/p"},
}
NO_VALUE = {"Ref": "AWS::NoValue"}


def _common_managed_policy_names() -> list[str]:
    names = set(managed_policies("aws"))
    for partition in ("aws-cn", "aws-us-gov"):
        names &= set(managed_policies(partition))
    return sorted(names)


MANAGED_POLICY_NAMES = _common_managed_policy_names()
TEMPLATE_NAMES = sorted(policy_templates())


@dataclass
class Drawn:
    template: dict
    partition: str
    parameters: dict = field(default_factory=dict)
    differences: set = field(default_factory=set)


# --------------------------------------------------------------------------- values

names = st.text(alphabet=string.ascii_letters + string.digits, min_size=1, max_size=8)
keys = st.sampled_from(["Type", "Next", "End", "Resource", "Parameters", "a", "B", "_x", "x.$", "Ref", "Items",
                        "Comment", "Fn::Other", "Seconds", "ÿ", "0"])
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**40), max_value=2**40),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.none(),
)
intrinsics = st.one_of(
    st.builds(lambda name: {"Ref": name}, st.sampled_from(["Topic", "Queue", "Stage", "AWS::Region"])),
    st.builds(lambda name: {"Fn::GetAtt": [name, "Arn"]}, st.sampled_from(["Topic", "Queue"])),
    st.builds(lambda text: {"Fn::Sub": text}, st.sampled_from(["${AWS::AccountId}-x", "${Stage}", "plain"])),
    st.just({"Fn::Join": ["-", ["a", {"Ref": "AWS::StackName"}]]}),
    st.just({"Fn::If": ["IsProd", "a", "b"]}),
    st.sampled_from(["{{resolve:ssm:/app/param}}", "{{resolve:secretsmanager:s:SecretString:k}}"]),
)


def _json_like(children):
    return st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(keys, children, max_size=4),
    )


definition_values = st.recursive(st.one_of(scalars, intrinsics), _json_like, max_leaves=20)


@st.composite
def definitions(draw) -> dict:
    body = draw(st.dictionaries(keys, definition_values, max_size=4))
    body["StartAt"] = "Done"
    body["States"] = {"Done": {"Type": "Succeed", "Comment": draw(definition_values)}}
    return body


# --------------------------------------------------------------------------- properties

def _managed_names():
    return st.sampled_from(MANAGED_POLICY_NAMES)


@st.composite
def policy_template_entries(draw) -> dict:
    name = draw(st.sampled_from(TEMPLATE_NAMES))
    values = {parameter: draw(st.one_of(names, st.just({"Ref": "Stage"})))
              for parameter in policy_templates()[name]["Parameters"]}
    if draw(st.booleans()):
        values["Unused"] = "ignored"
    return {name: values}


documents = st.builds(
    lambda action, resource: {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": action, "Resource": resource}]},
    st.sampled_from(["s3:GetObject", ["sns:Publish", "sqs:SendMessage"]]),
    st.one_of(st.just("*"), intrinsics.filter(lambda value: isinstance(value, dict))),
)


def _if(branch):
    return st.builds(lambda first, second: {"Fn::If": ["IsProd", first, second]},
                     st.one_of(branch, st.just(NO_VALUE)), branch)


policy_entries = st.one_of(
    _managed_names(),
    st.just("arn:aws:iam::123456789012:policy/custom"),
    st.just({"Ref": "PolicyArn"}),
    documents,
    policy_template_entries(),
    _if(_managed_names()),
    _if(documents),
    _if(policy_template_entries()),
)


@st.composite
def deployment_preferences(draw, alarm_refs: list):
    def preference():
        kind = draw(st.sampled_from(["LINEAR", "CANARY", "ALL_AT_ONCE"]))
        value = {"Type": kind}
        if kind != "ALL_AT_ONCE" or draw(st.booleans()):
            value["Percentage"] = draw(st.integers(1, 99))
            value["Interval"] = draw(st.integers(1, 2100))
        alarms = draw(st.lists(st.sampled_from(alarm_refs + ["some-alarm-name"]), max_size=2, unique_by=str))
        if alarms:
            value["Alarms"] = alarms
        return value

    if draw(st.booleans()):
        return preference()
    first = preference()
    second = draw(st.sampled_from(["preference", "no-value", "nested"]))
    if second == "no-value":
        return {"Fn::If": ["IsProd", first, NO_VALUE]}
    if second == "nested":
        return {"Fn::If": ["IsProd", first, {"Fn::If": ["IsEast", preference(), preference()]}]}
    return {"Fn::If": ["IsProd", first, preference()]}


@st.composite
def state_machine_properties(draw, drawn: Drawn, alarm_refs: list) -> dict:
    properties: dict = {}
    source = draw(st.sampled_from(["inline", "s3-uri", "s3-location"]))
    if source == "inline":
        properties["Definition"] = draw(definitions())
    elif source == "s3-uri":
        version = draw(st.sampled_from(["", "?versionId=abc123"]))
        properties["DefinitionUri"] = f"s3://bucket/{draw(names)}.json{version}"
    else:
        properties["DefinitionUri"] = {"Bucket": draw(st.one_of(names, st.just({"Ref": "Stage"}))), "Key": "k.json"}
        if draw(st.booleans()):
            properties["DefinitionUri"]["Version"] = draw(st.one_of(names, st.integers(1, 9)))
    if draw(st.booleans()):
        properties["DefinitionSubstitutions"] = draw(st.dictionaries(
            names, st.one_of(names, st.integers(0, 9), st.booleans(), intrinsics.filter(lambda v: isinstance(v, dict))),
            min_size=1, max_size=3))
    role = draw(st.sampled_from(["role", "policies", "none"]))
    if role == "role":
        properties["Role"] = draw(st.one_of(st.just("arn:aws:iam::123456789012:role/r"),
                                            st.just({"Fn::GetAtt": ["SomeRole", "Arn"]})))
    elif role == "policies":
        properties["Policies"] = draw(st.one_of(_managed_names(), st.lists(policy_entries, min_size=1, max_size=5)))
    if role != "role":
        if draw(st.booleans()):
            properties["RolePath"] = "/sm/"
        if draw(st.booleans()):
            properties["PermissionsBoundary"] = "arn:aws:iam::123456789012:policy/boundary"
    if draw(st.booleans()):
        properties["Tracing"] = {"Enabled": draw(st.one_of(st.booleans(), st.just({"Ref": "Stage"})))}
    if draw(st.booleans()):
        properties["Logging"] = {"Level": draw(st.sampled_from(["ALL", "ERROR", "OFF"])),
                                 "IncludeExecutionData": draw(st.booleans()),
                                 "Destinations": [{"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:x"}}]}
    if draw(st.booleans()):
        properties["Name"] = draw(st.one_of(names, st.just({"Fn::Sub": "${AWS::StackName}-sm"})))
    if draw(st.booleans()):
        properties["Type"] = draw(st.sampled_from(["STANDARD", "EXPRESS"]))
    if draw(st.booleans()):
        properties["Tags"] = draw(st.dictionaries(names, st.one_of(names, st.integers(0, 9)),
                                                  min_size=1, max_size=3))
    if draw(st.booleans()):
        properties["PropagateTags"] = draw(st.booleans())
    alias = draw(st.sampled_from(["none", "literal", "parameter"]))
    if alias == "literal":
        properties["AutoPublishAlias"] = draw(st.sampled_from(["live", "Prod", "v2", "blue", "x1"]))
    elif alias == "parameter":
        properties["AutoPublishAlias"] = {"Ref": "AliasName"}
        drawn.differences.add("alias-from-parameter")
    if alias != "none" and draw(st.booleans()):
        preference = draw(deployment_preferences(alarm_refs))
        if "Fn::If" in preference:
            drawn.differences.add("deployment-preference-if")
        properties["DeploymentPreference"] = preference
    return properties


@st.composite
def resource_attributes(draw, plain_ids: list) -> dict:
    attributes = {}
    if draw(st.booleans()):
        attributes["Condition"] = draw(st.sampled_from(sorted(CONDITIONS)))
    if plain_ids and draw(st.booleans()):
        attributes["DependsOn"] = draw(st.one_of(st.sampled_from(plain_ids), st.just(plain_ids)))
    for name in ("DeletionPolicy", "UpdateReplacePolicy"):
        if draw(st.booleans()):
            attributes[name] = draw(st.sampled_from(["Delete", "Retain", "Snapshot"]))
    if draw(st.booleans()):
        attributes["Metadata"] = {"Owner": draw(names)}
    if draw(st.booleans()):
        attributes["UpdatePolicy"] = {"AutoScalingReplacingUpdate": {"WillReplace": True}}
    return attributes


@st.composite
def templates(draw) -> Drawn:
    drawn = Drawn(template={}, partition=draw(st.sampled_from(sorted(PARTITION_REGIONS))))
    plain_ids = draw(st.lists(st.sampled_from(sorted(PLAIN_RESOURCES)), unique=True, max_size=3))
    alarm_refs = [{"Ref": "Failures"}] if "Failures" in plain_ids else []
    resources = {logical_id: PLAIN_RESOURCES[logical_id] for logical_id in plain_ids}
    machine_ids = draw(st.lists(st.sampled_from(STATE_MACHINE_IDS), unique=True, min_size=1, max_size=3))
    for logical_id in machine_ids:
        resource = {"Type": "AWS::Serverless::StateMachine", **draw(resource_attributes(plain_ids))}
        resource["Properties"] = draw(state_machine_properties(drawn, alarm_refs))
        resources[logical_id] = resource
    order = draw(st.permutations(list(resources)))
    template: dict = {"Transform": "AWS::Serverless-2016-10-31", "Parameters": PARAMETERS,
                      "Conditions": CONDITIONS, "Resources": {key: resources[key] for key in order}}
    if draw(st.booleans()):
        template["Globals"] = {"StateMachine": {"PropagateTags": draw(st.booleans())}}
    drawn.template = template
    if draw(st.booleans()):
        drawn.parameters = {"AliasName": draw(st.sampled_from(["blue", "green", "Canary1"]))}
    return drawn


# --------------------------------------------------------------------------- broken templates

def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


@st.composite
def mutated_templates(draw):
    """A valid template with one change: a key dropped, a value replaced, or a key added."""
    drawn = draw(templates())
    template = copy.deepcopy(drawn.template)
    paths = [path for path in _paths(template) if path]
    path = draw(st.sampled_from(paths))
    parent = template
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["drop", "replace", "add"]))
    if action == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    elif action == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["Bogus", "Fn::If", "Ref", "Type", "Properties"]))] = draw(definition_values)
    else:
        parent[path[-1]] = draw(definition_values)
    drawn.template = template
    return drawn
