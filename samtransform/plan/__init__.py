"""`samtransform plan`: what a deploy will do, as plain data.

    from samtransform.plan import plan_text
    result = plan_text(open("template.yaml").read(), "template.yaml")
    for machine in result["state_machines"]:
        print(machine["alias"], machine["steps"], machine["all_traffic_at_minute"])

For each state machine with AutoPublishAlias, and each plain AWS::StepFunctions::StateMachineAlias
with a DeploymentPreference (AWS CDK, hand-written CloudFormation): the alias, its deployment, the traffic steps
and the minute all traffic has moved (from `samtransform.core.rollout`, the model W9401 uses),
the alarms watched and whether each can fire in time, the `check` findings that concern the
rollout, and with a previous template whether a new version is published and why. The keys
are documented in the README ("plan --format json") and kept stable.
"""

from __future__ import annotations

from pathlib import Path

from ..rules import run_checks
from ..rules.subject import Subject, make_subject
from ..io.locations import locate
from ..core.problems import InvalidTemplateError, Problem
from ..expansion.model import StateMachine
from ..io.template_io import parse
from . import previous as previous_module
from . import schedule
from .facts import MachineFacts, machine_facts, plain_facts

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any, Mapping

__all__ = ["PreviousTemplateError", "plan_template", "plan_text"]


class PreviousTemplateError(InvalidTemplateError):
    """The template given as `previous` does not load or expand (its errors are its own)."""


def plan_text(text: str, name: str = "<template>", *, previous_text: str | None = None,
              previous_name: str = "<previous>", region: str = "us-east-1",
              parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None,
              previous_base_dir: str | Path | None = None) -> dict:
    """The plan of template text (and of the template as last deployed); findings get their lines."""
    template = parse(text, name)
    try:
        old = parse(previous_text, previous_name) if previous_text is not None else None
    except InvalidTemplateError as failure:
        raise PreviousTemplateError(failure.errors) from None
    return plan_template(template, previous=old, region=region, parameters=parameters, base_dir=base_dir,
                         previous_base_dir=previous_base_dir, text=text, name=name, previous_name=previous_name)


def plan_template(template: dict, *, previous: dict | None = None, region: str = "us-east-1",
                  parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None,
                  previous_base_dir: str | Path | None = None, text: str | None = None,
                  name: str = "<template>", previous_name: str = "<previous>") -> dict:
    """The plan as plain data (dicts, lists, strings, numbers, booleans and None).

    Raises InvalidTemplateError when either template does not expand. `text` (the template's
    source) gives each finding its line and column; without it they are None.
    """
    subject = _expanded(template, region, parameters, base_dir)
    old_subject = None
    if previous is not None:
        try:
            old_subject = _expanded(previous, region, parameters, previous_base_dir)
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
    old_facts = {facts.logical_id: facts for facts in _facts(old_subject)} if old_subject else {}
    machines, without_alias = [], []
    for facts in _facts(subject):
        if facts.alias_logical_id is None:
            without_alias.append(facts.logical_id)
            continue
        machine = _machine(subject, facts, _located(text, name, run_checks(_only(subject, facts))))
        if old_subject is not None:
            change = previous_module.compare(facts, old_facts.get(facts.logical_id), subject.literal,
                                             old_subject.literal)
            machine["notes"] += change.pop("change_notes")
            machine.update(change)
        machines.append(machine)
    result = {"template": name, "previous": None, "state_machines": machines,
              "state_machines_without_alias": without_alias, "resources_added": None, "resources_removed": None}
    if old_subject is not None:
        result.update(previous=previous_name, **_resource_changes(subject, old_subject))
    return result


def _facts(subject: Subject) -> list[MachineFacts]:
    """Each SAM state machine's facts, then each plain alias's with a DeploymentPreference."""
    return machine_facts(subject.expansion) + plain_facts(subject.template, subject.deployments)


def _expanded(template: dict, region: str, parameters: Mapping[str, Any] | None, base_dir) -> Subject:
    subject = make_subject(template, region=region, parameters=parameters, base_dir=base_dir)
    if subject.expanded is None:
        raise InvalidTemplateError(subject.expand_errors)
    return subject


def _machine(subject: Subject, facts: MachineFacts, findings: list[tuple]) -> dict:
    deployment, deployment_notes = schedule.deployment(facts, subject.literal)
    timeline = schedule.timeline(facts.preference, subject.literal)
    alarms = schedule.alarms(subject, facts, timeline["watch_bound_minutes"])
    concerned = {facts.logical_id, facts.alias_logical_id, facts.version_logical_id}
    concerned |= {alarm["logical_id"] for alarm in alarms if alarm["logical_id"]}
    return {
        "logical_id": facts.logical_id,
        "alias": facts.alias_name,
        "alias_logical_id": facts.alias_logical_id,
        "version_logical_id": facts.version_logical_id,
        "deployment": deployment,
        "steps": timeline["steps"],
        "all_traffic_at_minute": timeline["all_traffic_at_minute"],
        "watch_bound_minutes": timeline["watch_bound_minutes"],
        "alarms": alarms,
        "events": [{"name": event.name, "logical_id": event.logical_id, "type": event.type,
                    "target": "alias" if event.target == facts.alias_logical_id else "state_machine"}
                   for event in facts.events],
        "findings": [{"rule_id": finding.rule, "severity": finding.severity, "file": file, "line": line,
                      "column": column, "message": finding.message}
                     for finding, file, line, column in findings if finding.logical_id in concerned],
        "notes": deployment_notes + timeline["notes"],
        "publishes_version": None,  # the keys below are filled in by a comparison with --previous
        "reasons": [],
        "shifts_traffic": None,
        "replacement": [],
        "warnings": [],
        "other_changes": [],
    }


class _OneMachine(Subject):
    """A subject whose rules look at one deployment, so that each finding they yield concerns it.

    (An alarm watched by two state machines gets a finding per machine; run on the whole
    template, a rule's findings on that alarm could not be told apart.) The rest of the
    template, other state machines' generated resources included, stays as it is.
    """

    __slots__ = ("facts",)

    def __init__(self, subject: Subject, facts: MachineFacts):
        super().__init__(subject.template, subject.expansion, subject.load_warnings)
        self.facts = facts

    @property
    def state_machines(self) -> tuple[StateMachine, ...]:
        return (self.facts.model,) if self.facts.model is not None else ()

    @property
    def deployments(self):
        return (self.facts.deployment,)


def _only(subject: Subject, facts: MachineFacts) -> Subject:
    return _OneMachine(subject, facts)


def _located(text: str | None, name: str, findings: list[Problem]) -> list[tuple]:
    """(finding, file, line, column) of each finding; without the text, only findings in other files have lines."""
    if text is None:
        return [(finding, *(finding.origin[:3] if finding.origin else (name, None, None))) for finding in findings]
    return [(entry.problem, entry.file, entry.line, entry.column) for entry in locate(text, name, findings)]


def _resource_changes(subject: Subject, old_subject: Subject) -> dict:
    new, old = subject.expanded.get("Resources", {}), old_subject.expanded.get("Resources", {})
    return {"resources_added": [{"logical_id": key, "type": new[key].get("Type")} for key in new if key not in old],
            "resources_removed": [{"logical_id": key, "type": old[key].get("Type")} for key in old if key not in new]}
