"""What `adopt` adds, chosen by its options, with defaults that are right by construction.

Rules:
- the alias is `live` unless `--alias` names another; AutoPublishAlias goes on each state
  machine itself, never in `Globals`: AWS SAM's translator 1.115.0 refuses it there ("'Globals'
  section is invalid. 'AutoPublishAlias' is not a supported property of 'StateMachine'. Must
  be one of the following values - ['PropagateTags']");
- the deployment is a CANARY of 10 % for 5 minutes (DEFAULT_PREFERENCE), and any LINEAR or
  CANARY choice must let the generated rollback alarms fire before all traffic has moved,
  by `samtransform.rollout`, the model W9401 and the rollback alarms share; a choice that
  would not is refused here rather than written and warned about later;
- Percentage and Interval take the input schema's limits (`core.limits.deployment_preference_bounds`,
  their one home) and mean nothing to ALL_AT_ONCE;
- alarms are the generated rollback alarms (`RollbackAlarms: true`), or the alarm names given.
"""

from __future__ import annotations

from collections import namedtuple

from ..core.limits import deployment_preference_bounds
from ..expansion.rollback_alarms import WINDOW_SECONDS
from ..core.rollout import GRADUAL_TYPES, all_traffic_minute, fires_in_time
from .errors import OptionError

DEFAULT_ALIAS = "live"
DEPLOYMENT_TYPES = ("CANARY", "LINEAR", "ALL_AT_ONCE")
# A canary: a tenth of the traffic for five minutes, then the rest, unless an alarm fired.
# Five one-minute alarm windows fit in the canary (docs/expansion.md, "How the window is chosen").
DEFAULT_PREFERENCE = {"Type": "CANARY", "Percentage": 10, "Interval": 5}
GENERATE = "generate"

Options = namedtuple("Options", "state_machines alias alias_given preference alarms")
Options.__doc__ = """`state_machines`: the logical IDs to adopt (empty: every one); `alias` the name of a new
alias (`alias_given` when the user chose it); `preference` the DeploymentPreference a state
machine without one gets; `alarms` None for the generated rollback alarms, else the alarm
names (a logical ID of an alarm in the template, or an alarm's name)."""


def make_options(state_machines=(), alias: str | None = None, deployment: str | None = None,
                 percentage: int | None = None, interval: int | None = None, alarms=None) -> Options:
    return Options(tuple(state_machines or ()), alias or DEFAULT_ALIAS, alias is not None,
                   _preference(deployment, percentage, interval), _alarms(alarms))


def _preference(deployment: str | None, percentage, interval) -> dict:
    kind = (deployment or DEFAULT_PREFERENCE["Type"]).upper()
    if kind not in DEPLOYMENT_TYPES:
        raise OptionError(f"--deployment must be one of {', '.join(DEPLOYMENT_TYPES)}, not {deployment!r}")
    if kind not in GRADUAL_TYPES:
        if percentage is not None or interval is not None:
            raise OptionError("--percentage and --interval mean nothing to an ALL_AT_ONCE deployment")
        return {"Type": kind}
    percentage = _within("--percentage", "Percentage", DEFAULT_PREFERENCE["Percentage"] if percentage is None
                         else percentage, "")
    interval = _within("--interval", "Interval", DEFAULT_PREFERENCE["Interval"] if interval is None else interval,
                       " minutes")
    if not fires_in_time(WINDOW_SECONDS, all_traffic_minute(kind, percentage, interval)):
        raise OptionError(f"a {kind} deployment of {percentage} % every {interval} minutes moves all traffic before "
                          f"a {WINDOW_SECONDS}-second rollback alarm can fire")
    return {"Type": kind, "Percentage": percentage, "Interval": interval}


def _within(option: str, key: str, value, unit: str) -> int:
    low, high = deployment_preference_bounds(key)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise OptionError(f"{option} must be a whole number from {low} to {high}{unit}, not {value!r}")
    return value


def _alarms(alarms) -> tuple[str, ...] | None:
    if alarms is None or alarms == GENERATE:
        return None
    names = tuple(alarms.split(",") if isinstance(alarms, str) else alarms)
    names = tuple(name.strip() for name in names if isinstance(name, str) and name.strip())
    if not names:
        raise OptionError(f"--alarms takes '{GENERATE}' or alarm names separated by commas")
    return names
