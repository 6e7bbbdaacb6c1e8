"""What is wrong with the REST APIs that state machine Api events feed, found before rest_apis.py builds any.

rest_apis.build runs four phases, in this order, and builds nothing once one finds an error
(a warning does not stop it: the API is built as SAM builds it):
1. `function_event_errors`: the Api events of the functions on those APIs, as SAM reads an
   event (features/events/function_api.py); their routes are read from them.
2. `input_errors`: each route's API (RestApiId names an `AWS::Serverless::Api` of the
   template; no resource of the template is named `ServerlessRestApi`), Globals.Api, its
   Auth, and each explicit API's own properties (explicit_api.iter_errors).
3. `setting_errors`: with Globals.Api merged in and Auth's parameters read (the plans): the
   APIs' Auth and each event's Auth against its API's, Cors, GatewayResponses, Models,
   OpenApiVersion, the settings a DefinitionUri cannot take, the API's own DefinitionBody;
   a SHARED usage plan samtransform would build wrong or shares with an API left to SAM.
4. `event_errors`: in SAM's order of integrations, a method given twice (SAM's error on the
   later event) and a function event's RequestModel and RequestParameters against its API;
   then what samtransform does not build for a function's event, and an empty StageName.
Why this order: each phase reads what an earlier one accepted. Routes are read from the
events phase 1 accepted; the plans (Globals.Api merged into each API) are made from the
Globals.Api and the APIs phase 2 accepted, reading every explicit API's Properties and
DefinitionUri as valid; phase 3 judges the plans; phase 4 reads the plans too (Models,
MergeDefinitions) and SAM's order of integrations, which follows the visits.
Stopping after a phase keeps a later one from reading what an earlier one refused. It is
samtransform's rule, not AWS SAM's: SAM collects the errors of all the resources it
translates, and stops earlier only in a plugin (Globals, the implicit API) (aws-sam-translator
1.115.0, samtranslator/translator/translator.py and parser/parser.py). Run on the
pinned aws-sam-translator, a method given twice beside an API's DefaultAuthorizer that no
authorizer defines is two errors in SAM, and here only the DefaultAuthorizer's (the method
shows once that is fixed); a RestApiId that names no API beside an unknown Globals.Api key
is SAM's RestApiId error alone, and here both (phase 2 reports them together).
Refused, each naming the events concerned (rather than half an API):
- a resource the template itself names `ServerlessRestApi`;
- a function's event with `Auth.OverrideApiAuth`, or on an API whose own definition
  `MergeDefinitions` merges the functions' methods into (not built yet).
What SAM ignores (an event's Auth on an API with a definition of its own; the keys of an
authorizer, a ResourcePolicy or a RequestModel it does not read; a DefaultAuthorizer
without Authorizers) is a warning, and the API is built as SAM builds it.
"""

from __future__ import annotations

from ...core.problems import Problem
from ...core.intrinsics import is_intrinsic
from ...core.py27_dict import plain
from ..parameter_refs import resolve
from ..events import api as api_event
from ..events import function_api
from . import (
    auth, body_settings, cors, definition_body, explicit_api, gateway_responses, globals_api, tables, usage_plan)

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
UNKNOWN_MODEL = MODEL_WHERE + "it wasn't defined in the API's Models."
PARAMETER_KEY = ("Invalid value for 'RequestParameters' property. Keys must be in the format "
                 "'method.request.[querystring|path|header].{value}', e.g 'method.request.header.Authorization'.")
PARAMETER_VALUE = ("Invalid value for 'RequestParameters' property. Values must be an object, "
                   "e.g { Required: true, Caching: false }")
PARAMETER_ENTRY = "Invalid value for 'RequestParameters' property. Property must be either a string or an object"
PARAMETER_PREFIXES = ("method.request.querystring.", "method.request.path.", "method.request.header.")
PARAMETER_SETTINGS = ("Required", "Caching")


def function_event_errors(template: dict, on_fed: dict, context) -> list[Problem]:
    """Phase 1: the Api events of the functions on the APIs (function logical ID -> their names)."""
    return [problem for logical_id, names in on_fed.items()
            for problem in function_api.iter_errors(logical_id, names, template["Resources"][logical_id],
                                                    template, context)]


def input_errors(template: dict, routes: list, global_values: dict, global_errors: list,
                 context) -> list[Problem]:
    """Phase 2: what is wrong with the events' APIs before anything is built; Globals.Api's own errors
    (globals_api.api_globals, which gives its values only without them) come after the routes'."""
    errors = _route_errors(template, routes) + global_errors
    if global_values.get("Auth"):  # also reported here, beside the APIs' own errors
        errors += auth.iter_errors(("Globals", "Api", "Auth"), plain(resolve(global_values["Auth"], context)),
                                   describe(routes[0]))
    for api_id in dict.fromkeys(route.api_id for route in routes if isinstance(route.api_id, str)):
        if api_id != tables.IMPLICIT_API_ID and _is_serverless_api(template["Resources"].get(api_id)):
            first = next(route for route in routes if route.api_id == api_id)
            errors += explicit_api.iter_errors(api_id, template["Resources"][api_id], describe(first))
    return errors


def setting_errors(template: dict, plans: dict, routes: list, own_bodies: dict, on_fed: dict,
                   global_values: dict) -> list[Problem]:
    """Phase 3: SAM's errors in the APIs' settings once Globals.Api is merged in (the plans), in the
    events' Auth against their API's, and in SHARED usage plans."""
    return (_auth_errors(template, plans, routes, own_bodies) + _body_errors(template, plans)
            + _usage_plan_errors(template, plans, routes, on_fed, global_values))


def event_errors(template: dict, plans: dict, integrations: list, own_bodies: dict,
                 functions: dict) -> list[Problem]:
    """Phase 4: the events in SAM's order of integrations, against their APIs' plans."""
    return _method_errors(plans, integrations, own_bodies) + _function_errors(template, functions, plans)


def _auth_errors(template: dict, plans: dict, routes: list, own_bodies: dict) -> list[Problem]:
    """SAM's errors in the APIs' Auth, and in the events' Auth against their API's."""
    first = {}
    for route in routes:
        first.setdefault(route.api_id, route)
    errors = [error for api_id, plan in plans.items() if plan.properties.get("Auth")
              for error in auth.iter_errors(_setting_path(template, api_id, "Auth"), plan.properties["Auth"],
                                            describe(first[api_id]))]
    errors += [error for route in routes if route.api_id not in own_bodies
               for error in api_event.auth_errors(route,
                                                  auth.event_settings(plans[route.api_id].properties.get("Auth")))]
    errors += [Problem(route.event_path + ("Properties", "Auth"), AUTH_IGNORED.format(event=route.event_name,
                                                                                      api=route.api_id),
                       severity="warning")
               for route in routes if route.api_id in own_bodies
               and (route.authorizer or route.api_key_required is not None)
               and not (is_function(route) and _merges(plans[route.api_id].properties))]
    return errors


def _body_errors(template: dict, plans: dict) -> list[Problem]:
    """SAM's errors in the settings that edit the body, and in the API's own body."""
    errors = [error for api_id, plan in plans.items() if plan.properties.get("Cors")
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


def _method_errors(plans: dict, integrations: list, own_bodies: dict) -> list[Problem]:
    """A method given twice (SAM's error on the later event, in its order of integrations), and what a
    function's event asks of its API."""
    errors = []
    seen = set()
    for route in integrations:
        if route.api_id in own_bodies:
            continue
        method = (route.api_id, route.path, definition_body.method_key(route.method))
        if method in seen:
            errors.append(Problem(route.event_path, DUPLICATE.format(method=route.method.lower(), path=route.path)))
        seen.add(method)
        if is_function(route):
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
                              usage_plan.SHARED_CONDITION.format(event=describe(first[shared[-1]]))))
    for other in _apis_left(template, plans, functions):
        resource = template["Resources"].get(other) or {"Properties": {}}
        properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        merged = globals_api.apply(global_values, properties, resource.get("IgnoreGlobals"))
        if usage_plan.kind(merged.get("Auth")) == "SHARED":
            errors.append(Problem(_setting_path(template, shared[0], "Auth") + ("UsagePlan",),
                                  usage_plan.SHARED_ELSEWHERE.format(other=other, event=describe(first[shared[0]]))))
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


def describe(route) -> str:
    """The event, as the messages name it."""
    if is_function(route):
        return function_api.describe(route)
    return f"event {route.event_name!r} of {route.state_machine_id}"


def is_function(route) -> bool:
    """Whether the route is a function's Api event's (else a state machine's)."""
    return isinstance(route, function_api.FunctionRoute)


def _route_errors(template: dict, routes: list) -> list[Problem]:
    """A RestApiId that names no AWS::Serverless::Api of the template; a resource taking the implicit API's name."""
    errors = []
    resources = template["Resources"]
    seen: set = set()
    for route in routes:
        if route.api_id == tables.IMPLICIT_API_ID:
            if route.api_id in resources and route.api_id not in seen:
                errors.append(Problem(("Resources", tables.IMPLICIT_API_ID), TAKEN.format(event=describe(route))))
        elif not (isinstance(route.api_id, str) and _is_serverless_api(resources.get(route.api_id))):
            errors.append(Problem(route.event_path + ("Properties", "RestApiId"), NOT_AN_API))
            continue
        seen.add(route.api_id)
    return errors


def _is_serverless_api(resource) -> bool:
    return isinstance(resource, dict) and resource.get("Type") == explicit_api.RESOURCE_TYPE


def _setting_path(template: dict, api_id: str, key: str) -> tuple:
    """Where an API's setting is written: on the API, or else in Globals.Api."""
    resource = template["Resources"].get(api_id)
    if isinstance(resource, dict) and key in (resource.get("Properties") or {}):
        return ("Resources", api_id, "Properties", key)
    return ("Globals", "Api", key)
