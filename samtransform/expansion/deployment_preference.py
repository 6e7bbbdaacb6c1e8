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

from ..core.problems import Problem
from ..core.intrinsics import is_fn_if, is_no_value, ref

DEFAULT = {"Type": "ALL_AT_ONCE"}
ALIAS_NEEDED_RULE = "E9108"  # samtransform check's rule for the same problem
NEEDS_ALIAS_MESSAGE = "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified."
USE_ALIAS_NEEDS_ALIAS = "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified."


def alias_needed(path: tuple, properties: dict, alias_name: str | None):
    """AWS SAM's refusal of DeploymentPreference or UseAliasAsEventTarget without AutoPublishAlias, in
    its words, at the property that needs the alias (`path` is the Properties'). The one decision:
    `check` reports these errors as they are (E9108)."""
    if alias_name:
        return
    for key, message in (("DeploymentPreference", NEEDS_ALIAS_MESSAGE),
                         ("UseAliasAsEventTarget", USE_ALIAS_NEEDS_ALIAS)):
        if properties.get(key):
            yield Problem(path + (key,), message, rule_id=ALIAS_NEEDED_RULE)


def build(preference, version_logical_id: str):
    if is_fn_if(preference):
        condition, if_true, if_false = preference["Fn::If"]
        return {"Fn::If": [condition, _branch(if_true, version_logical_id), _branch(if_false, version_logical_id)]}
    return {**(preference or DEFAULT), "StateMachineVersionArn": ref(version_logical_id)}


def _branch(value, version_logical_id: str):
    return build(None if is_no_value(value) else value, version_logical_id)
