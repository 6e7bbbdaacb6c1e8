"""Checks of each state machine's DeploymentPreference and AutoPublishAlias, on the SAM input.

Rules (values from CloudFormation's StateMachineAlias schema, aws-facts.md §1):
- E9101 `Type` is missing or not LINEAR, CANARY or ALL_AT_ONCE ("did you mean" for typos, and
  the spelling in three properties for a Lambda/CodeDeploy type such as Canary10Percent5Minutes);
- E9102 `Percentage` is not an integer from 1 to 99;
- E9103 `Interval` is not an integer from 1 to 2100 (minutes);
- E9104 a LINEAR or CANARY deployment lacks `Percentage` or `Interval` (AWS documents no default);
- W9105 `Percentage` with ALL_AT_ONCE, which shifts all traffic at once and ignores it;
- E9106 a key other than Type, Percentage, Interval and Alarms ("did you mean" for typos);
- E9107 `Alarms` is not a list of 1 to 100 distinct alarm names of 1 to 256 characters;
- E9108 DeploymentPreference or UseAliasAsEventTarget without AutoPublishAlias (SAM's messages);
- E9109 an AutoPublishAlias that cannot name an alias (expand's own rules and messages).
Values given as intrinsic functions are not judged: they are known only at deploy time.
Each branch of `Fn::If` around a deployment preference is checked on its own.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from ..errors import TransformError
from ..features import auto_publish_alias
from ..features.deployment_preference import NEEDS_ALIAS_MESSAGE
from ..features.state_machine import USE_ALIAS_NEEDS_ALIAS
from ..intrinsics import is_intrinsic
from ..logical_ids import version_id
from ..rollout import GRADUAL_TYPES
from ..schema import json_equal
from .model import Rule, Subject, did_you_mean, show

TYPES = ("LINEAR", "CANARY", "ALL_AT_ONCE")
KEYS = ("Type", "Percentage", "Interval", "Alarms")
PERCENTAGE_RANGE = (1, 99)
INTERVAL_RANGE = (1, 2100)  # minutes
ALARMS_COUNT_RANGE = (1, 100)
MAX_ALARM_NAME_LENGTH = 256
# Lambda's (CodeDeploy's) predefined types, `Canary10Percent5Minutes`, `Linear10PercentEvery1Minute`,
# `AllAtOnce`: a state machine alias says the same with Type, Percentage and Interval.
LAMBDA_STYLE_TYPE = re.compile(r"(?i)^(canary|linear)(\d+)percent(?:every)?(\d+)minutes?$")


def _preferences(subject: Subject) -> Iterator[tuple[Any, tuple, dict]]:
    for machine in subject.state_machines:
        for path, preference in machine.preferences():
            yield machine, path, preference


def _is_integer(value: Any) -> bool:
    return (type(value) is int) or (type(value) is float and value.is_integer())


def check_type(subject: Subject) -> Iterator[TransformError]:
    for _, path, preference in _preferences(subject):
        if "Type" not in preference:
            yield TransformError(path, "DeploymentPreference needs a Type: LINEAR, CANARY or ALL_AT_ONCE")
            continue
        kind = preference["Type"]
        if is_intrinsic(kind) or kind in TYPES:
            continue
        message = f"Type {show(kind)} is not LINEAR, CANARY or ALL_AT_ONCE"
        if isinstance(kind, str):
            message += _type_hint(kind)
        yield TransformError(path + ("Type",), message)


def _type_hint(kind: str) -> str:
    lambda_style = LAMBDA_STYLE_TYPE.match(kind)
    if lambda_style:
        family, percentage, interval = lambda_style.groups()
        return (f"; for a state machine, {kind} is written Type: {family.upper()}, Percentage: {int(percentage)}, "
                f"Interval: {int(interval)}")
    if kind.replace("_", "").lower() == "allatonce":
        return "; did you mean 'ALL_AT_ONCE'?"
    suggestion = did_you_mean(kind.upper(), TYPES)
    return f"; did you mean {suggestion!r}?" if suggestion else ""


def _range_errors(subject: Subject, key: str, limits: tuple[int, int], unit: str) -> Iterator[TransformError]:
    low, high = limits
    for _, path, preference in _preferences(subject):
        value = preference.get(key)
        if key not in preference or is_intrinsic(value):
            continue
        if not (_is_integer(value) and low <= value <= high):
            yield TransformError(path + (key,), f"{key} {show(value)} is not an integer from {low} to {high}{unit}")


def check_percentage(subject: Subject) -> Iterator[TransformError]:
    yield from _range_errors(subject, "Percentage", PERCENTAGE_RANGE, "")


def check_interval(subject: Subject) -> Iterator[TransformError]:
    yield from _range_errors(subject, "Interval", INTERVAL_RANGE, " (minutes)")


def check_gradual_settings(subject: Subject) -> Iterator[TransformError]:
    for _, path, preference in _preferences(subject):
        kind = subject.literal(preference.get("Type"))
        missing = [key for key in ("Percentage", "Interval") if key not in preference]
        if kind in GRADUAL_TYPES and missing:
            yield TransformError(path, f"a {kind} deployment needs {' and '.join(missing)}: "
                                       "AWS documents no default")


def check_all_at_once_percentage(subject: Subject) -> Iterator[TransformError]:
    for _, path, preference in _preferences(subject):
        if subject.literal(preference.get("Type")) == "ALL_AT_ONCE" and "Percentage" in preference:
            yield TransformError(path + ("Percentage",), "Percentage is ignored by an ALL_AT_ONCE deployment, "
                                                         "which shifts all traffic at once")


def check_keys(subject: Subject) -> Iterator[TransformError]:
    for machine, path, preference in _preferences(subject):
        for key in preference:
            if key in KEYS:
                continue
            if key == "StateMachineVersionArn":
                yield TransformError(path + (key,), "StateMachineVersionArn is set by the transform "
                                                    f"(!Ref {version_id(machine.logical_id)}); remove it")
                continue
            message = f"unknown DeploymentPreference key {key!r}"
            suggestion = did_you_mean(str(key), KEYS)
            message += f", did you mean {suggestion!r}?" if suggestion else f" (expected one of: {', '.join(KEYS)})"
            yield TransformError(path + (key,), message)


def check_alarms_list(subject: Subject) -> Iterator[TransformError]:
    low, high = ALARMS_COUNT_RANGE
    for _, path, preference in _preferences(subject):
        alarms = preference.get("Alarms")
        alarms_path = path + ("Alarms",)
        if "Alarms" not in preference or is_intrinsic(alarms):
            continue
        if not isinstance(alarms, list):
            yield TransformError(alarms_path, f"Alarms must be a list of alarm names, not {show(alarms)}")
            continue
        if len(alarms) < low:
            yield TransformError(alarms_path, "Alarms is empty; list at least one alarm name, or remove Alarms")
        elif len(alarms) > high:
            yield TransformError(alarms_path, f"Alarms lists {len(alarms)} alarms; CloudFormation allows "
                                              f"at most {high}")
        yield from _duplicates(alarms_path, alarms)
        for index, alarm in enumerate(alarms):
            yield from _entry_errors(alarms_path + (index,), alarm)


def _duplicates(path: tuple, alarms: list) -> Iterator[TransformError]:
    # At the list, as CloudFormation's uniqueItems: the list is what breaks the rule.
    for index, alarm in enumerate(alarms):
        first = next(earlier for earlier in range(index + 1) if json_equal(alarms[earlier], alarm))
        if first != index:
            yield TransformError(path, f"Alarms lists {show(alarm)} twice (entries {first} and {index})")


def _entry_errors(path: tuple, alarm: Any) -> Iterator[TransformError]:
    if is_intrinsic(alarm):
        return
    if not isinstance(alarm, str) or not alarm:
        yield TransformError(path, f"{show(alarm)} is not an alarm name")
    elif len(alarm) > MAX_ALARM_NAME_LENGTH:
        yield TransformError(path, f"alarm name is {len(alarm)} characters long; CloudFormation allows at most "
                                   f"{MAX_ALARM_NAME_LENGTH}")


def check_alias_needed(subject: Subject) -> Iterator[TransformError]:
    # The same conditions and words as expand (and AWS SAM), at the property that needs the alias.
    for machine in subject.state_machines:
        if not machine.alias_missing:
            continue
        if machine.properties.get("DeploymentPreference"):
            yield TransformError(machine.properties_path + ("DeploymentPreference",), NEEDS_ALIAS_MESSAGE)
        if machine.properties.get("UseAliasAsEventTarget"):
            yield TransformError(machine.properties_path + ("UseAliasAsEventTarget",), USE_ALIAS_NEEDS_ALIAS)


def check_alias_name(subject: Subject) -> Iterator[TransformError]:
    for machine in subject.state_machines:
        if "AutoPublishAlias" not in machine.properties:
            continue
        path = machine.properties_path + ("AutoPublishAlias",)
        name, errors = auto_publish_alias.resolve_name(path, machine.properties["AutoPublishAlias"], subject.context)
        yield from errors
        if name:
            yield from auto_publish_alias.name_errors(path, machine.logical_id, name)


RULES = (
    Rule("E9101", "Unknown deployment type", "DeploymentPreference Type must be LINEAR, CANARY or ALL_AT_ONCE.",
         "e9101-unknown-deployment-type", check_type),
    Rule("E9102", "Percentage out of range", "DeploymentPreference Percentage must be an integer from 1 to 99.",
         "e9102-percentage-out-of-range", check_percentage),
    Rule("E9103", "Interval out of range",
         "DeploymentPreference Interval must be an integer from 1 to 2100 (minutes).",
         "e9103-interval-out-of-range", check_interval),
    Rule("E9104", "Gradual deployment without Percentage or Interval",
         "A LINEAR or CANARY deployment preference needs both Percentage and Interval.",
         "e9104-gradual-deployment-without-percentage-or-interval", check_gradual_settings),
    Rule("W9105", "Percentage ignored by ALL_AT_ONCE",
         "An ALL_AT_ONCE deployment shifts all traffic at once; its Percentage has no effect.",
         "w9105-percentage-ignored-by-all_at_once", check_all_at_once_percentage),
    Rule("E9106", "Unknown DeploymentPreference key",
         "DeploymentPreference takes only Type, Percentage, Interval and Alarms.",
         "e9106-unknown-deploymentpreference-key", check_keys),
    Rule("E9107", "Invalid Alarms list",
         "Alarms must list 1 to 100 distinct alarm names, each 1 to 256 characters long.",
         "e9107-invalid-alarms-list", check_alarms_list),
    Rule("E9108", "Deployment setting without AutoPublishAlias",
         "DeploymentPreference and UseAliasAsEventTarget need AutoPublishAlias.",
         "e9108-deployment-setting-without-autopublishalias", check_alias_needed),
    Rule("E9109", "Invalid AutoPublishAlias",
         "AutoPublishAlias must resolve to 1 to 80 letters and digits, with at least one letter.",
         "e9109-invalid-autopublishalias", check_alias_name),
)
