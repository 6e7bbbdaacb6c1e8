"""The REST APIs that state machine Api events feed: the implicit `ServerlessRestApi` and explicit ones.

Rules, as AWS SAM applies them:
- events without RestApiId share `ServerlessRestApi` with the stage `Prod`; events with
  RestApiId add to that `AWS::Serverless::Api` (explicit_api.py), which must be in the
  template ("RestApiId must be a valid reference ..." otherwise);
- the events are visited in SAM's order, which is Python 2.7's dict order of the
  logical IDs and of each state machine's events (py27_dict.py); SAM first adds every
  method, then every integration; a path and method given twice is SAM's error on the
  second event;
- a method of a state machine with a Condition is wrapped in `Fn::If`, and so may be its
  path and the implicit API (conditions.py);
- the implicit API's DeletionPolicy is Retain if any event's state machine retains, else
  Delete if any says so; UpdateReplacePolicy likewise, with Snapshot between them;
- a state machine with `PropagateTags: true` and Tags gives its tags to the implicit API
  (later state machines' values win for the same key); `Globals.StateMachine.PropagateTags:
  true` counts even where the state machine says false (SAM reads either);
- Globals.Api applies to every API built here (globals_api.py); an explicit API with a
  definition of its own (DefinitionBody, DefinitionUri) gets nothing from the events
  but their roles;
- then, as SAM translates the API: Cors, GatewayResponses, BinaryMediaTypes,
  DisableExecuteApiEndpoint and OpenAPI 3's last step edit the body, in that order.
Refused, each naming the events concerned (rather than half an API):
- an `AWS::Serverless::Function` Api event on the same API: samtransform expands state
  machines only, and the SAM transform would have to rebuild the same API;
- a resource the template itself names `ServerlessRestApi`.
"""

from __future__ import annotations

from collections import namedtuple

from ...core.problems import TransformError
from ...core.py27_dict import Py2Dict, from_template, py2_dict, py2_ordered
from ..definition import s3_location
from ..events import api as api_event
from . import auth, body_settings, cors, definition_body, explicit_api, gateway_responses, globals_api, rest_api, tables
from .conditions import api_conditions

FUNCTION_TYPE = "AWS::Serverless::Function"
POLICY_PRECEDENCE = {
    "DeletionPolicy": ("Retain", "Delete"),
    "UpdateReplacePolicy": ("Retain", "Snapshot", "Delete"),
}
SHARED_WITH_FUNCTION = ("the Api event {event!r} of {machine} and the Api event {function_event!r} of the function "
                        "{function} share the API {api}: samtransform expands state machines only, and would leave "
                        "AWS SAM to build the same API again; give them separate APIs, or leave the state machine "
                        "to AWS SAM")
TAKEN = ("the template defines a resource named ServerlessRestApi, the implicit API that the Api event {event!r} of "
         "{machine} needs; rename that resource")
NOT_AN_API = "RestApiId must be a valid reference to an 'AWS::Serverless::Api' resource in same template."
DUPLICATE = 'API method "{method}" defined multiple times for path "{path}".'
AUTH_IGNORED = ("event {event!r} sets Auth, but its API {api} has a definition of its own (DefinitionBody or "
                "DefinitionUri), into which AWS SAM adds nothing: the setting would do nothing; put the security into "
                "that definition")

# One API being built: its SAM properties (after Globals), resource attributes, and the
# settings that go into the body as SAM holds them (BODY_SETTINGS, for the hash).
Plan = namedtuple("Plan", "properties attributes passthrough body_settings")
BODY_SETTINGS = ("Cors", "Auth", "GatewayResponses")


def expand(template: dict, machines: dict, partition: str) -> tuple[dict, dict, list[TransformError]]:
    """API logical ID -> its resources, the conditions they add, or the errors that prevent them.

    `machines`: logical ID -> (resource after Globals, routes of its Api events in the
    template's order); only expanded state machines with Api events.
    """
    routes = [route for _, machine_routes in machines.values() for route in machine_routes]
    global_values, errors = _input_errors(template, routes)
    if errors:
        return {}, {}, errors
    # SAM's Resources table, in whose Python 2.7 order it visits the state machines.
    resources_table = Py2Dict()
    for logical_id in template["Resources"]:
        resources_table[logical_id] = None
    resources_table[tables.IMPLICIT_API_ID] = None
    visits = [(logical_id, _event_order(machines[logical_id][0], machines[logical_id][1]))
              for logical_id in resources_table if logical_id in machines]
    fed_apis = {route.api_id for route in routes} - {tables.IMPLICIT_API_ID}
    own_bodies = {api_id: _own_definition(template["Resources"][api_id]["Properties"]) for api_id in fed_apis
                  if not explicit_api.managed(template["Resources"][api_id])}
    bodies, path_methods, implicit = _add_methods(visits, machines, _global_propagate_tags(template), own_bodies)
    plans = _plans(template, bodies, implicit, global_values)
    errors = _setting_errors(template, plans, routes, own_bodies)
    if errors:
        return {}, {}, errors
    conditions = {}
    managed = [logical_id for logical_id in resources_table if logical_id in bodies and logical_id not in own_bodies]
    for api_id in managed:
        added, path_conditions = api_conditions(api_id, bodies[api_id], path_methods[api_id], plans[api_id].attributes)
        conditions.update(added)
        bodies[api_id] = definition_body.make_paths_conditional(bodies[api_id], path_conditions)
        bodies[api_id] = body_settings.open_api_version(bodies[api_id], plans[api_id].properties.get("OpenApiVersion"))
    # Before translating, SAM's HTTP API plugin adds its own implicit API and removes it again.
    resources_table[tables.IMPLICIT_HTTP_API_ID] = None
    del resources_table[tables.IMPLICIT_HTTP_API_ID]
    by_machine = dict(visits)
    errors = _add_integrations([by_machine[logical_id] for logical_id in resources_table if logical_id in by_machine],
                               bodies, own_bodies, plans)
    if errors:
        return {}, {}, errors
    return {api_id: _build(api_id, body, plans[api_id], partition) for api_id, body in bodies.items()}, conditions, []


def _input_errors(template: dict, routes: list) -> tuple[dict, list[TransformError]]:
    """Globals.Api, and what is wrong with the events' APIs before anything is built."""
    errors = _route_errors(template, routes)
    global_values, global_errors = globals_api.api_globals(template, _describe(routes[0]))
    errors += global_errors
    if global_values.get("Auth"):  # also reported here, beside the APIs' own errors
        errors += auth.iter_errors(("Globals", "Api", "Auth"), global_values["Auth"], _describe(routes[0]),
                                   _parameters(template))
    for api_id in dict.fromkeys(route.api_id for route in routes if isinstance(route.api_id, str)):
        if api_id != tables.IMPLICIT_API_ID and _is_serverless_api(template["Resources"].get(api_id)):
            first = next(route for route in routes if route.api_id == api_id)
            errors += explicit_api.iter_errors(api_id, template["Resources"][api_id], _describe(first))
    return global_values, errors


def _setting_errors(template: dict, plans: dict, routes: list, own_bodies: dict) -> list[TransformError]:
    """SAM's errors in the settings that edit the body, once Globals.Api is merged in, and in the
    events' Auth against their API's."""
    first = {}
    for route in routes:
        first.setdefault(route.api_id, route)
    errors = [error for api_id, plan in plans.items() if plan.properties.get("Auth")
              for error in auth.iter_errors(_setting_path(template, api_id, "Auth"), plan.properties["Auth"],
                                            _describe(first[api_id]), _parameters(template))]
    errors += [error for route in routes if route.api_id not in own_bodies
               for error in api_event.auth_errors(route,
                                                  auth.event_settings(plans[route.api_id].properties.get("Auth")))]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("Cors")
              for error in cors.iter_errors(_setting_path(template, api_id, "Cors"), plan.properties["Cors"])]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("GatewayResponses")
               for error in gateway_responses.iter_errors(_setting_path(template, api_id, "GatewayResponses"),
                                                          plan.properties["GatewayResponses"])]
    errors += [error for api_id, plan in plans.items() if plan.properties.get("Models")
               and "DefinitionUri" not in plan.properties
               for error in explicit_api.model_errors(("Resources", api_id, "Properties", "Models"),
                                                      plan.properties["Models"])]
    errors += [TransformError(("Resources", api_id), explicit_api.NEED_INLINE_BODY[key])
               for api_id, plan in plans.items() if "DefinitionUri" in plan.properties
               for key in explicit_api.body_settings(plan.properties)]
    return errors


def _build(api_id: str, body, plan: Plan, partition: str) -> dict:
    """The API's resources, after the edits SAM makes while translating the API itself, in its order."""
    if "DefinitionUri" in plan.properties:  # the definition is in S3: SAM hashes where
        return rest_api.build(api_id, body, plan.properties, plan.attributes, plan.passthrough, partition, in_s3=True)
    version = plan.properties.get("OpenApiVersion")
    if plan.body_settings["Cors"]:
        body = cors.add_cors(body, plan.body_settings["Cors"])
    if plan.body_settings["Auth"]:  # SAM runs OpenAPI 3's last step here too
        body = body_settings.open_api_3_last_step(auth.add_auth(body, plan.body_settings["Auth"]),
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
    return rest_api.build(api_id, body, plan.properties, plan.attributes, plan.passthrough, partition)


def _parameters(template: dict) -> frozenset:
    parameters = template.get("Parameters")
    return frozenset(parameters) if isinstance(parameters, dict) else frozenset()


def _describe(route) -> str:
    return f"event {route.event_name!r} of {route.state_machine_id}"


def _route_errors(template: dict, routes: list) -> list[TransformError]:
    errors = []
    resources = template["Resources"]
    seen: set = set()
    for route in routes:
        if route.api_id == tables.IMPLICIT_API_ID:
            if route.api_id in resources and route.api_id not in seen:
                errors.append(TransformError(("Resources", tables.IMPLICIT_API_ID),
                                             TAKEN.format(event=route.event_name, machine=route.state_machine_id)))
        elif not (isinstance(route.api_id, str) and _is_serverless_api(resources.get(route.api_id))):
            errors.append(TransformError(route.event_path + ("Properties", "RestApiId"), NOT_AN_API))
            continue
        elif not explicit_api.managed(resources[route.api_id]) and (route.authorizer
                                                                     or route.api_key_required is not None):
            errors.append(TransformError(route.event_path + ("Properties", "Auth"), AUTH_IGNORED.format(
                event=route.event_name, api=route.api_id)))
        if route.api_id not in seen:
            seen.add(route.api_id)
            for function, event in _function_events(template, route.api_id):
                errors.append(TransformError(route.event_path, SHARED_WITH_FUNCTION.format(
                    event=route.event_name, machine=route.state_machine_id, function_event=event, function=function,
                    api=route.api_id)))
    return errors


def _is_serverless_api(resource) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == explicit_api.RESOURCE_TYPE


def _function_events(template: dict, api_id: str):
    """The functions' Api events on the API `api_id`."""
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") != FUNCTION_TYPE:
            continue
        properties = resource.get("Properties")
        events = properties.get("Events") if isinstance(properties, dict) else None
        for name, event in (events.items() if isinstance(events, dict) else ()):
            if not isinstance(event, dict) or event.get("Type") != "Api":
                continue
            event_properties = event.get("Properties")
            given = event_properties.get("RestApiId") if isinstance(event_properties, dict) else None
            if api_event.rest_api_id(given) == api_id:
                yield logical_id, name


def _event_order(resource: dict, routes: list) -> tuple[list, list]:
    """The Api events in SAM's two passes: adding methods, then integrations (Python 2.7 orders)."""
    events = Py2Dict()
    for name in resource["Properties"]["Events"]:
        events[name] = None
    by_name = {route.event_name: route for route in routes}
    api_events = Py2Dict()
    for name in events:
        if name in by_name:
            api_events[name] = None
    first = [by_name[name] for name in api_events]
    # SAM then writes the Api events back into Events with update(), which may grow the table.
    events.merge({name: None for name in api_events})
    second = [by_name[name] for name in events if name in by_name]
    return first, second


def _own_definition(properties: dict):
    """The user's DefinitionBody, or the BodyS3Location a DefinitionUri makes, as SAM holds them."""
    if "DefinitionBody" in properties:
        return from_template(properties["DefinitionBody"])
    location, _ = s3_location((), properties["DefinitionUri"])  # valid: explicit_api.iter_errors said so
    return py2_dict(*((key, from_template(location[key])) for key in ("Bucket", "Key", "Version") if key in location))


def _global_propagate_tags(template: dict):
    section = template.get("Globals")
    machine_globals = section.get("StateMachine") if isinstance(section, dict) else None
    return machine_globals.get("PropagateTags") if isinstance(machine_globals, dict) else None


def _add_methods(visits, machines, global_propagate_tags, own_bodies: dict):
    """Every API's body with its methods; path -> {method: condition} per API; the implicit API's settings.

    SAM decides whether a state machine tags the implicit API from its own PropagateTags *or*
    Globals.StateMachine's, so a global true wins over the state machine's own false here.
    """
    bodies: dict = {}
    path_methods: dict = {}
    policies: dict = {key: [] for key in POLICY_PRECEDENCE}
    tags: dict = {}
    for logical_id, (first, _) in visits:
        resource = machines[logical_id][0]
        properties = resource["Properties"]
        for route in first:
            if route.api_id == tables.IMPLICIT_API_ID:
                if (properties.get("PropagateTags") or global_propagate_tags) and properties.get("Tags"):
                    tags.update(properties["Tags"])
                for key in POLICY_PRECEDENCE:
                    policies[key].append(resource.get(key))
            if route.api_id in own_bodies:  # the user's definition: SAM adds nothing to it
                bodies.setdefault(route.api_id, own_bodies[route.api_id])
                continue
            body = bodies.get(route.api_id) or definition_body.skeleton()
            bodies[route.api_id] = definition_body.add_method(body, route.path, route.method)
            path_methods.setdefault(route.api_id, {}).setdefault(route.path, {})[route.method] = route.condition
    attributes = {}
    for key, precedence in POLICY_PRECEDENCE.items():
        chosen = next((value for value in precedence if value in policies[key]), None)
        if chosen:
            attributes[key] = chosen
    return bodies, path_methods, (attributes, tags)


def _plans(template: dict, bodies: dict, implicit: tuple, global_values: dict) -> dict:
    plans = {}
    for api_id in bodies:
        if api_id == tables.IMPLICIT_API_ID:
            attributes, tags = implicit
            properties: dict = {"StageName": tables.IMPLICIT_STAGE_NAME}
            if tags:
                properties.update(Tags=tags, PropagateTags=True)
            # One mapping for all three resources: the API's Condition is added to it later.
            plans[api_id] = Plan(globals_api.apply(global_values, properties), attributes, attributes,
                                 {key: globals_api.body_value(global_values, {}, key) for key in BODY_SETTINGS})
        else:
            resource = template["Resources"][api_id]
            own, passthrough = explicit_api.attributes(resource)
            merged = globals_api.apply(global_values, resource["Properties"], resource.get("IgnoreGlobals"))
            if isinstance(merged.get("Tags"), dict):
                # SAM reads an explicit API's properties as Python 2.7 dicts: its tag list follows their order.
                merged = {**merged, "Tags": py2_ordered(merged["Tags"])}
            settings = {key: globals_api.body_value(global_values, resource["Properties"], key,
                                                    resource.get("IgnoreGlobals")) for key in BODY_SETTINGS}
            plans[api_id] = Plan(merged, own, passthrough, settings)
    return plans


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


def _add_integrations(visits, bodies: dict, own_bodies: dict, plans: dict) -> list[TransformError]:
    errors = []
    for _, second in visits:
        for route in second:
            if route.api_id in own_bodies:
                continue
            body = bodies[route.api_id]
            if definition_body.has_integration(body, route.path, route.method):
                errors.append(TransformError(route.event_path, DUPLICATE.format(method=route.method.lower(),
                                                                                path=route.path)))
                continue
            bodies[route.api_id] = definition_body.add_integration(
                body, route.path, route.method, route.arn_id, route.role_id, route.unescape, route.condition,
                route.authorizer, route.api_key_required, _scopes(route, plans[route.api_id].body_settings["Auth"]))
    return errors


