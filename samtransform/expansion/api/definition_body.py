"""The OpenAPI (Swagger 2.0) body of a REST API whose methods start state machines and invoke functions.

Rules, as AWS SAM applies them:
- the body starts as `{swagger: "2.0", info: {version: "1.0", title: !Ref AWS::StackName}, paths: {}}`;
- each Api event adds its path and method (lower case; `any` is
  `x-amazon-apigateway-any-method`), then an `x-amazon-apigateway-integration` of type
  `aws` that POSTs to `states:action/StartExecution` with the event's role as
  credentials, responses 200 and 400, and a request template whose input is the request
  body (see tables.py); a method that already has an integration is an error;
- a function's Api event adds an `aws_proxy` integration instead (features/events/function_api.py),
  then its Auth, TimeoutInMillis, RequestModel and RequestParameters, in SAM's order;
- a state machine's (a function's) Condition wraps its methods and the integration URI in
  `Fn::If`; a path whose methods all have conditions is wrapped too (conditions.py names them).
The body is a tree of `Py2Dict`s edited in SAM's order, copies included, because the
Deployment's logical ID hashes its Python 2.7 text (py27_dict.py, rest_api.py).
"""

from __future__ import annotations

import re

from ...core.py27_dict import Py2Dict, TemplateText, from_template, py2_dict, rebuild
from . import resource_policy, tables
from .path_items import contents

NO_VALUE = {"Ref": "AWS::NoValue"}
OPENAPI_3 = re.compile(r"\A3(\.\d)(\.\d)?$")  # SAM's test of an OpenAPI 3 version


def skeleton() -> Py2Dict:
    info = py2_dict(("version", tables.INFO_VERSION), ("title", {"Ref": "AWS::StackName"}))
    return py2_dict(("swagger", tables.SWAGGER_VERSION), ("info", info), ("paths", Py2Dict()))


def method_key(method: str) -> str:
    lowered = TemplateText(method.lower())
    return tables.ANY_METHOD if lowered == "any" else lowered


def conditional(condition: str, value) -> dict:
    """Fn::If around `value`; a condition named in the template is a TemplateText, a generated one a str."""
    return {"Fn::If": [condition, value, NO_VALUE]}


def add_method(body: Py2Dict, path: str, method: str) -> Py2Dict:
    """The path and an empty method, as SAM's implicit-API plugin adds them (a copy in, a copy out)."""
    body = rebuild(body)
    path_item = body["paths"].setdefault(TemplateText(path), Py2Dict())
    for item in contents(path_item):
        item.setdefault(method_key(method), Py2Dict())
    return rebuild(body)


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
                    condition, authorizer=None, api_key_required=None, scopes=(), policy=None, stage=None) -> Py2Dict:
    """The StartExecution integration on the path and method, and its Auth (a copy in, a copy out).

    `api_key_required` is True, False (opting out of the API's default) or None; `policy` is the
    event's Auth.ResourcePolicy (as SAM holds it), for `stage`."""
    body = rebuild(body)
    _integrate(body, path, method, arn_id, role_id, unescape, condition)
    definitions = None
    if authorizer or api_key_required is not None:
        definitions = _add_security(body, path, method, authorizer, api_key_required, list(scopes) if scopes else [])
    if policy:
        _add_resource_policy(body, path, policy, stage)
    _set_security_definitions(body, definitions)
    return rebuild(body)


def _add_resource_policy(body: Py2Dict, path: str, policy, stage) -> None:
    resource_policy.add(body, policy, TemplateText(path), stage)
    if policy.get("CustomStatements"):
        resource_policy.add_custom_statements(body, policy["CustomStatements"])


def _set_security_definitions(body: Py2Dict, definitions) -> None:
    """SAM writes the security definitions back into the body last, when its editor hands the body out."""
    if definitions:
        body["securityDefinitions"] = definitions


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


def _add_security(body: Py2Dict, path: str, method: str, authorizer, api_key_required, scopes: list) -> Py2Dict:
    """`security` on the method, and the securityDefinitions it needs (for `_set_security_definitions`), in SAM's
    order of edits."""
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
    return definitions


def add_lambda_integration(body: Py2Dict, route, uri, credentials, scopes=(), policy=None, stage=None) -> Py2Dict:
    """A function's `aws_proxy` integration on the path and method (features/events/function_api.py), then
    what the event adds to the method, in SAM's order (a copy in, a copy out); `policy` as for add_integration."""
    body = rebuild(body)
    key = method_key(route.method)
    path_item = body["paths"].setdefault(TemplateText(route.path), Py2Dict())
    for item in contents(path_item):
        item.setdefault(key, Py2Dict())
    condition = TemplateText(route.condition) if route.condition else None
    uri = conditional(condition, uri) if condition else uri
    for item in contents(path_item):
        integration = Py2Dict()
        item[key][tables.INTEGRATION_KEY] = integration
        integration["type"] = "aws_proxy"
        integration["httpMethod"] = "POST"
        integration["uri"] = uri
        if route.transfer_mode == tables.STREAM_TRANSFER_MODE:
            integration["responseTransferMode"] = "STREAM"
        if credentials is not None:
            integration["credentials"] = credentials
        item[key].setdefault("responses", Py2Dict())
        if condition:
            item[key] = conditional(condition, item[key])
    definitions = None
    if route.authorizer or route.api_key_required is not None:
        definitions = _add_security(body, route.path, route.method, route.authorizer, route.api_key_required,
                                    list(scopes) if scopes else [])
    if policy:
        _add_resource_policy(body, route.path, policy, stage)
    if route.timeout:
        for operation in _operations(body, route.path, route.method):
            operation[tables.INTEGRATION_KEY]["timeoutInMillis"] = from_template(route.timeout)
    if route.request_model and route.request_model.get("Model"):
        _add_request_model(body, route.path, route.method, from_template(route.request_model))
    if route.request_parameters:
        _add_request_parameters(body, route.path, route.method, from_template(route.request_parameters))
    _set_security_definitions(body, definitions)
    return rebuild(body)


def _add_request_model(body: Py2Dict, path: str, method: str, model: Py2Dict) -> None:
    """The model as the method's body parameter (`requestBody` with OpenAPI 3), and its validator."""
    name = TemplateText(model["Model"].lower())
    required = model.get("Required")
    for operation in _operations(body, path, method):
        if body.get("swagger") is not None:
            parameter = py2_dict(("in", "body"), ("name", name), ("schema", {"$ref": f"#/definitions/{name}"}))
            if required is not None:
                parameter["required"] = required
            operation["parameters"] = operation.get("parameters", []) + [parameter]
        elif isinstance(body.get("openapi"), str) and OPENAPI_3.match(body["openapi"]):
            operation["requestBody"] = {"content": {"application/json": {"schema": {
                "$ref": f"#/components/schemas/{name}"}}}}
            if required is not None:
                operation["requestBody"]["required"] = required
    validate_body, validate_parameters = model.get("ValidateBody"), model.get("ValidateParameters")
    if validate_body is None and validate_parameters is None:
        return
    validate_body, validate_parameters = bool(validate_body), bool(validate_parameters)
    validator = tables.VALIDATOR_NAMES[(validate_body, validate_parameters)]
    definition = py2_dict((validator, py2_dict(("validateRequestBody", validate_body),
                                               ("validateRequestParameters", validate_parameters))))
    if not body.get(tables.VALIDATORS_KEY):
        body[tables.VALIDATORS_KEY] = Py2Dict()
    if not body[tables.VALIDATORS_KEY].get(validator):
        body[tables.VALIDATORS_KEY].merge(definition)
    for operation in _operations(body, path, method):
        operation.merge(py2_dict((tables.VALIDATOR_KEY, validator)))


def _add_request_parameters(body: Py2Dict, path: str, method: str, entries: list) -> None:
    """Each parameter on the method, in SAM's shape; `Caching` adds it to the integration's cache keys."""
    for operation in _operations(body, path, method):
        parameters = operation.get("parameters", [])
        for entry in entries:
            name, settings = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
            location, parameter_name = (TemplateText(part) for part in
                                        name.replace("method.request.", "").split(".", 1))
            parameter = py2_dict(("in", "query" if location == "querystring" else location),
                                 ("name", parameter_name), ("required", settings.get("Required", False)),
                                 ("type", "string"))
            parameters.append(parameter)
            if settings.get("Caching", False):
                integration = operation[tables.INTEGRATION_KEY]
                integration["cacheKeyParameters"] = integration.get("cacheKeyParameters", []) + [name]
        operation["parameters"] = parameters
