"""Checks of each state machine's DeploymentPreference and AutoPublishAlias.

The value limits (values from CloudFormation's StateMachineAlias schema, aws-facts.md §1)
live only in the input schema, schemas/sam/aws-serverless-statemachine.json; its `ruleId`
annotations make expand's errors these rules' findings, with expand's words:
- E9101 `Type` is missing or not LINEAR, CANARY or ALL_AT_ONCE ("did you mean" for typos);
- E9102 `Percentage` is not an integer from 1 to 99;
- E9103 `Interval` is not an integer from 1 to 2100 (minutes);
- E9106 a key other than Type, Percentage, Interval and Alarms ("did you mean" for typos);
- E9107 `Alarms` is not a list of 1 to 100 distinct alarm names of 1 to 256 characters.
Two rules report expand's own errors as they are, whatever else is wrong with the resource:
- E9108 DeploymentPreference or UseAliasAsEventTarget without AutoPublishAlias
  (expansion/deployment_preference.alias_needed, AWS SAM's words);
- E9109 an AutoPublishAlias that cannot name an alias (expansion/auto_publish_alias.resolve).
What a schema cannot say is checked here, on the expansion model:
- E9104 a LINEAR or CANARY deployment lacks `Percentage` or `Interval` (AWS documents no default);
- W9105 `Percentage` with ALL_AT_ONCE, which shifts all traffic at once and ignores it.
A consequence of expand's error is not reported again: a Percentage missing because it is
written `Percentge` is E9106's "did you mean 'Percentage'?", not also an E9104.
Each branch of `Fn::If` around a deployment preference is judged on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.limits import deployment_preference_keys
from ..core.problems import Problem
from ..core.suggestions import did_you_mean
from ..core.rollout import GRADUAL_TYPES
from .subject import Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any


def _preferences(subject: Subject) -> Iterator[tuple[Any, tuple, dict]]:
    for machine in subject.state_machines:
        for path, preference in machine.preferences():
            yield machine, path, preference


def check_gradual_settings(subject: Subject) -> Iterator[Problem]:
    for _, path, preference in _preferences(subject):
        kind = subject.literal(preference.get("Type"))
        misspelt = _misspelt_keys(subject, path)
        missing = [key for key in ("Percentage", "Interval") if key not in preference and key not in misspelt]
        if kind in GRADUAL_TYPES and missing:
            yield Problem(path, f"a {kind} deployment needs {' and '.join(missing)}: "
                                       "AWS documents no default")


def _misspelt_keys(subject: Subject, path: tuple) -> set:
    """The keys this preference's unknown keys stand for: expand reported each one (E9106) with
    this "did you mean", so the key it leaves missing is a consequence, not another problem."""
    return {did_you_mean(str(error.path[-1]), deployment_preference_keys())
            for error in subject.expand_errors_of("E9106") if error.path[:-1] == path}


def check_all_at_once_percentage(subject: Subject) -> Iterator[Problem]:
    for _, path, preference in _preferences(subject):
        if subject.literal(preference.get("Type")) == "ALL_AT_ONCE" and "Percentage" in preference:
            yield Problem(path + ("Percentage",), "Percentage is ignored by an ALL_AT_ONCE deployment, "
                                                         "which shifts all traffic at once")


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9104": check_gradual_settings,
    "W9105": check_all_at_once_percentage,
}
