"""ScheduleV2 event -> an `AWS::Scheduler::Schedule` (EventBridge Scheduler) that starts the state machine.

Rules, as AWS SAM applies them:
- `ScheduleExpression`, `ScheduleExpressionTimezone`, `StartDate`, `EndDate`, `State`,
  `GroupName`, `KmsKeyArn` and `Description` pass through; `FlexibleTimeWindow`
  defaults to `{Mode: OFF}` (also when empty);
- the schedule's `Name` is `Name`, or else its logical ID `<Id><EventId>`; with
  `OmitName: true` it has none, and then giving `Name` is an error;
- the target has `Arn` (the state machine or its alias), `RoleArn`, and `Input`,
  `DeadLetterConfig` (as `{Arn}`) and `RetryPolicy` as given;
- unless `RoleArn` is given, the role `<Id><EventId>Role` trusts
  scheduler.amazonaws.com, has the policy `<Id><EventId>StartExecutionPolicy`, with a
  dead-letter queue also `<Id><EventId>SQSPolicy`, and the event's own
  PermissionsBoundary (not the state machine's).
Resources come in SAM's order: schedule, queue, role.
Beyond SAM: with no Name and no OmitName, a logical ID longer than a schedule name may
be (64 characters) is an error. So is a `ScheduleExpression` EventBridge Scheduler refuses
(E9801: not at(yyyy-mm-ddThh:mm:ss) with a real date, rate(value unit) or cron with six
fields; `samtransform.models.schedules.scheduler_expression_problems`, from CreateSchedule's
documentation), and an `Input` that is not well-formed JSON, which Scheduler requires for a
Step Functions target (E9803, rule.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.intrinsics import get_att
from ...core.logical_ids import queue_id, role_id
from ..provenance import copied, derived, record, record_copies
from . import dead_letter_config, event_role, rule
from .start_target import StartTarget

SCHEDULE_TYPE = "AWS::Scheduler::Schedule"
PRINCIPAL = "scheduler.amazonaws.com"
DEFAULT_FLEXIBLE_TIME_WINDOW = {"Mode": "OFF"}
MAX_NAME_LENGTH = 64  # AWS::Scheduler::Schedule Name
# Passed through as given, after ScheduleExpression, FlexibleTimeWindow, Name and State (SAM's order).
PASSED_THROUGH = ("Description", "StartDate", "EndDate", "ScheduleExpressionTimezone", "GroupName", "KmsKeyArn")
TARGET_KEYS = ("Input", "DeadLetterConfig", "RetryPolicy")
NAME_AND_OMIT_NAME_MESSAGE = "Name cannot be set when OmitName is True"


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[Problem]:
    if properties.get("OmitName") is True and "Name" in properties:
        yield Problem(path, NAME_AND_OMIT_NAME_MESSAGE)
    elif _name(event_logical_id, properties) == event_logical_id and len(event_logical_id) > MAX_NAME_LENGTH:
        yield Problem(path, f"the schedule would be named after its logical ID {event_logical_id!r}, which "
                                   f"is longer than a schedule name may be ({MAX_NAME_LENGTH} characters); "
                                   "set Name, or OmitName: true")
    # The model compiles its patterns at import, about 2 ms (-X importtime): only ScheduleV2 events pay it.
    from ...models.schedules import scheduler_expression_problems

    for relative, message in scheduler_expression_problems(properties.get("ScheduleExpression")):
        yield Problem(path + ("ScheduleExpression",) + relative, message, rule_id=rule.SCHEDULE_RULE_ID)
    yield from rule.input_errors(path, properties)


def _name(event_logical_id: str, properties: dict):
    if properties.get("OmitName") is True:
        return None
    return properties.get("Name") or event_logical_id


# SAM property -> the schedule's property, copied as given (FlexibleTimeWindow when not empty).
COPIED = tuple((key, key) for key in ("ScheduleExpression", "Name", "State") + PASSED_THROUGH) + tuple(
    (key, ("Target", key)) for key in ("Input", "RetryPolicy", "RoleArn"))


def build(event_logical_id: str, properties: dict, target: StartTarget, path: tuple = (),
          sources: dict | None = None) -> dict:
    """The schedule, its queue and its role; where each value came from goes into `sources`
    (expansion/provenance.py; `path` is the event's Properties)."""
    record_copies(sources, event_logical_id, COPIED, path, properties)
    if properties.get("FlexibleTimeWindow"):
        record(sources, event_logical_id, ("FlexibleTimeWindow",), copied(path + ("FlexibleTimeWindow",)))
    if "DeadLetterConfig" in properties:
        record(sources, event_logical_id, ("Target", "DeadLetterConfig"), derived(path + ("DeadLetterConfig",)))
    if "RoleArn" not in properties:  # its own PermissionsBoundary, not the state machine's
        event_role.record_sources(sources, role_id(event_logical_id), path + ("PermissionsBoundary",),
                                  properties.get("PermissionsBoundary") is not None, target, path[:3])
    resources: dict = {event_logical_id: None}  # first, as in SAM; filled in below
    config = properties.get("DeadLetterConfig")
    queue = queue_id(event_logical_id, config)
    if queue:
        resources[queue] = dead_letter_config.build_queue(target)
    queue_arn = dead_letter_config.queue_arn(event_logical_id, config) if config else None
    role_arn = properties.get("RoleArn")
    if role_arn is None:
        resources[role_id(event_logical_id)] = _role(event_logical_id, properties, queue_arn, target)
        role_arn = get_att(role_id(event_logical_id), "Arn")
    resources[event_logical_id] = {
        "Type": SCHEDULE_TYPE,
        **target.attributes,
        "Properties": _schedule(event_logical_id, properties, _target(properties, target, role_arn, queue_arn)),
    }
    return resources


def _schedule(event_logical_id: str, properties: dict, schedule_target: dict) -> dict:
    body = {
        "ScheduleExpression": properties["ScheduleExpression"],
        "FlexibleTimeWindow": properties.get("FlexibleTimeWindow") or DEFAULT_FLEXIBLE_TIME_WINDOW,
    }
    name = _name(event_logical_id, properties)
    if name is not None:
        body["Name"] = name
    if "State" in properties:
        body["State"] = properties["State"]
    body.update((key, properties[key]) for key in PASSED_THROUGH if key in properties)
    body["Target"] = schedule_target
    return body


def _target(properties: dict, target: StartTarget, role_arn, queue_arn) -> dict:
    entry = {"Arn": target.arn, "RoleArn": role_arn}
    for key in TARGET_KEYS:
        if key == "DeadLetterConfig" and key in properties:
            entry[key] = {"Arn": queue_arn}
        elif key in properties:
            entry[key] = properties[key]
    return entry


def _role(event_logical_id: str, properties: dict, queue_arn, target: StartTarget) -> dict:
    policies = [event_role.start_execution_policy(f"{event_logical_id}StartExecutionPolicy", target)]
    if queue_arn is not None:
        policies.append({
            "PolicyName": f"{event_logical_id}SQSPolicy",
            "PolicyDocument": {"Statement": [{"Action": "sqs:SendMessage", "Effect": "Allow", "Resource": queue_arn}]},
        })
    return event_role.build(PRINCIPAL, policies, properties.get("PermissionsBoundary"), target)
