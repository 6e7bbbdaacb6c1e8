"""Checks each CloudWatch alarm against the CloudWatch model (samtransform/models/cloudwatch.py):
whether it can see a metric Step Functions publishes, whether CloudWatch takes its settings,
and, for an alarm a deployment waits on, whether it fires on a failing version and only then.

The alarms judged: every AWS::CloudWatch::Alarm of the template, and the rollback alarms
expansion generates (a finding about one of those points at its RollbackAlarms setting). The
model's messages are its own; each finding is at the property the model names, relative to
the alarm's Properties. Values given as a parameter's `Ref` are judged with the parameter's
value (`Subject.literal`); other intrinsics are not judged.

Rules:
- E9304 a metric Step Functions does not publish in AWS/States, or a Step Functions metric
  in a misspelt namespace (`cloudwatch.metric_problems`, for `Metrics` entries too);
- E9305 a dimension, or a set of dimensions, the metric is never published with
  (`dimension_problems`);
- E9306 an alarm a DeploymentPreference's Alarms names (SAM or a plain alias) that fires
  while the version is healthy or can never fire (`rollback_problems`);
- E9307 a Statistic, ExtendedStatistic, Period, evaluation window, ComparisonOperator, or a
  `Metrics` entry's Stat or Period that PutMetricAlarm refuses;
- W9308 a Period under a minute on a Step Functions metric, published once a minute
  (`resolution_problems`).
`firing_problem` gives `plan` the finding that keeps an alarm from firing in time, so that
`plan` and `check` read one model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..core.problems import Problem
from ..models import cloudwatch
from .alarms import ALARM_RESOURCE_TYPE, alarm_entries, watched_alarm
from .subject import Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

NEVER_FIRES_RULES = ("E9304", "E9305", "E9306")  # an alarm with one of these cannot stop a failing version
QUERY_SETTINGS = (("MetricStat", "Stat"), ("MetricStat", "Period"))  # a Metrics entry's settings (E9307)


def _alarms(subject: Subject) -> list[tuple[str, dict]]:
    """(logical ID, Properties) of every alarm of the template, then of every generated rollback alarm;
    for a view of some state machines (plan), the alarms their deployments wait on: once per view, every
    alarm of a large template would make plan quadratic."""
    if subject.is_view:
        return _watched(subject)

    def compute() -> list[tuple[str, dict]]:
        found = [(logical_id, resource["Properties"]) for logical_id, resource in subject.resources.items()
                 if isinstance(resource, dict) and resource.get("Type") == ALARM_RESOURCE_TYPE
                 and isinstance(resource.get("Properties"), dict)]
        for machine in subject.state_machines:
            for logical_id in machine.rollback_alarm_ids:
                properties = subject.alarm_properties(logical_id)
                if isinstance(properties, dict) and logical_id not in subject.resources:
                    found.append((logical_id, properties))
        return found

    return subject.memo("cloudwatch_alarms", compute)


def _found(subject: Subject, judge: Callable[[dict, Callable[[Any], Any]], Iterator[tuple[tuple, str]]],
           alarms=None) -> Iterator[Problem]:
    for logical_id, properties in (alarms if alarms is not None else _alarms(subject)):
        for path, message in judge(properties, subject.literal):
            yield Problem(subject.alarm_path(logical_id, "Properties", *path), message)


def _queries(properties: dict, literal) -> Iterator[tuple[tuple, str]]:
    queries = properties.get("Metrics")
    for index, query in enumerate(queries if isinstance(queries, list) else ()):
        for path, message in cloudwatch.query_problems(query, literal):
            yield ("Metrics", index) + path, message


def metric_problems(properties: dict, literal) -> Iterator[tuple[tuple, str]]:
    yield from cloudwatch.metric_problems(literal(properties.get("Namespace")), literal(properties.get("MetricName")))
    yield from ((path, message) for path, message in _queries(properties, literal)
                if path[-1] in ("MetricName", "Namespace"))


def dimension_problems(properties: dict, literal) -> Iterator[tuple[tuple, str]]:
    yield from cloudwatch.dimension_problems(literal(properties.get("Namespace")),
                                             literal(properties.get("MetricName")), properties.get("Dimensions"),
                                             literal)
    yield from ((path, message) for path, message in _queries(properties, literal) if "Dimensions" in path)


def setting_problems(properties: dict, literal) -> Iterator[tuple[tuple, str]]:
    yield from cloudwatch.statistic_problems(literal(properties.get("Statistic")),
                                             literal(properties.get("ExtendedStatistic")))
    yield from cloudwatch.period_problems(literal(properties.get("Period")), literal(properties.get("EvaluationPeriods")))
    yield from cloudwatch.operator_problems(literal(properties.get("ComparisonOperator")),
                                            "ThresholdMetricId" in properties)
    yield from ((path, message) for path, message in _queries(properties, literal) if path[2:] in QUERY_SETTINGS)


def resolution_problems(properties: dict, literal) -> Iterator[tuple[tuple, str]]:
    return cloudwatch.resolution_problems(literal(properties.get("Namespace")), literal(properties.get("MetricName")),
                                          literal(properties.get("Period")))


def _watched(subject: Subject) -> list[tuple[str, dict]]:
    """(logical ID, Properties) of each alarm that some deployment's Alarms names, once each."""
    def compute() -> list[tuple[str, dict]]:
        found: dict[str, dict] = {}
        for _, _, _, entry in alarm_entries(subject):
            alarm = watched_alarm(subject, entry)
            properties = subject.alarm_properties(alarm) if alarm else None
            if isinstance(properties, dict):
                found.setdefault(alarm, properties)
        return list(found.items())

    return subject.memo("watched_alarms", compute)


def check_metric(subject: Subject) -> Iterator[Problem]:
    return _found(subject, metric_problems)


def check_dimensions(subject: Subject) -> Iterator[Problem]:
    return _found(subject, dimension_problems)


def check_rollback(subject: Subject) -> Iterator[Problem]:
    return _found(subject, cloudwatch.rollback_problems, _watched(subject))


def check_settings(subject: Subject) -> Iterator[Problem]:
    return _found(subject, setting_problems)


def check_resolution(subject: Subject) -> Iterator[Problem]:
    return _found(subject, resolution_problems)


def firing_problem(subject: Subject, logical_id: str) -> Problem | None:
    """The first E9304, E9305 or E9306 finding about this alarm (stamped with its rule), if any:
    the alarm never fires, or fires while the version is healthy."""
    properties = subject.alarm_properties(logical_id)
    if not isinstance(properties, dict):
        return None
    for rule_id, judge in (("E9304", metric_problems), ("E9305", dimension_problems),
                           ("E9306", cloudwatch.rollback_problems)):
        for problem in _found(subject, judge, [(logical_id, properties)]):
            return Problem(problem.path, problem.message, None, "error", rule_id)
    return None


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9304": check_metric,
    "E9305": check_dimensions,
    "E9306": check_rollback,
    "E9307": check_settings,
    "W9308": check_resolution,
}
