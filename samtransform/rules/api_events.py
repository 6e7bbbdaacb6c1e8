"""Checks of Api events against the state machine's gradual deployment.

Rules:
- W9405 an Api event starts the state machine itself (no `UseAliasAsEventTarget: true`)
  while its alias has a LINEAR or CANARY deployment or rollback Alarms: requests from the
  API run the latest definition straight away, the new version never gets that traffic
  during the rollout, and alarms on the alias never see it
  (Step Functions metrics of executions started through an alias carry its dimension:
  https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import TransformError
from ..core.rollout import GRADUAL_TYPES
from .subject import Rule, Subject


def _guarded(subject: Subject, machine) -> str | None:
    """What makes the alias's deployment worth the API's traffic: a gradual Type, or Alarms."""
    for _, preference in machine.preferences():
        kind = subject.literal(preference.get("Type"))
        if kind in GRADUAL_TYPES:
            return f"the {kind} deployment of alias {machine.alias_name!r}"
        if preference.get("Alarms"):
            return f"the rollback alarms of alias {machine.alias_name!r}"
    return None


def check_api_events_skip_alias(subject: Subject) -> Iterator[TransformError]:
    for machine in subject.state_machines:
        guard = _guarded(subject, machine) if machine.alias_name else None
        if guard is None:
            continue
        events = machine.properties.get("Events")
        for target in machine.event_targets():
            event = events.get(target.name)
            if target.target == machine.logical_id and isinstance(event, dict) and event.get("Type") == "Api":
                yield TransformError(target.path, (
                    f"Api event {target.name} starts {machine.logical_id} itself, not its alias: API requests run "
                    f"the latest version at once and {guard} never sees them; set UseAliasAsEventTarget: true"))


RULES = (
    Rule("W9405", "Api event bypasses the gradual deployment",
         "An Api event starts the state machine rather than its alias, so the alias's deployment and alarms "
         "never see API traffic.",
         "w9405-api-event-bypasses-the-gradual-deployment", check_api_events_skip_alias),
)
