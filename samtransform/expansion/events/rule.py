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
"""

from __future__ import annotations

from ...core.intrinsics import get_att
from ...core.logical_ids import queue_id, queue_policy_id, role_id
from . import dead_letter_config, event_role
from .start_target import StartTarget

RULE_TYPE = "AWS::Events::Rule"
PRINCIPAL = "events.amazonaws.com"
TARGET_ID_SUFFIX = "StepFunctionsTarget"
MAX_TARGET_ID_LENGTH = 64  # EventBridge's limit on a target Id
# The order of the rule's properties and the target's optional keys in SAM's output.
RULE_PROPERTIES = ("Description", "EventBusName", "EventPattern", "Name", "ScheduleExpression", "State")
TARGET_KEYS = ("Input", "InputPath", "DeadLetterConfig", "RetryPolicy", "InputTransformer")


def default_target_id(event_logical_id: str) -> str:
    """`<Id><EventId>StepFunctionsTarget`, its start cut so the whole fits in 64 characters."""
    keep = MAX_TARGET_ID_LENGTH - len(TARGET_ID_SUFFIX)
    return event_logical_id[:keep] + TARGET_ID_SUFFIX


def build(event_logical_id: str, rule: dict, properties: dict, target: StartTarget) -> dict:
    """The rule (with `rule`'s properties), its role unless RoleArn is given, and its dead-letter queue."""
    resources: dict = {event_logical_id: None}  # first, as in SAM; filled in below
    role_arn = properties.get("RoleArn")
    if role_arn is None:
        role_logical_id = role_id(event_logical_id)
        policy = event_role.start_execution_policy(f"{role_logical_id}StartExecutionPolicy", target)
        resources[role_logical_id] = event_role.build(PRINCIPAL, [policy], target.permissions_boundary, target)
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
