"""The OpenAPI (Swagger 2.0) body of a REST API whose methods start state machines.

Rules, as AWS SAM applies them:
- the body starts as `{swagger: "2.0", info: {version: "1.0", title: !Ref AWS::StackName}, paths: {}}`;
- each Api event adds its path and method (lower case; `any` is
  `x-amazon-apigateway-any-method`), then an `x-amazon-apigateway-integration` of type
  `aws` that POSTs to `states:action/StartExecution` with the event's role as
  credentials, responses 200 and 400, and a request template whose input is the request
  body (see tables.py); a method that already has an integration is an error;
- a state machine's Condition wraps its methods and the integration URI in `Fn::If`; a
  path whose methods all have conditions is wrapped too (conditions.py names them).
The body is a tree of `Py2Dict`s edited in SAM's order, copies included, because the
Deployment's logical ID hashes its Python 2.7 text (py27_dict.py, rest_api.py).
SAM copies the whole body twice per event; `_copy` gives the same tables in time for what
changed since the last copy (the path an event edits), so n events cost O(n) path items
copied, not O(n^2) (benchmarks/run.py --growth).
"""

from __future__ import annotations

from itertools import compress, repeat
from operator import not_

from ...intrinsics import is_no_value
from ...py27_dict import Py2Dict, TemplateText, py2_dict, rebuild
from . import tables

NO_VALUE = {"Ref": "AWS::NoValue"}


def skeleton() -> Py2Dict:
    info = py2_dict(("version", tables.INFO_VERSION), ("title", {"Ref": "AWS::StackName"}))
    return py2_dict(("swagger", tables.SWAGGER_VERSION), ("info", info), ("paths", Py2Dict()))


def method_key(method: str) -> str:
    lowered = TemplateText(method.lower())
    return tables.ANY_METHOD if lowered == "any" else lowered


def conditional(condition: str, value) -> dict:
    """Fn::If around `value`; a condition named in the template is a TemplateText, a generated one a str."""
    return {"Fn::If": [condition, value, NO_VALUE]}


def contents(item) -> list:
    """A path item or method, or both branches of the Fn::If around it (less AWS::NoValue), as AWS SAM
    reads them; every edit of the body (integrations, Auth, Cors) goes through here."""
    if isinstance(item, dict) and "Fn::If" in item:
        return [branch for branch in item["Fn::If"][1:] if not is_no_value(branch)]
    return [item]


def add_method(body: Py2Dict, path: str, method: str) -> Py2Dict:
    """The path and an empty method, as SAM's implicit-API plugin adds them (a copy in, a copy out)."""
    body = _copy(body)
    path_item = body["paths"].setdefault(TemplateText(path), Py2Dict())
    for item in contents(path_item):
        item.setdefault(method_key(method), Py2Dict())
    return _copy(body, path)


def make_paths_conditional(body: Py2Dict, path_conditions: dict) -> Py2Dict:
    """Wrap each path of `path_conditions` (path -> condition name) in Fn::If."""
    body = rebuild(body)
    for path in list(body["paths"]):
        if path in path_conditions:
            body["paths"][path] = conditional(path_conditions[path], body["paths"][path])
    return rebuild(body)


def has_integration(body: Py2Dict, path: str, method: str) -> bool:
    key = method_key(method)
    path_item = body["paths"].get(path)
    if path_item is None:
        return False
    items = contents(path_item)
    if not all(isinstance(item, dict) and key in item for item in items):
        return False
    for item in items:
        methods = contents(item[key])
        if not any(isinstance(entry, dict) and entry.get(tables.INTEGRATION_KEY) for entry in methods):
            return False
    return True


def add_integration(body: Py2Dict, path: str, method: str, arn_id: str, role_id: str, unescape: bool,
                    condition, authorizer=None, api_key_required=None, scopes=()) -> Py2Dict:
    """The StartExecution integration on the path and method, and its Auth (a copy in, a copy out).

    `api_key_required` is True, False (opting out of the API's default) or None."""
    body = _copy(body)
    _integrate(body, path, method, arn_id, role_id, unescape, condition)
    if authorizer or api_key_required is not None:
        _add_security(body, path, method, authorizer, api_key_required, list(scopes) if scopes else [])
    return _copy(body, path)


def _copy(body: Py2Dict, edited: str | None = None) -> Py2Dict:
    """`rebuild(body)`, reusing what a copy would leave as it is.

    A path item that an earlier `_copy` made and checked (`settled`: copying it again gives
    the same tables) and that has not been edited since is the same object in the copy; so
    is the layout of a settled `paths` table. `edited` is the path edited since the body was
    last copied (the one every edit here names); the rest of the body is small and copied
    as SAM copies it.
    """
    copy = Py2Dict()
    for key, value in body.items():
        copy[key] = _copy_paths(value, edited) if key == "paths" and type(value) is Py2Dict else rebuild(value)
    return copy


def _copy_paths(paths: Py2Dict, edited: str | None) -> Py2Dict:
    if paths.settled:
        copy = paths.layout_copy()
    else:
        copy = paths.refill()
        # A table that a copy leaves as it was stays so: later copies keep its layout. (Most
        # large tables are not such: refilling in slot order moves keys that had collided.)
        copy.settled = copy.same_layout(paths)
    # The items to copy: the edited one, and those not settled (found in C: one pass per copy).
    unsettled = compress(dict.keys(copy), map(not_, map(getattr, dict.values(copy), repeat("settled"),
                                                         repeat(False))))
    for key in dict.fromkeys([*unsettled, *([edited] if edited in copy else [])]):  # each copied once
        copy[key] = _settle(rebuild(dict.__getitem__(copy, key)))
    return copy


def _settle(item):
    """`item`, marked `settled` when copying it again gives the same tables at every level."""
    if type(item) is Py2Dict:
        item.settled = _same_layouts(item, rebuild(item))
    return item


def _same_layouts(value, copy) -> bool:
    if type(value) is Py2Dict:
        return value.same_layout(copy) and all(_same_layouts(item, copy[key]) for key, item in dict.items(value))
    if isinstance(value, dict):
        return all(_same_layouts(item, copy[key]) for key, item in value.items())
    if isinstance(value, list):
        return all(_same_layouts(item, other) for item, other in zip(value, copy))
    return True


def _integrate(body: Py2Dict, path: str, method: str, arn_id: str, role_id: str, unescape: bool, condition) -> None:
    key = method_key(method)
    path_item = body["paths"].setdefault(TemplateText(path), Py2Dict())
    for item in contents(path_item):
        item.setdefault(key, Py2Dict())
    uri = {"Fn::Sub": tables.START_EXECUTION_URI}
    condition = TemplateText(condition) if condition else None
    if condition:
        uri = conditional(condition, uri)
    for item in contents(path_item):
        operation = item[key]
        integration = Py2Dict()
        operation[tables.INTEGRATION_KEY] = integration
        integration["type"] = "aws"
        integration["httpMethod"] = "POST"
        integration["uri"] = uri
        integration["responses"] = py2_dict(*((code, py2_dict(("statusCode", code))) for code, _ in tables.RESPONSES))
        integration["credentials"] = {"Fn::GetAtt": [role_id, "Arn"]}
        operation.setdefault("responses", py2_dict(*((code, py2_dict(("description", text)))
                                                     for code, text in tables.RESPONSES)))
        template = tables.REQUEST_TEMPLATE_UNESCAPED if unescape else tables.REQUEST_TEMPLATE
        integration.merge({"requestTemplates": {"application/json": {"Fn::Sub": template.format(arn=arn_id)}}})
        if condition:
            item[key] = conditional(condition, operation)


def _operations(body: Py2Dict, path: str, method: str):
    """The method's definitions that have an integration, inside any Fn::If around the path or the method."""
    for item in contents(body["paths"].get(path)):
        for operation in contents(item.get(method_key(method))):
            if isinstance(operation, dict) and operation.get(tables.INTEGRATION_KEY):
                yield operation


def _add_security(body: Py2Dict, path: str, method: str, authorizer, api_key_required, scopes: list) -> None:
    """`security` on the method and the matching securityDefinitions, in SAM's order of edits."""
    definitions = body.get("securityDefinitions") or Py2Dict()
    if authorizer:
        for operation in _operations(body, path, method):
            operation["security"] = operation.get("security", []) + [py2_dict((TemplateText(authorizer), scopes))]
            if tables.IAM_AUTHORIZER in operation["security"][0] and tables.IAM_AUTHORIZER not in definitions:
                definitions.merge({tables.IAM_AUTHORIZER: py2_dict(*tables.IAM_SECURITY_DEFINITION)})
    if api_key_required is not None:
        marker = tables.API_KEY if api_key_required else tables.API_KEY_FALSE
        for operation in _operations(body, path, method):
            if api_key_required and tables.API_KEY not in definitions:
                definitions.merge({tables.API_KEY: py2_dict(*tables.API_KEY_SECURITY_DEFINITION)})
            operation["security"] = operation.get("security", []) + [py2_dict((marker, []))]
    if definitions:
        body["securityDefinitions"] = definitions
