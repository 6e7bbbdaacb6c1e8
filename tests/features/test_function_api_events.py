"""Functions' Api events on a REST API that state machine Api events feed, compared with AWS SAM's translator.

samtransform builds such an API whole and takes the functions' Api events out of them, so
each case is compared twice: samtransform's resources with SAM's (one stage), and SAM run
on samtransform's output with SAM run on the template (two stages: the functions SAM still
expands at deploy time must come out the same, without building the API again).
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from differential import check_against_oracle, check_two_stage  # noqa: E402
from oracle import PARTITION_REGIONS, OracleError, translate  # noqa: E402

from samtransform import InvalidTemplateError, expand_template
from samtransform.expansion import expand  # noqa: E402

DEFINITION = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
KEPT = ("other-serverless-resources-kept",)


def machine(events: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::StateMachine",
            "Properties": {"Role": "arn:aws:iam::123456789012:role/states", "Definition": DEFINITION,
                           **properties, "Events": events}}


def function(events: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::Function",
            "Properties": {"Runtime": "python3.12", "Handler": "index.handler", "InlineCode": "def handler(e, c): pass",
                           **properties, "Events": events}}


def api(path: str, method: str, **properties) -> dict:
    return {"Type": "Api", "Properties": {"Path": path, "Method": method, **properties}}


def explicit(stage="v1", **properties) -> dict:
    return {"Type": "AWS::Serverless::Api", "Properties": {"StageName": stage, **properties}}


def template(resources: dict, **sections) -> dict:
    return {"Transform": "AWS::Serverless-2016-10-31", **sections, "Resources": resources}


def compare(case: dict, region: str = "us-east-1", differences: tuple = ()) -> None:
    assert check_against_oracle(case, region=region, differences=KEPT + differences) == "expanded"
    assert check_two_stage(case, region=region, differences=differences) == "expanded"


MODELS = {"Order": {"type": "object", "properties": {"id": {"type": "string"}}}, "Item": {"type": "string"}}
OWN_BODY = {"swagger": "2.0", "info": {"title": "own", "version": "1"}, "paths": {"/own": {"get": {}}}}
CASES = {
    "implicit_api_with_alias_and_schedule": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Status": function({"Get": api("/status", "get"), "Warm": {"Type": "Schedule",
                                                                   "Properties": {"Schedule": "rate(5 minutes)"}}},
                           AutoPublishAlias="live", FunctionName="status"),
    }, Outputs={"Url": {"Value": {"Fn::Sub": "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod"}}}),
    "explicit_api_both_name": template({
        "MyApi": explicit("v1-beta", Cors="'*'", Tags={"a": "b"}),
        "Orders": {**machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}), "Condition": "IsProd"},
        "Status": {**function({"Get": api("/status/{proxy+}", "ANY", RestApiId="MyApi"),
                               "Put": api("/status/", "put", RestApiId={"Ref": "MyApi"})}),
                   "Condition": "IsProd", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Delete"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "globals_alias_and_tags": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Status": function({"Get": api("/status", "get")}),
        "Other": function({"Get": api("/other", "get")}, AutoPublishAlias={"Ref": "Alias"}),
    }, Globals={"Function": {"AutoPublishAlias": "live", "Tags": {"team": "a"}, "PropagateTags": True,
                             "Timeout": 3}},
       Parameters={"Alias": {"Type": "String", "Default": "blue"}}),
    "auth_iam_keys_cognito": template({
        "MyApi": explicit(Auth={"DefaultAuthorizer": "AWS_IAM", "ApiKeyRequired": True, "InvokeRole": "arn:aws:iam::1:role/api",
                                "Authorizers": {"Pool": {"UserPoolArn": "arn:aws:cognito-idp:us-east-1:1:userpool/p",
                                                         "AuthorizationScopes": ["read"]}}}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "NONE"})}),
        "Status": function({
            "Default": api("/a", "get", RestApiId={"Ref": "MyApi"}),
            "Caller": api("/b", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "AWS_IAM",
                                                                       "InvokeRole": "CALLER_CREDENTIALS"}),
            "NoRole": api("/c", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "AWS_IAM", "InvokeRole": "NONE"}),
            "Pool": api("/d", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "Pool", "AuthorizationScopes": ["w"],
                                                                     "ApiKeyRequired": False}),
            "Open": api("/e", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "NONE"})}),
    }),
    "implicit_iam_default_from_globals": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Status": function({"Get": api("/status", "get"), "Role": api("/role", "get", Auth={"InvokeRole": "arn:r"})}),
    }, Globals={"Api": {"Auth": {"DefaultAuthorizer": "AWS_IAM"}}}),
    "request_models_parameters_timeout": template({
        "MyApi": explicit(Models=MODELS),
        "V3": explicit(OpenApiVersion="3.0.1", Models=MODELS),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Put": api("/orders", "put", RestApiId={"Ref": "V3"})}),
        "Status": function({
            "Model": api("/m", "post", RestApiId={"Ref": "MyApi"}, TimeoutInMillis=5000,
                         RequestModel={"Model": "Order", "Required": True, "ValidateBody": True}),
            "Both": api("/n", "post", RestApiId={"Ref": "MyApi"},
                        RequestModel={"Model": "Item", "ValidateBody": True, "ValidateParameters": True},
                        RequestParameters=["method.request.header.Authorization",
                                           {"method.request.querystring.type": {"Required": True, "Caching": True}},
                                           {"method.request.path.id": {"Caching": True}}]),
            "V3Model": api("/m", "post", RestApiId={"Ref": "V3"}, RequestModel={"Model": "Order", "Required": False,
                                                                            "ValidateParameters": False}),
            "Stream": api("/s", "get", RestApiId={"Ref": "V3"}, ResponseTransferMode="RESPONSE_STREAM",
                          TimeoutInMillis={"Ref": "Timeout"})}),
    }, Parameters={"Timeout": {"Type": "Number", "Default": 1000}}),
    "own_body_and_definition_uri": template({
        "Own": explicit(DefinitionBody=OWN_BODY),
        "InS3": explicit({"Ref": "Stage"}, DefinitionUri="s3://bucket/api.yaml"),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "Own"}),
                           "Put": api("/orders", "put", RestApiId={"Ref": "InS3"})}),
        "Status": function({"Own": api("/own", "get", RestApiId={"Ref": "Own"}),
                            "InS3": api("/s3", "get", RestApiId={"Ref": "InS3"})}, FunctionName={"Fn::Sub": "${Stage}-fn"}),
    }, Parameters={"Stage": {"Type": "String", "Default": "dev"}}),
    "a_function_on_two_apis": template({
        "MyApi": explicit(),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
        "Status": function({"Mine": api("/status", "get", RestApiId={"Ref": "MyApi"}),
                            "Implicit": api("/status", "get"), "Http": {"Type": "HttpApi"}}),
        "Other": function({"Implicit": api("/other", "get")}),
    }),
}
LAMBDA_AUTHORIZERS = {
    "Token": {"FunctionArn": {"Fn::GetAtt": ["AuthFn", "Arn"]}, "FunctionInvokeRole": "arn:aws:iam::1:role/invoke",
              "Identity": {"Header": "X-Token", "ValidationExpression": "^Bearer", "ReauthorizeEvery": 30},
              "AuthorizationScopes": ["a"]},
    "Request": {"FunctionPayloadType": "REQUEST", "FunctionArn": {"Fn::GetAtt": ["AuthFn", "Arn"]},
                "FunctionInvokeRole": "NONE",
                "Identity": {"Headers": ["Authorization", "X-Id"], "QueryStrings": ["q"], "StageVariables": ["s"],
                             "Context": ["identity.sourceIp"], "ReauthorizeEvery": 0}},
    "Uncached": {"FunctionPayloadType": "REQUEST", "FunctionArn": "arn:aws:lambda:us-east-1:1:function:f",
                 "Identity": {"ReauthorizeEvery": 0}, "DisableFunctionDefaultPermissions": True},
    "Pool": {"UserPoolArn": {"Fn::GetAtt": ["UserPool", "Arn"]}},
}
CASES.update({
    "lambda_authorizers_on_an_explicit_api": template({
        "MyApi": {**explicit("v1", Cors="'*'", Auth={"DefaultAuthorizer": "Token", "Authorizers": LAMBDA_AUTHORIZERS}),
                  "Condition": "IsProd", "DeletionPolicy": "Retain"},
        "AuthFn": function({}),
        "UserPool": {"Type": "AWS::Cognito::UserPool"},
        "Orders": {**machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                              "Req": api("/orders", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "Request"}),
                              "Open": api("/open", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "NONE"})}),
                   "Condition": "IsProd"},
        "Status": {**function({"Get": api("/status", "get", RestApiId={"Ref": "MyApi"},
                                          Auth={"Authorizer": "Uncached"}),
                               "Pool": api("/pool", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "Pool"}),
                               "Scoped": api("/scoped", "get", RestApiId={"Ref": "MyApi"},
                                             Auth={"Authorizer": "Token", "AuthorizationScopes": ["b"]})}),
                   "Condition": "IsProd"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "lambda_authorizer_on_the_implicit_api_from_globals": template({
        "AuthFn": function({}),
        "Orders": {**machine({"Post": api("/orders", "post")}), "Condition": "IsProd", "DeletionPolicy": "Retain"},
        "Status": {**function({"Get": api("/status", "get")}), "Condition": "IsTest"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}, "IsTest": {"Fn::Equals": ["a", "b"]}},
       Globals={"Api": {"OpenApiVersion": "3.0.1", "Auth": {
           "DefaultAuthorizer": "Token", "Authorizers": {"Token": {"FunctionArn": {"Fn::GetAtt": ["AuthFn", "Arn"]}}}}}}),
})
EVERY_POLICY = {"AwsAccountWhitelist": ["111111111111"], "AwsAccountBlacklist": ["222222222222"],
                "IpRangeWhitelist": ["10.0.0.0/8", "1.2.3.4"], "IpRangeBlacklist": "9.9.9.9",
                "SourceVpcWhitelist": ["vpc-1", "vpce-2"], "SourceVpcBlacklist": ["vpce-3"],
                "IntrinsicVpcWhitelist": [{"Ref": "Vpc"}], "IntrinsicVpceWhitelist": ["vpce-4"],
                "IntrinsicVpcBlacklist": [{"Fn::Sub": "${Vpc}"}], "IntrinsicVpceBlacklist": [{"Fn::Sub": "vpce-${Vpc}"}],
                "CustomStatements": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                                      "Resource": "execute-api:/*/*/*"}]}
CASES.update({
    "resource_policies": template({
        "MyApi": explicit("v1", Cors="'*'", Auth={"ResourcePolicy": EVERY_POLICY, "ApiKeyRequired": True}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Implicit": api("/orders/{id}", "ANY", Stage="Prod", Auth={"ResourcePolicy": {
                               "IpRangeBlacklist": ["8.8.8.8"],
                               "CustomStatements": {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke",
                                                    "Resource": "execute-api:/*/*/*"}}})}),
        "Status": function({
            "Get": api("/status/{proxy+}", "get", RestApiId="MyApi", Auth={"ResourcePolicy": {
                "AwsAccountWhitelist": ["333333333333"], "SourceVpcBlacklist": ["vpc-7"]}}),
            "Implicit": api("/orders/{id}", "get", Auth={"ResourcePolicy": {"CustomStatements": [
                {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                 "Resource": "execute-api:/*/*/*"}]}})}),
    }, Parameters={"Vpc": {"Type": "String", "Default": "vpc-9"}}),
    "resource_policy_from_globals_on_the_implicit_api": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Status": function({"Get": api("/status", "get", Auth={"ResourcePolicy": {"IpRangeWhitelist": ["1.1.1.1"]}})}),
    }, Globals={"Api": {"Auth": {"ResourcePolicy": {"AwsAccountWhitelist": [{"Ref": "AWS::AccountId"}],
                                                    "IpRangeWhitelist": ["1.1.1.1"]}}}}),
    "resource_policy_with_an_intrinsic_stage": template({
        "MyApi": explicit({"Ref": "Stage"}, Auth={"ResourcePolicy": {"IpRangeBlacklist": ["1.1.1.1"]}}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
        "Status": function({"Get": api("/status", "get", RestApiId={"Ref": "MyApi"},
                                       Auth={"ResourcePolicy": {"IpRangeBlacklist": ["2.2.2.2"]}})}),
    }, Parameters={"Stage": {"Type": "String", "Default": "dev"}}),
})
CASES.update({
    "usage_plans": template({
        "MyApi": {**explicit("v1", Tags={"a": "b"}, PropagateTags=True, Auth={
            "ApiKeyRequired": True, "UsagePlan": {"CreateUsagePlan": "PER_API", "UsagePlanName": "mine",
                                                  "Description": "d", "Quota": {"Limit": 100, "Period": "DAY"},
                                                  "Throttle": {"BurstLimit": 5, "RateLimit": 1},
                                                  "Tags": [{"Key": "x", "Value": "y"}]}}), "DeletionPolicy": "Retain"},
        "Shared1": {**explicit("v2", Auth={"UsagePlan": {"CreateUsagePlan": "SHARED", "Description": "shared"}}),
                    "UpdateReplacePolicy": "Snapshot"},
        "Shared2": {**explicit("v3", Auth={"UsagePlan": {"CreateUsagePlan": "SHARED", "UsagePlanName": "last"}}),
                    "DeletionPolicy": "Delete", "UpdateReplacePolicy": "Retain"},
        "NoPlan": explicit("v4", Auth={"UsagePlan": {"CreateUsagePlan": "NONE"}}),
        "Orders": machine({"A": api("/a", "get", RestApiId={"Ref": "MyApi"}),
                           "B": api("/b", "get", RestApiId={"Ref": "Shared1"}),
                           "C": api("/c", "get", RestApiId={"Ref": "Shared2"}),
                           "D": api("/d", "get", RestApiId={"Ref": "NoPlan"})}),
        "Status": function({"E": api("/e", "get", RestApiId="Shared2"), "F": api("/f", "get")}),
    }),
    "shared_usage_plan_from_globals": template({
        "Orders": {**machine({"Post": api("/orders", "post")}), "DeletionPolicy": "Retain"},
        "Other": explicit("v1"),
        # Status feeds both APIs, so samtransform builds Other too, and one plan serves both.
        "Status": function({"Get": api("/status", "get", RestApiId={"Ref": "Other"}),
                            "Implicit": api("/status", "get")}),
    }, Globals={"Api": {"Auth": {"ApiKeyRequired": True, "UsagePlan": {"CreateUsagePlan": "SHARED"}}}}),
})
INCLUDE = {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://bucket/api.yaml"}}}
CASES.update({
    "definition_body_include": template({
        "MyApi": explicit(DefinitionBody=INCLUDE, OpenApiVersion="3.0.1", MergeDefinitions=True, Tags={"a": "b"}),
        "Chosen": explicit(DefinitionBody={"Fn::If": ["IsProd", INCLUDE, OWN_BODY]}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Put": api("/orders", "put", RestApiId={"Ref": "Chosen"})}),
        "Status": function({"Get": api("/status", "get", RestApiId={"Ref": "MyApi"})}, FunctionName="status"),
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
})
CASES.update({
    "references_to_what_an_api_makes": template({
        "MyApi": explicit("v1", Auth={"ApiKeyRequired": True, "UsagePlan": {"CreateUsagePlan": "PER_API"}}),
        "Shared": explicit("v2", Auth={"UsagePlan": {"CreateUsagePlan": "SHARED"}}),
        "Other": explicit("v3", Auth={"UsagePlan": {"CreateUsagePlan": "SHARED"}}),
        "Orders": machine({"A": api("/a", "get", RestApiId={"Ref": "MyApi"}),
                           "B": api("/b", "get", RestApiId={"Ref": "Shared"}),
                           "C": api("/c", "get", RestApiId={"Ref": "Other"}), "D": api("/d", "get")},
                          DefinitionSubstitutions={"Stage": {"Ref": "MyApi.Stage"}}),
        "Plan": {"Type": "AWS::ApiGateway::UsagePlan", "Properties": {"ApiStages": [
            {"ApiId": {"Ref": "MyApi"}, "Stage": {"Ref": "MyApi.Stage"}},
            {"ApiId": {"Ref": "ServerlessRestApi"}, "Stage": {"Ref": "ServerlessRestApi.Stage"}}]}},
    }, Outputs={
        "Deployment": {"Value": {"Fn::Sub": "${MyApi.Deployment}/${Shared.UsagePlan}/${Other.ApiKey}/${AWS::Region}"}},
        "Listed": {"Value": {"Fn::Sub": ["${X}-${MyApi.Stage}", {"X": {"Ref": "MyApi.UsagePlanKey"}}]}},
        "Key": {"Value": {"Fn::GetAtt": ["MyApi.ApiKey", "APIKeyId"]}},
        "Split": {"Value": {"Fn::GetAtt": ["MyApi", "UsagePlan.Id"]}},
        "Unknown": {"Value": {"Ref": "MyApi.Nothing"}}}),
})


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("name", sorted(CASES))
def test_shared_apis_expand_as_sam_does(name, partition):
    compare(CASES[name], PARTITION_REGIONS[partition])


NAMES = st.text(string.ascii_letters + string.digits, min_size=1, max_size=6)
PATHS = st.lists(st.sampled_from(["orders", "{id}", "items", "a", "b-c", "{proxy+}"]), min_size=0,
                 max_size=3).map(lambda parts: "/" + "/".join(parts))
METHODS = st.sampled_from(["get", "POST", "put", "delete", "ANY", "patch", "options"])
APIS = st.sampled_from([None, "MyApi", {"Ref": "MyApi"}])


@st.composite
def shared_templates(draw) -> dict:
    """State machines and functions with Api events on the implicit API and on MyApi."""
    event_lists = st.dictionaries(NAMES, st.tuples(PATHS, METHODS, APIS), min_size=1, max_size=4)
    machines = draw(st.dictionaries(NAMES.map(lambda name: "M" + name), event_lists, min_size=1, max_size=2))
    functions = draw(st.dictionaries(NAMES.map(lambda name: "F" + name), event_lists, min_size=1, max_size=3))
    resources = {"MyApi": explicit(draw(st.sampled_from(["v1", "Prod", "v1-beta"])))}
    for logical_id, events in machines.items():
        resources[logical_id] = machine({name: _event(path, method, rest_api)
                                         for name, (path, method, rest_api) in events.items()})
    for logical_id, events in functions.items():
        extra = draw(st.fixed_dictionaries({}, optional={
            "AutoPublishAlias": st.sampled_from(["live", {"Ref": "Alias"}]),
            "FunctionName": st.sampled_from(["named", {"Ref": "Alias"}, {"Fn::Sub": "${AWS::StackName}-fn"}]),
            "Tags": st.just({"team": "a"}), "PropagateTags": st.booleans()}))
        resource = function({name: _event(path, method, rest_api) for name, (path, method, rest_api) in events.items()},
                            **extra)
        condition = draw(st.sampled_from([None, "IsProd", "IsTest"]))
        if condition:
            resource["Condition"] = condition
        resource.update(draw(st.fixed_dictionaries({}, optional={
            "DeletionPolicy": st.sampled_from(["Retain", "Delete"]),
            "UpdateReplacePolicy": st.sampled_from(["Retain", "Snapshot", "Delete"])})))
        resources[logical_id] = resource
    order = draw(st.permutations(list(resources)))
    return template({key: resources[key] for key in order},
                    Parameters={"Alias": {"Type": "String", "Default": "blue"}},
                    Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}, "IsTest": {"Fn::Equals": ["a", "b"]}})


def _event(path, method, rest_api) -> dict:
    return api(path, method) if rest_api is None else api(path, method, RestApiId=rest_api)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_templates())
def test_generated_shared_apis_expand_as_sam_does(case):
    try:
        output = expand(case)
    except InvalidTemplateError:
        assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"
        return
    try:
        translate(case)
    except OracleError:
        # What SAM refuses lies in what samtransform leaves to it (a method twice on an API no
        # state machine feeds): SAM refuses samtransform's output too.
        with pytest.raises(OracleError):
            translate(output)
        return
    # Two stages only: SAM's one-stage output also holds what it builds for APIs no state
    # machine feeds (their Conditions too), which samtransform leaves to it.
    assert check_two_stage(case, region="us-east-1") == "expanded"


def errors_of(case: dict) -> list:
    with pytest.raises(InvalidTemplateError) as failure:
        expand(case)
    return [(error.path, error.message) for error in failure.value.errors]


EVENTS = ("Resources", "Status", "Properties", "Events")


def shared(event: dict, **api_properties) -> dict:
    return template({"MyApi": explicit(**api_properties),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
                     "Status": function({"E": event})})


@pytest.mark.parametrize("event, path, message", [
    ({"Type": "Api", "Properties": {"Method": "get", "RestApiId": "MyApi"}}, ("E", "Properties"),
     "Property 'Path' is required."),
    (api(5, "get", RestApiId="MyApi"), ("E", "Properties", "Path"), "Property 'Path' should be a string."),
    (api("/a", "get", RestApiId="MyApi", Stage=5), ("E", "Properties", "Stage"), "Property 'Stage' should be a string."),
    (api("/a", "get", RestApiId="MyApi", Auth="x"), ("E", "Properties", "Auth"), "Property 'Auth' should be a map."),
    (api("/a", "get", RestApiId="MyApi", TimeoutInMillis="x"), ("E", "Properties", "TimeoutInMillis"),
     "Type of property 'TimeoutInMillis' is invalid."),
    (api("/a", "get", RestApiId="MyApi", RequestParameters="x"), ("E", "Properties", "RequestParameters"),
     "Type of property 'RequestParameters' is invalid."),
    (api("/a", "get", RestApiId="MyApi", RequestParameters=[5]), ("E", "Properties", "RequestParameters", 0),
     "Invalid value for 'RequestParameters' property. Property must be either a string or an object"),
    (api("/a", "get", RestApiId="MyApi", RequestParameters=["header.X"]), ("E", "Properties", "RequestParameters", 0),
     "Invalid value for 'RequestParameters' property. Keys must be in the format "
     "'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'."),
    (api("/a", "get", RestApiId="MyApi", RequestParameters=[{"method.request.header.X": {"Cache": True}}]),
     ("E", "Properties", "RequestParameters", 0),
     "Invalid value for 'RequestParameters' property. Values must be an object, e.g { Required: true, Caching: false }"),
    (api("/a", "get", RestApiId="MyApi", RequestModel={"Model": "Order"}), ("E", "Properties", "RequestModel", "Model"),
     "Unable to set RequestModel [Order] on API method [get] for path [/a] because the related API does not define any "
     "Models."),
    (api("/a", "get", RestApiId="MyApi", Auth={"Authorizer": "Nope"}), ("E", "Properties", "Auth", "Authorizer"),
     "Unable to set Authorizer [Nope] on API method [get] for path [/a] because the related API does not define any "
     "Authorizers."),
])
def test_sams_errors_in_a_functions_api_event(event, path, message):
    case = shared(event)
    assert errors_of(case) == [(EVENTS + path, message)]
    assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"


# Found by AWS SAM's api_request_parameters_with_validator: SAM's sentence, the key unquoted, then a suggestion.
def test_an_unknown_property_of_a_functions_event_is_sams_error():
    case = shared(api("/a", "get", RestApiId="MyApi", RequestValidators={"ValidateParameters": True}))
    assert errors_of(case) == [(EVENTS + ("E", "Properties", "RequestValidators"),
                                "property RequestValidators not defined for resource of type Api, did you mean "
                                "'RequestParameters'?")]
    assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"


def test_a_method_a_function_gives_twice_is_sams_error_on_the_state_machine_event():
    # SAM adds the functions' integrations first: the state machine's is the second.
    case = template({"Orders": machine({"Post": api("/a", "post")}), "Status": function({"E": api("/a", "post")})})
    assert errors_of(case) == [(("Resources", "Orders", "Properties", "Events", "Post"),
                                'API method "post" defined multiple times for path "/a".')]
    assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"


@pytest.mark.parametrize("rest_api_id", ["Nope", {"Fn::GetAtt": ["MyApi", "RootResourceId"]}])
def test_another_api_event_of_the_function_that_names_no_api_is_sams_error(rest_api_id):
    case = shared(api("/a", "get", RestApiId="MyApi"))
    case["Resources"]["Status"]["Properties"]["Events"]["Other"] = api("/b", "get", RestApiId=rest_api_id)
    assert errors_of(case) == [(EVENTS + ("Other", "Properties", "RestApiId"),
                                "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same "
                                "template.")]
    assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"


def test_an_unknown_model_is_sams_error():
    case = shared(api("/a", "get", RestApiId="MyApi", RequestModel={"Model": "Nope"}), Models=MODELS)
    assert errors_of(case) == [(EVENTS + ("E", "Properties", "RequestModel", "Model"),
                                "Unable to set RequestModel [Nope] on API method [get] for path [/a] because it "
                                "wasn't defined in the API's Models.")]
    assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"


def test_override_api_auth_is_refused_naming_the_event():
    case = shared(api("/a", "get", RestApiId="MyApi", Auth={"Authorizer": "AWS_IAM", "OverrideApiAuth": True}))
    [(path, message)] = errors_of(case)
    assert path == EVENTS + ("E", "Properties", "Auth", "OverrideApiAuth")
    assert "'E' of the function Status" in message
    assert check_against_oracle(case, region="us-east-1", differences=KEPT + ("api-settings-unsupported",)) == "rejected"


@pytest.mark.parametrize("auth", [{}, {"Auth": {"Authorizer": "AWS_IAM"}}])
def test_merge_definitions_into_an_own_body_is_refused_naming_the_event(auth):
    # With MergeDefinitions the event's Auth does something (AWS SAM's api_merge_definitions_global was
    # refused as if it did nothing).
    case = shared(api("/a", "get", RestApiId="MyApi", **auth), DefinitionBody=OWN_BODY, MergeDefinitions=True)
    [(path, message)] = errors_of(case)
    assert path == ("Resources", "MyApi", "Properties", "MergeDefinitions") and "'E' of the function Status" in message
    assert check_against_oracle(case, region="us-east-1", differences=KEPT + ("api-settings-unsupported",)) == "rejected"


def test_the_function_keeps_everything_but_its_api_events():
    output = expand(CASES["implicit_api_with_alias_and_schedule"])
    status = output["Resources"]["Status"]
    assert status["Type"] == "AWS::Serverless::Function"
    assert list(status["Properties"]["Events"]) == ["Warm"]
    assert status["Properties"]["AutoPublishAlias"] == "live"
    permission = output["Resources"]["StatusGetPermissionProd"]["Properties"]
    assert permission["FunctionName"] == {"Ref": "StatusAliaslive"}
    assert permission["SourceArn"]["Fn::Sub"][0].endswith("/GET/status")
    uri = output["Resources"]["ServerlessRestApi"]["Properties"]["Body"]["paths"]["/status"]["get"][
        "x-amazon-apigateway-integration"]["uri"]
    assert uri == {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${StatusAliaslive}/"
                              "invocations"}


def authorized(authorizer, default=None) -> dict:
    auth = {"Authorizers": {"A": authorizer}}
    if default is not None:
        auth["DefaultAuthorizer"] = default
    return template({"MyApi": explicit(Auth=auth),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})})


AUTH = ("Resources", "MyApi", "Properties", "Auth")


@pytest.mark.parametrize("authorizer, path, message", [
    ("x", ("Authorizers", "A"), "Property 'Auth.Authorizers.A' should be a map."),
    ({"FunctionArn": "arn:f", "FunctionPayloadType": "BODY"}, ("Authorizers", "A", "FunctionPayloadType"),
     "A Authorizer has invalid 'FunctionPayloadType': BODY."),
    ({"FunctionArn": "arn:f", "FunctionPayloadType": "REQUEST", "Identity": {"ReauthorizeEvery": 5}},
     ("Authorizers", "A", "Identity"),
     "A Authorizer must specify Identity with at least one of Headers, QueryStrings, StageVariables, or Context."),
    ({"FunctionArn": "arn:f", "FunctionPayloadType": "REQUEST", "Identity": {"Headers": "X"}},
     ("Authorizers", "A", "Identity", "Headers"), "Property 'Auth.Authorizers.A.Identity.Headers' should be a list."),
    ({"FunctionArn": "arn:f", "Identity": "X"}, ("Authorizers", "A", "Identity"),
     "Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, "
     "LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity)."),
    ({"FunctionArn": "arn:f", "AuthorizationScopes": "a"}, ("Authorizers", "A", "AuthorizationScopes"),
     "Property 'Authorizers.A.AuthorizationScopes' should be a list."),
    ({"FunctionArn": "arn:f", "DisableFunctionDefaultPermissions": "yes"},
     ("Authorizers", "A", "DisableFunctionDefaultPermissions"),
     "Property 'Authorizers.A.DisableFunctionDefaultPermissions' should be a boolean."),
])
def test_sams_errors_in_a_lambda_authorizer(authorizer, path, message):
    case = authorized(authorizer)
    assert errors_of(case) == [(AUTH + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("default", [5, {"Ref": "MyApi"}, ["A"]])
def test_a_default_authorizer_that_is_not_a_string_is_sams_error(default):
    case = authorized({"FunctionArn": "arn:f"}, default)
    assert errors_of(case) == [(AUTH + ("DefaultAuthorizer",), "DefaultAuthorizer is not a string.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def warnings_of(case: dict) -> list:
    return [(warning.path, warning.message) for warning in expand_template(case).warnings]


# What AWS SAM ignores deploys as SAM builds it: a warning, not a refusal (docs/usage.md, "Errors and
# warnings"). Found by AWS SAM's fixtures, which such refusals failed.
@pytest.mark.parametrize("body", [{}, {"DefinitionBody": {**OWN_BODY, "paths": {"/own": {"get": "no method"}}}}])
@pytest.mark.parametrize("default", [5, "Nope"])
def test_a_default_authorizer_without_authorizers_is_a_warning(default, body):
    # SAM puts it on no method: not even reading the methods of the API's own body.
    case = template({"MyApi": explicit(Auth={"DefaultAuthorizer": default}, **body),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
                     "Status": function({"Get": api("/status", "get", RestApiId={"Ref": "MyApi"})})})
    [(path, message)] = warnings_of(case)
    assert path == AUTH + ("DefaultAuthorizer",) and "no Authorizers, so AWS SAM ignores it" in message
    compare(case)


@pytest.mark.parametrize("authorizer, keys", [
    ({"FunctionArn": "arn:f", "Identity": {"Headers": ["X"]}}, [("Identity", "Headers")]),  # a REQUEST setting
    ({"UserPoolArn": "arn:p", "FunctionInvokeRole": "arn:r"}, [("FunctionInvokeRole",)]),
    # An HTTP API's settings (AWS SAM's api_rest_paths_with_if_condition_openapi), a misspelt name
    # (api_rest_auth_disable_default_function_permissions).
    ({"FunctionArn": "arn:f", "FunctionPayloadType": "REQUEST", "Identity": {"Headers": ["X"], "Header": "Y"},
      "EnableSimpleResponses": False, "AuthorizerPayloadFormatVersion": 1.0, "DisableDefaultFunctionPermissions": True},
     [("Identity", "Header"), ("EnableSimpleResponses",), ("AuthorizerPayloadFormatVersion",),
      ("DisableDefaultFunctionPermissions",)]),
])
def test_what_an_authorizer_does_not_read_is_a_warning(authorizer, keys):
    case = authorized(authorizer, default="A")
    warnings = warnings_of(case)
    assert [path for path, _ in warnings] == [AUTH + ("Authorizers", "A") + key for key in keys]
    assert all("(AWS SAM ignores it)" in message for _, message in warnings)
    compare(case)


def test_an_authorizer_without_a_function_is_refused():
    case = authorized({"FunctionPayloadType": "TOKEN"})
    [(path, message)] = errors_of(case)
    assert path == AUTH + ("Authorizers", "A") and "null authorizerUri" in message
    assert check_against_oracle(case, region="us-east-1", differences=("null-values",)) == "rejected"


@pytest.mark.parametrize("policy, path, message", [
    ("x", (), "ResourcePolicy must be a map (ResourcePolicyStatement)."),
    ({"AwsAccountWhitelist": "1"}, ("AwsAccountWhitelist",), "Type of '1' must be a list or dictionary"),
    ({"SourceVpcBlacklist": [{"Ref": "Vpc"}]}, ("SourceVpcBlacklist",),
     "SourceVpcBlacklist must be a list of strings. Use IntrinsicVpcBlacklist instead for values that use Intrinsic "
     "Functions"),
])
def test_sams_errors_in_a_resource_policy(policy, path, message):
    case = template({"MyApi": explicit(Auth={"ResourcePolicy": policy}),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})})
    assert errors_of(case) == [(AUTH + ("ResourcePolicy",) + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_an_unknown_key_in_a_resource_policy_is_a_warning():
    case = template({"MyApi": explicit(Auth={"ResourcePolicy": {"IpRangeWhiteList": ["1.1.1.1"],
                                                                "AwsAccountWhitelist": ["1"]}}),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})})
    [(path, message)] = warnings_of(case)
    assert path == AUTH + ("ResourcePolicy", "IpRangeWhiteList") and "AWS SAM ignores it" in message
    compare(case)


# Found by AWS SAM's api_request_model_with_validator_openapi_3 (ValidateRequest).
def test_a_request_model_key_sam_does_not_read_is_a_warning():
    case = shared(api("/a", "get", RestApiId="MyApi", RequestModel={"Model": "Order", "ValidateRequest": True,
                                                                     "ValidateBody": True}), Models=MODELS)
    assert warnings_of(case) == [(EVENTS + ("E", "Properties", "RequestModel", "ValidateRequest"),
                                  "RequestModel key 'ValidateRequest' is not read by AWS SAM, which ignores it; did "
                                  "you mean 'ValidateParameters'?")]
    compare(case)


@pytest.mark.parametrize("plan, path, message", [
    ("x", (), "'UsagePlan' must be a dictionary"),
    ({"CreateUsagePlan": "PER_API", "Name": "x"}, (), "Invalid property for 'UsagePlan'"),
    ({"UsagePlanName": "x"}, (), "'CreateUsagePlan' is a required field for UsagePlan."),
    ({"CreateUsagePlan": "ALL"}, ("CreateUsagePlan",), "'CreateUsagePlan' accepts one of ['SHARED', 'PER_API', 'NONE']."),
])
def test_sams_errors_in_a_usage_plan(plan, path, message):
    case = template({"MyApi": explicit(Auth={"UsagePlan": plan}),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})})
    assert errors_of(case) == [(AUTH + ("UsagePlan",) + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_a_shared_usage_plan_on_apis_that_all_have_a_condition_is_refused():
    case = template({"MyApi": {**explicit(Auth={"UsagePlan": {"CreateUsagePlan": "SHARED"}}), "Condition": "IsProd"},
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})},
                    Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}})
    [(path, message)] = errors_of(case)
    assert path == AUTH + ("UsagePlan",) and "SharedUsagePlanCondition" in message
    assert check_against_oracle(case, region="us-east-1", differences=("api-settings-unsupported",)) == "rejected"


def test_a_shared_usage_plan_that_an_api_left_to_sam_shares_is_refused():
    case = template({"MyApi": explicit(), "Other": explicit("v2"),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
                     "Status": function({"Get": api("/status", "get", RestApiId={"Ref": "Other"})})},
                    Globals={"Api": {"Auth": {"UsagePlan": {"CreateUsagePlan": "SHARED"}}}})
    [(path, message)] = errors_of(case)
    assert path == ("Globals", "Api", "Auth", "UsagePlan") and "the API Other" in message
    assert check_against_oracle(case, region="us-east-1",
                                differences=KEPT + ("api-settings-unsupported",)) == "rejected"


@pytest.mark.parametrize("settings, key, message", [
    ({"Cors": "'*'"}, "Cors",
     "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({"Auth": {"ApiKeyRequired": True}}, "Auth",
     "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({"GatewayResponses": {"DEFAULT_4XX": {}}}, "GatewayResponses",
     "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({"Models": {"M": {"type": "object"}}}, "Models",
     "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({"BinaryMediaTypes": ["image~1png"]}, "BinaryMediaTypes",
     "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'."),
    ({"DisableExecuteApiEndpoint": True}, "DisableExecuteApiEndpoint",
     "Invalid Swagger document or the Swagger document is not explicitly defined in 'DefinitionBody'."),
])
def test_settings_that_would_edit_an_included_body_are_sams_errors(settings, key, message):
    case = template({"MyApi": explicit(DefinitionBody=INCLUDE, **settings),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", key), message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_cors_from_globals_on_an_included_body_is_sams_error():
    case = template({"MyApi": explicit(DefinitionBody=INCLUDE),
                     "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})})},
                    Globals={"Api": {"Cors": "'*'"}})
    assert errors_of(case) == [(("Globals", "Api", "Cors"), "Unable to add Cors configuration because "
                                                             "'DefinitionBody' does not contain a valid Swagger "
                                                             "definition.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"
