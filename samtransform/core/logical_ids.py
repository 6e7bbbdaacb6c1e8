"""Logical IDs of the resources generated for a state machine and for the REST APIs its events feed (with
the functions' Lambda permissions there), named as AWS SAM names them (and, for what SAM does not
generate, the rollback alarms, as docs/expansion.md documents them).

The one place that names them: the builders take their IDs from the helpers here, and
`generated` lists every ID one state machine makes, with its type and what makes it. The
expansion model (`samtransform.expansion`) keeps that list, so `check`, the cfn-lint
plugin and `plan` know the generated resources even for a template that does not expand.
"""

from __future__ import annotations

from collections import namedtuple

from .fields import describe_fields

MAX_LOGICAL_ID_LENGTH = 255  # CloudFormation's limit on a logical ID

# SAM event Type -> the type of the resource it makes (the rule or the schedule).
EVENT_RESOURCE_TYPES = {
    "Schedule": "AWS::Events::Rule",
    "CloudWatchEvent": "AWS::Events::Rule",
    "EventBridgeRule": "AWS::Events::Rule",
    "ScheduleV2": "AWS::Scheduler::Schedule",
}
IMPLICIT_API_ID = "ServerlessRestApi"  # the REST API that Api events without RestApiId share
API_HASH_LENGTH = 10  # characters of a SHA-1 in a Deployment's or Stage's logical ID
STATE_MACHINE_OWNER = "the state machine itself"
ROLE_OWNER = "the state machine's role"
ALIAS_OWNER = "AutoPublishAlias"
ROLLBACK_ALARMS_OWNER = "RollbackAlarms"
ALARM_TYPE = "AWS::CloudWatch::Alarm"

# A named tuple, as core/problems.py explains: cheaper to import than a dataclass.
Generated = namedtuple("Generated", "logical_id type owner path")
Generated.__doc__ = """One resource the expansion generates."""
describe_fields(Generated, {
    "logical_id": "its logical ID",
    "type": "its CloudFormation type (None for an event whose Type is unknown)",
    "owner": "what makes it, in words for messages (\"AutoPublishAlias\", \"the state machine's role\")",
    "path": "the path of the SAM property that makes it",
})


def role_id(logical_id: str) -> str:
    return f"{logical_id}Role"


def version_id(logical_id: str) -> str:
    # No hash suffix: a version is replaced whenever the state machine's revision
    # changes, so one logical ID always names the current version.
    return f"{logical_id}Version"


def alias_id(logical_id: str, alias_name: str) -> str:
    return f"{logical_id}Alias{alias_name}"


def alias_prefix(logical_id: str) -> str:
    """What every alias ID of a state machine starts with, whatever the alias is called."""
    return alias_id(logical_id, "")


def role_policy_name(role_logical_id: str, index: int) -> str:
    """The name of a role's inline policy made from the `Policies` entry at `index` (every entry counts)."""
    return f"{role_logical_id}Policy{index}"


def connector_policy_id(connector_id: str, index: int | None) -> str:
    """The managed policy an embedded connector makes; `index` for each of several destinations."""
    return f"{connector_id}Policy" if index is None else f"{connector_id}PolicyDestination{index}"


def event_id(logical_id: str, event_name: str) -> str:
    return f"{logical_id}{event_name}"


def rollback_alarm_id(logical_id: str, metric: str) -> str:
    # Neither the alias name nor the thresholds are part of the ID: changing them updates the
    # alarm in place instead of replacing it.
    return f"{logical_id}{metric}Alarm"


def queue_id(event_logical_id: str, config) -> str | None:
    """The queue a `DeadLetterConfig` makes with `Type: SQS`: `QueueLogicalId`, else `<Id><EventId>Queue`."""
    if not config or not isinstance(config, dict) or "Arn" in config:
        return None
    return config.get("QueueLogicalId") or f"{event_logical_id}Queue"


def queue_policy_id(event_logical_id: str) -> str:
    return f"{event_logical_id}QueuePolicy"


def deployment_id(api_id: str, digest: str) -> str:
    """`<Api>Deployment<hash>`: SAM's hash of the API's body (expansion/api/rest_api.py)."""
    return f"{api_id}Deployment{digest[:API_HASH_LENGTH]}"


def stage_id(api_id: str, stage_name) -> str:
    """`<Api><StageName>Stage`; a name that is not letters and digits gives `<Api>Stage<its SHA-1>`,
    an intrinsic `<Api>Stage`."""
    import hashlib

    name = stage_name if isinstance(stage_name, str) else ""
    if name.isalnum():
        return f"{api_id}{name}Stage"
    suffix = hashlib.sha1(name.encode("utf-8")).hexdigest()[:API_HASH_LENGTH] if name else ""
    return f"{api_id}Stage{suffix}"


def _hashed(prefix: str, suffix: str) -> str:
    """`<prefix><suffix>` when the suffix is letters and digits, else `<prefix>` and its SHA-1's first 10
    characters (AWS SAM's LogicalIdGenerator; nothing for an empty suffix)."""
    if suffix.isalnum():
        return prefix + suffix
    import hashlib

    return prefix + (hashlib.sha1(suffix.encode("utf-8")).hexdigest()[:API_HASH_LENGTH] if suffix else "")


def function_permission_id(function_id: str, event_name: str, stage_suffix: str) -> str:
    """`<Function><EventId>Permission<Stage>`: the Lambda permission of a function's Api event; the stage is
    `Prod` on the implicit API, the API's StageName (hashed when it is not letters and digits), or `Stage`
    for a StageName that is an intrinsic function."""
    return _hashed(f"{function_id}{event_name}Permission", stage_suffix)


def authorizer_permission_id(api_id: str, authorizer_name: str) -> str:
    """`<Api><Authorizer>AuthorizerPermission`: a Lambda authorizer's permission."""
    return f"{api_id}{authorizer_name}AuthorizerPermission"


# Auth.UsagePlan: PER_API makes these per API (prefixed with its logical ID), SHARED one set for all.
SHARED_USAGE_PLAN_ID = "ServerlessUsagePlan"
SHARED_API_KEY_ID = "ServerlessApiKey"
SHARED_USAGE_PLAN_KEY_ID = "ServerlessUsagePlanKey"
SHARED_USAGE_PLAN_CONDITION = "SharedUsagePlanCondition"


def usage_plan_id(api_id: str) -> str:
    return f"{api_id}UsagePlan"


def api_key_id(api_id: str) -> str:
    return f"{api_id}ApiKey"


def usage_plan_key_id(api_id: str) -> str:
    return f"{api_id}UsagePlanKey"


def is_valid(logical_id: str) -> bool:
    # Letters and digits only: [A-Za-z0-9]+ (isalnum alone would also take "é" or "٣").
    return logical_id.isascii() and logical_id.isalnum() and len(logical_id) <= MAX_LOGICAL_ID_LENGTH


def generated(logical_id: str, properties: dict, alias_name: str | None, rollback_alarms=None) -> list[Generated]:
    """Every resource one state machine makes; a queue that events share is listed for each of them.

    Also for properties the expansion would refuse: an event whose shape is wrong counts as
    its rule or schedule and a role, so the checks still know what the user may refer to.
    `rollback_alarms` is what RollbackAlarms asks for (expansion/rollback_alarms.Options:
    `metrics` and the setting's `path`), or None.
    """
    path = ("Resources", logical_id, "Properties")
    made = [Generated(logical_id, "AWS::StepFunctions::StateMachine", STATE_MACHINE_OWNER, ("Resources", logical_id))]
    if not properties.get("Role"):
        made.append(Generated(role_id(logical_id), "AWS::IAM::Role", ROLE_OWNER, path))
    if alias_name:
        alias_path = path + ("AutoPublishAlias",)
        made.append(Generated(version_id(logical_id), "AWS::StepFunctions::StateMachineVersion", ALIAS_OWNER,
                              alias_path))
        made.append(Generated(alias_id(logical_id, alias_name), "AWS::StepFunctions::StateMachineAlias", ALIAS_OWNER,
                              alias_path))
        if rollback_alarms is not None:
            made += [Generated(rollback_alarm_id(logical_id, metric), ALARM_TYPE, ROLLBACK_ALARMS_OWNER,
                               rollback_alarms.path) for metric in rollback_alarms.metrics]
    events = properties.get("Events")
    for name, event in (events.items() if isinstance(events, dict) else ()):
        made += event_generated(logical_id, str(name), event, path + ("Events", name))
    return made


def event_generated(logical_id: str, name: str, event, path: tuple) -> list[Generated]:
    """What one event makes: its rule or schedule, its role, (rules only) the queue policy, and its queue;
    an Api event its role (its API's resources: `api_generated`)."""
    own_id = event_id(logical_id, name)
    owner = f"event {name!r}"
    kind = event.get("Type") if isinstance(event, dict) else None
    if kind == "Api":  # only its role: the method goes into a REST API shared by events (expansion/api)
        return [Generated(role_id(own_id), "AWS::IAM::Role", owner, path)]
    resource_type = EVENT_RESOURCE_TYPES.get(kind) if isinstance(kind, str) else None
    properties = event.get("Properties") if isinstance(event, dict) else None
    if resource_type is None or not isinstance(properties, dict):
        return [Generated(own_id, resource_type, owner, path),
                Generated(role_id(own_id), "AWS::IAM::Role", owner, path)]
    made = [Generated(own_id, resource_type, owner, path)]
    if "RoleArn" not in properties:
        made.append(Generated(role_id(own_id), "AWS::IAM::Role", owner, path))
    queue = queue_id(own_id, properties.get("DeadLetterConfig"))
    if queue and resource_type == "AWS::Events::Rule":
        made.append(Generated(queue_policy_id(own_id), "AWS::SQS::QueuePolicy", owner,
                              path + ("Properties", "DeadLetterConfig")))
    if isinstance(queue, str):  # not a malformed QueueLogicalId
        made.append(Generated(queue, "AWS::SQS::Queue", owner, path + ("Properties", "DeadLetterConfig")))
    return made


def api_generated(api_id: str, resources: dict, path: tuple) -> list[Generated]:
    """The resources of a REST API that state machine Api events feed (built in expansion/api)."""
    owner = "the implicit API" if api_id == IMPLICIT_API_ID else f"the API {api_id}"
    return [Generated(logical_id, resource["Type"], owner, path) for logical_id, resource in resources.items()]
