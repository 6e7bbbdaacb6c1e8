"""Auth on a REST API that state machines feed: IAM by default, API keys by default.

Rules, as AWS SAM applies them (on the API, or from Globals.Api):
- `DefaultAuthorizer: AWS_IAM` adds the `AWS_IAM` security definition (`awsSigv4`) and
  puts `security: [{AWS_IAM: []}]` on every method that has an integration and no
  authorizer of its own; an event's `Authorizer: NONE` opts its method out (its marker
  stays); `AddDefaultAuthorizerToCorsPreflight: false` leaves OPTIONS methods alone;
- `ApiKeyRequired: true` adds the `api_key` security definition and `{api_key: []}` to
  every such method; an event's `ApiKeyRequired: false` opts out;
  `AddApiKeyRequiredToCorsPreflight: false` leaves OPTIONS methods alone;
- another key is SAM's "Invalid value for 'Auth' property".
Not built yet (an error naming the property, api-settings-unsupported): `Authorizers`
(Cognito and Lambda authorizers, which also make Lambda permissions), another
`DefaultAuthorizer`, `ResourcePolicy`, `UsagePlan`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...errors import TransformError
from ...py27_dict import Py2Dict, TemplateText, py2_dict, rebuild
from . import tables

FIELDS = ("Authorizers", "DefaultAuthorizer", "InvokeRole", "AddDefaultAuthorizerToCorsPreflight",
          "AddApiKeyRequiredToCorsPreflight", "ApiKeyRequired", "ResourcePolicy", "UsagePlan")
NOT_BUILT = ("Authorizers", "ResourcePolicy", "UsagePlan")
INVALID = "Invalid value for 'Auth' property"
NOT_BUILT_MESSAGE = ("Auth.{key} is not built by samtransform yet for an API that state machine Api events feed "
                     "({event}); remove it, or leave these resources to AWS SAM")
OTHER_DEFAULT = ("Auth.DefaultAuthorizer {value!r}: samtransform builds AWS_IAM only (no Authorizers) for an API "
                 "that state machine Api events feed ({event}); remove it, or leave these resources to AWS SAM")
SECURITY_FIELDS = ("summary", "description", "parameters")  # path item keys that are not methods
IAM_AUTHORIZER_DEFINITION = (("type", "apiKey"), ("name", "Authorization"), ("in", "header"),
                             ("x-amazon-apigateway-authtype", "awsSigv4"))


def iter_errors(path: tuple, auth, event: str) -> Iterator[TransformError]:
    if not isinstance(auth, dict) or any(key not in FIELDS for key in auth):
        yield TransformError(path, INVALID)
        return
    for key in NOT_BUILT:
        if auth.get(key):
            yield TransformError(path + (key,), NOT_BUILT_MESSAGE.format(key=key, event=event))
    default = auth.get("DefaultAuthorizer")
    if default and default != tables.IAM_AUTHORIZER:
        yield TransformError(path + ("DefaultAuthorizer",), OTHER_DEFAULT.format(value=default, event=event))


def add_auth(body: Py2Dict, auth: dict) -> Py2Dict:
    """The API's default security on every method (a copy in, a copy out), in SAM's order of edits."""
    body = rebuild(body)
    definitions = body.get("securityDefinitions") or Py2Dict()
    default = auth.get("DefaultAuthorizer")
    if default:
        definitions[TemplateText(default)] = py2_dict(*IAM_AUTHORIZER_DEFINITION)
        for path in list(body["paths"]):
            _default_authorizer(body, path, TemplateText(default), auth.get("AddDefaultAuthorizerToCorsPreflight",
                                                                            True), definitions)
    if auth.get("ApiKeyRequired"):
        if tables.API_KEY not in definitions:
            definitions.merge({tables.API_KEY: py2_dict(*tables.API_KEY_SECURITY_DEFINITION)})
        for path in list(body["paths"]):
            _default_api_key(body, path, auth.get("AddApiKeyRequiredToCorsPreflight", True))
    if definitions:
        body["securityDefinitions"] = definitions
    return rebuild(body)


def _methods(body: Py2Dict, path: str):
    """(name, definition) of each method with an integration, inside any Fn::If around the path or method."""
    for item in _contents(body["paths"].get(path)):
        for name, method in list(item.items()):
            if name in SECURITY_FIELDS:
                continue
            for definition in _contents(method):
                if isinstance(definition, dict) and definition.get(tables.INTEGRATION_KEY):
                    yield name, definition


def _contents(item) -> list:
    if isinstance(item, dict) and "Fn::If" in item:
        return [branch for branch in item["Fn::If"][1:] if not (isinstance(branch, dict)
                                                                and branch.get("Ref") == "AWS::NoValue")]
    return [item]


def opts_out_of(auth: dict) -> dict:
    """What an event's Auth may opt out of on this API: {"NONE": has a default authorizer,
    "api_key_false": requires API keys}."""
    auth = auth if isinstance(auth, dict) else {}
    return {"NONE": bool(auth.get("DefaultAuthorizer")), tables.API_KEY_FALSE: bool(auth.get("ApiKeyRequired"))}


def _default_authorizer(body, path: str, default, preflight, definitions) -> None:
    for name, method in _methods(body, path):
        if not (preflight or name != "options"):
            continue
        existing = method.get("security", [])
        others = [entry for entry in existing if tables.IAM_AUTHORIZER not in entry]
        own = [entry for entry in existing if tables.IAM_AUTHORIZER in entry]
        opted_out = next((index for index, entry in enumerate(others) if "NONE" in entry), None)
        if opted_out is not None:
            del others[opted_out]
            chosen = []
        elif own:
            chosen = own
        else:
            chosen = [py2_dict((default, []))]
        security = others + chosen
        if security:
            method["security"] = security
            if tables.IAM_AUTHORIZER in security[0] and tables.IAM_AUTHORIZER not in definitions:
                definitions.merge({tables.IAM_AUTHORIZER: py2_dict(*tables.IAM_SECURITY_DEFINITION)})


def _default_api_key(body, path: str, preflight) -> None:
    for name, method in _methods(body, path):
        existing = method.get("security", [])
        others = [entry for entry in existing if tables.API_KEY not in entry and tables.API_KEY_FALSE not in entry]
        own = [entry for entry in existing if tables.API_KEY in entry or tables.API_KEY_FALSE in entry]
        opted_out = next((index for index, entry in enumerate(own) if tables.API_KEY_FALSE in entry), None)
        security = others + ([] if opted_out is not None else [py2_dict((tables.API_KEY, []))])
        if name == "options" and not preflight:
            security = others
        if security != existing:
            method["security"] = security
