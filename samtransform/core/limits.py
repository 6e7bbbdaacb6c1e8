"""The limits the code relies on, each read from its one home.

A limit of a value that the input schema checks lives in that schema (`schemas/sam/`), in its
`minimum`/`maximum`/`maxItems`/`maxLength` keywords: the schema's own messages take the number
from the keyword they explain (`core/schema_wording`), and the code reads it here. Limits
that no schema checks (the stack's resource count and size, the alias name's length) are
written here, with their source; `rules/limits.py` checks the stack's.
"""

from __future__ import annotations

from functools import lru_cache

from .schema import load_schema

STATE_MACHINE_SCHEMA = "sam/aws-serverless-statemachine.json"
# CloudFormation's quotas
# (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html):
# resources in a stack; a template body in the request itself (CreateStack/UpdateStack
# `TemplateBody`); a template from S3 (`TemplateURL`), 1 MB read as 1,048,576 bytes, the
# larger reading, so that a check never fires on a template CloudFormation accepts.
MAX_RESOURCES = 500
MAX_BODY_BYTES = 51_200
MAX_S3_TEMPLATE_BYTES = 1_048_576
# AWS::StepFunctions::StateMachineAlias Name: 1 to 80 characters (its resource schema's maxLength).
# AutoPublishAlias is resolved before it is checked (a parameter Ref), so no input schema holds it.
MAX_ALIAS_NAME_LENGTH = 80


def _deployment_preference_property(key: str) -> dict:
    return load_schema(STATE_MACHINE_SCHEMA).document["$defs"]["DeploymentPreference"]["properties"][key]


@lru_cache(maxsize=None)
def deployment_preference_keys() -> tuple[str, ...]:
    """The keys a deployment preference may have, as the input schema declares them (one it
    forbids, StateMachineVersionArn, left out): the names E9106's "did you mean" picks from."""
    declared = load_schema(STATE_MACHINE_SCHEMA).document["$defs"]["DeploymentPreference"]["properties"]
    return tuple(key for key, value in declared.items() if value != {"not": {}} and "not" not in value)


@lru_cache(maxsize=None)
def deployment_preference_bounds(key: str) -> tuple[int, int]:
    """The (minimum, maximum) the input schema allows for Percentage or Interval."""
    literal = _deployment_preference_property(key)
    while "minimum" not in literal:  # past the intrinsic, dynamic reference and digit string branches
        literal = literal["else"]
    return literal["minimum"], literal["maximum"]


@lru_cache(maxsize=None)
def alarms_bounds() -> tuple[int, int, int]:
    """(most alarms in one list, shortest and longest alarm name) the input schema allows."""
    alarms = _deployment_preference_property("Alarms")
    while "maxItems" not in alarms:
        alarms = alarms["else"]
    name = alarms["items"]
    while "maxLength" not in name:
        name = name["else"]
    return alarms["maxItems"], name.get("minLength", 1), name["maxLength"]
