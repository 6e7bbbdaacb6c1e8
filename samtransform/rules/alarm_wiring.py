"""Checks that each alarm a deployment waits on watches the alias that deployment shifts.

Step Functions publishes execution metrics in the `AWS/States` namespace; executions
started through an alias carry the dimensions `StateMachineArn` and `Alias`
(https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html,
aws-facts.md §4). An alarm on anything else cannot see the new version fail.

Rules, all warnings, for each `!Ref` in `Alarms` that names an AWS::CloudWatch::Alarm of
this template with a single metric (metric-math alarms with `Metrics` are not judged), and
for each rollback alarm that expansion generates (reported where RollbackAlarms is set), of
a SAM state machine's deployment or of a plain StateMachineAlias's (expansion/deployments.py):
- W9301 its `Namespace` is not `AWS/States`;
- W9302 it has no `StateMachineArn` dimension, or one that refers to another resource
  than this state machine (`!Ref X`, `!GetAtt X.Arn` or `${X}`);
- W9303 it has no `Alias` dimension, or one whose value is not this alias's name.
Values that are known only at deploy time (other intrinsics, literal ARNs) are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..core.intrinsics import is_intrinsic
from .alarms import alarm_entries, watched_alarm
from ..models.cloudwatch import NAMESPACE
from ..expansion.model import Deployment
from .subject import Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

def _watched(subject: Subject) -> Iterator[tuple[Deployment, str, dict]]:
    """(deployment through a named alias, alarm logical ID, alarm properties), once per pair."""
    seen = set()
    for deployment, _, _, entry in alarm_entries(subject):
        alarm = watched_alarm(subject, entry)
        key = (deployment.label, alarm)
        if alarm is None or deployment.alias_name is None or key in seen:
            continue
        seen.add(key)
        properties = subject.alarm_properties(alarm)
        if isinstance(properties, dict) and "Metrics" not in properties:
            yield deployment, alarm, properties


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


def check_namespace(subject: Subject) -> Iterator[Problem]:
    for deployment, alarm, properties in _watched(subject):
        namespace = subject.literal(properties.get("Namespace"))
        if isinstance(namespace, str) and namespace != NAMESPACE:
            yield Problem(subject.alarm_path(alarm, "Properties", "Namespace"), (
                f"alarm {alarm} watches namespace {namespace!r}, not {NAMESPACE!r}, so it cannot see executions "
                f"of {deployment.label} through alias {deployment.alias_name!r}"))


def _dimensions(subject: Subject, name: str) -> Iterator[tuple[Deployment, str, tuple, tuple | None]]:
    """(deployment, alarm, Dimensions path, (index, dimension) or None) for each alarm whose
    dimensions can be judged: in AWS/States, with literal Dimensions."""
    for deployment, alarm, properties in _watched(subject):
        if _in_namespace(subject, properties) and _judgeable_dimensions(properties):
            yield deployment, alarm, subject.alarm_path(alarm, "Properties", "Dimensions"), _dimension(properties,
                                                                                                      name)


def check_state_machine_dimension(subject: Subject) -> Iterator[Problem]:
    for deployment, alarm, path, found in _dimensions(subject, "StateMachineArn"):
        if found is None:
            yield Problem(path, f"alarm {alarm} has no StateMachineArn dimension, so it does not watch "
                                       f"{deployment.label}")
            continue
        index, dimension = found
        target = _referenced_id(dimension.get("Value"))
        machine = deployment.state_machine_id
        if target is not None and machine is not None and target != machine:
            yield Problem(subject.alarm_path(alarm, "Properties", "Dimensions", index, "Value"), (
                f"the StateMachineArn dimension of alarm {alarm} refers to {target}, not {machine}"))


def check_alias_dimension(subject: Subject) -> Iterator[Problem]:
    for deployment, alarm, path, found in _dimensions(subject, "Alias"):
        if found is None:
            yield Problem(path, f"alarm {alarm} has no Alias dimension, so it does not watch the executions "
                                       f"that the alias {deployment.alias_name!r} of {deployment.label} sends to "
                                       "the new version")
            continue
        index, dimension = found
        value = dimension.get("Value")
        if value == deployment.alias_expression:
            continue  # the same expression as the alias name, literal or not
        value = subject.literal(value)
        if isinstance(value, str) and value != deployment.alias_name:
            yield Problem(subject.alarm_path(alarm, "Properties", "Dimensions", index, "Value"), (
                f"the Alias dimension of alarm {alarm} is {value!r}, but the alias of {deployment.label} is "
                f"{deployment.alias_name!r}"))


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "W9301": check_namespace,
    "W9302": check_state_machine_dimension,
    "W9303": check_alias_dimension,
}
