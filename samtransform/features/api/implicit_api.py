"""The implicit REST API, `ServerlessRestApi`, that every state machine's Api events share.

Rules, as AWS SAM applies them:
- one API for all Api events of all state machines, with the stage `Prod`
  (rest_api.py builds the RestApi, the hashed Deployment and the Stage);
- the events are visited in SAM's order, which is Python 2.7's dict order of the
  logical IDs and of each state machine's events (py27_dict.py); a path and method
  given twice is SAM's error on the second event;
- conditions: a method of a state machine with a Condition is wrapped in `Fn::If`; a
  path whose methods all have conditions is wrapped in its condition, or in
  `ServerlessRestApi<path>PathCondition` (an `Fn::Or` of them, added to Conditions);
  when every method has a condition, the API takes it (or `ServerlessRestApiCondition`);
  `Fn::Or` takes 10 conditions, so longer lists are chained (`<name>1`, `<name>2`, ...);
- DeletionPolicy: Retain if any event's state machine retains, else Delete if any says
  so; UpdateReplacePolicy likewise, with Snapshot between Retain and Delete;
- a state machine with `PropagateTags: true` and Tags gives its tags to the API (later
  state machines' values win for the same key).
Refused, each naming the events concerned (rather than half an API):
- `Globals.Api`, which would configure this API;
- an `AWS::Serverless::Function` Api event on the implicit API: samtransform expands
  state machines only, and the SAM transform would have to rebuild the same API;
- a resource the template itself names `ServerlessRestApi`.
"""

from __future__ import annotations

from ...errors import TransformError
from ...py27_dict import Py2Dict, TemplateText
from ..tags import tag_list
from . import definition_body, rest_api, tables

FUNCTION_TYPE = "AWS::Serverless::Function"
MAX_OR_CONDITIONS = 10  # Fn::Or takes 2 to 10 conditions
POLICY_PRECEDENCE = {
    "DeletionPolicy": ("Retain", "Delete"),
    "UpdateReplacePolicy": ("Retain", "Snapshot", "Delete"),
}
GLOBALS_API = ("Globals.Api configures the implicit API ServerlessRestApi, which samtransform builds for the Api "
               "event {event!r} of {machine}; samtransform does not apply Globals.Api yet: move these settings "
               "away, or leave the state machine to AWS SAM")
SHARED_WITH_FUNCTION = ("the Api event {event!r} of {machine} and the Api event {function_event!r} of the function "
                        "{function} share the implicit API ServerlessRestApi: samtransform expands state machines "
                        "only, and would leave AWS SAM to build the same API again; give the function's events a "
                        "RestApiId, or leave the state machine to AWS SAM")
TAKEN = ("the template defines a resource named ServerlessRestApi, the implicit API that the Api event {event!r} of "
         "{machine} needs; rename that resource")
DUPLICATE = 'API method "{method}" defined multiple times for path "{path}".'


def expand(template: dict, machines: dict, partition: str) -> tuple[dict, dict, list[TransformError]]:
    """The API's resources, the conditions it adds, or the errors that prevent it.

    `machines`: logical ID -> (resource after Globals, routes of its Api events in the
    template's order); only expanded state machines with Api events.
    """
    routes = [route for _, machine_routes in machines.values() for route in machine_routes]
    if not routes:
        return {}, {}, []
    errors = _errors(template, routes[0])
    if errors:
        return {}, {}, errors
    resources_table = Py2Dict()
    for logical_id in template["Resources"]:
        resources_table[logical_id] = None
    resources_table[tables.IMPLICIT_API_ID] = None
    visits = [(logical_id, _event_order(machines[logical_id][0], machines[logical_id][1]))
              for logical_id in resources_table if logical_id in machines]
    body, path_methods, attributes, tags = _add_methods(visits, machines)
    conditions, path_conditions = _conditions(body, path_methods, attributes)
    body = definition_body.make_paths_conditional(body, path_conditions)
    # Before translating, SAM's HTTP API plugin adds its own implicit API and removes it again.
    resources_table[tables.IMPLICIT_HTTP_API_ID] = None
    del resources_table[tables.IMPLICIT_HTTP_API_ID]
    by_machine = dict(visits)
    body, errors = _add_integrations([(logical_id, by_machine[logical_id]) for logical_id in resources_table
                                      if logical_id in by_machine], body)
    if errors:
        return {}, {}, errors
    generated = rest_api.build(tables.IMPLICIT_API_ID, body, tables.IMPLICIT_STAGE_NAME, attributes,
                               tag_list(tags) if tags else None, partition)
    return generated, conditions, []


def _errors(template: dict, first) -> list[TransformError]:
    machine = first.state_machine_id
    if tables.IMPLICIT_API_ID in template["Resources"]:
        return [TransformError(("Resources", tables.IMPLICIT_API_ID), TAKEN.format(event=first.event_name,
                                                                                   machine=machine))]
    errors = []
    section = template.get("Globals")
    if isinstance(section, dict) and "Api" in section:
        errors.append(TransformError(("Globals", "Api"), GLOBALS_API.format(event=first.event_name, machine=machine)))
    for function, event in _implicit_function_events(template):
        errors.append(TransformError(first.event_path, SHARED_WITH_FUNCTION.format(
            event=first.event_name, machine=machine, function_event=event, function=function)))
    return errors


def _implicit_function_events(template: dict):
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") != FUNCTION_TYPE:
            continue
        properties = resource.get("Properties")
        events = properties.get("Events") if isinstance(properties, dict) else None
        for name, event in (events.items() if isinstance(events, dict) else ()):
            event_properties = event.get("Properties") if isinstance(event, dict) else None
            if (isinstance(event, dict) and event.get("Type") == "Api"
                    and not (isinstance(event_properties, dict) and "RestApiId" in event_properties)):
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


def _add_methods(visits, machines):
    body = definition_body.skeleton()
    path_methods: dict = {}  # path -> {method as given: condition}
    policies: dict = {key: [] for key in POLICY_PRECEDENCE}
    tags: dict = {}
    for logical_id, (first, _) in visits:
        resource = machines[logical_id][0]
        properties = resource["Properties"]
        for route in first:
            if properties.get("PropagateTags") and properties.get("Tags"):
                tags.update(properties["Tags"])
            body = definition_body.add_method(body, route.path, route.method)
            path_methods.setdefault(route.path, {})[route.method] = route.condition
            for key in POLICY_PRECEDENCE:
                policies[key].append(resource.get(key))
    attributes = {}
    for key, precedence in POLICY_PRECEDENCE.items():
        chosen = next((value for value in precedence if value in policies[key]), None)
        if chosen:
            attributes[key] = chosen
    return body, path_methods, attributes, tags


def _conditions(body, path_methods: dict, attributes: dict) -> tuple[dict, dict]:
    """The API's Condition (into `attributes`), new template Conditions, and each path's condition."""
    conditions: dict = {}
    every = {condition for methods in path_methods.values() for condition in methods.values()}
    if every and None not in every:
        if len(every) == 1:
            attributes["Condition"] = next(iter(every))
        else:
            attributes["Condition"] = tables.IMPLICIT_API_CONDITION
            conditions.update(combined_condition(sorted(every), tables.IMPLICIT_API_CONDITION))
    path_conditions = {}
    for path in body["paths"]:
        names = set(path_methods[path].values())
        if not names or None in names:
            continue
        if len(names) == 1:
            path_conditions[path] = TemplateText(next(iter(names)))
        else:
            name = path_condition_name(path)
            conditions.update(combined_condition(sorted(names), name))
            path_conditions[path] = name
    return conditions, path_conditions


def path_condition_name(path: str) -> str:
    return f"{tables.IMPLICIT_API_ID}{path.replace('/', 'SLASH').replace('{', 'OB').replace('}', 'CB')}PathCondition"


def combined_condition(names: list, name: str) -> dict:
    """`name` true when any of `names` is: Fn::Or, chained through numbered conditions past 10."""
    count = -(-(len(names) - 1) // (MAX_OR_CONDITIONS - 1))  # how many Fn::Or it takes
    conditions = {}
    pending = list(names)
    while len(pending) > 1:
        count -= 1
        current = f"{name}{count}" if count > 0 else name
        conditions[current] = {"Fn::Or": [{"Condition": entry} for entry in pending[:MAX_OR_CONDITIONS]]}
        pending = pending[MAX_OR_CONDITIONS:] + [current]
    return conditions


def _add_integrations(visits, body):
    errors = []
    for _, (_, second) in visits:
        for route in second:
            if definition_body.has_integration(body, route.path, route.method):
                errors.append(TransformError(route.event_path, DUPLICATE.format(method=route.method.lower(),
                                                                                path=route.path)))
                continue
            body = definition_body.add_integration(body, route.path, route.method, route.arn_id, route.role_id,
                                                   route.unescape, route.condition)
    return body, errors

