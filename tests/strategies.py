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

from samtransform.core.tables import managed_policies, policy_templates

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
intrinsic_functions = st.one_of(
    st.builds(lambda name: {"Ref": name}, st.sampled_from(["Topic", "Queue", "Stage", "AWS::Region"])),
    st.builds(lambda name: {"Fn::GetAtt": [name, "Arn"]}, st.sampled_from(["Topic", "Queue"])),
    st.builds(lambda text: {"Fn::Sub": text}, st.sampled_from(["${AWS::AccountId}-x", "${Stage}", "plain"])),
    st.just({"Fn::Join": ["-", ["a", {"Ref": "AWS::StackName"}]]}),
    st.just({"Fn::If": ["IsProd", "a", "b"]}),
)
dynamic_references = st.sampled_from(["{{resolve:ssm:/app/param}}", "{{resolve:secretsmanager:s:SecretString:k}}"])
# What SAM turns into DefinitionSubstitutions inside a Definition.
intrinsics = st.one_of(intrinsic_functions, dynamic_references)


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
    st.one_of(st.just("*"), intrinsic_functions),
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
            # Digit strings too: CloudFormation converts them, and SAM copies them.
            value["Percentage"] = draw(st.one_of(st.integers(1, 99), st.integers(1, 99).map(str)))
            value["Interval"] = draw(st.one_of(st.integers(1, 2100), st.integers(1, 2100).map(str)))
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


# --------------------------------------------------------------------------- events

EVENT_NAMES = ["Nightly", "Hourly", "OnOrder", "Audit"]
ACCOUNT_ARN = "arn:aws:{service}:us-east-1:123456789012:{resource}"
IAM_ARN = "arn:aws:iam::123456789012:{resource}"
schedule_expressions = st.sampled_from(["rate(5 minutes)", "rate(1 day)", "cron(0 12 * * ? *)", {"Ref": "Stage"},
                                        {"Fn::Sub": "rate(${Stage} minutes)"}])
rule_names = st.one_of(st.text(alphabet=string.ascii_letters + string.digits + ".-_", min_size=1, max_size=64),
                       st.just({"Fn::Sub": "${AWS::StackName}-rule"}))
schedule_names = st.one_of(names, st.just("nightly-run.v2"), st.just({"Fn::Sub": "${AWS::StackName}-schedule"}))
descriptions = st.one_of(st.text(max_size=20), st.just({"Fn::Sub": "${Stage} run"}))
# JSON text only: a target's Input that is not JSON is refused (E9803, strict-input-validation).
inputs = st.one_of(st.sampled_from(['{"a": 1}', "{}", '"plain text"', "[1, 2]"]),
                   st.just({"Fn::Sub": '{"stage": "${Stage}"}'}))
target_ids = st.one_of(st.text(alphabet=string.ascii_letters + string.digits + ".-_", min_size=1, max_size=64),
                       st.just({"Fn::Sub": "${AWS::StackName}-target"}))
retry_policies = st.one_of(
    st.fixed_dictionaries({}, optional={"MaximumRetryAttempts": st.integers(0, 185),
                                        "MaximumEventAgeInSeconds": st.integers(60, 86400)}),
    st.just({"Fn::If": ["IsProd", {"MaximumRetryAttempts": 1}, {"Ref": "AWS::NoValue"}]}),
)
rule_states = st.sampled_from(["ENABLED", "DISABLED", "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS",
                               {"Fn::If": ["IsProd", "ENABLED", "DISABLED"]}])
date_times = st.sampled_from(["2025-01-01T00:00:00Z", "2031-06-30T12:30:00.5Z", {"Ref": "Stage"}])


@st.composite
def dead_letter_configs(draw, queue_id: str, plain_ids: list) -> dict:
    """`Arn` (literal or GetAtt of the template's queue), or `Type: SQS` with or without QueueLogicalId."""
    arns = [ACCOUNT_ARN.format(service="sqs", resource="failures")]
    arns += [{"Fn::GetAtt": ["Queue", "Arn"]}] if "Queue" in plain_ids else []
    kind = draw(st.sampled_from(["arn", "sqs", "named"]))
    if kind == "arn":
        return {"Arn": draw(st.sampled_from(arns))}
    return {"Type": "SQS", **({"QueueLogicalId": queue_id} if kind == "named" else {})}


def _maybe(draw, properties: dict, key: str, values) -> None:
    if draw(st.booleans()):
        properties[key] = draw(values)


@st.composite
def schedule_events(draw, queue_id: str, plain_ids: list) -> dict:
    properties = {"Schedule": draw(schedule_expressions)}
    _maybe(draw, properties, "Name", rule_names)
    _maybe(draw, properties, "Description", descriptions)
    state = draw(st.sampled_from(["none", "enabled", "state"]))
    if state == "enabled":
        properties["Enabled"] = draw(st.booleans())
    elif state == "state":
        properties["State"] = draw(rule_states)
    _maybe(draw, properties, "Input", inputs)
    _maybe(draw, properties, "RoleArn", st.just(IAM_ARN.format(resource="role/events")))
    _maybe(draw, properties, "Target", st.one_of(st.just({}), st.builds(lambda value: {"Id": value}, target_ids)))
    _maybe(draw, properties, "DeadLetterConfig", dead_letter_configs(queue_id, plain_ids))
    _maybe(draw, properties, "RetryPolicy", retry_policies)
    return {"Type": "Schedule", "Properties": properties}


@st.composite
def eventbridge_rule_events(draw, queue_id: str, plain_ids: list) -> dict:
    properties = {"Pattern": draw(st.sampled_from([
        {"source": ["com.example.orders"]},
        {"source": ["aws.s3"], "detail-type": ["Object Created"], "detail": {"bucket": {"name": ["b"]}}},
        {"Fn::If": ["IsProd", {"source": ["prod"]}, {"source": ["dev"]}]},
    ]))}
    _maybe(draw, properties, "EventBusName", st.sampled_from(["default", "orders", {"Ref": "Stage"}]))
    which_input = draw(st.sampled_from(["none", "Input", "InputPath", "InputTransformer"]))
    if which_input == "Input":
        properties["Input"] = draw(inputs)
    elif which_input == "InputPath":
        properties["InputPath"] = draw(st.sampled_from(["$.detail", "", {"Fn::Sub": "$.${Stage}"}]))
    elif which_input == "InputTransformer":
        properties["InputTransformer"] = draw(st.sampled_from([
            {"InputTemplate": '{"id": <id>}', "InputPathsMap": {"id": "$.id"}},
            {"InputTemplate": "<detail>", "InputPathsMap": {"detail": "$.detail", "time": "$.time"}},
            {"InputTemplate": {"Fn::Sub": "${Stage}"}},
        ]))
    _maybe(draw, properties, "RuleName", rule_names)
    _maybe(draw, properties, "State", rule_states)
    _maybe(draw, properties, "Target", st.builds(lambda value: {"Id": value}, target_ids))
    _maybe(draw, properties, "DeadLetterConfig", dead_letter_configs(queue_id, plain_ids))
    _maybe(draw, properties, "RetryPolicy", retry_policies)
    return {"Type": draw(st.sampled_from(["EventBridgeRule", "CloudWatchEvent"])), "Properties": properties}


@st.composite
def schedule_v2_events(draw, queue_id: str, plain_ids: list) -> dict:
    properties = {"ScheduleExpression": draw(st.one_of(schedule_expressions, st.just("at(2030-01-01T00:00:00)")))}
    _maybe(draw, properties, "ScheduleExpressionTimezone", st.sampled_from(["UTC", "Europe/Paris"]))
    _maybe(draw, properties, "FlexibleTimeWindow", st.sampled_from([
        {}, {"Mode": "OFF"}, {"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15}]))
    _maybe(draw, properties, "StartDate", date_times)
    _maybe(draw, properties, "EndDate", date_times)
    _maybe(draw, properties, "State", st.sampled_from(["ENABLED", "DISABLED", {"Ref": "Stage"}]))
    _maybe(draw, properties, "GroupName", st.sampled_from(["default", "billing-v2", {"Ref": "Stage"}]))
    _maybe(draw, properties, "KmsKeyArn", st.just(ACCOUNT_ARN.format(service="kms", resource="key/k-1")))
    _maybe(draw, properties, "Input", inputs)
    naming = draw(st.sampled_from(["default", "name", "omit", "not-omitted"]))
    if naming in ("name", "not-omitted"):
        properties["Name"] = draw(schedule_names)
    if naming in ("omit", "not-omitted"):
        properties["OmitName"] = naming == "omit"
    _maybe(draw, properties, "Description", descriptions)
    _maybe(draw, properties, "PermissionsBoundary", st.just(IAM_ARN.format(resource="policy/pb")))
    _maybe(draw, properties, "RoleArn", st.sampled_from([IAM_ARN.format(resource="role/sched"),
                                                         {"Fn::GetAtt": ["SchedulerRole", "Arn"]}]))
    _maybe(draw, properties, "DeadLetterConfig", dead_letter_configs(queue_id, plain_ids))
    _maybe(draw, properties, "RetryPolicy", retry_policies)
    return {"Type": "ScheduleV2", "Properties": properties}


API_PATHS = ["/orders", "/orders/{id}", "/", "/items/{proxy+}", "/v1/status"]
API_METHODS = ["get", "POST", "put", "delete", "ANY", "patch"]
EXPLICIT_API_ID = "OrdersApi"


@st.composite
def api_events(draw, queue_id: str, plain_ids: list) -> dict:
    """An Api event on the implicit API or on the template's explicit API `OrdersApi`."""
    properties = {"Path": draw(st.sampled_from(API_PATHS)), "Method": draw(st.sampled_from(API_METHODS))}
    _maybe(draw, properties, "UnescapeMappingTemplate", st.booleans())
    _maybe(draw, properties, "Stage", st.sampled_from(["Prod", "v1"]))
    _maybe(draw, properties, "RestApiId", st.sampled_from([{"Ref": EXPLICIT_API_ID}, EXPLICIT_API_ID]))
    _maybe(draw, properties, "Auth", st.sampled_from([
        {}, {"Authorizer": "AWS_IAM"}, {"ApiKeyRequired": True},
        {"Authorizer": "AWS_IAM", "ApiKeyRequired": True, "AuthorizationScopes": ["orders/read"]},
        {"Authorizer": "NONE"}, {"ApiKeyRequired": False},  # opt-outs stay where the API has the default
        {"Authorizer": "Pool"}, {"Authorizer": "Other", "AuthorizationScopes": ["a"]}]))  # where the API has them
    return {"Type": "Api", "Properties": properties}


@st.composite
def explicit_apis(draw) -> dict:
    """The AWS::Serverless::Api that Api events may name, with settings samtransform expands."""
    properties = {"StageName": draw(st.sampled_from(["v1", "prod-2", {"Ref": "Stage"}]))}
    _maybe(draw, properties, "Name", st.one_of(names, st.just({"Fn::Sub": "${AWS::StackName}-api"})))
    _maybe(draw, properties, "Description", descriptions)
    _maybe(draw, properties, "OpenApiVersion", st.sampled_from(["3.0.1", "2.0", "3.0"]))
    _maybe(draw, properties, "EndpointConfiguration", st.sampled_from(
        ["REGIONAL", "EDGE", {"Type": "PRIVATE", "VPCEndpointIds": ["vpce-1"]}, {"Ref": "Stage"}]))
    _maybe(draw, properties, "BinaryMediaTypes", st.sampled_from([["image~1png"], ["*~1*", "application~1pdf"]]))
    _maybe(draw, properties, "TracingEnabled", st.booleans())
    _maybe(draw, properties, "Variables", st.dictionaries(names, names, min_size=1, max_size=2))
    _maybe(draw, properties, "MethodSettings", st.just([{"HttpMethod": "*", "ResourcePath": "/*",
                                                         "MetricsEnabled": True}]))
    _maybe(draw, properties, "CacheClusterEnabled", st.booleans())
    _maybe(draw, properties, "MinimumCompressionSize", st.integers(0, 1000))
    _maybe(draw, properties, "Tags", st.dictionaries(names, names, min_size=1, max_size=2))
    _maybe(draw, properties, "PropagateTags", st.booleans())
    _maybe(draw, properties, "Cors", cors_settings)
    _maybe(draw, properties, "GatewayResponses", gateway_responses)
    _maybe(draw, properties, "Auth", api_auth)
    _maybe(draw, properties, "DisableExecuteApiEndpoint", st.sampled_from([True, False, {"Ref": "Stage"}]))
    _maybe(draw, properties, "Models", st.dictionaries(st.sampled_from(["Order", "Item", "Error"]), st.sampled_from([
        {"type": "object", "properties": {"id": {"type": "string"}}}, {"type": "string"}]), min_size=1, max_size=3))
    definition = draw(st.sampled_from(["generated", "body", "s3"]))
    if definition == "body":
        properties["DefinitionBody"] = draw(st.sampled_from([
            {"swagger": "2.0", "info": {"title": "own", "version": 1}, "paths": {"/own": {"get": {}}, "/x/{id}": {}}},
            {"openapi": "3.0.1", "paths": {"/orders": {"post": {"responses": {"200": {"description": "OK"}}}}}},
        ]))
    elif definition == "s3":  # Cors, GatewayResponses and DisableExecuteApiEndpoint need an inline body
        for key in ("Cors", "GatewayResponses", "DisableExecuteApiEndpoint", "Models", "Auth"):
            properties.pop(key, None)
        properties["DefinitionUri"] = draw(st.sampled_from(["s3://bucket/api.yaml", "s3://b/k.json?versionId=7",
                                                            {"Bucket": {"Ref": "Stage"}, "Key": "k"}]))
    return {"Type": "AWS::Serverless::Api", "Properties": properties}


cors_settings = st.one_of(
    st.sampled_from(["'*'", "'https://example.com'", {"Fn::Sub": "'https://${Stage}.example.com'"}]),
    st.fixed_dictionaries({}, optional={
        "AllowOrigin": st.sampled_from(["'https://example.com'", {"Ref": "Stage"}]),
        "AllowHeaders": st.just("'Content-Type'"), "AllowMethods": st.just("'GET,POST'"),
        "MaxAge": st.integers(0, 600), "AllowCredentials": st.just(False)}))
gateway_responses = st.dictionaries(
    st.sampled_from(["DEFAULT_4XX", "DEFAULT_5XX", "UNAUTHORIZED", "ACCESS_DENIED", "THROTTLED", "BAD_REQUEST_BODY"]),
    st.fixed_dictionaries({}, optional={
        "StatusCode": st.sampled_from([400, "403", 429]),
        "ResponseParameters": st.fixed_dictionaries({}, optional={
            "Headers": st.dictionaries(st.sampled_from(["Access-Control-Allow-Origin", "X-A", "X-B", "X-C"]),
                                       st.just("'*'"), max_size=3),
            "QueryStrings": st.just({"q": "'1'"})}),
        "ResponseTemplates": st.just({"application/json": '{"message": $context.error.messageString}'})}),
    min_size=1, max_size=4)
api_auth = st.fixed_dictionaries({}, optional={
    "Authorizers": st.just({"Pool": {"UserPoolArn": "arn:aws:cognito-idp:us-east-1:123456789012:userpool/p",
                                     "AuthorizationScopes": ["orders/read"]},
                            "Other": {"UserPoolArn": [{"Fn::GetAtt": ["UserPool", "Arn"]}],
                                      "Identity": {"Header": "X-Token"}}}),
    "DefaultAuthorizer": st.sampled_from(["AWS_IAM", "Pool"]), "ApiKeyRequired": st.booleans(),
    "AddDefaultAuthorizerToCorsPreflight": st.booleans(), "AddApiKeyRequiredToCorsPreflight": st.booleans()})
api_globals = st.fixed_dictionaries({}, optional={
    "Auth": api_auth,
    "Cors": cors_settings,
    "GatewayResponses": gateway_responses,
    "TracingEnabled": st.booleans(), "Name": names, "Variables": st.dictionaries(names, names, max_size=2),
    "BinaryMediaTypes": st.just(["image~1gif"]), "OpenApiVersion": st.sampled_from(["3.0.1", "2.0"]),
    "MethodSettings": st.just([{"HttpMethod": "GET", "ResourcePath": "/orders"}]),
    "EndpointConfiguration": st.sampled_from(["REGIONAL", {"Type": "EDGE"}])})


def _starts_with_a_role(event: dict) -> bool:
    """Whether the event gets a generated role (whose policy targets the state machine)."""
    return event["Type"] in ("EventBridgeRule", "CloudWatchEvent") or "RoleArn" not in event["Properties"]


def event_types(template: dict) -> set:
    """The event types the template's state machines use."""
    return {event["Type"] for resource in template["Resources"].values()
            if resource.get("Type") == "AWS::Serverless::StateMachine"
            for event in (resource.get("Properties", {}).get("Events") or {}).values()}


@st.composite
def events_maps(draw, machine_id: str, plain_ids: list) -> dict:
    chosen = draw(st.lists(st.sampled_from(EVENT_NAMES), unique=True, min_size=1, max_size=3))
    kinds = {"schedule": schedule_events, "rule": eventbridge_rule_events, "v2": schedule_v2_events,
             "api": api_events}
    return {name: draw(kinds[draw(st.sampled_from(sorted(kinds)))](f"{machine_id}{name}DLQ", plain_ids))
            for name in chosen}


@st.composite
def state_machine_properties(draw, drawn: Drawn, alarm_refs: list, machine_id: str = "Orders",
                             plain_ids: list = ()) -> dict:
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
            names, st.one_of(names, st.integers(0, 9), st.booleans(), intrinsic_functions),
            min_size=1, max_size=3))
    role = draw(st.sampled_from(["role", "policies", "none"]))
    if role == "role":
        properties["Role"] = draw(st.one_of(st.just("arn:aws:iam::123456789012:role/r"),
                                            st.just({"Fn::GetAtt": ["SomeRole", "Arn"]})))
    elif role == "policies":
        properties["Policies"] = draw(st.one_of(_managed_names(), st.lists(st.one_of(policy_entries, dynamic_references),
                                                                         min_size=1, max_size=5)))
    if role != "role":
        if draw(st.booleans()):
            properties["RolePath"] = "/sm/"
        if draw(st.booleans()):
            properties["PermissionsBoundary"] = "arn:aws:iam::123456789012:policy/boundary"
    if draw(st.booleans()):
        enabled = draw(st.one_of(st.booleans(), st.just({"Ref": "Stage"}), BOOLEAN_STRINGS))
        properties["Tracing"] = {"Enabled": enabled}
        if enabled in ("true", "True", "TRUE") and role != "role":
            drawn.differences.add("tracing-enabled-string")
    if draw(st.booleans()):
        properties["Logging"] = {"Level": draw(st.sampled_from(["ALL", "ERROR", "OFF"])),
                                 "IncludeExecutionData": draw(st.one_of(st.booleans(), BOOLEAN_STRINGS)),
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
    if draw(st.booleans()):
        properties["Events"] = draw(events_maps(machine_id, list(plain_ids)))
        use_alias = draw(st.sampled_from([True, True, False, None])) if alias != "none" else None
        if use_alias is not None:
            properties["UseAliasAsEventTarget"] = use_alias
            if use_alias and any(map(_starts_with_a_role, properties["Events"].values())):
                drawn.differences.add("event-role-alias-permission")
    # Optional properties left without a value (all their entries commented out): absent, as in SAM.
    for key in draw(st.lists(st.sampled_from(NULLABLE), unique=True, max_size=3)):
        properties.setdefault(key, None)
    return properties


NULLABLE = ["Events", "Policies", "Tags", "Tracing", "Logging", "DefinitionSubstitutions", "Name", "Type",
            "PropagateTags"]
BOOLEAN_STRINGS = st.sampled_from(["true", "false", "True", "FALSE"])


@st.composite
def connectors(draw, plain_ids: list, machine_ids: list, machine_id: str) -> dict:
    """Embedded connectors to the template's queue and topic (Write) and to state machines (Read)."""
    choices = [({"Id": target}, ["Write"]) for target in ("Queue", "Topic") if target in plain_ids]
    choices += [({"Id": target}, draw(st.sampled_from([["Read"], ["Read", "Write"]])))
                for target in machine_ids if target != machine_id]
    choices.append(({"Type": "AWS::SQS::Queue", "Arn": ACCOUNT_ARN.format(service="sqs", resource="q")}, ["Write"]))
    chosen = draw(st.lists(st.sampled_from(range(len(choices))), unique=True, min_size=1, max_size=3))
    return {f"To{index}": {"Properties": {"Destination": choices[index][0], "Permissions": choices[index][1]}}
            for index in chosen}


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


def _drop_auth_on_explicit_api(resources: dict) -> None:
    for resource in resources.values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            if event["Type"] == "Api" and "RestApiId" in event["Properties"]:
                event["Properties"].pop("Auth", None)


def _fit_opt_outs(template: dict) -> None:
    """`Authorizer: NONE` and `ApiKeyRequired: false` need the API's default (an error otherwise, tested apart)."""
    global_auth = (template.get("Globals") or {}).get("Api", {}).get("Auth") or {}
    explicit = template["Resources"].get(EXPLICIT_API_ID, {}).get("Properties", {})
    explicit_auth = {**global_auth, **(explicit.get("Auth") or {})}
    for auth in (global_auth, explicit.get("Auth") or {}):  # a default authorizer must be one of the API's
        if auth.get("DefaultAuthorizer") == "Pool" and "Pool" not in (auth.get("Authorizers") or {}):
            auth["DefaultAuthorizer"] = "AWS_IAM"
    for resource in template["Resources"].values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            auth = event["Properties"].get("Auth") if event["Type"] == "Api" else None
            if not auth:
                continue
            api_auth = explicit_auth if "RestApiId" in event["Properties"] else global_auth
            if auth.get("Authorizer") == "NONE" and not api_auth.get("DefaultAuthorizer"):
                auth.pop("Authorizer")
            if auth.get("ApiKeyRequired") is False and not api_auth.get("ApiKeyRequired"):
                auth.pop("ApiKeyRequired")
            if auth.get("Authorizer") in ("Pool", "Other") and auth["Authorizer"] not in (api_auth.get("Authorizers")
                                                                                            or {}):
                auth.pop("Authorizer")
                auth.pop("AuthorizationScopes", None)


def _one_method_per_route(resources: dict) -> None:
    """A path and method twice on one API is an error (tested apart): move repeats to a path of their own."""
    seen = set()
    for logical_id, resource in resources.items():
        for name, event in (resource.get("Properties", {}).get("Events") or {}).items():
            if event["Type"] != "Api":
                continue
            properties = event["Properties"]
            route = ("RestApiId" in properties, properties["Path"], properties["Method"].lower())
            if route in seen:
                properties["Path"] = f"/{logical_id}/{name}"
            seen.add(("RestApiId" in properties, properties["Path"], properties["Method"].lower()))


ROLLBACK_METRICS = ["ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled"]
# RollbackAlarms: true, false, or a mapping of overrides (expansion/rollback_alarms.py).
rollback_alarm_settings = st.one_of(
    st.booleans(),
    st.fixed_dictionaries({}, optional={
        "Metrics": st.lists(st.sampled_from(ROLLBACK_METRICS), min_size=1, max_size=4, unique=True),
        "Thresholds": st.dictionaries(st.sampled_from(ROLLBACK_METRICS), st.integers(1, 10), max_size=4),
    }),
)


def _maybe_rollback_alarms(draw, drawn: Drawn, holder: dict) -> None:
    """Sometimes opt `holder` (a resource, or the template) in or out of rollback alarms."""
    if draw(st.booleans()):
        holder.setdefault("Metadata", {})["samtransform"] = {"RollbackAlarms": draw(rollback_alarm_settings)}
        drawn.differences.add("rollback-alarms")


@st.composite
def templates(draw) -> Drawn:
    drawn = Drawn(template={}, partition=draw(st.sampled_from(sorted(PARTITION_REGIONS))))
    plain_ids = draw(st.lists(st.sampled_from(sorted(PLAIN_RESOURCES)), unique=True, max_size=3))
    alarm_refs = [{"Ref": "Failures"}] if "Failures" in plain_ids else []
    resources = {logical_id: PLAIN_RESOURCES[logical_id] for logical_id in plain_ids}
    machine_ids = draw(st.lists(st.sampled_from(STATE_MACHINE_IDS), unique=True, min_size=1, max_size=3))
    for logical_id in machine_ids:
        resource = {"Type": "AWS::Serverless::StateMachine", **draw(resource_attributes(plain_ids))}
        resource["Properties"] = draw(state_machine_properties(drawn, alarm_refs, logical_id, plain_ids))
        if resource["Properties"].get("Role") is None and draw(st.booleans()):
            resource["Connectors"] = draw(connectors(plain_ids, machine_ids, logical_id))
        _maybe_rollback_alarms(draw, drawn, resource)
        resources[logical_id] = resource
    _one_method_per_route(resources)
    if any("RestApiId" in event["Properties"] for resource in resources.values()
           for event in (resource.get("Properties", {}).get("Events") or {}).values()):
        resources[EXPLICIT_API_ID] = {**draw(explicit_apis()), **draw(resource_attributes(plain_ids))}
        if {"DefinitionBody", "DefinitionUri"} & set(resources[EXPLICIT_API_ID]["Properties"]):
            _drop_auth_on_explicit_api(resources)  # SAM ignores it there, samtransform refuses it (tested apart)
    order = draw(st.permutations(list(resources)))
    template: dict = {"Transform": "AWS::Serverless-2016-10-31", "Parameters": PARAMETERS,
                      "Conditions": CONDITIONS, "Resources": {key: resources[key] for key in order}}
    if draw(st.booleans()):
        template["Globals"] = {"StateMachine": {"PropagateTags": draw(st.booleans())}}
    if "Api" in event_types(template) and draw(st.booleans()):
        template.setdefault("Globals", {})["Api"] = draw(api_globals)
        if "DefinitionUri" in resources.get(EXPLICIT_API_ID, {}).get("Properties", {}):
            for key in ("Cors", "GatewayResponses", "Auth"):  # they need an inline body (an error, tested apart)
                template["Globals"]["Api"].pop(key, None)


    _maybe_rollback_alarms(draw, drawn, template)
    _fit_opt_outs(template)
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
