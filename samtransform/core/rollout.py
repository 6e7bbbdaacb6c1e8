"""The rollout timing model: when a deployment moves traffic, and until when it can roll back.

One home for the model that `check` (W9401), `plan` and rollback alarms all use, so that they
can never disagree. From CloudFormation's StateMachineAlias DeploymentPreference docs
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html,
aws-facts.md §2):
- LINEAR "shifts traffic to the new version in equal increments with an equal number of
  minutes between each increment ... until the new version receives 100 percent": with
  Percentage p and Interval i, ceil(100 / p) shifts, i minutes apart, so all traffic has
  moved (ceil(100 / p) - 1) * i minutes after the first shift;
- CANARY shifts p percent, then the rest after i minutes, if no alarm fired meanwhile;
- ALL_AT_ONCE shifts everything at once; how long CloudFormation then watches the alarms is
  undocumented, so no bound is given for it.
Whether the first shift waits an Interval, and whether CloudFormation watches the alarms after
the last shift, are undocumented (UNCONFIRMED in aws-facts.md §2). To stay conservative the
bound allows one more Interval: `watch_bound_minutes` = (number of shifts) * Interval, the
latest the deployment can still roll back.

An alarm needs `Period * DatapointsToAlarm` seconds of breaching data (`EvaluationPeriods`
when DatapointsToAlarm is absent) before it can go into ALARM (CloudWatch's "Evaluating an
alarm", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .conversions import as_integer
from .limits import deployment_preference_bounds

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs about 3 ms of start-up, and annotations are strings (PEP 563)
    from typing import Any

GRADUAL_TYPES = ("LINEAR", "CANARY")
SECONDS_PER_MINUTE = 60


def shifts(kind: str, percentage: int) -> int:
    """How many times traffic moves: LINEAR in equal steps up to 100 %, CANARY twice."""
    return math.ceil(100 / percentage) if kind == "LINEAR" else 2


def steps(kind: str, percentage: int | None = None, interval: int | None = None) -> list[tuple[int, int]]:
    """(minute after the first shift, percent of traffic on the new version) after each shift."""
    if kind == "LINEAR":
        return [(step * interval, min(100, (step + 1) * percentage)) for step in range(shifts(kind, percentage))]
    if kind == "CANARY":
        return [(0, percentage), (interval, 100)]
    return [(0, 100)]  # ALL_AT_ONCE


def all_traffic_minute(kind: str, percentage: int | None = None, interval: int | None = None) -> int:
    """The minute, after the first shift, at which the new version has all the traffic."""
    return steps(kind, percentage, interval)[-1][0]


def watch_bound_minutes(kind: str, percentage: int | None = None, interval: int | None = None) -> int | None:
    """The latest minute the deployment can still roll back; None where AWS does not say (ALL_AT_ONCE)."""
    if kind not in GRADUAL_TYPES:
        return None
    return shifts(kind, percentage) * interval


def fires_in_time(window_seconds: int, bound_minutes: int | None) -> bool | None:
    """Whether an alarm needing `window_seconds` of data can fire within the bound (None: unknown)."""
    if bound_minutes is None:
        return None
    return window_seconds <= bound_minutes * SECONDS_PER_MINUTE


def positive_integer(value: Any) -> int | None:
    """A positive whole number as CloudFormation reads one (10, 10.0 and '10' alike), else None."""
    value = as_integer(value)
    return value if value is not None and value > 0 else None


Literal = Callable[[object], object]  # resolves a value given as an intrinsic, where it can


def _as_is(value: Any) -> Any:
    return value


def gradual_rollout(preference: dict, literal: Literal = _as_is) -> tuple[str, int, int] | None:
    """(Type, Percentage, Interval) of a LINEAR or CANARY preference whose values are all known and valid.

    `literal` resolves a value given as an intrinsic (a `Ref` to a parameter with a value).
    A value out of range gives None: a timing based on an impossible value helps nobody.
    """
    kind = literal(preference.get("Type"))
    percentage = positive_integer(literal(preference.get("Percentage")))
    interval = positive_integer(literal(preference.get("Interval")))
    if kind not in GRADUAL_TYPES or percentage is None or interval is None:
        return None
    most_percentage, most_interval = (deployment_preference_bounds(key)[1] for key in ("Percentage", "Interval"))
    if percentage > most_percentage or interval > most_interval:
        return None
    return kind, percentage, interval


def alarm_window(properties: dict, literal: Literal = _as_is) -> tuple[int, str, int] | None:
    """(Period in seconds, the property giving the datapoint count, that count) of an alarm.

    The window, Period x count seconds, is how much breaching data the alarm needs before it
    can go into ALARM. None when a value is unknown or invalid.
    """
    period = positive_integer(literal(properties.get("Period")))
    for key in ("DatapointsToAlarm", "EvaluationPeriods"):
        count = positive_integer(literal(properties.get(key)))
        if key in properties:
            return (period, key, count) if period and count else None
    return None
