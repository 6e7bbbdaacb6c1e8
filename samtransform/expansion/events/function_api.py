"""A function's Api event on a REST API that state machine Api events feed -> its method and its Lambda permission.

samtransform builds such an API whole: the Api events of every `AWS::Serverless::Function`
on it (the implicit `ServerlessRestApi`, or the `AWS::Serverless::Api` that `RestApiId`
names) become what AWS SAM makes of them, and leave the function, so that CloudFormation's
SAM transform, which still expands the function at deploy time, does not build the API a
second time. Everything else about the function stays for that transform.

Rules, as AWS SAM applies them:
- the method is an `aws_proxy` integration that POSTs to
  `arn:<partition>:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${<Fn>.Arn}/invocations`,
  or, with `AutoPublishAlias` (the function's own or Globals.Function's, a Ref to a
  parameter read as its value), to the alias `${<Fn>Alias<Name>}`; `ResponseTransferMode:
  RESPONSE_STREAM` calls `2021-11-15/functions/.../response-streaming-invocations` and
  adds `responseTransferMode: STREAM`; the method's `responses` is `{}`; the function's
  Condition wraps the URI and the method in `Fn::If`, as for a state machine;
- with `Auth.Authorizer: AWS_IAM` (or the API's `DefaultAuthorizer: AWS_IAM` and no Auth
  on the event) the integration calls the function with `credentials`: the event's
  `Auth.InvokeRole`, else the API's, else the caller's (`arn:<partition>:iam::*:user/*`,
  also for `CALLER_CREDENTIALS`); `NONE` (or an empty value) sends none;
- `Auth` (Authorizer, AuthorizationScopes, ApiKeyRequired, ResourcePolicy) as for a state
  machine's event (api.py); `TimeoutInMillis` becomes the integration's `timeoutInMillis`;
  `RequestModel` a body parameter (`requestBody` with OpenAPI 3) naming one of the API's
  Models, with `ValidateBody`/`ValidateParameters` a request validator;
  `RequestParameters` method parameters (and the integration's `cacheKeyParameters`);
- `AWS::Lambda::Permission` `<Fn><EventId>Permission<Stage>` (logical_ids.py) lets
  apigateway.amazonaws.com invoke the function (or its alias) from
  `arn:<partition>:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/${__Stage__}/<METHOD><path>`,
  stage `*`, `ANY` as `*`, a trailing slash dropped and a greedy `{name+}` or `{name}` as
  `*`; it carries the function's Condition, DeletionPolicy and UpdateReplacePolicy;
- the function's `FunctionName` (parameters read as their values) goes into the hash of
  the API's Deployment, once per Api event (rest_api.py).
"""

from __future__ import annotations

import re
from collections import namedtuple

from ...core.problems import Problem
from ...core.intrinsics import ref
from ...core.logical_ids import IMPLICIT_API_ID, alias_id, function_permission_id
from ...core.py27_dict import Py2Dict, TemplateText, from_template, py2_dict
from ...core.schema import load_schema
from .api import rest_api_id

FUNCTION_TYPE = "AWS::Serverless::Function"
SCHEMA = "sam/function-api-event.json"
PRINCIPAL = "apigateway.amazonaws.com"
PASSTHROUGH_ATTRIBUTES = ("Condition", "DeletionPolicy", "UpdateReplacePolicy")
IMPLICIT_STAGE = "Prod"
INTRINSIC_STAGE = "Stage"  # the permission's suffix when the API's StageName is an intrinsic function
STREAM_MODE = "RESPONSE_STREAM"
INVOCATIONS = {None: ("2015-03-31", "/invocations"), STREAM_MODE: ("2021-11-15", "/response-streaming-invocations")}
CALLER_CREDENTIALS = "CALLER_CREDENTIALS"
SOURCE_ARN = ("arn:{partition}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{__ApiId__}}/${{__Stage__}}/"
              "{method}{path}")
GREEDY_PATH = re.compile(r"{([a-zA-Z0-9._-]+|[a-zA-Z0-9._-]+\+|proxy\+)}")
ALIAS_UNRESOLVED = "'AutoPublishAlias' must be a string or a Ref to a template parameter"
STAGE_EMPTY = "StageName cannot be empty."
REQUEST_MODEL_KEYS = ("Model", "Required", "ValidateBody", "ValidateParameters")
REQUEST_MODEL_KEY = "RequestModel key {key!r} is not read by AWS SAM, which ignores it{hint}"

# One method a function's Api event adds, with what its integration, its Auth and its permission need.
FunctionRoute = namedtuple("FunctionRoute", [
    "api_id", "path", "method", "event_name", "function_id", "event_path", "condition", "attributes",
    "invoked",            # the logical ID the API invokes: the function, or its alias
    "rest_api",           # the event's RestApiId as written ({"Ref": "ServerlessRestApi"} for the implicit API)
    "authorizer", "scopes", "api_key_required", "auth", "request_model", "request_parameters", "timeout",
    "transfer_mode", "function_name",
])


def describe(route) -> str:
    return f"event {route.event_name!r} of the function {route.function_id}"


def function_globals(template: dict) -> dict:
    section = template.get("Globals")
    values = section.get("Function") if isinstance(section, dict) else None
    return values if isinstance(values, dict) else {}


def _global(resource: dict, properties: dict, global_values: dict, key: str):
    """A property after Globals.Function, for the few that the API needs (the function's own value wins)."""
    if key in properties:
        return properties[key]
    ignore = resource.get("IgnoreGlobals")
    if ignore == "*" or (isinstance(ignore, list) and key in ignore):
        return None
    return global_values.get(key)


def api_events(resource: dict):
    """(name, event properties) of each Api event of a function, as written."""
    properties = resource.get("Properties")
    events = properties.get("Events") if isinstance(properties, dict) else None
    for name, event in (events.items() if isinstance(events, dict) else ()):
        if isinstance(event, dict) and event.get("Type") == "Api":
            event_properties = event.get("Properties")
            yield name, event_properties if isinstance(event_properties, dict) else {}


def functions_sharing(template: dict, api_ids: set) -> dict:
    """Function logical ID -> the names of all its Api events, for each function with an Api event on one of
    `api_ids` (the APIs state machines feed) or, in turn, on another API such a function's events feed.

    A function keeps either all its Api events or none: AWS SAM visits a function's Api events
    in the Python 2.7 order of its Events table, which taking some of them out could change,
    and with it the hash of an API SAM still builds from the others.
    """
    functions = {logical_id: [(name, rest_api_id(properties.get("RestApiId")))
                              for name, properties in api_events(resource)]
                 for logical_id, resource in template["Resources"].items()
                 if isinstance(resource, dict) and resource.get("Type") == FUNCTION_TYPE}
    apis = set(api_ids)
    found: dict = {}
    grown = True
    while grown:
        grown = False
        for logical_id, events in functions.items():
            if logical_id not in found and any(isinstance(api, str) and api in apis for _, api in events):
                found[logical_id] = [name for name, _ in events]
                apis |= {api for _, api in events if isinstance(api, str)}
                grown = True
    return {logical_id: found[logical_id] for logical_id in functions if logical_id in found}


def iter_errors(function_id: str, names: list, resource: dict, template: dict, context):
    """SAM's errors in the events `names` of the function, before anything is built, and the
    keys of a RequestModel that SAM ignores (warnings)."""
    schema = load_schema(SCHEMA)
    events = resource["Properties"]["Events"]
    for name in names:
        path = ("Resources", function_id, "Properties", "Events", name)
        if not schema.is_valid(events[name]):
            from ...core.schema_wording import iter_errors as schema_errors  # only invalid input pays for jsonschema

            yield from schema_errors(schema, events[name], path)
        else:
            yield from _request_model_warnings(path + ("Properties", "RequestModel"),
                                               events[name]["Properties"].get("RequestModel"))
    _, alias_errors = invoked_id(function_id, resource, function_globals(template), context)
    yield from alias_errors


def _request_model_warnings(path: tuple, model) -> list:
    """A RequestModel key AWS SAM does not read (`ValidateRequest`): it ignores it, and so does samtransform."""
    if not isinstance(model, dict):
        return []
    from ...core.suggestions import did_you_mean  # only an unknown key needs it

    warnings = []
    for key in model:
        if key not in REQUEST_MODEL_KEYS:
            match = did_you_mean(key, REQUEST_MODEL_KEYS) if isinstance(key, str) else None
            hint = f"; did you mean {match!r}?" if match else f"; it takes {', '.join(REQUEST_MODEL_KEYS)}"
            warnings.append(Problem(path + (key,), REQUEST_MODEL_KEY.format(key=key, hint=hint), severity="warning"))
    return warnings


def invoked_id(function_id: str, resource: dict, global_values: dict, context) -> tuple[str, list]:
    """The logical ID the API invokes: the function's, or `<Fn>Alias<Name>` with AutoPublishAlias."""
    properties = resource.get("Properties") or {}
    value = _global(resource, properties, global_values, "AutoPublishAlias")
    if not value:
        return function_id, []
    from ..auto_publish_alias import literal_name  # only functions with AutoPublishAlias

    path = ("Resources", function_id, "Properties", "AutoPublishAlias")
    name, errors = literal_name(path, value, context)
    if errors or not isinstance(name, str):
        return function_id, [Problem(path, ALIAS_UNRESOLVED)]
    return (alias_id(function_id, name) if name else function_id), []


def routes(function_id: str, names: list, resource: dict, template: dict, context) -> list:
    """The methods the events `names` add, in Events order (after `iter_errors` found nothing)."""
    properties = resource["Properties"]
    invoked, _ = invoked_id(function_id, resource, function_globals(template), context)
    attributes = {key: resource[key] for key in PASSTHROUGH_ATTRIBUTES if key in resource}
    made = []
    for name in names:
        event = properties["Events"][name]["Properties"]
        auth = event.get("Auth") or {}
        made.append(FunctionRoute(
            api_id=rest_api_id(event.get("RestApiId")), path=event["Path"], method=event["Method"], event_name=name,
            function_id=function_id, event_path=("Resources", function_id, "Properties", "Events", name),
            condition=resource.get("Condition"), attributes=attributes, invoked=invoked,
            rest_api=event.get("RestApiId", ref(IMPLICIT_API_ID)), authorizer=auth.get("Authorizer") or None,
            scopes=auth.get("AuthorizationScopes"), api_key_required=auth.get("ApiKeyRequired"), auth=auth,
            request_model=event.get("RequestModel"), request_parameters=event.get("RequestParameters"),
            timeout=event.get("TimeoutInMillis"), transfer_mode=event.get("ResponseTransferMode"),
            function_name=properties.get("FunctionName"),
        ))
    return made


def integration_uri(route: FunctionRoute, partition: str) -> Py2Dict:
    """The `Fn::Sub` that invokes the function (a template string when it names the function's ARN, as in SAM)."""
    version, tail = INVOCATIONS[STREAM_MODE if route.transfer_mode == STREAM_MODE else None]
    target = f"{route.function_id}.Arn" if route.invoked == route.function_id else route.invoked
    arn = f"arn:{partition}:apigateway:${{AWS::Region}}:lambda:path/{version}/functions/${{{target}}}{tail}"
    return py2_dict(("Fn::Sub", TemplateText(arn) if route.invoked == route.function_id else arn))


def credentials(route: FunctionRoute, api_auth, partition: str):
    """The integration's credentials, or None: only for an IAM-authorized method (SAM's rule)."""
    api_auth = api_auth if isinstance(api_auth, dict) else {}
    method_auth = from_template(route.auth)
    if not (method_auth.get("Authorizer") == "AWS_IAM"
            or (api_auth.get("DefaultAuthorizer") == "AWS_IAM" and not method_auth)):
        return None
    method_role = method_auth.get("InvokeRole") or ("NONE" if "InvokeRole" in method_auth else None)
    api_role = api_auth.get("InvokeRole") or ("NONE" if "InvokeRole" in api_auth else None)
    role = method_role or api_role
    if role and role != CALLER_CREDENTIALS:
        return None if role == "NONE" else role
    return f"arn:{partition}:iam::*:user/*"


def stage_suffix(route: FunctionRoute, template: dict) -> tuple[str | None, list[Problem]]:
    """What names the permission's stage: `Prod` on the implicit API, else the API's StageName."""
    if route.api_id == IMPLICIT_API_ID and route.api_id not in template["Resources"]:
        return IMPLICIT_STAGE, []
    stage = (template["Resources"][route.api_id].get("Properties") or {}).get("StageName")
    if not isinstance(stage, str):
        return INTRINSIC_STAGE, []
    if not stage:
        return None, [Problem(("Resources", route.api_id, "Properties", "StageName"), STAGE_EMPTY)]
    return stage, []


def policy_stage(route: FunctionRoute, template: dict):
    """The stage of the event's resource policy, as SAM holds it: the API's StageName as the template gives
    it, or SAM's own `Prod` or `Stage`."""
    stage, _ = stage_suffix(route, template)
    explicit = (template["Resources"].get(route.api_id) or {}).get("Properties") or {}
    return TemplateText(stage) if isinstance(explicit.get("StageName"), str) else stage


def permission_path(path: str) -> str:
    """The path as API Gateway matches it in a source ARN: no trailing slash, greedy parameters as `*`."""
    path = re.sub(r"^(.+)/$", r"\1", path)
    return GREEDY_PATH.sub("*", path)


def permission(route: FunctionRoute, suffix: str, partition: str) -> tuple[str, dict]:
    method = "*" if route.method.lower() == "any" else route.method.upper()
    source_arn = SOURCE_ARN.format(partition=partition, method=method, path=permission_path(route.path))
    properties = {"Action": "lambda:InvokeFunction", "FunctionName": ref(route.invoked), "Principal": PRINCIPAL,
                  "SourceArn": {"Fn::Sub": [source_arn, {"__ApiId__": route.rest_api, "__Stage__": "*"}]}}
    return (function_permission_id(route.function_id, route.event_name, suffix),
            {"Type": "AWS::Lambda::Permission", **route.attributes, "Properties": properties})


def without_events(resource: dict, names: list) -> dict:
    """The function without the Api events `names` (a new mapping; Events goes when it empties)."""
    properties = dict(resource["Properties"])
    events = {name: event for name, event in properties["Events"].items() if name not in names}
    if events:
        properties["Events"] = events
    else:
        del properties["Events"]
    return {**resource, "Properties": properties}


def function_name_text(value, context) -> str | None:
    """The FunctionName as AWS SAM puts it into a Deployment's hash: parameters read as their values
    (parameter_refs.py), anything else as Python 2.7 printed it; None without one."""
    from ...core.py27_dict import render  # only functions on a built API are hashed
    from ..parameter_refs import resolve

    resolved = resolve(value, context)
    if not resolved:
        return None
    return str(resolved) if isinstance(resolved, str) else render(resolved)
