"""CloudWatchEvent and EventBridgeRule events -> an `AWS::Events::Rule` matching an event pattern.

Rules, as AWS SAM applies them (what all rules share: rule.py):
- `Pattern` becomes `EventPattern`, `RuleName` becomes `Name`; `EventBusName` and `State`
  pass through; `Input`, `InputPath` and `InputTransformer` go on the target;
- the role is always generated: these events take no RoleArn (the schema says so).
Beyond SAM: `Pattern` is required (CloudFormation rejects a rule with neither a pattern
nor a schedule), and at most one of `Input`, `InputPath`, `InputTransformer` may be
given, since EventBridge takes only one per target. A `Pattern` EventBridge refuses is an
error (E9802): a bare value where a list of values to match belongs (`source: aws.ec2`), an
empty list or mapping, a comparison it does not have
(`samtransform.models.event_patterns.pattern_problems`, from EventBridge's event pattern
pages); so is an `Input` that is not JSON text (E9803, rule.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ..provenance import record_copies
from . import rule
from .start_target import StartTarget

EXCLUSIVE_INPUTS = ("Input", "InputPath", "InputTransformer")
# SAM property -> AWS::Events::Rule property.
PROPERTY_RENAMES = {"EventBusName": "EventBusName", "Pattern": "EventPattern", "RuleName": "Name", "State": "State"}


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[Problem]:
    given = [key for key in EXCLUSIVE_INPUTS if key in properties]
    if len(given) > 1:
        yield Problem(path, f"{' and '.join(given)} cannot both be specified: an EventBridge target takes "
                                   "at most one of Input, InputPath and InputTransformer")
    # Importing the model costs about 1 ms (-X importtime): only templates with pattern events pay it.
    from ...models.event_patterns import pattern_problems

    for relative, message in pattern_problems(properties.get("Pattern")):
        yield Problem(path + ("Pattern",) + relative, message, rule_id=rule.PATTERN_RULE_ID)
    yield from rule.input_errors(path, properties)


def build(event_logical_id: str, properties: dict, target: StartTarget, path: tuple = (),
          sources: dict | None = None) -> dict:
    body = {target_key: properties[key] for key, target_key in PROPERTY_RENAMES.items() if key in properties}
    record_copies(sources, event_logical_id, PROPERTY_RENAMES.items(), path, properties)
    return rule.build(event_logical_id, body, properties, target, path, sources)
