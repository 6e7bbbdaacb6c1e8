"""Auth.Authorizers of a REST API that samtransform builds: Cognito user pool and Lambda authorizers.

Rules, as AWS SAM applies them:
- an authorizer with `UserPoolArn` (one ARN or a list) is a Cognito user pool authorizer:
  the security definition `{type: apiKey, name: <Identity.Header or Authorization>, in:
  header, x-amazon-apigateway-authtype: cognito_user_pools, x-amazon-apigateway-authorizer:
  {type: cognito_user_pools, providerARNs: [...], identityValidationExpression}}`;
- an authorizer with `FunctionArn` is a Lambda authorizer, `FunctionPayloadType` TOKEN (the
  default) or REQUEST: authtype `custom`, authorizer `{type: token|request, authorizerUri:
  arn:<partition>:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations,
  authorizerResultTtlInSeconds: <Identity.ReauthorizeEvery>, authorizerCredentials:
  <FunctionInvokeRole unless NONE>}`; a TOKEN authorizer reads `Identity.Header` (default
  Authorization) and takes `Identity.ValidationExpression`; a REQUEST authorizer's header
  name is `Unused` and its `identitySource` lists `method.request.header.<h>`,
  `method.request.querystring.<q>`, `stageVariables.<s>` and `context.<c>` from
  `Identity.Headers`, `QueryStrings`, `StageVariables` and `Context`, joined by ", ";
- each Lambda authorizer gets the `AWS::Lambda::Permission` `<Api><Name>AuthorizerPermission`
  letting apigateway.amazonaws.com invoke its function from
  `arn:<partition>:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*`,
  with the API's Condition, DeletionPolicy and UpdateReplacePolicy, unless
  `DisableFunctionDefaultPermissions: true`;
- `AuthorizationScopes` (a list) are the scopes of methods that use the authorizer;
- SAM's errors: an authorizer that is no mapping, an unknown FunctionPayloadType, a REQUEST
  authorizer without an identity source (unless `ReauthorizeEvery` is 0), an Identity that
  is no mapping, identity sources that are no list of strings, AuthorizationScopes that are
  no list, a DisableFunctionDefaultPermissions that is no boolean.
A key that the authorizer's kind does not read (an HTTP API's EnableSimpleResponses, a REQUEST
authorizer's Identity.Headers on a TOKEN one) is a warning naming it, as the setting does
nothing (the template deploys as SAM builds it). Beyond SAM (null-values): an authorizer with
neither UserPoolArn nor FunctionArn is an error (SAM writes a null authorizerUri).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.intrinsics import ref
from ...core.logical_ids import authorizer_permission_id
from ...core.py27_dict import Py2Dict, TemplateText, py2_dict

AUTHORIZER_KEY = "x-amazon-apigateway-authorizer"
PAYLOAD_TYPES = ("TOKEN", "REQUEST")
COGNITO_KEYS = ("UserPoolArn", "Identity", "AuthorizationScopes")
LAMBDA_KEYS = ("FunctionArn", "FunctionPayloadType", "FunctionInvokeRole", "Identity", "AuthorizationScopes",
               "DisableFunctionDefaultPermissions")
IDENTITY_KEYS = {
    "COGNITO": ("Header", "ValidationExpression"),
    "TOKEN": ("Header", "ValidationExpression", "ReauthorizeEvery"),
    "REQUEST": ("Headers", "QueryStrings", "StageVariables", "Context", "ReauthorizeEvery"),
}
# Identity key -> the prefix of each entry in a REQUEST authorizer's identitySource.
IDENTITY_SOURCES = (("Headers", "method.request.header."), ("QueryStrings", "method.request.querystring."),
                    ("StageVariables", "stageVariables."), ("Context", "context."))
AUTHORIZER_URI = ("arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/2015-03-31/functions/${{__FunctionArn__}}/"
                  "invocations")
SOURCE_ARN = "arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}/authorizers/*"

NOT_A_MAP = "Property 'Auth.Authorizers.{name}' should be a map."
BAD_PAYLOAD_TYPE = "{name} Authorizer has invalid 'FunctionPayloadType': {value}."
NO_IDENTITY_SOURCE = ("{name} Authorizer must specify Identity with at least one of Headers, QueryStrings, "
                      "StageVariables, or Context.")
IDENTITY_NOT_A_MAP = ("Auth.Authorizers.<Authorizer>.Identity must be a dict (LambdaTokenAuthorizationIdentity, "
                      "LambdaRequestAuthorizationIdentity or CognitoAuthorizationIdentity).")
SOURCES_NOT_A_LIST = "Property 'Auth.Authorizers.{name}.Identity.{key}' should be a list."
SOURCE_NOT_A_STRING = "Property 'Auth.Authorizers.{name}.Identity.{key}[{index}]' should be a string."
SCOPES_NOT_A_LIST = "Property 'Authorizers.{name}.AuthorizationScopes' should be a list."
PERMISSIONS_NOT_A_BOOLEAN = "Property 'Authorizers.{name}.DisableFunctionDefaultPermissions' should be a boolean."
NO_FUNCTION = ("Auth.Authorizers.{name} has neither UserPoolArn (a Cognito user pool authorizer) nor FunctionArn (a "
               "Lambda authorizer): AWS SAM would write a null authorizerUri, which API Gateway rejects")
UNKNOWN_KEY = ("Auth.Authorizers.{name}: {key} is not read for {kind} authorizers (AWS SAM ignores it); remove it "
               "or use {expected}")


def kind(authorizer: dict) -> str:
    """COGNITO, TOKEN or REQUEST, as AWS SAM tells them apart (a UserPoolArn makes a Cognito authorizer)."""
    if authorizer.get("UserPoolArn"):
        return "COGNITO"
    return authorizer.get("FunctionPayloadType") or "TOKEN"


def iter_errors(path: tuple, name: str, authorizer) -> Iterator[Problem]:
    """SAM's errors in one authorizer, then the keys its kind does not read."""
    if not isinstance(authorizer, dict):
        yield Problem(path, NOT_A_MAP.format(name=name))
        return
    payload_type = authorizer.get("FunctionPayloadType")
    if payload_type is not None and payload_type not in PAYLOAD_TYPES:
        yield Problem(path + ("FunctionPayloadType",), BAD_PAYLOAD_TYPE.format(name=name, value=payload_type))
        return
    identity = authorizer.get("Identity")
    if identity is not None and not isinstance(identity, dict):
        yield Problem(path + ("Identity",), IDENTITY_NOT_A_MAP)
        return
    if payload_type == "REQUEST" and _missing_identity_source(identity):
        yield Problem(path + ("Identity",), NO_IDENTITY_SOURCE.format(name=name))
        return
    scopes = authorizer.get("AuthorizationScopes")
    if scopes is not None and not isinstance(scopes, list):
        yield Problem(path + ("AuthorizationScopes",), SCOPES_NOT_A_LIST.format(name=name))
    disable = authorizer.get("DisableFunctionDefaultPermissions")
    if disable is not None and not isinstance(disable, bool):
        yield Problem(path + ("DisableFunctionDefaultPermissions",),
                             PERMISSIONS_NOT_A_BOOLEAN.format(name=name))
    if kind(authorizer) == "REQUEST":
        yield from _source_errors(path + ("Identity",), name, identity)
    if kind(authorizer) != "COGNITO" and not authorizer.get("FunctionArn"):
        yield Problem(path, NO_FUNCTION.format(name=name))
    yield from _unknown_keys(path, name, authorizer)


def _missing_identity_source(identity) -> bool:
    """SAM's test: no identity source, unless ReauthorizeEvery reads as 0 (no caching needs none)."""
    if not identity:
        return True
    missing = not any(identity.get(key) for key, _ in IDENTITY_SOURCES)
    ttl = identity.get("ReauthorizeEvery")
    if ttl is None:
        return missing
    try:
        return int(ttl) > 0 and missing
    except (TypeError, ValueError):
        return missing


def _source_errors(path: tuple, name: str, identity: dict) -> Iterator[Problem]:
    for key, _ in IDENTITY_SOURCES:
        sources = identity.get(key)
        if not sources:
            continue
        if not isinstance(sources, list):
            yield Problem(path + (key,), SOURCES_NOT_A_LIST.format(name=name, key=key))
            continue
        for index, source in enumerate(sources):
            if not isinstance(source, str):
                yield Problem(path + (key, index), SOURCE_NOT_A_STRING.format(name=name, key=key, index=index))


def _unknown_keys(path: tuple, name: str, authorizer: dict) -> Iterator[Problem]:
    which = kind(authorizer)
    keys = COGNITO_KEYS if which == "COGNITO" else LAMBDA_KEYS
    description = "Cognito user pool" if which == "COGNITO" else f"Lambda {which}"
    for key in authorizer:
        if key not in keys:
            yield Problem(path + (key,), UNKNOWN_KEY.format(name=name, key=key, kind=description,
                                                            expected=", ".join(keys)), severity="warning")
    identity = authorizer.get("Identity") or {}
    for key in identity:
        if key not in IDENTITY_KEYS[which]:
            yield Problem(path + ("Identity", key), UNKNOWN_KEY.format(
                name=name, key=f"Identity.{key}", kind=description, expected=", ".join(IDENTITY_KEYS[which])),
                severity="warning")


def definition(authorizer: Py2Dict, partition: str) -> Py2Dict:
    """The security definition of one authorizer, as SAM holds it (`authorizer` read with from_template)."""
    which = kind(authorizer)
    identity = authorizer.get("Identity") or {}
    header = "Unused" if which == "REQUEST" else (identity.get("Header") or "Authorization")
    result = py2_dict(("type", "apiKey"), ("name", header), ("in", "header"),
                      ("x-amazon-apigateway-authtype", "cognito_user_pools" if which == "COGNITO" else "custom"))
    if which == "COGNITO":
        arns = authorizer["UserPoolArn"]
        settings = py2_dict(("type", "cognito_user_pools"),
                            ("providerARNs", arns if isinstance(arns, list) else [arns]))
    else:
        settings = py2_dict(("type", which.lower()))
        settings["authorizerUri"] = {"Fn::Sub": [AUTHORIZER_URI.format(partition=partition),
                                                 {"__FunctionArn__": authorizer.get("FunctionArn")}]}
        if identity.get("ReauthorizeEvery") is not None:
            settings["authorizerResultTtlInSeconds"] = identity["ReauthorizeEvery"]
        role = authorizer.get("FunctionInvokeRole")
        if role and role != "NONE":
            settings["authorizerCredentials"] = role
        if which == "REQUEST" and _identity_source(identity):
            settings["identitySource"] = _identity_source(identity)
    result["x-amazon-apigateway-authorizer"] = settings
    if which in ("COGNITO", "TOKEN") and identity.get("ValidationExpression"):
        settings["identityValidationExpression"] = identity["ValidationExpression"]
    return result


def _identity_source(identity) -> str:
    """The sources joined by ", " (template text when any part is, as SAM marks it)."""
    parts = [(TemplateText(prefix + source) if isinstance(source, TemplateText) else prefix + source)
             for key, prefix in IDENTITY_SOURCES for source in (identity.get(key) or ())]
    joined = ", ".join(parts)
    return TemplateText(joined) if any(isinstance(part, TemplateText) for part in parts) else joined


def permissions(api_id: str, authorizers, attributes: dict, partition: str) -> dict:
    """The Lambda permissions of the API's Lambda authorizers, in the order of its Authorizers (as SAM holds it)."""
    made = {}
    for name, authorizer in (authorizers or {}).items():
        if (not isinstance(authorizer, dict) or kind(authorizer) == "COGNITO" or not authorizer.get("FunctionArn")
                or authorizer.get("DisableFunctionDefaultPermissions")):
            continue
        made[authorizer_permission_id(api_id, name)] = {
            "Type": "AWS::Lambda::Permission", **attributes, "Properties": {
                "Action": "lambda:InvokeFunction", "FunctionName": authorizer["FunctionArn"],
                "Principal": "apigateway.amazonaws.com",
                "SourceArn": {"Fn::Sub": [SOURCE_ARN.format(partition=partition), {"__ApiId__": ref(api_id)}]}}}
    return made
