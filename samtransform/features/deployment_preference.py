"""DeploymentPreference -> the alias's `DeploymentPreference`, pointing at the new version.

Rules:
- as AWS SAM: a deployment preference needs AutoPublishAlias; without one (or when it
  is empty) the alias gets `{Type: ALL_AT_ONCE}`; the user's keys are kept and
  `StateMachineVersionArn: !Ref <Id>Version` is added;
- beyond SAM: `Fn::If` gets `StateMachineVersionArn` inside each branch, and a
  `!Ref AWS::NoValue` branch becomes the ALL_AT_ONCE default (SAM puts the key next to
  `Fn::If`, which CloudFormation rejects);
- beyond SAM: a user-given StateMachineVersionArn is an error (the input schema), not
  silently replaced;
- a Lambda-style `Type` (CodeDeploy's `Canary10Percent5Minutes`, `Linear10PercentEvery1Minute`)
  is refused by the schema with its spelling for a state machine (`type_hint`).
"""

from __future__ import annotations

import re

from ..errors import TransformError
from ..intrinsics import is_fn_if, is_no_value, ref

DEFAULT = {"Type": "ALL_AT_ONCE"}
ALIAS_NEEDED_RULE = "E9108"  # samtransform check's rule for the same problem
NEEDS_ALIAS_MESSAGE = "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified."
# Lambda's (CodeDeploy's) predefined deployment types: a state machine alias says the same
# with Type, Percentage and Interval.
LAMBDA_STYLE_TYPE = re.compile(r"(?i)^(canary|linear)(\d+)percent(?:every)?(\d+)minutes?$")


def type_hint(kind: object) -> str | None:
    """`Canary10Percent5Minutes` -> its spelling for a state machine; None for any other value."""
    match = LAMBDA_STYLE_TYPE.match(kind) if isinstance(kind, str) else None
    if match is None:
        return None
    family, percentage, interval = match.groups()
    return (f"; for a state machine, {kind} is written Type: {family.upper()}, Percentage: {int(percentage)}, "
            f"Interval: {int(interval)}")


def limits(key: str) -> tuple[int, int]:
    """The (minimum, maximum) the input schema allows for Percentage or Interval: the one home of those limits."""
    from ..schema import load_schema
    from .state_machine import SCHEMA

    literal = load_schema(SCHEMA).document["$defs"]["DeploymentPreference"]["properties"][key]
    while "minimum" not in literal:  # past the intrinsic, dynamic reference and digit string branches
        literal = literal["else"]
    return literal["minimum"], literal["maximum"]


def iter_errors(path: tuple, properties: dict, alias_name: str | None):
    if properties.get("DeploymentPreference") and not alias_name:
        yield TransformError(path, NEEDS_ALIAS_MESSAGE, rule_id=ALIAS_NEEDED_RULE)


def build(preference, version_logical_id: str):
    if is_fn_if(preference):
        condition, if_true, if_false = preference["Fn::If"]
        return {"Fn::If": [condition, _branch(if_true, version_logical_id), _branch(if_false, version_logical_id)]}
    return {**(preference or DEFAULT), "StateMachineVersionArn": ref(version_logical_id)}


def _branch(value, version_logical_id: str):
    return build(None if is_no_value(value) else value, version_logical_id)
