"""Metadata `samtransform: RollbackAlarms` -> CloudWatch alarms that roll the alias's deployment back.

Rules:
- opt in per state machine with `Metadata: {samtransform: {RollbackAlarms: true}}` (or a
  mapping of overrides), or for every state machine with the same key in the template's
  top-level `Metadata`. The state machine's own setting replaces the template's, so
  `RollbackAlarms: false` opts one out. Metadata takes any mapping, so the template stays
  valid SAM; both places are checked against schemas/samtransform/metadata.json, and the
  `samtransform` key is removed from the output (it has been carried out);
- for each state machine with AutoPublishAlias that opts in: one AWS::CloudWatch::Alarm,
  `<Id><Metric>Alarm`, per metric (by default ExecutionsFailed, ExecutionsTimedOut,
  ExecutionsAborted, ExecutionThrottled) in AWS/States, with the dimensions
  `StateMachineArn: !Ref <Id>` and `Alias:` the same expression as the alias's own `Name`
  (so the two agree whatever parameter values the stack is deployed with); `Sum` at or
  above the threshold (default 1) over one 60-second period, missing data not breaching;
  like every generated resource, the alarms carry the state machine's Condition,
  DeletionPolicy and UpdateReplacePolicy. The facts and defaults are in
  rollback_alarms_table.py;
- the window (60 s x 1) must end no later than the minute all traffic has moved, by
  samtransform.rollout, the model W9401 uses, whose bound is never earlier. Where that
  cannot be shown (ALL_AT_ONCE, whose watch time AWS does not document, or values known
  only at deploy time) the alarms are still generated and a warning says so;
- each alarm is appended by `!Ref` (its name) to the alias's DeploymentPreference.Alarms,
  after the user's own and in each branch of an Fn::If; one the user already lists is not
  listed twice;
- errors: `Alarms` given as an intrinsic that is not an Fn::If (its list is known only at
  deploy time), more than 100 alarms in one list, an alarm logical ID over 255 characters
  (a generated ID that another resource already has is expand.py's error);
- warnings: RollbackAlarms on a state machine without AutoPublishAlias (there is no
  deployment to roll back, so nothing is generated), a threshold for a metric that
  `Metrics` leaves out.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Iterator

from ..core.context import Context
from ..core.problems import TransformError
from ..core.intrinsics import is_fn_if, is_intrinsic, is_no_value, ref
from ..core.limits import alarms_bounds
from ..core.logical_ids import is_valid, rollback_alarm_id
from ..core.rollout import GRADUAL_TYPES, all_traffic_minute, fires_in_time, positive_integer, watch_bound_minutes
from ..core.schema import load_schema
from ..core.settings import METADATA_KEY, has_settings
from .rollback_alarms_table import (
    DEFAULT_THRESHOLD, EVALUATION_PERIODS, FIXED_PROPERTIES, METRIC_WORDS, METRICS, PERIOD_SECONDS)

SCHEMA = "samtransform/metadata.json"
# The `samtransform check` rules that report this module's warnings (rules/rollback_alarms.py).
TIMING_RULE = "W9403"     # the alarms cannot be shown to fire before all traffic has moved
NO_EFFECT_RULE = "W9404"  # a setting that generates nothing
SETTING = "RollbackAlarms"
WINDOW_SECONDS = PERIOD_SECONDS * EVALUATION_PERIODS

# Where a RollbackAlarms value was found (a path from the template root), and the value.
Setting = namedtuple("Setting", "path value")


class Options(namedtuple("Options", "path own metrics thresholds")):
    """What one state machine's alarms are: `own` is False when the setting is the template's."""

    __slots__ = ()


# --------------------------------------------------------------------------- settings

def template_setting(template) -> tuple[Setting | None, list[TransformError]]:
    """The template-wide setting in the top-level Metadata, if any."""
    metadata = template.get("Metadata") if isinstance(template, dict) else None
    return _setting(("Metadata",), metadata)


def _setting(metadata_path: tuple, metadata) -> tuple[Setting | None, list[TransformError]]:
    if not has_settings(metadata):
        return None, []
    path, value = metadata_path + (METADATA_KEY,), metadata[METADATA_KEY]
    schema = load_schema(SCHEMA)
    if not schema.is_valid(value):
        from ..core.schema_wording import iter_errors  # only invalid settings pay for jsonschema

        return None, list(iter_errors(schema, value, path))
    return (Setting(path + (SETTING,), value[SETTING]) if SETTING in value else None), []


def options(logical_id: str, resource: dict, context: Context) -> tuple[Options | None, list[TransformError]]:
    """The alarms one state machine asks for (None: none), from its own Metadata or the template's."""
    own, errors = _setting(("Resources", logical_id, "Metadata"), resource.get("Metadata"))
    setting = own if own is not None else context.rollback_alarms
    if errors or setting is None or setting.value is False:
        return None, errors
    overrides = setting.value if isinstance(setting.value, dict) else {}
    metrics = tuple(overrides.get("Metrics", METRICS))
    given = overrides.get("Thresholds", {})
    thresholds = {metric: int(given.get(metric, DEFAULT_THRESHOLD)) for metric in metrics}
    unused = tuple(metric for metric in given if metric not in metrics)
    return Options(setting.path, own is not None, metrics, thresholds), [
        TransformError(setting.path + ("Thresholds", metric), f"a threshold for {metric}, but Metrics leaves "
                                                              f"{metric} out, so no alarm uses it",
                       severity="warning", rule_id=NO_EFFECT_RULE)
        for metric in unused]


# --------------------------------------------------------------------------- checks

def generated_ids(logical_id: str, chosen: Options) -> list[str]:
    return [rollback_alarm_id(logical_id, metric) for metric in chosen.metrics]


def iter_errors(path: tuple, logical_id: str, properties: dict, alias_name: str | None, chosen: Options,
                context: Context) -> Iterator[TransformError]:
    """Errors and warnings for one state machine's rollback alarms; `path` is its Properties."""
    if not alias_name:
        if chosen.own:
            yield TransformError(chosen.path, f"RollbackAlarms needs AutoPublishAlias: {logical_id} publishes no "
                                              "alias, so there is no deployment to roll back and no alarm is "
                                              "generated", severity="warning", rule_id=NO_EFFECT_RULE)
        return
    too_long = [alarm_id for alarm_id in generated_ids(logical_id, chosen) if not is_valid(alarm_id)]
    if too_long:
        yield TransformError(chosen.path, f"the rollback alarm {too_long[0]!r} would have a logical ID longer than "
                                          "CloudFormation's 255 characters; shorten the state machine's logical ID")
    preference_path = path + ("DeploymentPreference",)
    for branch_path, preference in _branches(preference_path, properties.get("DeploymentPreference")):
        if preference is not None:
            refs = [ref(alarm_id) for alarm_id in generated_ids(logical_id, chosen)]
            yield from _alarms_errors(branch_path + ("Alarms",), preference.get("Alarms"), refs)
        where = branch_path if preference is not None else path + ("AutoPublishAlias",)
        yield from _timing_warnings(where, logical_id, preference, context)


def _branches(path: tuple, preference) -> Iterator[tuple[tuple, dict | None]]:
    """Each deployment preference mapping the alias may get (None: the ALL_AT_ONCE default)."""
    if is_fn_if(preference):
        for branch in (1, 2):
            yield from _branches(path + ("Fn::If", branch), preference["Fn::If"][branch])
    elif not preference or is_no_value(preference):
        yield path, None
    else:
        yield path, preference


def _alarms_errors(path: tuple, alarms, refs: list[dict]) -> Iterator[TransformError]:
    if is_fn_if(alarms):
        for branch in (1, 2):
            yield from _alarms_errors(path + ("Fn::If", branch), alarms["Fn::If"][branch], refs)
    elif is_intrinsic(alarms) and not is_no_value(alarms):
        yield TransformError(path, "Alarms is an intrinsic whose list is known only at deploy time, so the rollback "
                                   "alarms cannot be added to it; list the alarms, or set RollbackAlarms: false")
    elif isinstance(alarms, list):
        added = [entry for entry in refs if entry not in alarms]
        most = alarms_bounds()[0]
        if len(alarms) + len(added) > most:
            yield TransformError(path, f"Alarms lists {len(alarms)} alarms and RollbackAlarms adds {len(added)}, "
                                       f"but a deployment preference takes at most {most}")
    elif alarms is not None and not is_no_value(alarms):
        yield TransformError(path, "Alarms must be a list of alarm names for the rollback alarms to be added to it")


def _timing_warnings(path: tuple, logical_id: str, preference: dict | None,
                     context: Context) -> Iterator[TransformError]:
    """Whether a WINDOW_SECONDS alarm can fire by the minute all traffic has moved (samtransform.rollout)."""
    preference = preference or {"Type": "ALL_AT_ONCE"}
    kind = _known(preference.get("Type"), context)
    if kind is not None and kind not in GRADUAL_TYPES and watch_bound_minutes(kind) is None:
        yield _warning(path, logical_id, "an ALL_AT_ONCE deployment moves all traffic at once, and AWS does not "
                                         "document how long CloudFormation then watches the alarms, so they cannot be "
                                         "shown to fire in time; use LINEAR or CANARY for a rollout they can stop")
        return
    values = {key: _known(preference.get(key), context) for key in ("Type", "Percentage", "Interval")}
    unknown = [key for key, value in values.items() if value is None]
    if unknown:
        yield _warning(path, logical_id, f"{' and '.join(unknown)} not known at expansion time, so the "
                                         f"{WINDOW_SECONDS}-second alarm window cannot be shown to end before all "
                                         "traffic has moved; give the parameters a Default or --parameter-overrides")
        return
    percentage, interval = positive_integer(values["Percentage"]), positive_integer(values["Interval"])
    if percentage is None or interval is None:
        return  # not a valid rollout: the input schema (or CloudFormation) refuses it
    minute = all_traffic_minute(kind, percentage, interval)
    if not fires_in_time(WINDOW_SECONDS, minute):
        yield _warning(path, logical_id, f"the {kind} deployment moves all traffic after {minute} minutes, before "
                                         f"a {WINDOW_SECONDS}-second alarm window can end")


def _warning(path: tuple, logical_id: str, reason: str) -> TransformError:
    return TransformError(path, f"rollback alarms of {logical_id}: {reason}", severity="warning", rule_id=TIMING_RULE)


def _known(value, context: Context):
    """A literal, or the value of the parameter a `Ref` names; None when known only at deploy time."""
    value = context.literal(value)
    return None if is_intrinsic(value) else value


# --------------------------------------------------------------------------- build

def build(logical_id: str, alias_name, chosen: Options, passthrough: dict) -> dict:
    """The alarms by logical ID; `alias_name` is the alias's `Name` (a literal, or the user's Ref/Sub)."""
    return {rollback_alarm_id(logical_id, metric): _alarm(logical_id, alias_name, metric,
                                                          chosen.thresholds[metric], passthrough)
            for metric in chosen.metrics}


def _alarm(logical_id: str, alias_name, metric: str, threshold: int, passthrough: dict) -> dict:
    description = (f"Rolls back the deployment of {logical_id} through its alias when {METRIC_WORDS[metric]} "
                   f"reach {threshold} within {PERIOD_SECONDS} seconds (generated by samtransform)")
    return {
        "Type": "AWS::CloudWatch::Alarm",
        **passthrough,
        "Properties": {
            "AlarmDescription": description,
            "Namespace": FIXED_PROPERTIES["Namespace"],
            "MetricName": metric,
            "Dimensions": [{"Name": "StateMachineArn", "Value": ref(logical_id)},
                           {"Name": "Alias", "Value": alias_name}],
            "Statistic": FIXED_PROPERTIES["Statistic"],
            "Period": PERIOD_SECONDS,
            "EvaluationPeriods": EVALUATION_PERIODS,
            "Threshold": threshold,
            "ComparisonOperator": FIXED_PROPERTIES["ComparisonOperator"],
            "TreatMissingData": FIXED_PROPERTIES["TreatMissingData"],
        },
    }


def with_alarms(preference, alarm_ids: list[str]):
    """The alias's built DeploymentPreference with `!Ref` of each alarm after the user's Alarms."""
    if is_fn_if(preference):
        condition, if_true, if_false = preference["Fn::If"]
        return {"Fn::If": [condition, with_alarms(if_true, alarm_ids), with_alarms(if_false, alarm_ids)]}
    return {**preference, "Alarms": _appended(preference.get("Alarms"), [ref(alarm_id) for alarm_id in alarm_ids])}


def _appended(alarms, refs: list[dict]):
    if is_fn_if(alarms):
        condition, if_true, if_false = alarms["Fn::If"]
        return {"Fn::If": [condition, _appended(if_true, refs), _appended(if_false, refs)]}
    existing = alarms if isinstance(alarms, list) else []  # absent, or !Ref AWS::NoValue
    return existing + [entry for entry in refs if entry not in existing]
