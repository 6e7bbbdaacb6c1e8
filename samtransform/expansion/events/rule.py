"""What Schedule, CloudWatchEvent and EventBridgeRule events share: one `AWS::Events::Rule`, one target.

Rules, as AWS SAM applies them:
- the rule `<Id><EventId>` has one target: `Arn` the state machine or its alias, `Id`
  from `Target.Id` or else `<Id><EventId>StepFunctionsTarget` cut to EventBridge's 64
  characters, and `RoleArn`;
- unless the event gives a RoleArn (only Schedule may), the role is
  `<Id><EventId>Role`, trusting events.amazonaws.com, with the policy
  `<Id><EventId>RoleStartExecutionPolicy` and the state machine's PermissionsBoundary;
- `Input`, `InputPath`, `RetryPolicy` and `InputTransformer` go on the target as given;
  `DeadLetterConfig` goes there as `{Arn}` (see dead_letter_config.py).
Resources come in SAM's order: rule, role, queue, queue policy.
Beyond SAM: an `Input` that is not JSON text is an error (E9803; EventBridge's Target.Input
is "Valid JSON text", `samtransform.models.values.input_problems`), and so is a schedule
expression EventBridge refuses (E9801, schedule.py) or an event pattern it refuses (E9802,
eventbridge_rule.py): AWS SAM copies them, and the deploy fails.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.intrinsics import get_att
from ...core.problems import Problem
from ...core.logical_ids import queue_id, queue_policy_id, role_id
from ...models.values import input_problems  # already read for Logging and Name (state_machine.py)
from ..provenance import copied, derived, record, record_copies
from . import dead_letter_config, event_role
from .start_target import StartTarget

RULE_TYPE = "AWS::Events::Rule"
PRINCIPAL = "events.amazonaws.com"
TARGET_ID_SUFFIX = "StepFunctionsTarget"
MAX_TARGET_ID_LENGTH = 64  # EventBridge's limit on a target Id
# The order of the rule's properties and the target's optional keys in SAM's output.
RULE_PROPERTIES = ("Description", "EventBusName", "EventPattern", "Name", "ScheduleExpression", "State")
TARGET_KEYS = ("Input", "InputPath", "DeadLetterConfig", "RetryPolicy", "InputTransformer")


SCHEDULE_RULE_ID = "E9801"  # samtransform check's rules for what EventBridge refuses
PATTERN_RULE_ID = "E9802"
INPUT_RULE_ID = "E9803"


def input_errors(path: tuple, properties: dict) -> Iterator[Problem]:
    """An `Input` that is not JSON text (`path` is the event's Properties; ScheduleV2's target too)."""
    if "Input" in properties:
        for relative, message in input_problems(properties["Input"]):
            yield Problem(path + ("Input",) + relative, message, rule_id=INPUT_RULE_ID)


def default_target_id(event_logical_id: str) -> str:
    """`<Id><EventId>StepFunctionsTarget`, its start cut so the whole fits in 64 characters."""
    keep = MAX_TARGET_ID_LENGTH - len(TARGET_ID_SUFFIX)
    return event_logical_id[:keep] + TARGET_ID_SUFFIX


def build(event_logical_id: str, rule: dict, properties: dict, target: StartTarget, path: tuple = (),
          sources: dict | None = None) -> dict:
    """The rule (with `rule`'s properties), its role unless RoleArn is given, and its dead-letter queue.

    `path` is the event's Properties; where each target value came from goes into `sources`
    (expansion/provenance.py; the rule's own properties are the caller's to record)."""
    resources: dict = {event_logical_id: None}  # first, as in SAM; filled in below
    role_arn = properties.get("RoleArn")
    if role_arn is None:
        role_logical_id = role_id(event_logical_id)
        policy = event_role.start_execution_policy(f"{role_logical_id}StartExecutionPolicy", target)
        resources[role_logical_id] = event_role.build(PRINCIPAL, [policy], target.permissions_boundary, target)
        # The state machine's PermissionsBoundary and tags: path is Resources/<Id>/Properties/Events/<E>/Properties.
        event_role.record_sources(sources, role_logical_id, path[:3] + ("PermissionsBoundary",),
                                  bool(target.permissions_boundary), target, path[:3])
        role_arn = get_att(role_logical_id, "Arn")
    config = properties.get("DeadLetterConfig")
    queue = queue_id(event_logical_id, config)
    if queue:
        resources[queue] = dead_letter_config.build_queue(target)
        resources[queue_policy_id(event_logical_id)] = dead_letter_config.build_queue_policy(
            event_logical_id, queue, target)
    body = {key: rule[key] for key in RULE_PROPERTIES if key in rule}
    body["Targets"] = [_target(event_logical_id, properties, target, role_arn)]
    resources[event_logical_id] = {"Type": RULE_TYPE, **target.attributes, "Properties": body}
    target_path = ("Targets", 0)
    record_copies(sources, event_logical_id, [(key, target_path + (key,)) for key in TARGET_KEYS + ("RoleArn",)],
                  path, properties)
    if "Target" in properties:  # Target is {Id}: the Id is the value copied
        record(sources, event_logical_id, target_path + ("Id",), copied(path + ("Target", "Id")))
    if "DeadLetterConfig" in properties:
        record(sources, event_logical_id, target_path + ("DeadLetterConfig",), derived(path + ("DeadLetterConfig",)))
    return resources


def _target(event_logical_id: str, properties: dict, target: StartTarget, role_arn) -> dict:
    given_id = (properties.get("Target") or {}).get("Id")
    entry = {
        "Arn": target.arn,
        "Id": given_id if given_id is not None else default_target_id(event_logical_id),
        "RoleArn": role_arn,
    }
    for key in TARGET_KEYS:
        if key == "DeadLetterConfig" and key in properties:
            entry[key] = {"Arn": dead_letter_config.queue_arn(event_logical_id, properties[key])}
        elif key in properties:
            entry[key] = properties[key]
    return entry
