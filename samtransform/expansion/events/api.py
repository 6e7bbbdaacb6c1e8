"""Api event -> a method of a REST API that starts the state machine, and its role.

Rules, as AWS SAM applies them:
- the event's role `<Id><EventId>Role` trusts apigateway.amazonaws.com and allows
  `states:StartExecution` on what the events start (event_role.py, with the alias fix),
  with the state machine's PermissionsBoundary and, with PropagateTags, its tags;
- `Path` and `Method` add a method to the API `ServerlessRestApi` that all state
  machines' Api events share (expansion/api/rest_apis.py); its integration starts
  the state machine or, with UseAliasAsEventTarget, the alias; `UnescapeMappingTemplate`
  picks the request template that turns escaped single quotes back;
- `RestApiId` (`!Ref` or the logical ID) puts the method on that `AWS::Serverless::Api`
  instead, which is then expanded too (expansion/api/explicit_api.py);
- `Auth`: `Authorizer: AWS_IAM` puts `security: [{AWS_IAM: []}]` on the method and the
  `awsSigv4` security definition into the body; `ApiKeyRequired: true` does the same
  with `api_key` (the `x-api-key` header); `Authorizer: NONE` and `ApiKeyRequired: false`
  opt out of the API's defaults (expansion/api/auth.py), and without such a default are
  SAM's errors; `Authorizer: <name>` uses one of the API's Cognito authorizers, with
  the event's `AuthorizationScopes` (which need an Authorizer) or the authorizer's;
- `Auth.ResourcePolicy` adds its statements for the event's path to the API's
  `x-amazon-apigateway-policy` (features/api/resource_policy.py), with the event's `Stage`
  (which only matters there in SAM).
Beyond SAM (null-values): a ResourcePolicy without `Stage`, for which SAM writes a null stage.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from ...core.problems import Problem
from ...core.logical_ids import role_id
from ..api import tables
from . import event_role
from .start_target import StartTarget

# One method of the API: what the event contributes to the OpenAPI body.
Route = namedtuple("Route", "api_id path method arn_id role_id unescape condition event_name state_machine_id "
                             "event_path authorizer scopes api_key_required policy stage auth",
                   defaults=(None, None, None))

# SAM's errors for an event's Auth that the API's own Auth does not allow (samtransform builds no Authorizers).
NAMED_AUTHORIZER = ("Unable to set Authorizer [{authorizer}] on API method [{method}] for path [{path}] because the "
                    "related API does not define any Authorizers.")
UNKNOWN_AUTHORIZER = ("Unable to set Authorizer [{authorizer}] on API method [{method}] for path [{path}] because it "
                      "wasn't defined in the API's Authorizers.")
NONE_AUTHORIZER = ("Unable to set Authorizer on API method [{method}] for path [{path}] because 'NONE' is only a "
                   "valid value when a DefaultAuthorizer on the API is specified.")
SCOPES_NEED_AUTHORIZER = "AuthorizationScopes works only when Authorizer is set"
API_KEY_FALSE = ("Unable to set ApiKeyRequired [False] on API method [{method}] for path [{path}] because the "
                 "related API does not specify any ApiKeyRequired.")
IAM = "AWS_IAM"


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[Problem]:
    auth = properties.get("Auth")
    if auth:
        error = _auth_error(path[-2], properties, auth)
        if error:
            yield Problem(path + ("Auth",) + error[0], error[1])


def _auth_error(name: str, properties: dict, auth: dict):
    """The first of SAM's Auth errors for this event, as (path under Auth, message), or None."""
    authorizer = auth.get("Authorizer")
    if auth.get("AuthorizationScopes") and not authorizer:
        return ("AuthorizationScopes",), SCOPES_NEED_AUTHORIZER
    if auth.get("ResourcePolicy"):
        from ..api import resource_policy  # only events with a ResourcePolicy read it

        error = next(resource_policy.iter_errors((), auth["ResourcePolicy"]), None)
        if error:
            return ("ResourcePolicy",) + error.path, error.message
        if properties.get("Stage") is None:
            return ("ResourcePolicy",), resource_policy.NULL_STAGE.format(event=name)
    return None


def build(event_logical_id: str, properties: dict, target: StartTarget, path: tuple = (),
          sources: dict | None = None) -> dict:
    """The event's role (its method goes into the REST API: expansion/api); its PermissionsBoundary is
    the state machine's (recorded in `sources`, expansion/provenance.py; `path` is the event's Properties)."""
    role_logical_id = role_id(event_logical_id)
    event_role.record_sources(sources, role_logical_id, path[:3] + ("PermissionsBoundary",),
                              bool(target.permissions_boundary), target, path[:3])
    policy = event_role.start_execution_policy(f"{role_logical_id}StartExecutionPolicy", target)
    return {role_logical_id: event_role.build(tables.API_PRINCIPAL, [policy], target.permissions_boundary, target)}


def rest_api_id(value):
    """The API's logical ID: the implicit API without RestApiId, the Ref's target, or the string given."""
    if value is None:
        return tables.IMPLICIT_API_ID
    if isinstance(value, dict) and "Ref" in value:
        return value["Ref"]
    return value  # another intrinsic: refused in expansion/api/rest_apis.py, as SAM does


def auth_errors(route: Route, api: dict) -> list[Problem]:
    """SAM's errors for the event's Auth against its API's (expansion/api/auth.event_settings):
    an authorizer the API lacks, `Authorizer: NONE` or `ApiKeyRequired: false` without that default."""
    where = {"method": route.method.lower(), "path": route.path}
    path = route.event_path + ("Properties", "Auth")
    if route.authorizer not in (None, IAM, "NONE"):
        if route.authorizer not in api["authorizers"]:
            message = UNKNOWN_AUTHORIZER if api["authorizers"] else NAMED_AUTHORIZER
            return [Problem(path + ("Authorizer",), message.format(authorizer=route.authorizer, **where))]
    if route.authorizer == "NONE" and not api["NONE"]:
        return [Problem(path + ("Authorizer",), NONE_AUTHORIZER.format(**where))]
    if route.api_key_required is False and not api["api_key_false"]:
        return [Problem(path + ("ApiKeyRequired",), API_KEY_FALSE.format(**where))]
    return []


def route(state_machine_id: str, name: str, properties: dict, target_id: str, condition, event_path: tuple) -> Route:
    """The method this event adds; `target_id` is the state machine's or the alias's logical ID."""
    return Route(
        api_id=rest_api_id(properties.get("RestApiId")),
        path=properties["Path"],
        method=properties["Method"],
        arn_id=target_id,
        role_id=role_id(f"{state_machine_id}{name}"),
        unescape=properties.get("UnescapeMappingTemplate") is True,
        condition=condition,
        event_name=name,
        state_machine_id=state_machine_id,
        event_path=event_path,
        authorizer=(properties.get("Auth") or {}).get("Authorizer") or None,
        scopes=(properties.get("Auth") or {}).get("AuthorizationScopes"),
        api_key_required=(properties.get("Auth") or {}).get("ApiKeyRequired"),  # True, False or None
        policy=(properties.get("Auth") or {}).get("ResourcePolicy"),
        stage=properties.get("Stage"),
        auth=properties.get("Auth"),
    )
