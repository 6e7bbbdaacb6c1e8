"""Api events: the implicit ServerlessRestApi, compared with AWS SAM's translator.

The Deployment's logical ID is a hash of the body's Python 2.7 text: these tests show the
same ID as SAM's for many paths, methods, event names and state machine names, whose
Python 2.7 dict order differs from the template's.
"""

from __future__ import annotations

import copy
import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from differential import check_against_oracle  # noqa: E402
from oracle import PARTITION_REGIONS  # noqa: E402

from samtransform import InvalidTemplateError, expand_template
from samtransform.expansion import expand  # noqa: E402

DEFINITION = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}


def machine(events: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::StateMachine",
            "Properties": {"Role": "arn:aws:iam::123456789012:role/states", "Definition": DEFINITION,
                           **properties, "Events": events}}


def api(path: str, method: str, **properties) -> dict:
    return {"Type": "Api", "Properties": {"Path": path, "Method": method, **properties}}


def template(resources: dict, **sections) -> dict:
    return {"Transform": "AWS::Serverless-2016-10-31", **sections, "Resources": resources}


def expanded(case: dict, region: str = "us-east-1") -> dict:
    return expand(case, region=region)["Resources"]


def deployment_id(resources: dict) -> str:
    return next(key for key, value in resources.items() if value["Type"] == "AWS::ApiGateway::Deployment")


CASES = {
    "one_event": template({"Orders": machine({"PlaceOrder": api("/orders", "post")})}),
    "any_and_unescape": template({"Orders": machine({
        "Get": api("/orders/{id}", "ANY", UnescapeMappingTemplate=True),
        "Put": api("/orders/{id}/items", "put", UnescapeMappingTemplate=False, Stage="Prod")})}),
    "two_machines_one_path": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Billing": machine({"Get": api("/orders", "get"), "Other": {"Type": "Schedule",
                                                                     "Properties": {"Schedule": "rate(1 hour)"}}}),
    }),
    "alias_target": template({"Orders": machine({"Post": api("/orders", "post")}, AutoPublishAlias="live",
                                                UseAliasAsEventTarget=True,
                                                DeploymentPreference={"Type": "CANARY", "Percentage": 10,
                                                                      "Interval": 5})}),
    "conditions_policies_tags": template({
        "Orders": {**machine({"Post": api("/orders", "post"), "Get": api("/orders", "get")},
                             PropagateTags=True, Tags={"team": "a", "stage": "prod"},
                             PermissionsBoundary="arn:aws:iam::123456789012:policy/boundary"),
                   "Condition": "IsProd", "DeletionPolicy": "Retain", "UpdateReplacePolicy": "Snapshot"},
        "Billing": {**machine({"Get": api("/orders", "delete"), "Put": api("/bills/{id}", "put")},
                              PropagateTags=True, Tags={"team": "b", "cost": "1"}),
                    "Condition": "IsTest", "UpdateReplacePolicy": "Delete"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}, "IsTest": {"Fn::Equals": ["a", "b"]}}),
    "some_methods_without_condition": template({
        "Orders": {**machine({"Post": api("/orders", "post")}), "Condition": "IsProd"},
        "Billing": machine({"Get": api("/orders", "get"), "Put": api("/bills", "put")}),
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "globals_propagate_tags": template(
        {"Orders": machine({"Post": api("/orders", "post")}, Tags={"team": "a"})},
        Globals={"StateMachine": {"PropagateTags": True}}),
    # SAM tags the implicit API when either the state machine or Globals says PropagateTags.
    "globals_propagate_tags_over_own_false": template(
        {"Orders": machine({"Post": api("/orders", "post")}, Tags={"team": "a"}, PropagateTags=False)},
        Globals={"StateMachine": {"PropagateTags": True}}),
    "other_serverless_resources": template({
        "Orders": machine({"Post": api("/orders", "post")}),
        "Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "Runtime": "python3.12", "Handler": "index.handler", "InlineCode": "x",
            "Events": {"Timer": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 hour)"}}}}},
    }),
}
def explicit(stage="v1", **properties) -> dict:
    return {"Type": "AWS::Serverless::Api", "Properties": {"StageName": stage, **properties}}


CASES.update({
    "explicit_api_all_settings": template({
        "MyApi": {**explicit("v1-beta", Name="orders", Description="d", Variables={"a": "b"}, TracingEnabled=True,
                             MethodSettings=[{"HttpMethod": "*", "ResourcePath": "/*", "LoggingLevel": "INFO"}],
                             CacheClusterEnabled=True, CacheClusterSize="0.5", MinimumCompressionSize=0,
                             BinaryMediaTypes=["image~1png", "*~1*"], Tags={"x": "y"}, PropagateTags=True,
                             EndpointConfiguration={"Type": "PRIVATE", "VPCEndpointIds": ["vpce-1"]},
                             AccessLogSetting={"DestinationArn": "arn:aws:logs:us-east-1:1:log-group:x",
                                               "Format": "$context.requestId"},
                             Mode="overwrite", ApiKeySourceType="HEADER", FailOnWarnings=True,
                             Policy={"Version": "2012-10-17", "Statement": []}),
                  "Condition": "IsProd", "DependsOn": "Topic", "DeletionPolicy": "Retain",
                  "UpdateReplacePolicy": "Retain", "Metadata": {"a": 1}},
        "Topic": {"Type": "AWS::SNS::Topic"},
        "Orders": {**machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                              "Get": api("/orders/{id}", "get", RestApiId="MyApi")}), "Condition": "IsProd"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "explicit_api_openapi_3": template({
        "MyApi": explicit({"Ref": "Stage"}, OpenApiVersion="3.0.1", EndpointConfiguration="REGIONAL"),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Implicit": api("/orders", "post")}),
    }, Parameters={"Stage": {"Type": "String", "Default": "v2"}}),
    "explicit_api_openapi_2_and_globals": template({
        "MyApi": {**explicit(OpenApiVersion="2.0", MethodSettings=[{"HttpMethod": "GET", "ResourcePath": "/a"}]),
                  "IgnoreGlobals": ["TracingEnabled"]},
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Implicit": api("/other", "get", UnescapeMappingTemplate=True)}),
    }, Globals={"Api": {"TracingEnabled": True, "Name": "named", "BinaryMediaTypes": ["a~1b"],
                        "MethodSettings": [{"HttpMethod": "*", "ResourcePath": "/*"}],
                        "Variables": {"g": "1", "h": "2"}, "OpenApiVersion": "3.0.0"}}),
})
CASES.update({
    "auth_iam_and_api_keys": template({
        "Orders": {**machine({"Iam": api("/orders", "post", Auth={"Authorizer": "AWS_IAM"}),
                              "Key": api("/orders", "get", Auth={"ApiKeyRequired": True}),
                              "Both": api("/orders/{id}", "ANY", Auth={"Authorizer": "AWS_IAM", "ApiKeyRequired": True,
                                                                       "AuthorizationScopes": ["ignored"]}),
                              "Open": api("/status", "get", Auth={})}), "Condition": "IsProd"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "auth_on_openapi_3": template({
        "MyApi": explicit(OpenApiVersion="3.0.1"),
        "Orders": machine({"Iam": api("/orders", "post", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "AWS_IAM"}),
                           "Key": api("/orders", "get", RestApiId={"Ref": "MyApi"}, Auth={"ApiKeyRequired": True})}),
    }),
})
CASES.update({
    "cors_string_on_globals": template({
        "Orders": {**machine({"Post": api("/orders", "post"), "Get": api("/orders/", "get"),
                              "Any": api("/items/{id}", "any"), "Opt": api("/opt", "options")}),
                   "Condition": "IsProd"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}, Globals={"Api": {"Cors": "'https://example.com'"}}),
    "cors_mapping_openapi_3": template({
        "MyApi": explicit(OpenApiVersion="3.0.1", Cors={
            "AllowOrigin": {"Fn::Sub": "'https://${AWS::StackName}.example.com'"}, "AllowHeaders": "'Content-Type'",
            "MaxAge": 600, "AllowCredentials": True}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"},
                                       Auth={"Authorizer": "AWS_IAM"})}),
    }),
    "cors_default_origin": template({
        "MyApi": explicit(Cors={"AllowHeaders": "'Content-Type'"}),
        "Orders": machine({"Get": api("/a", "get", RestApiId={"Ref": "MyApi"})}),
    }),
    "cors_allow_methods_and_globals_merge": template({
        "MyApi": explicit(Cors={"AllowMethods": "'GET,POST'", "MaxAge": 0}),  # the default origin is SAM's
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Get": api("/a/b", "get")}),
    }, Globals={"Api": {"Cors": {"AllowOrigin": "'*'", "AllowHeaders": "'X-Id'"}}}),
})
OWN_BODY = {
    "swagger": "2.0", "info": {"title": "orders", "version": "1"}, "x-flags": [1, 2.5, True, None, "s"],
    "paths": {"/orders": {"post": {"x-amazon-apigateway-integration": {
        "type": "aws", "httpMethod": "POST",
        "uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution"},
        "credentials": {"Fn::GetAtt": ["OrdersPostRole", "Arn"]}, "responses": {"default": {"statusCode": "200"}},
        "requestTemplates": {"application/json": {
            "Fn::Sub": '{"input": "$input.body", "stateMachineArn": "${Orders}"}'}}},
        "responses": {"200": {"description": "OK"}}}}, **{f"/{name}": {} for name in "abcdefg"}},
}
CASES.update({
    "own_definition_body": template({
        "MyApi": explicit(DefinitionBody=OWN_BODY, BinaryMediaTypes=["image~1png"]),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Again": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
    }),
    "merge_definitions_changes_nothing_for_state_machines": template({
        "MyApi": explicit(DefinitionBody=OWN_BODY, MergeDefinitions=True),
        "Generated": explicit(MergeDefinitions=True),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Get": api("/orders", "get", RestApiId={"Ref": "Generated"})}),
    }, Globals={"Api": {"MergeDefinitions": False}}),
    "own_openapi_3_body_with_cors": template({
        "MyApi": explicit(DefinitionBody={**{k: v for k, v in OWN_BODY.items() if k != "swagger"}, "openapi": "3.0.1",
                                          "securityDefinitions": {"k": {"type": "apiKey", "name": "x-k",
                                                                        "in": "header"}}},
                          Cors="'*'"),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
    }),
})
CASES.update({
    "gateway_responses": template({
        "MyApi": explicit(Cors="'*'", GatewayResponses={
            "DEFAULT_4XX": {"ResponseParameters": {"Headers": {"Access-Control-Allow-Origin": "'*'",
                                                               "X-Trace": "method.request.header.X-Trace"},
                                                   "QueryStrings": {"q": "'1'"}, "Paths": {"p": "'2'"}},
                            "ResponseTemplates": {"application/json": '{"message": $context.error.messageString}'}},
            "UNAUTHORIZED": {"StatusCode": 401}, "MISSING_AUTHENTICATION_TOKEN": {"StatusCode": "404"},
            "DEFAULT_5XX": {}}),
        "Orders": machine({"Get": api("/a", "get", RestApiId={"Ref": "MyApi"}), "Post": api("/b", "post")}),
    }, Globals={"Api": {"GatewayResponses": {"THROTTLED": {"StatusCode": 429}}}}),
})
CASES.update({
    "models": template({
        "V2": explicit(Models={"Order": {"type": "object", "properties": {"id": {"type": "string"}}},
                               "Item": {"type": "string"}}),
        "V3": explicit(OpenApiVersion="3.0.1", Cors="'*'", Models={"Order": {"type": "object"}}),
        "Orders": machine({"Get": api("/a", "get", RestApiId={"Ref": "V2"}),
                           "Put": api("/a", "put", RestApiId={"Ref": "V3"})}),
    }),
    "disable_execute_api_endpoint": template({
        "MyApi": explicit(DisableExecuteApiEndpoint=True),
        "V3": explicit(OpenApiVersion="3.0.1", DisableExecuteApiEndpoint={"Fn::If": ["IsProd", True, False]}),
        "Orders": machine({"Get": api("/a", "get", RestApiId={"Ref": "MyApi"}),
                           "Put": api("/a", "put", RestApiId={"Ref": "V3"})}),
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
})
CASES.update({
    "definition_uri": template({
        "InS3": explicit(DefinitionUri="s3://bucket/api.yaml?versionId=3", BinaryMediaTypes=["a~1b"]),
        "InS3Mapping": explicit(DefinitionUri={"Bucket": {"Ref": "Bucket"}, "Key": "api.yaml"}, OpenApiVersion="3.0.1"),
        "Orders": machine({"Get": api("/a", "get", RestApiId={"Ref": "InS3"}),
                           "Put": api("/a", "put", RestApiId={"Ref": "InS3Mapping"})}),
    }, Parameters={"Bucket": {"Type": "String"}}),
})
CASES.update({
    "api_auth_defaults": template({
        "MyApi": explicit(Cors="'*'", Auth={"DefaultAuthorizer": "AWS_IAM", "ApiKeyRequired": True,
                                            "AddDefaultAuthorizerToCorsPreflight": False}),
        "Orders": {**machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                              "Open": api("/open", "get", RestApiId={"Ref": "MyApi"},
                                          Auth={"Authorizer": "NONE", "ApiKeyRequired": False}),
                              "Iam": api("/iam", "put", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "AWS_IAM"}),
                              "Key": api("/key", "delete", RestApiId={"Ref": "MyApi"}, Auth={"ApiKeyRequired": True})}),
                   "Condition": "IsProd"},
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}}),
    "api_auth_from_globals_openapi_3": template({
        "V3": explicit(OpenApiVersion="3.0.1", Cors="'*'", Auth={"AddApiKeyRequiredToCorsPreflight": False}),
        "Orders": machine({"Post": api("/orders", "post"), "Put": api("/orders", "put", RestApiId={"Ref": "V3"}),
                           "Get": api("/orders", "get", Auth={"ApiKeyRequired": False})}),
    }, Globals={"Api": {"Auth": {"ApiKeyRequired": True, "DefaultAuthorizer": "AWS_IAM", "InvokeRole": "NONE"}}}),
})
CASES.update({
    "cognito_authorizers": template({
        "MyApi": explicit(Cors="'*'", Auth={
            "DefaultAuthorizer": "Pool", "ApiKeyRequired": True,
            "Authorizers": {"Pool": {"UserPoolArn": {"Fn::GetAtt": ["UserPool", "Arn"]}, "AuthorizationScopes": ["r"]},
                            "Other": {"UserPoolArn": ["arn:a", "arn:b"],
                                      "Identity": {"Header": "X-Token", "ValidationExpression": "^Bearer"}},
                            "Third": {"UserPoolArn": "arn:c"}}}),
        "UserPool": {"Type": "AWS::Cognito::UserPool"},
        "Orders": machine({"Default": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Other": api("/orders", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "Other"}),
                           "Scoped": api("/s", "put", RestApiId={"Ref": "MyApi"},
                                         Auth={"Authorizer": "Pool", "AuthorizationScopes": ["w", "x"]}),
                           "Iam": api("/iam", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "AWS_IAM"}),
                           "Open": api("/open", "get", RestApiId={"Ref": "MyApi"}, Auth={"Authorizer": "NONE"})}),
    }),
    "cognito_on_the_implicit_api_openapi_3": template({
        "Orders": machine({"Post": api("/orders", "post", Auth={"Authorizer": "Pool"}),
                           "Get": api("/orders", "get")}),
    }, Globals={"Api": {"OpenApiVersion": "3.0.1", "Auth": {"Authorizers": {"Pool": {"UserPoolArn": "arn:p"}}}}}),
    # Found by AWS SAM's api_with_stage_tags: a tag value may be an intrinsic function, a number
    # or a boolean (SAM copies it to the Stage, and to what PropagateTags tags).
    "explicit_api_tags_of_any_scalar_or_intrinsic": template({
        "MyApi": explicit("v1", Tags={"ref": {"Ref": "AWS::StackName"}, "sub": {"Fn::Sub": "${AWS::Region}-x"},
                                      "number": 5, "flag": True, "empty": ""}, PropagateTags=True,
                          Auth={"ApiKeyRequired": True, "UsagePlan": {"CreateUsagePlan": "PER_API"}}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
    }),
    # Found by AWS SAM's api_request_model_with_validator_openapi_3: `OpenApiVersion: 3.0` unquoted is a
    # YAML number, which SAM takes as its text where it writes the body (the Deployment's hash shows
    # the difference: SAM's text of a number is no template string).
    "open_api_version_given_as_a_number": template({
        "MyApi": explicit("v1", OpenApiVersion=3.0, Cors="'*'", Auth={"ApiKeyRequired": True}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"}),
                           "Get": api("/orders", "get")}),
    }, Globals={"Api": {"OpenApiVersion": 3.1, "Auth": {"Authorizers": {"Pool": {"UserPoolArn": "arn:p"}},
                                                        "DefaultAuthorizer": "Pool"}}}),
    # Found by AWS SAM's api_rest_paths_with_if_condition_swagger_no_value_then_case: Cors put an
    # OPTIONS method into the AWS::NoValue branch of a path's Fn::If.
    "own_body_path_with_a_no_value_branch": template({
        "MyApi": explicit("v1", Cors="'*'", Auth={"DefaultAuthorizer": "AWS_IAM", "ApiKeyRequired": True,
                                                  "ResourcePolicy": {"AwsAccountWhitelist": ["1"]}},
                          DefinitionBody={"swagger": "2.0", "info": {"title": "own"}, "paths": {
                              "/then": {"Fn::If": ["IsProd", {"Ref": "AWS::NoValue"},
                                                   {"post": {"x-amazon-apigateway-integration": {"type": "mock"}}}]},
                              "/else": {"Fn::If": ["IsProd", {"get": {"x-amazon-apigateway-integration": {
                                  "type": "mock"}}}, {"Ref": "AWS::NoValue"}]}}}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
    }, Conditions={"IsProd": {"Fn::Equals": ["a", "b"]}}),
    # Found by AWS SAM's error_api_invalid_stagename and error_api_with_invalid_open_api_version: SAM
    # writes the definition of an API whose DefinitionBody is empty, as if it had none.
    "explicit_api_with_an_empty_definition_body": template({
        "MyApi": explicit("v1", DefinitionBody={}, Cors="'*'", Auth={"ApiKeyRequired": True}),
        "Orders": machine({"Post": api("/orders", "post", RestApiId={"Ref": "MyApi"})}),
    }),
})
DIFFERENCES = {
    "alias_target": ("event-role-alias-permission",),
    "other_serverless_resources": ("other-serverless-resources-kept",),
}


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("name", sorted(CASES))
def test_api_events_expand_as_sam_does(name, partition):
    assert check_against_oracle(CASES[name], region=PARTITION_REGIONS[partition],
                                differences=DIFFERENCES.get(name, ())) == "expanded"


def test_the_deployment_id_is_sams_hash_of_the_body():
    resources = expanded(CASES["one_event"])
    assert deployment_id(resources) == "ServerlessRestApiDeployment8340fa906d"
    assert resources[deployment_id(resources)]["Properties"]["Description"] == (
        "RestApi deployment id: 8340fa906df4d7f7a6183b07a43aafe8f7918837")
    assert resources["ServerlessRestApiProdStage"]["Properties"]["DeploymentId"] == {
        "Ref": "ServerlessRestApiDeployment8340fa906d"}


def test_a_changed_body_makes_a_new_deployment():
    changed = copy.deepcopy(CASES["one_event"])
    changed["Resources"]["Orders"]["Properties"]["Events"]["PlaceOrder"]["Properties"]["Path"] = "/order"
    assert deployment_id(expanded(changed)) != deployment_id(expanded(CASES["one_event"]))


def test_the_integration_starts_the_alias_and_the_role_may_start_it():
    resources = expanded(CASES["alias_target"])
    integration = resources["ServerlessRestApi"]["Properties"]["Body"]["paths"]["/orders"]["post"][
        "x-amazon-apigateway-integration"]
    assert "${OrdersAliaslive}" in integration["requestTemplates"]["application/json"]["Fn::Sub"]
    statement = resources["OrdersPostRole"]["Properties"]["Policies"][0]["PolicyDocument"]["Statement"][0]
    assert statement["Resource"] == {"Ref": "Orders"}
    assert statement["Condition"] == {"StringEquals": {"states:StateMachineQualifier": "live"}}


def test_china_and_govcloud_apis_are_regional():
    for region in ("cn-north-1", "us-gov-west-1"):
        properties = expanded(CASES["one_event"], region)["ServerlessRestApi"]["Properties"]
        assert properties["EndpointConfiguration"] == {"Types": ["REGIONAL"]}
    assert "EndpointConfiguration" not in expanded(CASES["one_event"])["ServerlessRestApi"]["Properties"]


def errors_of(case: dict) -> list:
    with pytest.raises(InvalidTemplateError) as failure:
        expand(case)
    return [(error.path, error.message) for error in failure.value.errors]


EVENTS = ("Resources", "Orders", "Properties", "Events")


def test_a_method_defined_twice_is_sams_error_on_the_second_event():
    case = template({"Orders": machine({"A": api("/a", "get"), "B": api("/a", "GET")})})
    assert errors_of(case) == [(EVENTS + ("B",), 'API method "get" defined multiple times for path "/a".')]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("event, path, message", [
    ({"Type": "Api", "Properties": {"Method": "get"}}, ("A", "Properties"), "Property 'Path' is required."),
    ({"Type": "Api", "Properties": {"Path": "/a"}}, ("A", "Properties"), "Property 'Method' is required."),
    (api(5, "get"), ("A", "Properties", "Path"), "Property 'Path' should be a string."),
    (api("/a", {"Ref": "M"}), ("A", "Properties", "Method"), "Property 'Method' should be a string."),
    (api("/a", "get", Auth="x"), ("A", "Properties", "Auth"), "Property 'Auth' should be a map."),
    (api("/a", "get", UnescapeMappingTemplate="yes"), ("A", "Properties", "UnescapeMappingTemplate"),
     "Type of property 'UnescapeMappingTemplate' is invalid."),
])
def test_sams_errors_for_malformed_api_events(event, path, message):
    case = template({"Orders": machine({"A": event})})
    assert errors_of(case) == [(EVENTS + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_a_resource_policy_on_a_state_machine_event_without_stage_is_refused():
    case = template({"Orders": machine({"Post": api("/a", "post", Auth={"ResourcePolicy": {"SourceVpcWhitelist":
                                                                                             ["vpc-1"]}})})})
    [(path, message)] = errors_of(case)
    assert path == EVENTS + ("Post", "Properties", "Auth", "ResourcePolicy") and "'Post'" in message
    assert "null stage" in message
    # SAM writes `__Stage__: null`, which CloudFormation rejects.
    assert check_against_oracle(case, region="us-east-1", differences=("null-values",)) == "rejected"


def test_an_authorizer_the_api_lacks_is_sams_error():
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"},
                                                 Auth={"Authorizer": "Nope"})}),
                     "MyApi": explicit(Auth={"Authorizers": {"Pool": {"UserPoolArn": "arn:pool"}}})})
    assert errors_of(case) == [(EVENTS + ("E", "Properties", "Auth", "Authorizer"),
                                "Unable to set Authorizer [Nope] on API method [get] for path [/a] because it wasn't "
                                "defined in the API's Authorizers.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_a_default_authorizer_the_api_lacks_is_sams_error():
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(Auth={"Authorizers": {"Pool": {"UserPoolArn": "arn:pool"}},
                                             "DefaultAuthorizer": "Nope"})})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "Auth", "DefaultAuthorizer"),
                                "Unable to set DefaultAuthorizer because 'Nope' was not defined in 'Authorizers'.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("arn", [{"Ref": "PoolArn"}, {"Ref": "AWS::Region"}, {"Fn::Sub": "arn:${AWS::Partition}:x"},
                                 {"Fn::Sub": "arn:aws:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Id}"},
                                 {"Fn::Sub": ["arn:${Id}", {"Id": {"Ref": "PoolArn"}}]}])
def test_parameters_in_auth_are_read_as_sam_reads_them(arn, partition):
    # SAM writes the parameter's value (or AWS::Region's and AWS::Partition's) into the body.
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(Auth={"DefaultAuthorizer": {"Ref": "Default"},
                                             "Authorizers": {"Pool": {"UserPoolArn": [arn]}}})},
                    Parameters={"PoolArn": {"Type": "String", "Default": "arn:p"},
                                "Id": {"Type": "String", "Default": "pool-1"},
                                "Default": {"Type": "String", "Default": "Pool"}})
    assert check_against_oracle(case, region=PARTITION_REGIONS[partition]) == "expanded"
    overridden = {"PoolArn": "arn:other", "Default": "Pool", "Id": "pool-2"}
    assert check_against_oracle(case, region=PARTITION_REGIONS[partition], parameters=overridden) == "expanded"


def test_intrinsic_binary_media_types_are_refused():
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(BinaryMediaTypes=[{"Ref": "Type"}])},
                    Parameters={"Type": {"Type": "String", "Default": "image~1png"}})
    [(path, message)] = errors_of(case)
    assert path == ("Resources", "MyApi", "Properties", "BinaryMediaTypes", 0) and "literal strings" in message
    # SAM writes the parameter's default in.
    assert check_against_oracle(case, region="us-east-1", differences=("api-settings-unsupported",)) == "rejected"


def test_opting_out_needs_the_apis_default():
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"},
                                                 Auth={"Authorizer": "NONE"})}),
                     "MyApi": explicit(Auth={"ApiKeyRequired": True})})
    assert errors_of(case) == [(EVENTS + ("E", "Properties", "Auth", "Authorizer"),
                                "Unable to set Authorizer on API method [get] for path [/a] because 'NONE' is only a "
                                "valid value when a DefaultAuthorizer on the API is specified.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_an_unknown_auth_key_on_the_api_is_sams_error():
    case = template({"Orders": machine({"E": api("/a", "GET", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(Auth={"ApiKeyRequried": True})})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "Auth"), "Invalid value for 'Auth' property")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("auth, key, message", [
    ({"Authorizer": "MyCognito"}, "Authorizer",
     "Unable to set Authorizer [MyCognito] on API method [get] for path [/a] because the related API does not define "
     "any Authorizers."),
    ({"Authorizer": "NONE"}, "Authorizer", "Unable to set Authorizer on API method [get] for path [/a] because 'NONE' "
                                           "is only a valid value when a DefaultAuthorizer on the API is specified."),
    ({"AuthorizationScopes": ["a"]}, "AuthorizationScopes", "AuthorizationScopes works only when Authorizer is set"),
    ({"ApiKeyRequired": False}, "ApiKeyRequired", "Unable to set ApiKeyRequired [False] on API method [get] for path "
                                                  "[/a] because the related API does not specify any ApiKeyRequired."),
    ({"AuthorizationScopes": "a", "Authorizer": "AWS_IAM"}, "AuthorizationScopes",
     "Property 'Auth.AuthorizationScopes' should be a list."),
])
def test_sams_auth_errors_name_the_event_property(auth, key, message):
    case = template({"Orders": machine({"E": api("/a", "GET", Auth=auth)})})
    assert errors_of(case) == [(EVENTS + ("E", "Properties", "Auth", key), message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("cors, path, message", [
    (5, (), "Invalid value for 'Cors' property"),
    ({"AllowOrigins": "'*'"}, ("AllowOrigins",), "Invalid key 'AllowOrigins' for 'Cors' property."),
    ({"AllowCredentials": True}, (), "Unable to add Cors configuration because 'AllowCredentials' can not be true "
                                     "when 'AllowOrigin' is \"'*'\" or not set"),
])
def test_sams_cors_errors(cors, path, message):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(Cors=cors)})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "Cors") + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("responses, path, message", [
    ({"X": {"Ref": "R"}}, ("X",), "Unable to set GatewayResponses attribute because intrinsic functions are not "
                                  "supported for this field."),
    ({"X": 5}, ("X",), "Invalid property type 'int' for GatewayResponses. Expected an object of type "
                       "'GatewayResponse'."),
    ({"X": {"Status": 4}}, ("X", "Status"), "Invalid property 'Status' in 'GatewayResponses' property 'X'."),
    ({"X": {"StatusCode": "4x"}}, ("X", "StatusCode"), "Property 'StatusCode' must be numeric"),
    ({"X": {"ResponseParameters": {"Header": {}}}}, ("X", "ResponseParameters", "Header"),
     "Invalid gateway response parameter 'Header'"),
])
def test_sams_gateway_response_errors(responses, path, message):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(GatewayResponses=responses)})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "GatewayResponses") + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("key, value", [("Domain", {"DomainName": "x.example.com"}),
                                        ("AlwaysDeploy", True)])
def test_unsupported_settings_of_an_explicit_api_are_errors_naming_the_event(key, value):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(**{key: value})})
    [(path, message)] = errors_of(case)
    assert path[:4] == ("Resources", "MyApi", "Properties", key) and "'Post' of Orders" in message


def test_unsupported_globals_api_settings_are_errors_naming_the_event():
    case = template({"Orders": machine({"Post": api("/a", "post")})}, Globals={"Api": {"Domain": {}}})
    [(path, message)] = errors_of(case)
    assert path == ("Globals", "Api", "Domain") and "'Post' of Orders" in message


@pytest.mark.parametrize("rest_api_id, differences", [
    ({"Ref": "Topic"}, ("strict-input-validation",)),  # SAM makes the role alone: an event that starts nothing
    ("Nope", ()), ({"Fn::GetAtt": ["MyApi", "RootResourceId"]}, ())])
def test_a_rest_api_id_that_is_no_serverless_api_is_sams_error(rest_api_id, differences):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId=rest_api_id)}),
                     "MyApi": explicit(), "Topic": {"Type": "AWS::SNS::Topic"}})
    assert errors_of(case) == [(EVENTS + ("Post", "Properties", "RestApiId"),
                                "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same "
                                "template.")]
    assert check_against_oracle(case, region="us-east-1", differences=differences) == "rejected"


def test_an_explicit_api_without_stage_name_is_sams_error():
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": {"Type": "AWS::Serverless::Api", "Properties": {"Name": "x"}}})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties"), "Missing required property 'StageName'.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("settings", [{}, {"MergeDefinitions": True}])  # SAM merges only functions' methods
def test_auth_on_an_event_of_an_api_with_its_own_definition_is_a_warning(settings):
    # SAM ignores the setting, and the template deploys as SAM builds it: a warning, not a refusal
    # (found by AWS SAM's api_with_swagger_authorizer_none).
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"},
                                                    Auth={"ApiKeyRequired": True, "Authorizer": "NONE"})}),
                     "MyApi": explicit(DefinitionBody=OWN_BODY, **settings)})
    [warning] = expand_template(case).warnings
    assert warning.path == EVENTS + ("Post", "Properties", "Auth") and "definition of its own" in warning.message
    assert check_against_oracle(case, region="us-east-1") == "expanded"


@pytest.mark.parametrize("properties, path, message", [
    ({"DefinitionUri": "https://bucket/api.yaml"}, ("DefinitionUri",),
     "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."),
    ({"DefinitionUri": {"Bucket": "b"}}, ("DefinitionUri",),
     "'DefinitionUri' requires Bucket and Key properties to be specified."),
    ({"DefinitionUri": "s3://b/k", "DefinitionBody": OWN_BODY}, (),
     "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both."),
])
def test_sams_definition_uri_errors(properties, path, message):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(**properties)})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties") + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("item", [[], "get", {"Fn::If": ["IsProd", {"get": {}}, []]}])
@pytest.mark.parametrize("settings, refused", [
    ({}, False), ({"Auth": {}}, False), ({"Models": {}}, False), ({"OpenApiVersion": "3.0.1"}, False),
    ({"Auth": {"DefaultAuthorizer": "AWS_IAM"}}, True), ({"Auth": {"ApiKeyRequired": True}}, True),
    ({"Cors": "'*'"}, True), ({"GatewayResponses": {"DEFAULT_4XX": {"StatusCode": 400}}}, True),
    ({"Models": {"M": {"type": "object"}}}, True), ({"DisableExecuteApiEndpoint": False}, True)])
def test_a_path_of_the_apis_own_body_that_is_not_a_mapping(item, settings, refused):
    # Found by the fuzz test as a crash (AttributeError) with a default authorizer. AWS SAM reads
    # every path of the API's own body, and refuses one that is not a mapping, only when a
    # setting makes it edit the body; otherwise the body goes through as written.
    body = {**OWN_BODY, "paths": {**OWN_BODY["paths"], "/own": item}}
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(DefinitionBody=body, **settings)})
    if refused:
        assert errors_of(case) == [(("Resources", "MyApi", "Properties", "DefinitionBody", "paths", "/own"),
                                    "Value of '/own' path must be a dictionary according to Swagger spec.")]
    assert (check_against_oracle(case, region="us-east-1") == "rejected") == refused  # else SAM's output, compared


@pytest.mark.parametrize("key, value", [("Cors", "'*'"), ("GatewayResponses", {"DEFAULT_4XX": {}}),
                                        ("DisableExecuteApiEndpoint", False), ("Models", {"M": {"type": "object"}}),
                                        ("MergeDefinitions", True)])
def test_body_settings_with_a_definition_in_s3_are_sams_errors(key, value):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(DefinitionUri="s3://b/k", **{key: value})})
    [(path, message)] = errors_of(case)
    assert path == ("Resources", "MyApi") and key in message
    assert check_against_oracle(case, region="us-east-1") == "rejected"


@pytest.mark.parametrize("models, path, message", [
    ({"Order": 5}, (), "Invalid value for 'Models' property"),
    (["Order"], (), "Property 'Models' should be a map."),  # found by AWS SAM's error_api_with_models_of_invalid_type
    ({"Order": {"properties": {}}}, ("Order",), "'Models' schema is missing 'type'."),
])
def test_sams_model_errors(models, path, message):
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(Models=models)})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "Models") + path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_a_definition_body_that_is_no_openapi_document_is_refused():
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(DefinitionBody={"info": {"title": "no paths"}})})
    [(path, message)] = errors_of(case)
    assert path == ("Resources", "MyApi", "Properties", "DefinitionBody") and "OpenAPI 3" in message
    # SAM keeps it as written, and API Gateway refuses a body without paths.
    assert check_against_oracle(case, region="us-east-1", differences=("strict-input-validation",)) == "rejected"


# Found by AWS SAM's globals_for_api, error_api_invalid_auth and error_api_invalid_request_model:
# a setting that edits a body that is no Swagger or OpenAPI document is SAM's error, in its words,
# where the setting is written (Globals.Api included), not samtransform's own refusal of the body.
@pytest.mark.parametrize("api_settings, globals_settings, path, message", [
    ({"Auth": {"DefaultAuthorizer": "AWS_IAM"}}, None, ("Resources", "MyApi", "Properties", "Auth"),
     "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({}, {"Auth": {"ApiKeyRequired": True}}, ("Globals", "Api", "Auth"),
     "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({"Models": {"M": {"type": "object"}}}, None, ("Resources", "MyApi", "Properties", "Models"),
     "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition."),
    ({}, {"Cors": "'*'"}, ("Globals", "Api", "Cors"),
     "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition."),
])
def test_a_setting_that_edits_a_body_that_is_no_document_is_sams_error(api_settings, globals_settings, path, message):
    sections = {"Globals": {"Api": globals_settings}} if globals_settings else {}
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(DefinitionBody={"this": "is", "no": "document"}, **api_settings)}, **sections)
    assert errors_of(case) == [(path, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


# Found by AWS SAM's error_invalid_method_definition and error_swagger_security_not_dict: as SAM puts
# the default security on each method of the API's own body, it refuses a method that is no mapping,
# and a security of a method with an integration that is no list of mappings.
INTEGRATED = {"x-amazon-apigateway-integration": {"type": "mock"}}


@pytest.mark.parametrize("item, at, message", [
    ({"tags": ["x"], "get": INTEGRATED}, ("tags",), "Definition of method 'tags' for path '/own' should be a map."),
    ({"get": {"Fn::If": ["IsProd", "nope", {}]}}, ("get",),
     "Definition of method 'get' for path '/own' should be a map."),
    ({"GET": {**INTEGRATED, "security": {"A": []}}}, ("GET", "security"),
     "Type of security for path /own method get must be a list"),
    ({"get": {**INTEGRATED, "security": ["A"]}}, ("get", "security", 0),
     "A in Security for path /own method get is not a valid dictionary."),
])
@pytest.mark.parametrize("auth", [{"DefaultAuthorizer": "AWS_IAM"}, {"ApiKeyRequired": True}])
def test_what_sam_cannot_secure_in_the_apis_own_body_is_its_error(item, at, message, auth):
    body = {**OWN_BODY, "paths": {**OWN_BODY["paths"], "/own": item, "/fine": {"parameters": [], "get": INTEGRATED}}}
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(DefinitionBody=body, Auth=auth)},
                    Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "DefinitionBody", "paths", "/own") + at, message)]
    assert check_against_oracle(case, region="us-east-1") == "rejected"
    # Without default security SAM reads no method, and keeps the body as written.
    del case["Resources"]["MyApi"]["Properties"]["Auth"]
    assert check_against_oracle(case, region="us-east-1") == "expanded"


# Found by AWS SAM's error_api_with_invalid_open_api_version_type.
@pytest.mark.parametrize("version, body", [(3, None), (2.0, None), (True, None), (3.0, "own"),
                                           ({"Ref": "Version"}, None)])
def test_an_open_api_version_sam_does_not_take_as_text_is_its_error(version, body):
    properties = {"OpenApiVersion": version, **({"DefinitionBody": OWN_BODY} if body else {})}
    case = template({"Orders": machine({"Post": api("/a", "post", RestApiId={"Ref": "MyApi"})}),
                     "MyApi": explicit(**properties)}, Parameters={"Version": {"Type": "String", "Default": "3.0"}})
    assert errors_of(case) == [(("Resources", "MyApi", "Properties", "OpenApiVersion"),
                                "Property 'OpenApiVersion' should be a string.")]
    assert check_against_oracle(case, region="us-east-1") == "rejected"


def test_a_resource_named_serverless_rest_api_is_refused():
    case = template({"Orders": machine({"Post": api("/orders", "post")}),
                     "ServerlessRestApi": {"Type": "AWS::SNS::Topic"}})
    [(path, message)] = errors_of(case)
    assert path == ("Resources", "ServerlessRestApi") and "'Post' of Orders" in message
    # SAM silently replaces the topic with its API.
    assert check_against_oracle(case, region="us-east-1", differences=("generated-id-collision",)) == "rejected"


NAMES = st.text(string.ascii_letters + string.digits, min_size=1, max_size=8)
PATHS = st.lists(st.sampled_from(["orders", "{id}", "items", "a", "b-c", "v1", "{proxy+}"]), min_size=0,
                 max_size=3).map(lambda parts: "/" + "/".join(parts))
METHODS = st.sampled_from(["get", "POST", "put", "delete", "ANY", "patch", "options", "head"])


@st.composite
def api_templates(draw) -> dict:
    machines = draw(st.dictionaries(NAMES.map(lambda name: "M" + name), st.dictionaries(
        NAMES, st.tuples(PATHS, METHODS, st.booleans()), min_size=1, max_size=5), min_size=1, max_size=3))
    conditions = draw(st.lists(st.sampled_from([None, "IsProd", "IsTest"]), min_size=len(machines),
                               max_size=len(machines)))
    resources = {}
    for (logical_id, events), condition in zip(machines.items(), conditions):
        resource = machine({name: api(path, method, UnescapeMappingTemplate=unescape)
                            for name, (path, method, unescape) in events.items()})
        if condition:
            resource["Condition"] = condition
        resources[logical_id] = resource
    return template(resources, Conditions={"IsProd": {"Fn::Equals": ["a", "a"]},
                                           "IsTest": {"Fn::Equals": ["a", "b"]}})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(api_templates())
def test_generated_api_templates_expand_or_fail_as_sam_does(case):
    check_against_oracle(case, region="us-east-1")
