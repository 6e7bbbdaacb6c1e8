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
  is refused by the schema with its spelling for a state machine (`core.schema_wording.type_hint`).
"""

from __future__ import annotations

from ..core.problems import TransformError
from ..core.intrinsics import is_fn_if, is_no_value, ref

DEFAULT = {"Type": "ALL_AT_ONCE"}
ALIAS_NEEDED_RULE = "E9108"  # samtransform check's rule for the same problem
NEEDS_ALIAS_MESSAGE = "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified."
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
