"""Api event -> a method of the implicit REST API that starts the state machine, and its role.

Rules, as AWS SAM applies them:
- the event's role `<Id><EventId>Role` trusts apigateway.amazonaws.com and allows
  `states:StartExecution` on what the events start (event_role.py, with the alias fix),
  with the state machine's PermissionsBoundary and, with PropagateTags, its tags;
- `Path` and `Method` add a method to the API `ServerlessRestApi` that all state
  machines' Api events share (features/api/implicit_api.py); its integration starts
  the state machine or, with UseAliasAsEventTarget, the alias; `UnescapeMappingTemplate`
  picks the request template that turns escaped single quotes back;
- `Stage` only matters to `Auth` in SAM, and is accepted.
Not supported (each an error naming the event, rather than half an API):
- `RestApiId`: a state machine behind an explicit `AWS::Serverless::Api`;
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
Route = namedtuple("Route", "path method arn_id role_id unescape condition event_name state_machine_id event_path")

UNSUPPORTED = {
    "RestApiId": ("event {name!r} names an explicit API (RestApiId): samtransform expands Api events on the "
                  "implicit ServerlessRestApi only, and an AWS::Serverless::Api fed by a state machine is not "
                  "supported yet; remove RestApiId, or leave this state machine to AWS SAM"),
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


def route(state_machine_id: str, name: str, properties: dict, target_id: str, condition, event_path: tuple) -> Route:
    """The method this event adds; `target_id` is the state machine's or the alias's logical ID."""
    return Route(
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
