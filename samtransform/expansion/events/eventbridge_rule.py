"""CloudWatchEvent and EventBridgeRule events -> an `AWS::Events::Rule` matching an event pattern.

Rules, as AWS SAM applies them (what all rules share: rule.py):
- `Pattern` becomes `EventPattern`, `RuleName` becomes `Name`; `EventBusName` and `State`
  pass through; `Input`, `InputPath` and `InputTransformer` go on the target;
- the role is always generated: these events take no RoleArn (the schema says so).
Beyond SAM: `Pattern` is required (CloudFormation rejects a rule with neither a pattern
nor a schedule), and at most one of `Input`, `InputPath`, `InputTransformer` may be
given, since EventBridge takes only one per target.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import TransformError
from . import rule
from .start_target import StartTarget

EXCLUSIVE_INPUTS = ("Input", "InputPath", "InputTransformer")
# SAM property -> AWS::Events::Rule property.
PROPERTY_RENAMES = {"EventBusName": "EventBusName", "Pattern": "EventPattern", "RuleName": "Name", "State": "State"}


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[TransformError]:
    given = [key for key in EXCLUSIVE_INPUTS if key in properties]
    if len(given) > 1:
        yield TransformError(path, f"{' and '.join(given)} cannot both be specified: an EventBridge target takes "
                                   "at most one of Input, InputPath and InputTransformer")


def build(event_logical_id: str, properties: dict, target: StartTarget) -> dict:
    body = {target_key: properties[key] for key, target_key in PROPERTY_RENAMES.items() if key in properties}
    return rule.build(event_logical_id, body, properties, target)
