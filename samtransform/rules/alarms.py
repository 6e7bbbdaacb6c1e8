"""Checks that each entry of DeploymentPreference `Alarms` is an alarm *name*.

CloudFormation's DeploymentPreference docs: "Amazon CloudWatch considers nonexistent
alarms to have an OK state. If you provide an invalid alarm name or provide the ARN of an
alarm instead of its name, your deployment may not roll back correctly." (aws-facts.md §2)
`!Ref` of an AWS::CloudWatch::Alarm (or CompositeAlarm) gives its name.

Rules:
- E9201 `!GetAtt X.Arn` (or any `!GetAtt` of an alarm): an ARN, not a name;
- E9202 a literal ARN, or an `!Sub` that makes one;
- E9203 a `!Ref` to a resource that is not a CloudWatch alarm, or to nothing at all;
- W9204 a literal name that no alarm in the template has (the alarm may live elsewhere,
  hence a warning).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.conversions import as_string
from ..core.problems import Problem
from ..core.intrinsics import has_dynamic_reference, is_intrinsic, show
from ..expansion.model import Deployment
from ..expansion.resource_types import misspelling
from .subject import ALARM_TYPES, Subject
from ..core.suggestions import did_you_mean
from .references import is_generated_id_typo

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

ALARM_RESOURCE_TYPE = "AWS::CloudWatch::Alarm"
_ALARM_ARN_NAME = re.compile(r":alarm:(.+)$")
_SUB_VARIABLE = re.compile(r"\$\{[^}]*\}")


def alarm_entries(subject: Subject) -> Iterator[tuple[Deployment, dict, tuple, Any]]:
    """(deployment, deployment preference, entry path, entry) for each entry of each Alarms list, of
    SAM state machines and plain aliases alike, the rollback alarms expansion adds included (their
    path is where RollbackAlarms is set)."""
    for deployment in subject.deployments:
        for alarm in deployment.alarms():
            # A number is the alarm name it spells: CloudFormation converts it.
            yield deployment, alarm.preference, alarm.path, as_string(alarm.entry)


def watched_alarm(subject: Subject, entry: Any) -> str | None:
    """The logical ID of the AWS::CloudWatch::Alarm in this template (or generated for it) that `!Ref` entry names."""
    if is_intrinsic(entry) and "Ref" in entry and subject.resource_type(entry["Ref"]) == ALARM_RESOURCE_TYPE:
        if entry["Ref"] in subject.resources or subject.rollback_alarm_owner(entry["Ref"]) is not None:
            return entry["Ref"]
    return None


def _get_att_parts(argument: Any) -> tuple[Any, Any]:
    if isinstance(argument, list) and len(argument) == 2:
        return argument[0], argument[1]
    if isinstance(argument, str) and "." in argument:
        return tuple(argument.split(".", 1))
    return None, None


def check_get_att(subject: Subject) -> Iterator[Problem]:
    for _, _, path, entry in alarm_entries(subject):
        if not (is_intrinsic(entry) and "Fn::GetAtt" in entry):
            continue
        target, attribute = _get_att_parts(entry["Fn::GetAtt"])
        is_alarm = subject.resource_type(target) in ALARM_TYPES
        if attribute == "Arn" or is_alarm:
            advice = f"; use !Ref {target}, which gives the alarm's name" if is_alarm else ""
            yield Problem(path, f"{show(entry)} is an ARN, but Alarms needs alarm names{advice}")


def check_literal_arn(subject: Subject) -> Iterator[Problem]:
    for _, _, path, entry in alarm_entries(subject):
        if isinstance(entry, str) and entry.startswith("arn:"):
            name = _ALARM_ARN_NAME.search(entry)
            advice = f"; use {name.group(1)!r}" if name else ""
            yield Problem(path, f"{entry!r} is an ARN, but Alarms needs alarm names{advice}")
        elif is_intrinsic(entry) and "Fn::Sub" in entry:
            text = entry["Fn::Sub"][0] if isinstance(entry["Fn::Sub"], list) and entry["Fn::Sub"] else entry["Fn::Sub"]
            if isinstance(text, str) and text.startswith("arn:"):
                yield Problem(path, f"!Sub {text!r} makes an ARN, but Alarms needs alarm names")


def check_ref_target(subject: Subject) -> Iterator[Problem]:
    for machine, _, path, entry in alarm_entries(subject):
        if not (is_intrinsic(entry) and "Ref" in entry and isinstance(entry["Ref"], str)):
            continue
        target = entry["Ref"]
        if subject.is_parameter(target) or target.startswith("AWS::") or "." in target:
            continue  # a parameter's value is known only at deploy time; `X.Alias` is E9501's
        kind = subject.resource_type(target)
        if kind in ALARM_TYPES or _collides(subject, machine, target):
            continue
        if isinstance(kind, str) and misspelling(kind) in ALARM_TYPES:
            continue  # an alarm whose Type is misspelt: E9811 reports the Type, once
        if target in subject.resources or target in subject.generated_types:
            what = f"an {kind}" if kind else "a generated resource"
            yield Problem(path + ("Ref",), f"!Ref {target} is {what}, not a CloudWatch alarm; "
                                                  "Alarms needs alarm names")
        elif not is_generated_id_typo(subject, target):  # a misspelt generated ID is E9502's
            suggestion = did_you_mean(target, _alarm_ids(subject))
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            yield Problem(path + ("Ref",), f"!Ref {target} names no resource or parameter of this template{hint}")


def _collides(subject: Subject, machine: Deployment, target: str) -> bool:
    """A rollback alarm whose logical ID another resource of the template has: expand refuses the
    collision (an error at that resource), so the Ref to it is not reported again."""
    return target in machine.rollback_alarm_ids and any(
        error.path == ("Resources", target) for error in subject.expand_errors)


def _alarm_ids(subject: Subject) -> list[str]:
    """The logical IDs a `!Ref` in Alarms may name: the template's alarms and the rollback alarms."""
    return [logical_id for logical_id in list(subject.resources) + list(subject.generated_types)
            if subject.resource_type(logical_id) in ALARM_TYPES]


def _alarm_names(subject: Subject) -> tuple[set, list, bool]:
    """Literal AlarmNames, patterns made from `!Sub` AlarmNames, and whether any name is unknowable."""
    names, patterns, unknowable = set(), [], False
    for resource in subject.resources.values():
        if not isinstance(resource, dict) or resource.get("Type") not in ALARM_TYPES:
            continue
        properties = resource.get("Properties") if isinstance(resource.get("Properties"), dict) else {}
        name = subject.literal(properties.get("AlarmName"))
        if isinstance(name, str):
            names.add(name)
        elif is_intrinsic(name) and isinstance(name.get("Fn::Sub"), str):
            pieces = _SUB_VARIABLE.split(name["Fn::Sub"])
            patterns.append(re.compile(".+".join(re.escape(piece) for piece in pieces) + r"\Z", re.DOTALL))
        elif name is not None:
            unknowable = True  # another intrinsic: any name could match
    return names, patterns, unknowable


def check_literal_name(subject: Subject) -> Iterator[Problem]:
    names, patterns, unknowable = subject.memo("alarm_names", lambda: _alarm_names(subject), template_wide=True)
    for _, _, path, entry in alarm_entries(subject):
        if not isinstance(entry, str) or not entry or entry.startswith("arn:") or has_dynamic_reference(entry):
            continue
        if entry in names or any(pattern.match(entry) for pattern in patterns):
            continue
        if subject.resource_type(entry) in ALARM_TYPES:
            yield Problem(path, f"{entry!r} is the logical ID of an alarm, not its name; use !Ref {entry}")
            continue
        if unknowable:
            continue
        suggestion = did_you_mean(entry, names)
        hint = f" (did you mean {suggestion!r}?)" if suggestion else ""
        yield Problem(path, f"no alarm in this template is named {entry!r}{hint}; CloudWatch treats "
                                   "an alarm that does not exist as OK")


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9201": check_get_att,
    "E9202": check_literal_arn,
    "E9203": check_ref_target,
    "W9204": check_literal_name,
}
