"""Checks of each state machine's DeploymentPreference and AutoPublishAlias.

The value limits (values from CloudFormation's StateMachineAlias schema, aws-facts.md §1)
live only in the input schema, schemas/sam/aws-serverless-statemachine.json; its `ruleId`
annotations make expand's errors these rules' findings, with expand's words:
- E9101 `Type` is missing or not LINEAR, CANARY or ALL_AT_ONCE ("did you mean" for typos);
- E9102 `Percentage` is not an integer from 1 to 99;
- E9103 `Interval` is not an integer from 1 to 2100 (minutes);
- E9106 a key other than Type, Percentage, Interval and Alarms ("did you mean" for typos);
- E9107 `Alarms` is not a list of 1 to 100 distinct alarm names of 1 to 256 characters.
What a schema cannot say is checked here, on the expansion model:
- E9104 a LINEAR or CANARY deployment lacks `Percentage` or `Interval` (AWS documents no default);
- W9105 `Percentage` with ALL_AT_ONCE, which shifts all traffic at once and ignores it;
- E9108 DeploymentPreference or UseAliasAsEventTarget without AutoPublishAlias (SAM's messages);
- E9109 an AutoPublishAlias that cannot name an alias (the model's reasons, also when other
  errors kept expand from saying so).
Each branch of `Fn::If` around a deployment preference is judged on its own.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import TransformError
from ..expansion.deployment_preference import NEEDS_ALIAS_MESSAGE
from ..expansion.state_machine import USE_ALIAS_NEEDS_ALIAS
from ..core.rollout import GRADUAL_TYPES
from .subject import Rule, Subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any


def _preferences(subject: Subject) -> Iterator[tuple[Any, tuple, dict]]:
    for machine in subject.state_machines:
        for path, preference in machine.preferences():
            yield machine, path, preference


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
    # The expansion resolved the name once (expansion/auto_publish_alias.resolve); its reasons, whatever else failed.
    for machine in subject.state_machines:
        yield from machine.alias_errors


RULES = (
    Rule("E9101", "Unknown deployment type", "DeploymentPreference Type must be LINEAR, CANARY or ALL_AT_ONCE.",
         "e9101-unknown-deployment-type", None),
    Rule("E9102", "Percentage out of range", "DeploymentPreference Percentage must be an integer from 1 to 99.",
         "e9102-percentage-out-of-range", None),
    Rule("E9103", "Interval out of range",
         "DeploymentPreference Interval must be an integer from 1 to 2100 (minutes).",
         "e9103-interval-out-of-range", None),
    Rule("E9104", "Gradual deployment without Percentage or Interval",
         "A LINEAR or CANARY deployment preference needs both Percentage and Interval.",
         "e9104-gradual-deployment-without-percentage-or-interval", check_gradual_settings),
    Rule("W9105", "Percentage ignored by ALL_AT_ONCE",
         "An ALL_AT_ONCE deployment shifts all traffic at once; its Percentage has no effect.",
         "w9105-percentage-ignored-by-all_at_once", check_all_at_once_percentage),
    Rule("E9106", "Unknown DeploymentPreference key",
         "DeploymentPreference takes only Type, Percentage, Interval and Alarms.",
         "e9106-unknown-deploymentpreference-key", None),
    Rule("E9107", "Invalid Alarms list",
         "Alarms must list 1 to 100 distinct alarm names, each 1 to 256 characters long.",
         "e9107-invalid-alarms-list", None),
    Rule("E9108", "Deployment setting without AutoPublishAlias",
         "DeploymentPreference and UseAliasAsEventTarget need AutoPublishAlias.",
         "e9108-deployment-setting-without-autopublishalias", check_alias_needed),
    Rule("E9109", "Invalid AutoPublishAlias",
         "AutoPublishAlias must resolve to 1 to 80 letters and digits, with at least one letter.",
         "e9109-invalid-autopublishalias", check_alias_name),
)
