"""Checks that each alarm a deployment waits on watches the alias that deployment shifts.

Step Functions publishes execution metrics in the `AWS/States` namespace; executions
started through an alias carry the dimensions `StateMachineArn` and `Alias`
(https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html,
aws-facts.md §4). An alarm on anything else cannot see the new version fail.

Rules, all warnings, for each `!Ref` in `Alarms` that names an AWS::CloudWatch::Alarm of
this template with a single metric (metric-math alarms with `Metrics` are not judged), and
for each rollback alarm that expansion generates (reported where RollbackAlarms is set):
- W9301 its `Namespace` is not `AWS/States`;
- W9302 it has no `StateMachineArn` dimension, or one that refers to another resource
  than this state machine (`!Ref X`, `!GetAtt X.Arn` or `${X}`);
- W9303 it has no `Alias` dimension, or one whose value is not this alias's name.
Values that are known only at deploy time (other intrinsics, literal ARNs) are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import TransformError
from ..core.intrinsics import is_intrinsic
from .alarms import alarm_entries, watched_alarm
from .subject import Rule, StateMachine, Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

NAMESPACE = "AWS/States"


def _watched(subject: Subject) -> Iterator[tuple[StateMachine, str, dict]]:
    """(state machine with an alias, alarm logical ID, alarm properties), once per pair."""
    seen = set()
    for machine, _, _, entry in alarm_entries(subject):
        alarm = watched_alarm(subject, entry)
        if alarm is None or machine.alias_name is None or (machine.logical_id, alarm) in seen:
            continue
        seen.add((machine.logical_id, alarm))
        properties = subject.alarm_properties(alarm)
        if isinstance(properties, dict) and "Metrics" not in properties:
            yield machine, alarm, properties


def _in_namespace(subject: Subject, properties: dict) -> bool:
    return subject.literal(properties.get("Namespace")) == NAMESPACE


def _dimension(properties: dict, name: str) -> tuple[int, dict] | None:
    dimensions = properties.get("Dimensions")
    for index, dimension in enumerate(dimensions if isinstance(dimensions, list) else ()):
        if isinstance(dimension, dict) and dimension.get("Name") == name:
            return index, dimension
    return None


def _judgeable_dimensions(properties: dict) -> bool:
    return "Dimensions" not in properties or isinstance(properties["Dimensions"], list)


def _referenced_id(value: Any) -> str | None:
    """The logical ID an ARN-valued expression refers to: `!Ref X`, `!GetAtt X.Arn`, `!Sub '${X}'`."""
    if not is_intrinsic(value):
        return None
    key, argument = next(iter(value.items()))
    if key == "Ref" and isinstance(argument, str):
        return argument
    if key == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        if isinstance(parts, list) and len(parts) == 2 and isinstance(parts[0], str) and parts[1] == "Arn":
            return parts[0]
    if key == "Fn::Sub" and isinstance(argument, str) and argument.startswith("${") and argument.endswith("}"):
        name = argument[2:-1]
        if "${" not in name:
            return name[:-4] if name.endswith(".Arn") else name
    return None


def check_namespace(subject: Subject) -> Iterator[TransformError]:
    for machine, alarm, properties in _watched(subject):
        namespace = subject.literal(properties.get("Namespace"))
        if isinstance(namespace, str) and namespace != NAMESPACE:
            yield TransformError(subject.alarm_path(alarm, "Properties", "Namespace"), (
                f"alarm {alarm} watches namespace {namespace!r}, not {NAMESPACE!r}, so it cannot see executions "
                f"of {machine.logical_id} through alias {machine.alias_name!r}"))


def _dimensions(subject: Subject, name: str) -> Iterator[tuple[StateMachine, str, tuple, tuple | None]]:
    """(state machine, alarm, Dimensions path, (index, dimension) or None) for each alarm whose
    dimensions can be judged: in AWS/States, with literal Dimensions."""
    for machine, alarm, properties in _watched(subject):
        if _in_namespace(subject, properties) and _judgeable_dimensions(properties):
            yield machine, alarm, subject.alarm_path(alarm, "Properties", "Dimensions"), _dimension(properties, name)


def check_state_machine_dimension(subject: Subject) -> Iterator[TransformError]:
    for machine, alarm, path, found in _dimensions(subject, "StateMachineArn"):
        if found is None:
            yield TransformError(path, f"alarm {alarm} has no StateMachineArn dimension, so it does not watch "
                                       f"{machine.logical_id}")
            continue
        index, dimension = found
        target = _referenced_id(dimension.get("Value"))
        if target is not None and target != machine.logical_id:
            yield TransformError(subject.alarm_path(alarm, "Properties", "Dimensions", index, "Value"), (
                f"the StateMachineArn dimension of alarm {alarm} refers to {target}, not {machine.logical_id}"))


def check_alias_dimension(subject: Subject) -> Iterator[TransformError]:
    for machine, alarm, path, found in _dimensions(subject, "Alias"):
        if found is None:
            yield TransformError(path, f"alarm {alarm} has no Alias dimension, so it does not watch the executions "
                                       f"that the alias {machine.alias_name!r} of {machine.logical_id} sends to "
                                       "the new version")
            continue
        index, dimension = found
        value = dimension.get("Value")
        if value == machine.properties.get("AutoPublishAlias"):
            continue  # the same expression as the alias name, literal or not
        value = subject.literal(value)
        if isinstance(value, str) and value != machine.alias_name:
            yield TransformError(subject.alarm_path(alarm, "Properties", "Dimensions", index, "Value"), (
                f"the Alias dimension of alarm {alarm} is {value!r}, but the alias of {machine.logical_id} is "
                f"{machine.alias_name!r}"))


RULES = (
    Rule("W9301", "Alarm outside AWS/States",
         "An alarm in Alarms watches a metric outside Step Functions' AWS/States namespace.",
         "w9301-alarm-outside-awsstates", check_namespace),
    Rule("W9302", "Alarm watches another state machine",
         "An alarm in Alarms has no StateMachineArn dimension for this state machine.",
         "w9302-alarm-watches-another-state-machine", check_state_machine_dimension),
    Rule("W9303", "Alarm watches another alias",
         "An alarm in Alarms has no Alias dimension equal to this state machine's alias name.",
         "w9303-alarm-watches-another-alias", check_alias_dimension),
)
