"""Api event -> a method of the implicit REST API that starts the state machine, and its role.

Rules, as AWS SAM applies them:
- the event's role `<Id><EventId>Role` trusts apigateway.amazonaws.com and allows
  `states:StartExecution` on what the events start (event_role.py, with the alias fix),
  with the state machine's PermissionsBoundary and, with PropagateTags, its tags;
- `Path` and `Method` add a method to the API `ServerlessRestApi` that all state
  machines' Api events share (features/api/implicit_api.py); its integration starts
  the state machine or, with UseAliasAsEventTarget, the alias; `UnescapeMappingTemplate`
  picks the request template that turns escaped single quotes back;
- `RestApiId` (`!Ref` or the logical ID) puts the method on that `AWS::Serverless::Api`
  instead, which is then expanded too (features/api/explicit_api.py);
- `Stage` only matters to `Auth` in SAM, and is accepted.
Not supported (an error naming the event, rather than half an API):
- `Auth`: authorizers, scopes, API keys, resource policies on the method.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from ...errors import TransformError
from ...logical_ids import role_id
from ..api import tables
from . import event_role
from .start_target import StartTarget

# One method of the API: what the event contributes to the OpenAPI body.
Route = namedtuple("Route", "api_id path method arn_id role_id unescape condition event_name state_machine_id "
                             "event_path")

UNSUPPORTED = {
    "Auth": ("event {name!r} sets Auth: samtransform does not support authorizers, scopes, API keys or resource "
             "policies on Api events yet; remove Auth, or leave this state machine to AWS SAM"),
}


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[TransformError]:
    name = path[-2]
    for key, message in UNSUPPORTED.items():
        if key in properties:
            yield TransformError(path + (key,), message.format(name=name))


def generated_ids(event_logical_id: str, properties: dict) -> list[str]:
    """Only the role: the API's own resources belong to the API (implicit_api.py)."""
    return [role_id(event_logical_id)]


def build(event_logical_id: str, properties: dict, target: StartTarget) -> dict:
    role_logical_id = role_id(event_logical_id)
    policy = event_role.start_execution_policy(f"{role_logical_id}StartExecutionPolicy", target)
    return {role_logical_id: event_role.build(tables.API_PRINCIPAL, [policy], target.permissions_boundary, target)}


def rest_api_id(value):
    """The API's logical ID: the implicit API without RestApiId, the Ref's target, or the string given."""
    if value is None:
        return tables.IMPLICIT_API_ID
    if isinstance(value, dict) and "Ref" in value:
        return value["Ref"]
    return value  # another intrinsic: refused in features/api/rest_apis.py, as SAM does


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
    )
