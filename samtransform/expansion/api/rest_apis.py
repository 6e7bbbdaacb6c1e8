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
Everything is checked before anything is built, in four phases between the preparations
(validation.py), so an API is either built whole or refused with every reason its phase finds.
"""

from __future__ import annotations

from collections import namedtuple

from ...core.problems import Problem
from ...core.logical_ids import stage_id
from ...core.py27_dict import Py2Dict, from_template, plain, py2_dict, py2_ordered
from ..parameter_refs import resolve, resolve_held
from ..definition import s3_location
from ..events import api as api_event
from ..events import function_api
from ..tags import tag_list
from . import (
    auth, authorizers, body_settings, cors, definition_body, explicit_api, gateway_responses, globals_api,
    references, rest_api, tables, usage_plan, validation)
from .conditions import api_conditions

POLICY_PRECEDENCE = {
    "DeletionPolicy": ("Retain", "Delete"),
    "UpdateReplacePolicy": ("Retain", "Snapshot", "Delete"),
}

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
    template's order); only expanded state machines with Api events. The validation phases
    (validation.py) come in between the preparations, each one once what it reads is known.
    """
    machine_routes = [route for _, machine_routes in machines.values() for route in machine_routes]
    on_fed = function_api.functions_sharing(
        template, {route.api_id for route in machine_routes if isinstance(route.api_id, str)})
    problems: list[Problem] = []
    if _stops(problems, validation.function_event_errors(template, on_fed, context)):
        return Built({}, {}, {}, problems)
    functions = _function_routes(template, on_fed, context)
    routes = machine_routes + [route for _, function_routes in functions.values() for route in function_routes]
    global_values, global_errors = globals_api.api_globals(template, validation.describe(routes[0]))
    if _stops(problems, validation.input_errors(template, routes, global_values, global_errors, context)):
        return Built({}, {}, {}, problems)
    resources_table = _resources_table(template)
    visits = _visits(template, resources_table, machines, functions)
    api_ids = [logical_id for logical_id in resources_table if logical_id in {route.api_id for route in routes}]
    own_bodies = _own_bodies(template, api_ids)
    plans = _plans(template, api_ids, _implicit_settings(visits), global_values, context)
    if _stops(problems, validation.setting_errors(template, plans, routes, own_bodies, on_fed, global_values)):
        return Built({}, {}, {}, problems)
    # Before translating, SAM's HTTP API plugin adds its own implicit API and removes it again.
    resources_table[tables.IMPLICIT_HTTP_API_ID] = None
    del resources_table[tables.IMPLICIT_HTTP_API_ID]
    integrations = _integration_order(resources_table, visits)
    if _stops(problems, validation.event_errors(template, plans, integrations, own_bodies, functions)):
        return Built({}, {}, {}, problems)
    bodies, conditions = _bodies(template, resources_table, visits, integrations, own_bodies, plans,
                                 context.partition)
    apis = _apis(template, api_ids, bodies, plans, functions, integrations, context)
    return Built(apis, _functions(template, functions, integrations, context.partition), conditions, problems,
                 _sources(routes), _references(apis, plans))


def _stops(problems: list, found: list) -> bool:
    """Adds a phase's problems to the others; whether any stops the build (a warning does not: the API
    is built as SAM builds it)."""
    problems += found
    return any(problem.severity == "error" for problem in problems)


def _function_routes(template: dict, on_fed: dict, context) -> dict:
    """Function logical ID -> (the function, the routes of its Api events on the APIs)."""
    return {logical_id: (template["Resources"][logical_id],
                         function_api.routes(logical_id, names, template["Resources"][logical_id], template, context))
            for logical_id, names in on_fed.items()}


def _own_bodies(template: dict, api_ids: list) -> dict:
    """API logical ID -> its own definition, for the explicit APIs that have one (SAM adds no method to it)."""
    return {api_id: _own_definition(template["Resources"][api_id]["Properties"]) for api_id in api_ids
            if api_id != tables.IMPLICIT_API_ID and not explicit_api.managed(template["Resources"][api_id])}


def _sources(routes: list) -> dict:
    """API logical ID -> the path of the first event that feeds it."""
    sources: dict = {}
    for route in routes:
        sources.setdefault(route.api_id, route.event_path)
    return sources


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
    ordered = sorted(visits, key=lambda visit: (not validation.is_function(visit.first[0]), order[visit.logical_id]))
    return [route for visit in ordered for route in visit.second]


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
        if validation.is_function(route):
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


def _apis(template: dict, api_ids: list, bodies: dict, plans: dict, functions: dict, integrations: list,
          context) -> dict:
    """API logical ID -> its resources: RestApi, Deployment, Stage, what SAM builds beside them, usage plans."""
    apis = {api_id: {**_build(api_id, bodies[api_id], plans[api_id], context.partition,
                              _function_names(template, functions, integrations, api_id, context)),
                     **_beside(api_id, plans[api_id], context.partition)}
            for api_id in api_ids}
    _add_usage_plans(apis, plans)
    return apis


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
    for function_id in dict.fromkeys(route.function_id for route in integrations if validation.is_function(route)):
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
        if not validation.is_function(route):
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
