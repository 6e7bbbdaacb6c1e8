"""Auth on a REST API that samtransform builds: authorizers, IAM, API keys.

Rules, as AWS SAM applies them (on the API, or from Globals.Api):
- `Authorizers` (Cognito user pool and Lambda authorizers, authorizers.py) each get a
  security definition; an event's `Authorizer: <name>` puts `{<name>: scopes}` on its
  method, the scopes being the event's `AuthorizationScopes`, else the authorizer's;
- `DefaultAuthorizer` (`AWS_IAM`, which adds the `awsSigv4` definition, or an
  authorizer's name) goes on every method that has an integration and no authorizer of
  its own, with the authorizer's scopes; an event's `Authorizer: NONE` opts its method
  out (its marker stays); `AddDefaultAuthorizerToCorsPreflight: false` leaves OPTIONS
  methods alone;
- `ApiKeyRequired: true` adds the `api_key` security definition and `{api_key: []}` to
  every such method; an event's `ApiKeyRequired: false` opts out;
  `AddApiKeyRequiredToCorsPreflight: false` leaves OPTIONS methods alone;
- `ResourcePolicy` adds its statements for every path (resource_policy.py); `UsagePlan`
  makes a usage plan and an API key (usage_plan.py);
- a `DefaultAuthorizer` counts only when the API has authorizers (Authorizers, or
  AWS_IAM itself): then one that is not a string, or names none of them, is SAM's error;
- a Ref to a parameter (or AWS::Region, AWS::Partition) and `${Parameter}` in an Fn::Sub are
  replaced by their values (the overrides, else the Defaults: features/parameter_refs.py), as
  SAM writes them in at transform time;
- another key is SAM's "Invalid value for 'Auth' property".
A DefaultAuthorizer on an API without Authorizers, which SAM ignores (no method gets it), is
a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.py27_dict import Py2Dict, py2_dict, rebuild
from . import authorizers as authorizers_feature
from . import resource_policy, tables, usage_plan
from .path_items import contents

FIELDS = ("Authorizers", "DefaultAuthorizer", "InvokeRole", "AddDefaultAuthorizerToCorsPreflight",
          "AddApiKeyRequiredToCorsPreflight", "ApiKeyRequired", "ResourcePolicy", "UsagePlan")
INVALID = "Invalid value for 'Auth' property"
UNKNOWN_DEFAULT = "Unable to set DefaultAuthorizer because '{name}' was not defined in 'Authorizers'."
DEFAULT_NOT_A_STRING = "DefaultAuthorizer is not a string."
DEFAULT_WITHOUT_AUTHORIZERS = ("DefaultAuthorizer names no authorizer: the API has no Authorizers, so AWS SAM ignores "
                               "it; define the authorizer under Authorizers, use AWS_IAM, or remove it")
AUTHORIZERS_NOT_A_MAP = "Property 'Auth.Authorizers' should be a map."
SECURITY_FIELDS = ("summary", "description", "parameters")  # path item keys that are not methods
IAM_AUTHORIZER_DEFINITION = (("type", "apiKey"), ("name", "Authorization"), ("in", "header"),
                             ("x-amazon-apigateway-authtype", "awsSigv4"))


def iter_errors(path: tuple, auth, event: str) -> Iterator[Problem]:
    """SAM's errors in an API's Auth, with the parameters in it read as their values (as SAM reads them)."""
    if not isinstance(auth, dict) or any(key not in FIELDS for key in auth):
        yield Problem(path, INVALID)
        return
    if auth.get("UsagePlan") is not None:
        yield from usage_plan.iter_errors(path + ("UsagePlan",), auth["UsagePlan"])
    if auth.get("ResourcePolicy"):
        yield from resource_policy.iter_errors(path + ("ResourcePolicy",), auth["ResourcePolicy"])
    authorizers = auth.get("Authorizers") or {}
    if not isinstance(authorizers, dict):
        yield Problem(path + ("Authorizers",), AUTHORIZERS_NOT_A_MAP)
        return
    for name, authorizer in authorizers.items():
        yield from authorizers_feature.iter_errors(path + ("Authorizers", name), name, authorizer)
    default = auth.get("DefaultAuthorizer")
    if not default or default == tables.IAM_AUTHORIZER:
        return
    if not authorizers:  # SAM sets no default without authorizers
        yield Problem(path + ("DefaultAuthorizer",), DEFAULT_WITHOUT_AUTHORIZERS, severity="warning")
    elif not isinstance(default, str):
        yield Problem(path + ("DefaultAuthorizer",), DEFAULT_NOT_A_STRING)
    elif default not in authorizers:
        yield Problem(path + ("DefaultAuthorizer",), UNKNOWN_DEFAULT.format(name=default))


def authorizer_scopes(auth, name):
    """The scopes of the API's authorizer `name` (as SAM holds them), or None without one."""
    authorizers = auth.get("Authorizers") if isinstance(auth, dict) else None
    authorizer = authorizers.get(name) if isinstance(authorizers, dict) else None
    return authorizer.get("AuthorizationScopes") if isinstance(authorizer, dict) else None


def add_auth(body: Py2Dict, auth: dict, partition: str, stage) -> Py2Dict:
    """The API's default security on every method, and its resource policy for `stage` (a copy in, a copy out),
    in SAM's order of edits."""
    body = rebuild(body)
    definitions = body.get("securityDefinitions") or Py2Dict()
    default = auth.get("DefaultAuthorizer")
    authorizers = Py2Dict()  # SAM's table: AWS_IAM first when it is the default, then each authorizer
    if default == tables.IAM_AUTHORIZER:
        authorizers[default] = None
    for name, authorizer in (auth.get("Authorizers") or {}).items():
        authorizers[name] = authorizer
    for name, authorizer in authorizers.items():
        definitions[name] = (py2_dict(*IAM_AUTHORIZER_DEFINITION) if authorizer is None
                             else authorizers_feature.definition(authorizer, partition))
    if default and authorizers:  # SAM ignores a default that names no authorizer it has
        scopes = authorizer_scopes(auth, default)
        for path in list(body["paths"]):
            _default_authorizer(body, path, default, [] if scopes is None else scopes, set(authorizers),
                                auth.get("AddDefaultAuthorizerToCorsPreflight", True), definitions)
    if auth.get("ApiKeyRequired"):
        if tables.API_KEY not in definitions:
            definitions.merge({tables.API_KEY: py2_dict(*tables.API_KEY_SECURITY_DEFINITION)})
        for path in list(body["paths"]):
            _default_api_key(body, path, auth.get("AddApiKeyRequiredToCorsPreflight", True))
    policy = auth.get("ResourcePolicy")
    if policy:
        for path in list(body["paths"]):
            resource_policy.add(body, policy, path, stage)
        if policy.get("CustomStatements"):
            resource_policy.add_custom_statements(body, policy["CustomStatements"])
    if definitions:
        body["securityDefinitions"] = definitions
    return rebuild(body)


def _methods(body: Py2Dict, path: str):
    """(name, definition) of each method with an integration, inside any Fn::If around the path or method."""
    for item in contents(body["paths"].get(path)):
        for name, method in list(item.items()):
            if name in SECURITY_FIELDS:
                continue
            for definition in contents(method):
                if isinstance(definition, dict) and definition.get(tables.INTEGRATION_KEY):
                    yield name, definition


def event_settings(auth) -> dict:
    """What an event's Auth may use on this API: its authorizers' names, and whether it has a
    default authorizer (for NONE) and requires API keys (for ApiKeyRequired: false)."""
    auth = auth if isinstance(auth, dict) else {}
    return {"authorizers": set(auth.get("Authorizers") or ()), "NONE": bool(auth.get("DefaultAuthorizer")),
            tables.API_KEY_FALSE: bool(auth.get("ApiKeyRequired"))}


def _default_authorizer(body, path: str, default, scopes, names: set, preflight, definitions) -> None:
    names = names | {tables.IAM_AUTHORIZER}
    for name, method in _methods(body, path):
        if not (preflight or name != "options"):
            continue
        existing = method.get("security", [])
        others = [entry for entry in existing if names.isdisjoint(entry)]
        own = [entry for entry in existing if not names.isdisjoint(entry)]
        opted_out = next((index for index, entry in enumerate(others) if "NONE" in entry), None)
        if opted_out is not None:
            del others[opted_out]
            chosen = []
        elif own:
            chosen = own
        else:
            chosen = [py2_dict((default, scopes))]
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
