"""Schedule event -> an `AWS::Events::Rule` that starts the state machine on a schedule.

Rules, as AWS SAM applies them (what all rules share: rule.py):
- `Schedule` becomes `ScheduleExpression`; `Name` and `Description` pass through;
- `State` passes through, and `Enabled` becomes `State: ENABLED` or `DISABLED`;
  giving both is an error;
- `RoleArn` is the target's role, and then no role is generated.
Beyond SAM: `Enabled` must be a literal boolean (the schema); SAM turns any intrinsic
function there into `ENABLED`. A `Schedule` EventBridge refuses is an error (E9801): a rate
whose value is not a positive whole number or whose unit does not agree with it
(`rate(1 minutes)`), a cron without its six fields, or with both days given
(`samtransform.models.schedules.rule_expression_problems`, from EventBridge's "Schedule
expressions" pages). So is an `Input` that is not JSON text (E9803, rule.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ..provenance import derived, record, record_copies
from . import rule
from .start_target import StartTarget

BOTH_STATES_MESSAGE = "State and Enabled Properties cannot both be specified."


def iter_errors(path: tuple, event_logical_id: str, properties: dict) -> Iterator[Problem]:
    if "State" in properties and "Enabled" in properties:
        yield Problem(path, BOTH_STATES_MESSAGE)
    # The model compiles its patterns at import, about 2 ms (-X importtime): only Schedule events pay it.
    from ...models.schedules import rule_expression_problems

    for relative, message in rule_expression_problems(properties.get("Schedule")):
        yield Problem(path + ("Schedule",) + relative, message, rule_id=rule.SCHEDULE_RULE_ID)
    yield from rule.input_errors(path, properties)


# SAM property -> the rule's property, copied as given.
COPIED = (("Schedule", "ScheduleExpression"), ("Name", "Name"), ("Description", "Description"), ("State", "State"))


def build(event_logical_id: str, properties: dict, target: StartTarget, path: tuple = (),
          sources: dict | None = None) -> dict:
    body = {target_key: properties[key] for key, target_key in COPIED if key in properties}
    record_copies(sources, event_logical_id, COPIED, path, properties)
    if "Enabled" in properties:
        body["State"] = "ENABLED" if properties["Enabled"] else "DISABLED"
        record(sources, event_logical_id, ("State",), derived(path + ("Enabled",)))
    return rule.build(event_logical_id, body, properties, target, path, sources)
