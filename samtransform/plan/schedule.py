"""One state machine's rollout as plain data: the deployment, its traffic steps and the alarms watched.

Every number comes from `samtransform.core.rollout`, the timing model W9401 uses, so `plan` and
`check` never disagree. Where AWS does not document a point (how long an ALL_AT_ONCE
deployment watches its alarms) the value is None and a note says so. Whether an alarm can fire
at all is the CloudWatch model's (`samtransform.rules.alarm_metrics.firing_problem`, E9304,
E9305, E9306): an alarm that never fires, or fires while the version is healthy, never
"fires in time"; its finding is given instead.
"""

from __future__ import annotations

from ..core import rollout
from ..core.conversions import as_integer
from ..rules.alarm_metrics import firing_problem
from ..rules.alarms import ALARM_RESOURCE_TYPE
from ..rules.subject import ALARM_TYPES, Subject
from ..core.intrinsics import is_fn_if, is_intrinsic, show
from .facts import MachineFacts

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any, Callable

NOTE_ALL_AT_ONCE = ("AWS does not document how long an ALL_AT_ONCE deployment watches its alarms, "
                    "so whether an alarm fires in time is unknown (null)")
NOTE_WATCH_BOUND = ("AWS does not document whether the first shift waits an Interval or whether alarms are "
                    "watched after the last shift; watch_bound_minutes allows one more Interval, as W9401 does")


def deployment(facts: MachineFacts, literal: Callable[[Any], Any]) -> tuple[dict | None, list[str]]:
    """{"type", "percentage", "interval_minutes"} of the alias's deployment preference, and notes."""
    preference = facts.preference
    if is_fn_if(preference):
        condition = preference["Fn::If"][0]
        return None, [f"DeploymentPreference depends on the condition {condition!r}: plan cannot tell which "
                      "branch deploys"]
    if not isinstance(preference, dict):
        return None, []
    kind = literal(preference.get("Type"))
    return {"type": kind if isinstance(kind, str) else None,
            "percentage": as_integer(literal(preference.get("Percentage"))),  # '50' deploys as 50
            "interval_minutes": as_integer(literal(preference.get("Interval")))}, []


def timeline(preference: Any, literal: Callable[[Any], Any]) -> dict:
    """The steps, the minute all traffic has moved and the watch bound, as the timing model gives them."""
    kind = literal(preference.get("Type")) if isinstance(preference, dict) and not is_fn_if(preference) else None
    if kind == "ALL_AT_ONCE":
        return _timeline(rollout.steps(kind), None, [NOTE_ALL_AT_ONCE])
    gradual = rollout.gradual_rollout(preference, literal) if kind in rollout.GRADUAL_TYPES else None
    if gradual is None:
        notes = [f"the {kind} deployment's Percentage or Interval is unknown or invalid (see the findings)"] if kind \
            else []
        return _timeline([], None, notes)
    return _timeline(rollout.steps(*gradual), rollout.watch_bound_minutes(*gradual), [NOTE_WATCH_BOUND])


def _timeline(steps: list[tuple[int, int]], bound: int | None, notes: list[str]) -> dict:
    return {"steps": [{"at_minute": minute, "percent": percent} for minute, percent in steps],
            "all_traffic_at_minute": steps[-1][0] if steps else None,
            "watch_bound_minutes": bound, "notes": notes}


def alarms(subject: Subject, facts: MachineFacts, bound: int | None) -> list[dict]:
    """Each entry of the deployed preference's Alarms (rollback alarms included), with what the
    expanded template says about the alarm it names."""
    preference = facts.preference
    entries = preference.get("Alarms") if isinstance(preference, dict) and not is_fn_if(preference) else None
    generated = set(facts.deployment.rollback_alarm_ids if facts.deployment else ())
    return [_alarm(subject, entry, bound, generated) for entry in entries] if isinstance(entries, list) else []


def _alarm(subject: Subject, entry: Any, bound: int | None, generated: set) -> dict:
    logical_id = _alarm_resource(subject, entry)
    value = subject.literal(entry)
    described = {"logical_id": logical_id, "generated": logical_id in generated,
                 "name": value if isinstance(value, str) else None,
                 "reference": show(entry) if is_intrinsic(entry) else None,
                 "metric": None, "namespace": None, "dimensions": [], "statistic": None,
                 "period_seconds": None, "datapoints": None, "window_minutes": None, "fires_in_time": None,
                 "finding": None, "note": None}
    if logical_id is None:
        described["note"] = "not defined in this template: its metric and window are unknown"
        return described
    resource = _expanded_resources(subject)[logical_id]
    properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
    if resource.get("Type") != ALARM_RESOURCE_TYPE:
        described["note"] = "a composite alarm: its window is that of the alarms it combines"
        return described
    described.update(metric=_text(subject, properties.get("MetricName")),
                     namespace=_text(subject, properties.get("Namespace")),
                     dimensions=_dimensions(subject, properties.get("Dimensions")),
                     statistic=_text(subject, properties.get("Statistic") or properties.get("ExtendedStatistic")))
    problem = firing_problem(subject, logical_id)
    if problem is not None:  # it cannot stop a failing version, whatever its window
        described.update(fires_in_time=False, finding={"rule_id": problem.rule_id, "message": problem.message})
    if "Metrics" in properties:
        described["note"] = "a metric math alarm (Metrics): its window is not judged"
        return described
    window = rollout.alarm_window(properties, subject.literal)
    if window is None:
        described["note"] = "Period or EvaluationPeriods is unknown: the window cannot be worked out"
        return described
    period, _, count = window
    seconds = period * count
    minutes = seconds / rollout.SECONDS_PER_MINUTE
    described.update(period_seconds=period, datapoints=count,
                     window_minutes=int(minutes) if minutes == int(minutes) else round(minutes, 2))
    if described["finding"] is None:
        described["fires_in_time"] = rollout.fires_in_time(seconds, bound)
    return described


def _expanded_resources(subject: Subject) -> dict:
    """The expanded template's resources: the user's, and those the expansion generates (alarms too)."""
    return (subject.expanded or {}).get("Resources", {})


def _alarm_resource(subject: Subject, entry: Any) -> str | None:
    """The logical ID of the alarm an entry names: by `!Ref`, or by a literal AlarmName."""
    resources = _expanded_resources(subject)
    if is_intrinsic(entry) and isinstance(entry.get("Ref"), str):
        target = resources.get(entry["Ref"])
        return entry["Ref"] if isinstance(target, dict) and target.get("Type") in ALARM_TYPES else None
    name = subject.literal(entry)
    for logical_id, resource in resources.items():
        if isinstance(resource, dict) and resource.get("Type") in ALARM_TYPES and isinstance(name, str):
            properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
            if subject.literal(properties.get("AlarmName")) == name:
                return logical_id
    return None


def _text(subject: Subject, value: Any) -> str | None:
    value = subject.literal(value)
    if value is None:
        return None
    return value if isinstance(value, str) else show(value)


def _dimensions(subject: Subject, dimensions: Any) -> list[dict]:
    if not isinstance(dimensions, list):
        return []
    return [{"name": _text(subject, dimension.get("Name")), "value": _text(subject, dimension.get("Value"))}
            for dimension in dimensions if isinstance(dimension, dict)]
