"""Warnings about the rollback alarms that expansion generates (samtransform/expansion/rollback_alarms.py).

Both rules report the expansion's own warnings, in expand's words, so `expand_template`,
`check` and the cfn-lint plugin say the same thing:
- W9403 the rollback alarms cannot be shown to fire before all traffic has moved: an
  ALL_AT_ONCE deployment (how long CloudFormation watches its alarms is not documented), a
  Type, Percentage or Interval known only at deploy time, or a value that moves all traffic
  at once. The alarms are still generated and listed;
- W9404 a RollbackAlarms setting without effect: on a state machine without
  AutoPublishAlias (there is nothing to roll back), or a threshold for a metric that
  `Metrics` leaves out.
Errors in the settings are expand's errors, reported under E9000.
"""

from __future__ import annotations

from ..expansion.rollback_alarms import NO_EFFECT_RULE, TIMING_RULE
from .subject import Rule, Subject


def check_timing(subject: Subject):
    return subject.expand_warnings_of(TIMING_RULE)


def check_no_effect(subject: Subject):
    return subject.expand_warnings_of(NO_EFFECT_RULE)


RULES = (
    Rule(TIMING_RULE, "Rollback alarms may not stop the rollout",
         "The generated rollback alarms cannot be shown to fire before all traffic has moved.",
         "w9403-rollback-alarms-may-not-stop-the-rollout", check_timing),
    Rule(NO_EFFECT_RULE, "RollbackAlarms without effect",
         "A RollbackAlarms setting generates nothing: no AutoPublishAlias, or a threshold for a metric left out.",
         "w9404-rollbackalarms-without-effect", check_no_effect),
)
