"""The REST APIs that state machine Api events feed: the implicit `ServerlessRestApi` and explicit ones.

Rules, as AWS SAM applies them:
- events without RestApiId share `ServerlessRestApi` with the stage `Prod`; events with
  RestApiId add to that `AWS::Serverless::Api` (explicit_api.py), which must be in the
  template ("RestApiId must be a valid reference ..." otherwise);
- an API that a state machine's Api event feeds is built whole: the Api events of
  `AWS::Serverless::Function` resources on it are built with it and leave their functions
  (features/events/function_api.py), so that CloudFormation's SAM transform does not build
  the API again; so are the other REST APIs such a function's Api events feed, since the
  order of the Api events SAM would still read would change (function_api.functions_sharing);
- SAM first adds every method, visiting functions and state machines in Python 2.7's dict
  order of the logical IDs and each one's Api events in the order of its Events table
  (py27_dict.py); then every integration: all functions first (each one's events sorted by
  Path), then all state machines; a path and method given twice is SAM's error on the
  second event;
- a method of a resource with a Condition is wrapped in `Fn::If`, and so may be its
  path and the implicit API (conditions.py);
- the implicit API's DeletionPolicy is Retain if any event's resource retains, else
  Delete if any says so; UpdateReplacePolicy likewise, with Snapshot between them;
- a resource with `PropagateTags: true` and Tags gives its tags to the implicit API (later
  values win for the same key); its type's Globals count (`Globals.StateMachine.PropagateTags:
  true` even where the state machine says false, Globals.Function's Tags where the function
  has none), as SAM reads either;
- Globals.Api applies to every API built here (globals_api.py); an explicit API with a
  definition of its own (DefinitionBody, DefinitionUri) gets nothing from the events
  but their roles and permissions;
- then, as SAM translates the API: Cors, GatewayResponses, BinaryMediaTypes,
  DisableExecuteApiEndpoint and OpenAPI 3's last step edit the body, in that order.
Everything is checked before anything is built (`_input_errors`, `_setting_errors`,
`_event_errors`), so an API is either built whole or refused with every reason.
Refused, each naming the events concerned (rather than half an API):
- a resource the template itself names `ServerlessRestApi`;
- a function's event with `Auth.OverrideApiAuth`, or on an API whose own definition
  `MergeDefinitions` merges the functions' methods into (not built yet).
What SAM ignores (an event's Auth on an API with a definition of its own, keys an
authorizer, a ResourcePolicy or a RequestModel does not read, a DefaultAuthorizer without
Authorizers) is a warning, and the API is built as SAM builds it.
"""

from __future__ import annotations

from collections import namedtuple

from ...core.problems import Problem
from ...core.intrinsics import is_intrinsic
from ...core.logical_ids import stage_id
from ...core.py27_dict import Py2Dict, from_template, plain, py2_dict, py2_ordered
from ..parameter_refs import resolve, resolve_held
from ..definition import s3_location
from ..events import api as api_event
from ..events import function_api
from ..tags import tag_list
from . import (
    auth, authorizers, body_settings, cors, definition_body, explicit_api, gateway_responses, globals_api,
    references, rest_api, tables, usage_plan)
from .conditions import api_conditions

POLICY_PRECEDENCE = {
    "DeletionPolicy": ("Retain", "Delete"),
    "UpdateReplacePolicy": ("Retain", "Snapshot", "Delete"),
}
TAKEN = ("the template defines a resource named ServerlessRestApi, the implicit API that the Api {event} needs; "
         "rename that resource")
NOT_AN_API = "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template."
DUPLICATE = 'API method "{method}" defined multiple times for path "{path}".'
AUTH_IGNORED = ("event {event!r} sets Auth, but its API {api} has a definition of its own (DefinitionBody or "
                "DefinitionUri), into which AWS SAM adds nothing: the setting does nothing; put the security into "
                "that definition")
OVERRIDE_API_AUTH = ("Auth.OverrideApiAuth is not built by samtransform yet for an API that state machine Api events "
                     "feed ({event}); remove it, or leave these resources to AWS SAM")
MERGED = ("MergeDefinitions merges the methods of functions' Api events into the API's own DefinitionBody, which "
          "samtransform does not build yet for an API that state machine Api events feed ({event}); remove "
          "MergeDefinitions, or leave these resources to AWS SAM")
# SAM's errors for a function event's RequestModel and RequestParameters.
MODEL_WHERE = "Unable to set RequestModel [{model}] on API method [{method}] for path [{path}] because "
NO_MODELS = MODEL_WHERE + "the related API does not define any Models."
MODELS_INVALID = MODEL_WHERE + "the related API Models defined is of invalid type."
MODEL_INVALID = MODEL_WHERE + "the related API does not contain valid Models."
UNKNOWN_MODEL = MODEL_WHERE + "it wasn't defined in the API's Models."
PARAMETER_KEY = ("Invalid value for 'RequestParameters' property. Keys must be in the format "
                 "'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.")
PARAMETER_VALUE = ("Invalid value for 'RequestParameters' property. Values must be an object, "
                   "e.g { Required: true, Caching: false }")
PARAMETER_ENTRY = "Invalid value for 'RequestParameters' property. Property must be either a string or an object"
PARAMETER_PREFIXES = ("method.request.querystring.", "method.request.path.", "method.request.header.")
PARAMETER_SETTINGS = ("Required", "Caching")

# One API being built: its SAM properties (after Globals, Auth with its parameters read), resource
# attributes, the settings that go into the body as SAM holds them (BODY_SETTINGS, for the hash),
# and its Auth as written (what a function's event reads until SAM resolves it in place).
Plan = namedtuple("Plan", "properties attributes passthrough body_settings raw_auth")
BODY_SETTINGS = ("Cors", "Auth", "GatewayResponses")
# A resource whose Api events feed the APIs: its events in SAM's two passes (adding methods,
# then integrations), and the tags it gives the implicit API (None: none).
Visit = namedtuple("Visit", "logical_id resource first second tags")
# What expand gives: API logical ID -> its resources; function logical ID -> the function
# without the events samtransform built, and their permissions; new Conditions; errors and warnings;
# API logical ID -> the path of the first event that feeds it; `<Api>.<Property>` references
# (references.py) -> the logical IDs they name.
Built = namedtuple("Built", "apis functions conditions errors sources references", defaults=({}, {}))


def build(template: dict, machines: dict, context) -> Built:
    """The APIs that the state machines' Api events feed, with every function's Api events on them.

    `machines`: logical ID -> (resource after Globals, routes of its Api events in the
    template's order); only expanded state machines with Api events.
    """
    machine_routes = [route for _, machine_routes in machines.values() for route in machine_routes]
    fed = {route.api_id for route in machine_routes if isinstance(route.api_id, str)}
    on_fed = function_api.functions_sharing(template, fed)
    problems = [problem for logical_id, names in on_fed.items()
                for problem in function_api.iter_errors(logical_id, names, template["Resources"][logical_id],
                                                        template, context)]
    if _failed(problems):
        return Built({}, {}, {}, problems)
    functions = {logical_id: (template["Resources"][logical_id],
                              function_api.routes(logical_id, names, template["Resources"][logical_id], template,
                                                  context))
                 for logical_id, names in on_fed.items()}
    routes = machine_routes + [route for _, function_routes in functions.values() for route in function_routes]
    global_values, errors = _input_errors(template, routes, context)
    problems += errors
    if _failed(problems):
        return Built({}, {}, {}, problems)
    resources_table = _resources_table(template)
    visits = _visits(template, resources_table, machines, functions)
    api_ids = [logical_id for logical_id in resources_table if logical_id in {route.api_id for route in routes}]
    own_bodies = {api_id: _own_definition(template["Resources"][api_id]["Properties"]) for api_id in api_ids
                  if api_id != tables.IMPLICIT_API_ID and not explicit_api.managed(template["Resources"][api_id])}
    plans = _plans(template, api_ids, _implicit_settings(visits), global_values, context)
    problems += _setting_errors(template, plans, routes, own_bodies)
    problems += _usage_plan_errors(template, plans, routes, on_fed, global_values)
    if _failed(problems):
        return Built({}, {}, {}, problems)
    # Before translating, SAM's HTTP API plugin adds its own implicit API and removes it again.
    resources_table[tables.IMPLICIT_HTTP_API_ID] = None
    del resources_table[tables.IMPLICIT_HTTP_API_ID]
    integrations = _integration_order(resources_table, visits)
    problems += _event_errors(plans, integrations, own_bodies) + _function_errors(template, functions, plans)
    if _failed(problems):
        return Built({}, {}, {}, problems)
    bodies, conditions = _bodies(template, resources_table, visits, integrations, own_bodies, plans,
                                 context.partition)
    apis = {api_id: {**_build(api_id, bodies[api_id], plans[api_id], context.partition,
                              _function_names(template, functions, integrations, api_id, context)),
                     **_beside(api_id, plans[api_id], context.partition)}
            for api_id in api_ids}
    _add_usage_plans(apis, plans)
    sources: dict = {}
    for route in routes:
        sources.setdefault(route.api_id, route.event_path)
    return Built(apis, _functions(template, functions, integrations, context.partition), conditions, problems,
                 sources, _references(apis, plans))


def _failed(problems: list) -> bool:
    """Whether anything stops the build: warnings do not (the API is built as SAM builds it)."""
    return any(problem.severity == "error" for problem in problems)


# --------------------------------------------------------------------------- the order SAM visits things in

def _resources_table(template: dict) -> Py2Dict:
    """SAM's Resources table, in whose Python 2.7 order it visits the resources, with its implicit API."""
    table = Py2Dict()
    for logical_id in template["Resources"]:
        table[logical_id] = None
    table[tables.IMPLICIT_API_ID] = None
    return table


def _visits(template: dict, resources_table: Py2Dict, machines: dict, functions: dict) -> list:
    """Each function and state machine with Api events on the APIs, in SAM's order."""
    machine_globals = _section(template, "StateMachine")
    function_globals = _section(template, "Function")
    visits = []
    for logical_id in resources_table:
        if logical_id in machines:
            resource, routes = machines[logical_id]
            properties = resource["Properties"]
            propagate = properties.get("PropagateTags") or machine_globals.get("PropagateTags")
            tags = properties.get("Tags") if propagate else None
            first, second = _event_order(properties["Events"], routes, False)
        elif logical_id in functions:
            resource, routes = functions[logical_id]
            properties = resource["Properties"]
            propagate = properties.get("PropagateTags") or function_globals.get("PropagateTags")
            tags = (properties.get("Tags") or function_globals.get("Tags")) if propagate else None
            first, second = _event_order(properties["Events"], routes, True)
        else:
            continue
        visits.append(Visit(logical_id, resource, first, second, tags or None))
    return visits


def _section(template: dict, name: str) -> dict:
    section = template.get("Globals")
    values = section.get(name) if isinstance(section, dict) else None
    return values if isinstance(values, dict) else {}


def _event_order(events: dict, routes: list, by_path: bool) -> tuple[list, list]:
    """The routes in SAM's two passes: adding methods, then integrations (Python 2.7 orders).

    SAM reads every Api event of the resource (also those on other APIs) and writes them back
    into Events with update(), which may grow the table; a function's events are then sorted
    by Path (a stable sort)."""
    table = Py2Dict()
    for name in events:
        table[name] = None
    api_events = Py2Dict()
    for name in table:
        event = events[name]
        if isinstance(event, dict) and event.get("Type") == "Api":
            api_events[name] = None
    by_name = {route.event_name: route for route in routes}
    first = [by_name[name] for name in api_events if name in by_name]
    table.merge({name: None for name in api_events})
    second = [by_name[name] for name in table if name in by_name]
    if by_path:
        second.sort(key=lambda route: route.path)
    return first, second


def _integration_order(resources_table: Py2Dict, visits: list) -> list:
    """Every route in the order SAM adds integrations: all functions' events, then all state machines'."""
    order = {logical_id: index for index, logical_id in enumerate(resources_table)}
    ordered = sorted(visits, key=lambda visit: (not _is_function(visit.first[0]), order[visit.logical_id]))
    return [route for visit in ordered for route in visit.second]


def _is_function(route) -> bool:
    return isinstance(route, function_api.FunctionRoute)


def _implicit_settings(visits: list) -> tuple[dict, dict]:
    """The implicit API's resource attributes and tags, from the events that feed it."""
    policies: dict = {key: [] for key in POLICY_PRECEDENCE}
    tags: dict = {}
    for visit in visits:
        for route in visit.first:
            if route.api_id == tables.IMPLICIT_API_ID:
                if visit.tags:
                    tags.update(visit.tags)
                for key in POLICY_PRECEDENCE:
                    policies[key].append(visit.resource.get(key))
    attributes = {}
    for key, precedence in POLICY_PRECEDENCE.items():
        chosen = next((value for value in precedence if value in policies[key]), None)
        if chosen:
            attributes[key] = chosen
    return attributes, tags


# --------------------------------------------------------------------------- checks, before anything is built

def _input_errors(template: dict, routes: list, context) -> tuple[dict, list[Problem]]:
    """Globals.Api, and what is wrong with the events' APIs before anything is built."""
    errors = _route_errors(template, routes)
    global_values, global_errors = globals_api.api_globals(template, _describe(routes[0]))
    errors += global_errors
    if global_values.get("Auth"):  # also reported here, beside the APIs' own errors
        errors += auth.iter_errors(("Globals", "Api", "Auth"), plain(resolve(global_values["Auth"], context)),
                                   _describe(routes[0]))
    for api_id in dict.fromkeys(route.api_id for route in routes if isinstance(route.api_id, str)):
        if api_id != tables.IMPLICIT_API_ID and _is_serverless_api(template["Resources"].get(api_id)):
            first = next(route for route in routes if route.api_id == api_id)
            errors += explicit_api.iter_errors(api_id, template["Resources"][api_id], _describe(first))
    return global_values, errors


def _setting_errors(template: dict, plans: dict, routes: list, own_bodies: dict) -> list[Problem]:
    """SAM's errors in the settings that edit the body, once Globals.Api is merged in, and in the
    events' Auth against their API's."""
    first = {}
    for route in routes:
        first.setdefault(route.api_id, route)
    errors = [error for api_id, plan in plans.items() if plan.properties.get("Auth")
              for error in auth.iter_errors(_setting_path(template, api_id, "Auth"), plan.properties["Auth"],
                                            _describe(first[api_id]))]
    errors += [error for route in routes if route.api_id not in own_bodies
               for error in api_event.auth_errors(route,
                                                  auth.event_settings(plans[route.api_id].properties.get("Auth")))]
    errors += [Problem(route.event_path + ("Properties", "Auth"), AUTH_IGNORED.format(event=route.event_name,
                                                                                      api=route.api_id),
                       severity="warning")
               for route in routes if route.api_id in own_bodies
               and (route.authorizer or route.api_key_required is not None)
               and not (_is_function(route) and _merges(plans[route.api_id].properties))]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("Cors")
               for error in cors.iter_errors(_setting_path(template, api_id, "Cors"), plan.properties["Cors"])]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("GatewayResponses")
               for error in gateway_responses.iter_errors(_setting_path(template, api_id, "GatewayResponses"),
                                                          plan.properties["GatewayResponses"])]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("Models")
               and "DefinitionUri" not in plan.properties
               for error in explicit_api.model_errors(("Resources", api_id, "Properties", "Models"),
                                                      plan.properties["Models"])]
    errors += [Problem(("Resources", api_id), explicit_api.NEED_INLINE_BODY[key])
               for api_id, plan in plans.items() if "DefinitionUri" in plan.properties
               for key in explicit_api.body_settings(plan.properties)]
    errors += [Problem(_setting_path(template, api_id, "OpenApiVersion"), body_settings.NOT_A_STRING)
               for api_id, plan in plans.items()
               if not isinstance(plan.properties.get("OpenApiVersion"), (str, type(None)))]
    errors += [error for api_id, plan in plans.items() if "DefinitionBody" in plan.properties
               for error in explicit_api.body_errors(api_id, plan.properties,
                                                     lambda key, api_id=api_id: _setting_path(template, api_id, key))]
    return errors


def _event_errors(plans: dict, integrations: list, own_bodies: dict) -> list[Problem]:
    """A method given twice (SAM's error on the later event, in its order of integrations), and what a
    function's event asks of its API."""
    errors = []
    seen = set()
    for route in integrations:
        if route.api_id in own_bodies:
            continue
        method = (route.api_id, route.path, definition_body.method_key(route.method))
        if method in seen:
            errors.append(Problem(route.event_path, DUPLICATE.format(method=route.method.lower(),
                                                                            path=route.path)))
        seen.add(method)
        if _is_function(route):
            errors += _request_errors(route, plans[route.api_id].properties.get("Models"))
    return errors


def _function_errors(template: dict, functions: dict, plans: dict) -> list[Problem]:
    """What samtransform does not build for a function's event, and SAM's error for an empty StageName."""
    errors = []
    for _, routes in functions.values():
        for route in routes:
            properties = plans[route.api_id].properties
            managed = route.api_id == tables.IMPLICIT_API_ID or explicit_api.managed({"Properties": properties})
            if route.auth.get("OverrideApiAuth"):
                errors.append(Problem(route.event_path + ("Properties", "Auth", "OverrideApiAuth"),
                                             OVERRIDE_API_AUTH.format(event=function_api.describe(route))))
            elif not managed and _merges(properties):
                errors.append(Problem(_setting_path(template, route.api_id, "MergeDefinitions"),
                                             MERGED.format(event=function_api.describe(route))))
            _, stage_errors = function_api.stage_suffix(route, template)
            errors += stage_errors
    return list(dict.fromkeys(errors))


def _merges(properties: dict) -> bool:
    """Whether SAM merges the functions' methods into the API's own definition (it leaves an include as it is)."""
    return bool(properties.get("MergeDefinitions")) and not is_intrinsic(properties.get("DefinitionBody"))


def _usage_plan_errors(template: dict, plans: dict, routes: list, functions: dict,
                       global_values: dict) -> list[Problem]:
    """A SHARED usage plan samtransform would build wrong, or that another API left to AWS SAM shares."""
    shared = [api_id for api_id, plan in plans.items() if usage_plan.kind(plan.properties.get("Auth")) == "SHARED"]
    if not shared:
        return []
    first = {}
    for route in routes:
        first.setdefault(route.api_id, route)
    errors = []
    if all("Condition" in plans[api_id].passthrough for api_id in shared):  # else SAM's plan has none
        errors.append(Problem(_setting_path(template, shared[-1], "Auth") + ("UsagePlan",),
                                     usage_plan.SHARED_CONDITION.format(event=_describe(first[shared[-1]]))))
    for other in _apis_left(template, plans, functions):
        resource = template["Resources"].get(other) or {"Properties": {}}
        properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        merged = globals_api.apply(global_values, properties, resource.get("IgnoreGlobals"))
        if usage_plan.kind(merged.get("Auth")) == "SHARED":
            errors.append(Problem(_setting_path(template, shared[0], "Auth") + ("UsagePlan",),
                                         usage_plan.SHARED_ELSEWHERE.format(other=other,
                                                                           event=_describe(first[shared[0]]))))
    return errors


def _apis_left(template: dict, plans: dict, functions: dict) -> list:
    """The REST APIs of the template that AWS SAM builds at deploy time: the AWS::Serverless::Api resources
    samtransform does not build, and the implicit API when functions it leaves have Api events on it."""
    left = [logical_id for logical_id, resource in template["Resources"].items()
            if _is_serverless_api(resource) and logical_id not in plans]
    if tables.IMPLICIT_API_ID not in plans and any(
            api_event.rest_api_id(properties.get("RestApiId")) == tables.IMPLICIT_API_ID
            for logical_id, resource in template["Resources"].items()
            if isinstance(resource, dict) and resource.get("Type") == function_api.FUNCTION_TYPE
            and logical_id not in functions
            for _, properties in function_api.api_events(resource)):
        left.append(tables.IMPLICIT_API_ID)
    return left


def _request_errors(route, models) -> list[Problem]:
    """SAM's errors in a function event's RequestModel (against the API's Models) and RequestParameters."""
    errors = []
    model = (route.request_model or {}).get("Model")
    if model:
        where = {"model": model, "method": route.method.lower(), "path": route.path}
        path = route.event_path + ("Properties", "RequestModel", "Model")
        if not models:
            errors.append(Problem(path, NO_MODELS.format(**where)))
        elif not isinstance(models, dict):
            errors.append(Problem(path, MODELS_INVALID.format(**where)))
        elif not models.get(model):
            errors.append(Problem(path, UNKNOWN_MODEL.format(**where)))
    for index, entry in enumerate(route.request_parameters or ()):
        path = route.event_path + ("Properties", "RequestParameters", index)
        if isinstance(entry, dict) and len(entry) == 1:
            name, settings = next(iter(entry.items()))
        elif isinstance(entry, str):
            name, settings = entry, {}
        else:
            errors.append(Problem(path, PARAMETER_ENTRY))
            continue
        if not name.startswith(PARAMETER_PREFIXES):
            errors.append(Problem(path, PARAMETER_KEY))
        elif not isinstance(settings, dict) or any(key not in PARAMETER_SETTINGS for key in settings):
            errors.append(Problem(path, PARAMETER_VALUE))
    return errors


def _describe(route) -> str:
    if _is_function(route):
        return function_api.describe(route)
    return f"event {route.event_name!r} of {route.state_machine_id}"


def _route_errors(template: dict, routes: list) -> list[Problem]:
    errors = []
    resources = template["Resources"]
    seen: set = set()
    for route in routes:
        if route.api_id == tables.IMPLICIT_API_ID:
            if route.api_id in resources and route.api_id not in seen:
                errors.append(Problem(("Resources", tables.IMPLICIT_API_ID),
                                             TAKEN.format(event=_describe(route))))
        elif not (isinstance(route.api_id, str) and _is_serverless_api(resources.get(route.api_id))):
            errors.append(Problem(route.event_path + ("Properties", "RestApiId"), NOT_AN_API))
            continue
        seen.add(route.api_id)
    return errors


def _is_serverless_api(resource) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == explicit_api.RESOURCE_TYPE


# --------------------------------------------------------------------------- building

def _bodies(template: dict, resources_table: Py2Dict, visits: list, integrations: list, own_bodies: dict,
            plans: dict, partition: str) -> tuple[dict, dict]:
    """Every API's body with its methods and integrations, and the Conditions they add."""
    bodies, path_methods = _add_methods(visits, own_bodies)
    conditions = {}
    managed = [logical_id for logical_id in resources_table if logical_id in bodies and logical_id not in own_bodies]
    for api_id in managed:
        added, path_conditions = api_conditions(api_id, bodies[api_id], path_methods[api_id], plans[api_id].attributes)
        conditions.update(added)
        bodies[api_id] = definition_body.make_paths_conditional(bodies[api_id], path_conditions)
        bodies[api_id] = body_settings.open_api_version(bodies[api_id], plans[api_id].properties.get("OpenApiVersion"))
    resolved = set()  # the APIs whose Auth SAM has resolved in place, checking an event's Auth
    for route in integrations:
        if route.api_id in own_bodies:
            continue
        plan = plans[route.api_id]
        api_auth = plan.body_settings["Auth"]
        if _is_function(route):
            written_auth = plan.properties.get("Auth") if route.api_id in resolved else plan.raw_auth
            bodies[route.api_id] = definition_body.add_lambda_integration(
                bodies[route.api_id], route, function_api.integration_uri(route, partition),
                function_api.credentials(route, from_template(written_auth), partition),
                _scopes(route, api_auth), from_template(route.auth.get("ResourcePolicy")),
                function_api.policy_stage(route, template))
        else:
            bodies[route.api_id] = definition_body.add_integration(
                bodies[route.api_id], route.path, route.method, route.arn_id, route.role_id, route.unescape,
                route.condition, route.authorizer, route.api_key_required, _scopes(route, api_auth),
                from_template(route.policy), from_template(route.stage))
        if route.auth:
            resolved.add(route.api_id)
    return bodies, conditions


def _add_methods(visits: list, own_bodies: dict) -> tuple[dict, dict]:
    """Every API's body with its methods; path -> {method: condition} per API."""
    bodies: dict = {}
    path_methods: dict = {}
    for visit in visits:
        for route in visit.first:
            if route.api_id in own_bodies:  # the user's definition: SAM adds nothing to it
                bodies.setdefault(route.api_id, own_bodies[route.api_id])
                continue
            body = bodies.get(route.api_id) or definition_body.skeleton()
            bodies[route.api_id] = definition_body.add_method(body, route.path, route.method)
            path_methods.setdefault(route.api_id, {}).setdefault(route.path, {})[route.method] = route.condition
    return bodies, path_methods


def _build(api_id: str, body, plan: Plan, partition: str, function_names: str) -> dict:
    """The API's resources, after the edits SAM makes while translating the API itself, in its order."""
    if "DefinitionUri" in plan.properties:  # the definition is in S3: SAM hashes where
        return rest_api.build(api_id, body, plan.properties, plan.attributes, plan.passthrough, partition, in_s3=True,
                              function_names=function_names)
    version = plan.properties.get("OpenApiVersion")
    if plan.body_settings["Cors"]:
        body = cors.add_cors(body, plan.body_settings["Cors"])
    if plan.body_settings["Auth"]:  # SAM runs OpenAPI 3's last step here too
        stage = plan.properties["StageName"]  # SAM's own "Prod" for the implicit API
        stage = stage if api_id == tables.IMPLICIT_API_ID else from_template(stage)
        body = body_settings.open_api_3_last_step(auth.add_auth(body, plan.body_settings["Auth"], partition, stage),
                                                  version or body.get("openapi"))
    if plan.body_settings["GatewayResponses"]:
        body = gateway_responses.add_gateway_responses(body, plan.body_settings["GatewayResponses"])
    body = body_settings.binary_media_types(body, plan.properties.get("BinaryMediaTypes"))
    if plan.properties.get("Models"):
        body = body_settings.models(body, from_template(plan.properties["Models"]), version or body.get("openapi"))
    if plan.properties.get("DisableExecuteApiEndpoint") is not None:
        body = body_settings.disable_execute_api_endpoint(body,
                                                          from_template(plan.properties["DisableExecuteApiEndpoint"]))
    body = body_settings.open_api_3_last_step(body, version or body.get("openapi"))
    return rest_api.build(api_id, body, plan.properties, plan.attributes, plan.passthrough, partition,
                          function_names=function_names)


def _beside(api_id: str, plan: Plan, partition: str) -> dict:
    """What SAM builds beside the API's RestApi, Deployment and Stage: its Lambda authorizers' permissions."""
    api_auth = plan.properties.get("Auth")
    if not isinstance(api_auth, dict) or not api_auth.get("Authorizers"):
        return {}
    return authorizers.permissions(api_id, api_auth["Authorizers"], plan.passthrough, partition)


def _add_usage_plans(apis: dict, plans: dict) -> None:
    """Each API's usage plan beside it; a SHARED one beside the last API that asks for it."""
    asking = []
    for api_id, plan in plans.items():
        auth_settings = plan.properties.get("Auth")
        if usage_plan.kind(auth_settings) in ("PER_API", "SHARED"):
            properties = plan.properties
            tags = None
            if properties.get("PropagateTags") is True and properties.get("Tags"):
                tags = tag_list(properties["Tags"])
            asking.append((api_id, stage_id(api_id, properties["StageName"]), auth_settings["UsagePlan"],
                           plan.passthrough, tags))
    for api_id, resources in usage_plan.build(asking).items():
        apis[api_id].update(resources)


def _references(apis: dict, plans: dict) -> dict:
    """`<Api>.Stage` and the like -> the logical IDs they name; a SHARED usage plan is every sharing API's."""
    known: dict = {}
    for api_id, resources in apis.items():
        known.update(references.targets(api_id, resources))
    shared = {**{key: value for key, value in known.items() if value in usage_plan.SHARED_IDS}}
    for api_id, plan in plans.items():
        if usage_plan.kind(plan.properties.get("Auth")) == "SHARED":
            for key, value in shared.items():
                known[f"{api_id}.{key.split('.', 1)[1]}"] = value
    return known


def _function_names(template: dict, functions: dict, integrations: list, api_id: str, context) -> str:
    """The FunctionNames SAM adds to the API's Deployment hash: one per Api event with a RestApiId (the
    implicit API's events have one by then), of the functions in the order SAM translates them."""
    names = []
    for function_id in dict.fromkeys(route.function_id for route in integrations if _is_function(route)):
        resource, _ = functions[function_id]
        name = function_api.function_name_text(resource["Properties"].get("FunctionName"), context)
        if name is None:
            continue
        for _, event in function_api.api_events(resource):
            if api_event.rest_api_id(event.get("RestApiId")) == api_id:
                names.append(name)
    return "".join(names)


def _functions(template: dict, functions: dict, integrations: list, partition: str) -> dict:
    """Function logical ID -> the function without the Api events built here, then their permissions."""
    made: dict = {}
    for route in integrations:
        if not _is_function(route):
            continue
        resource, routes = functions[route.function_id]
        if route.function_id not in made:
            made[route.function_id] = {route.function_id: function_api.without_events(
                resource, [entry.event_name for entry in routes])}
        suffix, _ = function_api.stage_suffix(route, template)
        logical_id, permission = function_api.permission(route, suffix, partition)
        made[route.function_id][logical_id] = permission
    return made


def _own_definition(properties: dict):
    """The user's DefinitionBody, or the BodyS3Location a DefinitionUri makes, as SAM holds them."""
    if "DefinitionBody" in properties:
        return from_template(properties["DefinitionBody"])
    location, _ = s3_location((), properties["DefinitionUri"])  # valid: explicit_api.iter_errors said so
    return py2_dict(*((key, from_template(location[key])) for key in ("Bucket", "Key", "Version") if key in location))


def _plans(template: dict, api_ids: list, implicit: tuple, global_values: dict, context) -> dict:
    plans = {}
    for api_id in api_ids:
        if api_id == tables.IMPLICIT_API_ID:
            attributes, tags = implicit
            properties: dict = {"StageName": tables.IMPLICIT_STAGE_NAME}
            if tags:
                properties.update(Tags=tags, PropagateTags=True)
            # One mapping for all three resources: the API's Condition is added to it later.
            plans[api_id] = _resolved(Plan(globals_api.apply(global_values, properties), attributes, attributes,
                                           {key: globals_api.body_value(global_values, {}, key)
                                            for key in BODY_SETTINGS}, None), context)
        else:
            resource = template["Resources"][api_id]
            own, passthrough = explicit_api.attributes(resource)
            merged = globals_api.apply(global_values, resource["Properties"], resource.get("IgnoreGlobals"))
            if isinstance(merged.get("Tags"), dict):
                # SAM reads an explicit API's properties as Python 2.7 dicts: its tag list follows their order.
                merged = {**merged, "Tags": py2_ordered(merged["Tags"])}
            settings = {key: globals_api.body_value(global_values, resource["Properties"], key,
                                                    resource.get("IgnoreGlobals")) for key in BODY_SETTINGS}
            plans[api_id] = _resolved(Plan(merged, own, passthrough, settings, None), context)
        plans[api_id] = _versioned(api_id, plans[api_id])
    return plans


def _versioned(api_id: str, plan: Plan) -> Plan:
    """The plan with OpenApiVersion as AWS SAM reads it (body_settings.version_value)."""
    version = plan.properties.get("OpenApiVersion")
    if version is None or isinstance(version, str):
        return plan
    managed = api_id == tables.IMPLICIT_API_ID or explicit_api.managed({"Properties": plan.properties})
    return plan._replace(properties={**plan.properties,
                                     "OpenApiVersion": body_settings.version_value(version, managed)})


def _resolved(plan: Plan, context) -> Plan:
    """The plan with the parameters in its Auth read as their values, as SAM reads them when it translates the API."""
    written = plan.properties.get("Auth")
    if written is None:
        return plan
    properties = {**plan.properties, "Auth": plain(resolve(written, context))}
    settings = {**plan.body_settings, "Auth": resolve_held(plan.body_settings["Auth"], context)}
    return plan._replace(properties=properties, body_settings=settings, raw_auth=written)


def _setting_path(template: dict, api_id: str, key: str) -> tuple:
    """Where an API's setting is written: on the API, or else in Globals.Api."""
    resource = template["Resources"].get(api_id)
    if isinstance(resource, dict) and key in (resource.get("Properties") or {}):
        return ("Resources", api_id, "Properties", key)
    return ("Globals", "Api", key)


def _scopes(route, api_auth) -> list:
    """The scopes SAM puts on a method for its authorizer: for an authorizer the API defines, the event's
    AuthorizationScopes, else the authorizer's; otherwise none."""
    authorizers = api_auth.get("Authorizers") if isinstance(api_auth, dict) else None
    if route.authorizer in (None, "NONE") or not authorizers or authorizers.get(route.authorizer) is None:
        return []
    scopes = authorizers[route.authorizer].get("AuthorizationScopes")
    if route.scopes is not None:
        scopes = from_template(route.scopes)
    return [] if scopes is None else scopes
