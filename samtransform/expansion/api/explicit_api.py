"""An `AWS::Serverless::Api` that state machine Api events name in `RestApiId`.

Rules, as AWS SAM applies them:
- samtransform expands the API too, because the events change its definition: SAM
  starts its body as for the implicit API and adds each event's method
  (definition_body.py); Globals.Api applies (globals_api.py);
- RestApi: `Name`, `Description`, `BinaryMediaTypes` (also written into the body as
  `x-amazon-apigateway-binary-media-types`, with `~1` read as `/`),
  `MinimumCompressionSize`, `EndpointConfiguration` (a type, or `{Type, VPCEndpointIds,
  IpAddressType}`), `Mode`, `ApiKeySourceType`, `FailOnWarnings`, `Policy`,
  `SecurityPolicy`, `EndpointAccessMode`; Stage: `StageName`, `Variables`,
  `MethodSettings`, `TracingEnabled`, `CacheClusterEnabled`, `CacheClusterSize`,
  `AccessLogSetting`, `CanarySetting`, `Tags` (with `PropagateTags`, the RestApi's too);
  `OpenApiVersion` 3.x makes the body `openapi: <version>` instead of `swagger: "2.0"`,
  and any OpenApiVersion drops the Deployment's extra `Stage` stage (rest_api.py);
  `Cors` adds OPTIONS methods (cors.py), `GatewayResponses` API Gateway's own responses
  (gateway_responses.py); `DisableExecuteApiEndpoint` goes into the body as
  `x-amazon-apigateway-endpoint-configuration` (under each of `servers` with OpenAPI 3);
  `Auth` sets default security (auth.py);
  `Models` become `definitions` (`components.schemas` with OpenAPI 3) under their names in
  lower case (body_settings.py);
- `DefinitionUri` (an S3 URI with optional `?versionId=`, or Bucket/Key/Version) becomes
  the RestApi's `BodyS3Location`, hashed for the Deployment; as with a DefinitionBody of
  the user's own, the events add nothing to it; Cors, GatewayResponses and
  DisableExecuteApiEndpoint need an inline body (SAM's errors);
- `MergeDefinitions` merges only functions' methods in SAM: for state machine events it
  changes nothing, and with DefinitionUri it is SAM's error;
- a `DefinitionBody` that is an intrinsic function (`Fn::Transform: AWS::Include`, an
  `Fn::If`) is kept as written for CloudFormation, and hashed as written; a setting that
  would edit it (Cors, Auth, GatewayResponses, Models, BinaryMediaTypes,
  DisableExecuteApiEndpoint), on the API or from Globals.Api, is SAM's error; so it is for
  a mapping that is no Swagger 2.0 or OpenAPI 3 document, which is refused without such a
  setting too (strict-input-validation: API Gateway refuses to import it);
- a `DefinitionBody` of the user's own (a Swagger 2.0 or OpenAPI 3 mapping with `paths`)
  is kept as written: SAM adds no method for the events, which only get their roles
  (the body's own integrations may use them: `!GetAtt <Id><EventId>Role.Arn`), and an
  event's `Auth` does nothing there (a warning, unless MergeDefinitions merges a
  function's method, which is refused); a setting that
  edits it needs each path to be a mapping, and default security (a DefaultAuthorizer,
  ApiKeyRequired) each method too, with a `security` that is a list of mappings where it
  has an integration (SAM's errors);
- the resource's Condition, DeletionPolicy and UpdateReplacePolicy go on all three
  resources, DependsOn, Metadata and UpdatePolicy on the RestApi.
Refused, each an error naming the property and an event that feeds the API
(UNSUPPORTED): what samtransform does not reproduce (custom domains, a new deployment on
every run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.problems import Problem
from ...core.intrinsics import is_intrinsic
from ...core.schema import load_schema
from ..definition import s3_location
from ...core.py27_dict import plain
from .path_items import contents

RESOURCE_TYPE = "AWS::Serverless::Api"
SCHEMA = "sam/aws-serverless-api.json"
UNSUPPORTED = {
    "Domain": "custom domains",
    "AlwaysDeploy": "a new deployment on every run (samtransform's output is the same for the same input)",
}
# Kept on the RestApi; the first three also on its Deployment and Stage.
PASSTHROUGH_ATTRIBUTES = ("Condition", "DeletionPolicy", "UpdateReplacePolicy")
REST_API_ATTRIBUTES = ("DependsOn", "Metadata", "UpdatePolicy")


def unsupported_message(key: str, where: str, event: str) -> str:
    return (f"{where} sets {key} ({UNSUPPORTED[key]}), which samtransform does not build for an API that state "
            f"machine Api events feed ({event}); remove {key}, or leave these resources to AWS SAM")


INVALID_BODY = ("DefinitionBody must be a Swagger 2.0 or OpenAPI 3 document (a mapping with 'swagger' or 'openapi' "
                "(3.x) and a 'paths' mapping), or an intrinsic function such as Fn::Transform AWS::Include")
# SAM's errors for a setting that edits a DefinitionBody it cannot read (an intrinsic function).
UNREADABLE_BODY = {
    "Cors": "Unable to add Cors configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
    "Auth": "Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger definition.",
    # (SAM's own words for GatewayResponses, which name Auth)
    "GatewayResponses": ("Unable to add Auth configuration because 'DefinitionBody' does not contain a valid Swagger "
                         "definition."),
    "Models": "Unable to add Models definitions because 'DefinitionBody' does not contain a valid Swagger definition.",
    "BinaryMediaTypes": ("Invalid Swagger document or the Swagger document is not explicitly defined in "
                         "'DefinitionBody'."),
    "DisableExecuteApiEndpoint": ("Invalid Swagger document or the Swagger document is not explicitly defined in "
                                  "'DefinitionBody'."),
}


def is_valid_body(body) -> bool:
    """SAM's test of an inline definition it can edit."""
    if not (isinstance(body, dict) and body and isinstance(body.get("paths"), dict)):
        return False
    if body.get("swagger"):
        return True
    version = body.get("openapi")
    return isinstance(version, str) and re.fullmatch(r"3(\.\d)(\.\d)?", version) is not None


def body_errors(api_id: str, properties: dict, setting_path) -> Iterator[Problem]:
    """SAM's errors in the API's own DefinitionBody, with Globals.Api merged into `properties`
    (`setting_path(key)`: where a setting is written).

    A body SAM cannot read (an intrinsic function, or a mapping that is no Swagger or OpenAPI
    document) is SAM's error, in its words, for each setting that would edit it; with none, an
    intrinsic function is kept as written, while a mapping that is no document is refused
    (strict-input-validation: API Gateway refuses to import an invalid OpenAPI document). A
    document that a setting edits must have the shape SAM reads as it edits it."""
    body = properties.get("DefinitionBody")
    if not body:  # none, or an empty one SAM replaces with its own (`managed`)
        return
    path = ("Resources", api_id, "Properties", "DefinitionBody")
    if not is_valid_body(body):
        settings = unreadable_settings(properties)
        for key in settings:
            yield Problem(setting_path(key), UNREADABLE_BODY[key])
        if not settings and not is_intrinsic(body):
            yield Problem(path, INVALID_BODY)
    elif edits_body(properties):
        yield from path_item_errors(path, body)
        if sets_default_security(properties.get("Auth")):
            yield from method_errors(path, body)


# SAM's errors for an own body it cannot read as it edits it.
PATH_NOT_A_MAP = "Value of '{path}' path must be a dictionary according to Swagger spec."
METHOD_NOT_A_MAP = "Definition of method '{method}' for path '{path}' should be a map."
SECURITY_NOT_A_LIST = "Type of security for path {path} method {method} must be a list"
SECURITY_ENTRY_NOT_A_MAP = "{entry} in Security for path {path} method {method} is not a valid dictionary."
# Keys of a path item that are not methods.
NOT_METHODS = ("summary", "description", "parameters")


def path_item_errors(path: tuple, body: dict) -> Iterator[Problem]:
    """A path whose item (or a branch of the Fn::If around it) is not a mapping of methods:
    AWS SAM refuses such a document when it edits it (`edits_body`)."""
    for name, item in body["paths"].items():
        if not all(isinstance(content, dict) for content in contents(item)):
            yield Problem(path + ("paths", name), PATH_NOT_A_MAP.format(path=name))


def sets_default_security(auth) -> bool:
    """Whether SAM puts default security on every method of the body: a DefaultAuthorizer among the
    API's authorizers (or AWS_IAM), or ApiKeyRequired."""
    if not isinstance(auth, dict):
        return False
    default = auth.get("DefaultAuthorizer")
    return bool((default and (auth.get("Authorizers") or default == "AWS_IAM")) or auth.get("ApiKeyRequired"))


def method_errors(path: tuple, body: dict) -> Iterator[Problem]:
    """What AWS SAM refuses as it sets default security on each method (measured with
    aws-sam-translator 1.115.0): a method that is no mapping, and on a method with an integration,
    a `security` that is no list of mappings."""
    for name, item in body["paths"].items():
        for content in contents(item):
            if not isinstance(content, dict):
                continue  # path_item_errors
            for method, definition in content.items():
                if method in NOT_METHODS:
                    continue
                where = path + ("paths", name, method)
                for branch in contents(definition):
                    if not isinstance(branch, dict):
                        yield Problem(where, METHOD_NOT_A_MAP.format(method=method, path=name))
                    elif branch.get("x-amazon-apigateway-integration"):
                        yield from _security_errors(where + ("security",), branch.get("security", []), name,
                                                    method.lower() if isinstance(method, str) else method)


def _security_errors(path: tuple, security, name: str, method) -> Iterator[Problem]:
    if not isinstance(security, list):
        yield Problem(path, SECURITY_NOT_A_LIST.format(path=name, method=method))
        return
    for index, entry in enumerate(security):
        if not isinstance(entry, dict):
            yield Problem(path + (index,), SECURITY_ENTRY_NOT_A_MAP.format(entry=plain(entry), path=name,
                                                                           method=method))


BOTH_DEFINITIONS = "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both."
# Settings that edit the body, with SAM's error when the definition is in S3.
NEED_INLINE_BODY = {
    "Cors": "Cors works only with inline Swagger specified in 'DefinitionBody' property.",
    "GatewayResponses": "GatewayResponses works only with inline Swagger specified in 'DefinitionBody' property.",
    "DisableExecuteApiEndpoint": "DisableExecuteApiEndpoint works only within 'DefinitionBody' property.",
    "Models": "Models works only with inline Swagger specified in 'DefinitionBody' property.",
    "MergeDefinitions": "Cannot set 'MergeDefinitions' to True when using `DefinitionUri`.",
    "Auth": "Auth works only with inline Swagger specified in 'DefinitionBody' property.",
}


def body_settings(properties: dict) -> list[str]:
    """The settings of NEED_INLINE_BODY the API sets: an empty one sets nothing, while
    DisableExecuteApiEndpoint counts even when false (as AWS SAM reads them)."""
    return [key for key in NEED_INLINE_BODY
            if properties.get(key) or (key == "DisableExecuteApiEndpoint" and key in properties)]


def edits_body(properties: dict) -> bool:
    """Whether AWS SAM edits an API's own DefinitionBody, and so first reads every path in it:
    any of `body_settings` but MergeDefinitions, which merges without reading the paths
    (measured with aws-sam-translator 1.115.0)."""
    return any(key != "MergeDefinitions" for key in body_settings(properties))


INVALID_MODELS = "Invalid value for 'Models' property"
MODEL_WITHOUT_TYPE = "'Models' schema is missing 'type'."


def model_errors(path: tuple, models: dict) -> Iterator[Problem]:
    """SAM's errors for Models: each a mapping with a `type`."""
    if not all(isinstance(model, dict) for model in models.values()):
        yield Problem(path, INVALID_MODELS)
        return
    for name, model in models.items():
        if not model.get("type"):
            yield Problem(path + (name,), MODEL_WITHOUT_TYPE)
            return


def managed(resource: dict) -> bool:
    """Whether SAM writes the API's definition (no DefinitionBody or DefinitionUri of the user's own; an
    empty DefinitionBody counts as none, as SAM's default-definition step reads it)."""
    properties = resource.get("Properties")
    if not isinstance(properties, dict):  # not a mapping: iter_errors reports it
        return True
    return not properties.get("DefinitionBody") and "DefinitionUri" not in properties


def iter_errors(api_id: str, resource: dict, event: str) -> Iterator[Problem]:
    path = ("Resources", api_id)
    properties = resource.get("Properties")
    if isinstance(properties, dict):
        for key in properties:
            if key in UNSUPPORTED:
                yield Problem(path + ("Properties", key),
                                     unsupported_message(key, f"the API {api_id}", event))
        if any(key in UNSUPPORTED for key in properties):
            return
    schema = load_schema(SCHEMA)
    if not schema.is_valid(resource):
        from ...core.schema_wording import iter_errors as schema_errors  # only invalid input pays for jsonschema

        yield from schema_errors(schema, resource, path)
    elif "DefinitionBody" in properties and "DefinitionUri" in properties:
        yield Problem(path + ("Properties",), BOTH_DEFINITIONS)
    elif properties.get("DefinitionBody"):
        return  # the settings that edit it may come from Globals.Api: `body_errors`, once they are merged
    elif "DefinitionUri" in properties:
        yield from s3_location(path + ("Properties", "DefinitionUri"), properties["DefinitionUri"])[1]


def unreadable_settings(properties: dict) -> list[str]:
    """The settings (of UNREADABLE_BODY) that would edit a DefinitionBody SAM cannot read (AWS::Include)."""
    return [key for key in UNREADABLE_BODY
            if properties.get(key) or (key == "DisableExecuteApiEndpoint" and key in properties)]


def attributes(resource: dict) -> tuple[dict, dict]:
    """(the RestApi's resource attributes, those its Deployment and Stage take)."""
    passthrough = {key: resource[key] for key in PASSTHROUGH_ATTRIBUTES if key in resource}
    own = {key: resource[key] for key in REST_API_ATTRIBUTES if key in resource}
    return {**own, **passthrough}, passthrough
