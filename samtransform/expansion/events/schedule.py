"""Schedule event -> an `AWS::Events::Rule` that starts the state machine on a schedule.

Rules, as AWS SAM applies them (what all rules share: rule.py):
- `Schedule` becomes `ScheduleExpression`; `Name` and `Description` pass through;
- `State` passes through, and `Enabled` becomes `State: ENABLED` or `DISABLED`;
  giving both is an error;
- `RoleArn` is the target's role, and then no role is generated.
Beyond SAM: `Enabled` must be a literal boolean (the schema); SAM turns any intrinsic
function there into `ENABLED`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import TransformError
from . import rule
from .start_target import StartTarget

BOTH_STATES_MESSAGE = "State and Enabled Properties cannot both be specified."


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[TransformError]:
    if "State" in properties and "Enabled" in properties:
        yield TransformError(path, BOTH_STATES_MESSAGE)


def build(event_logical_id: str, properties: dict, target: StartTarget) -> dict:
    body = {"ScheduleExpression": properties["Schedule"]}
    for key in ("Name", "Description", "State"):
        if key in properties:
            body[key] = properties[key]
    if "Enabled" in properties:
        body["State"] = "ENABLED" if properties["Enabled"] else "DISABLED"
    return rule.build(event_logical_id, body, properties, target)
