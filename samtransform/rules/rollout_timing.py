"""Checks that a gradual deployment's alarms can stop it while there is still something to stop.

The timing model and its sources are in `samtransform.core.rollout`; `plan` and rollback alarms use
the same functions, so they never disagree with these rules.

Both rules read every deployment through an alias: a SAM state machine's, or a plain
AWS::StepFunctions::StateMachineAlias's with a DeploymentPreference (expansion/deployments.py).

Rules:
- W9401 an alarm's evaluation window is longer than the rollout's watch bound: a failing
  version gets all traffic before the alarm can fire;
- W9402 a LINEAR or CANARY deployment without Alarms (its own, or rollback alarms that
  expansion adds): nothing can roll it back.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..core.rollout import (
    GRADUAL_TYPES, SECONDS_PER_MINUTE, alarm_window, fires_in_time, gradual_rollout, watch_bound_minutes)
from .alarms import alarm_entries, watched_alarm
from .subject import Subject


def _rollout(subject: Subject, preference: dict) -> tuple[str, int, int] | None:
    return gradual_rollout(preference, subject.literal)


def _window(subject: Subject, properties: dict) -> tuple[int, str, int] | None:
    return alarm_window(properties, subject.literal)


def _duration(minutes: float) -> str:
    if minutes == int(minutes):
        return f"{int(minutes)} minute" + ("" if minutes == 1 else "s")
    return f"{round(minutes * SECONDS_PER_MINUTE)} seconds"


def _describe(kind: str, percentage: int, interval: int) -> str:
    if kind == "LINEAR":
        return f"LINEAR deployment ({percentage} % every {_duration(interval)})"
    return f"CANARY deployment ({percentage} %, then the rest after {_duration(interval)})"


def check_window(subject: Subject) -> Iterator[Problem]:
    seen = set()
    for _, preference, _, entry in alarm_entries(subject):
        alarm, rollout = watched_alarm(subject, entry), _rollout(subject, preference)
        properties = subject.alarm_properties(alarm) if alarm else None
        if rollout is None or not isinstance(properties, dict) or "Metrics" in properties:
            continue
        window = _window(subject, properties)
        if window is None:
            continue
        period, key, count = window
        kind, percentage, interval = rollout
        bound = watch_bound_minutes(kind, percentage, interval)
        if not fires_in_time(period * count, bound) and (alarm, rollout) not in seen:
            seen.add((alarm, rollout))
            yield Problem(subject.alarm_path(alarm, "Properties", "Period"), (
                f"alarm {alarm} needs {_duration(period * count / SECONDS_PER_MINUTE)} of data to fire "
                f"(Period {period} s x {key} {count}), but the {_describe(kind, percentage, interval)} "
                f"watches its alarms for {_duration(bound)} at most: a failing version gets all traffic "
                "before this alarm can fire"))


def check_missing_alarms(subject: Subject) -> Iterator[Problem]:
    for deployment in subject.deployments:
        for path, preference in deployment.preferences():
            kind = subject.literal(preference.get("Type"))
            if kind in GRADUAL_TYPES and "Alarms" not in preference and not deployment.rollback_alarm_ids:
                yield Problem(path, f"a {kind} deployment without Alarms never rolls back: it shifts "
                                           "all traffic to the new version whatever happens")


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "W9401": check_window,
    "W9402": check_missing_alarms,
}
