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
are documented in docs/plan.md ("JSON keys") and kept stable.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..rules import run_checks
from ..rules.subject import Subject, make_subject
from ..io.git_revision import read_at_revision
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
              previous_base_dir: str | Path | None = None, definitions_roots=(),
              previous_revision: str | None = None, previous_files=None) -> dict:
    """The plan of template `text`, and with `previous_text` (the template as last deployed) what
    changes: the same dict as `plan_template`, whose findings have their lines and columns.

    `name` and `previous_name` are how the two are reported; `region`, `parameters`: as for
    `expand_template`; `base_dir` and `previous_base_dir`: the folders their local
    DefinitionUri files are read from (default: the current folder); `definitions_roots`: other
    folders those files may be in (docs/safety.md). `previous_revision`, instead of
    `previous_text`: a git revision (`"HEAD"`, `"main"`, a tag, a commit) or `"REV:PATH"`, git's
    syntax: the previous template is the file `name` (the template's path) at that revision, or
    PATH, and every local file it names is read from that revision too; it is reported as
    `REV:path`. `previous_files`: where the previous template's local files come from, as
    `expand_template`'s `files` (None: the working tree). Raises InvalidTemplateError when
    the template does not load or expand, PreviousTemplateError (a subclass) when the previous
    one does not, or cannot be read from the revision."""
    template = parse(text, name)
    if previous_revision is not None:
        if previous_text is not None:
            raise TypeError("plan_text takes previous_text or previous_revision, not both")
        try:
            document = read_at_revision(previous_revision, None if name.startswith("<") else name)
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
        previous_text, previous_name = document.text, document.name
        previous_base_dir, previous_files = document.base_dir, document.files
    try:
        old = parse(previous_text, previous_name) if previous_text is not None else None
    except InvalidTemplateError as failure:
        raise PreviousTemplateError(failure.errors) from None
    return plan_template(template, previous=old, region=region, parameters=parameters, base_dir=base_dir,
                         previous_base_dir=previous_base_dir, text=text, name=name, previous_name=previous_name,
                         definitions_roots=definitions_roots, previous_files=previous_files)


def plan_template(template: dict, *, previous: dict | None = None, region: str = "us-east-1",
                  parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None,
                  previous_base_dir: str | Path | None = None, text: str | None = None,
                  name: str = "<template>", previous_name: str = "<previous>", definitions_roots=(),
                  previous_files=None) -> dict:
    """What a deploy of `template` will do, as plain data (dicts, lists, strings, numbers,
    booleans and None) with stable keys, the ones `samtransform plan --format json` prints
    (docs/plan.md's "JSON keys" table says what each holds): for each state machine with
    AutoPublishAlias, its alias, deployment, traffic steps, alarms, events and findings.

    `previous`: the template as last deployed; with it, each state machine also says whether
    a new version is published and why. `region`, `parameters`: as for `expand_template`.
    `base_dir` and `previous_base_dir`: the folders local files are read from (default: the
    template's own when `load` read it from a file, else the current folder). `text`, `name`
    and `previous_name`: the template's source and how the two are reported; `text` gives each
    finding its line and column (without it they are None). `definitions_roots`: other folders
    a local DefinitionUri may name files in (docs/safety.md). `previous_files`: where the local
    files `previous` names are read from, as `expand_template`'s `files`: None, the working
    tree; or a git revision (`samtransform.io.git_revision.open_revision("HEAD", folder)`),
    with `previous_base_dir` the template's folder in it. Raises InvalidTemplateError when
    the template does not expand, PreviousTemplateError (a subclass) when `previous` does not.
    """
    subject = _expanded(template, region, parameters, base_dir, definitions_roots)
    old_subject = None
    if previous is not None:
        try:
            old_subject = _expanded(previous, region, parameters, previous_base_dir, definitions_roots,
                                    previous_files)
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
    every = _facts(subject)
    found = _findings(subject, [facts for facts in every if facts.alias_logical_id is not None], text, name)
    old_facts = {facts.logical_id: facts for facts in _facts(old_subject)} if old_subject else {}
    machines = [_with_change(_machine(subject, facts, found[facts.logical_id]), facts, subject, old_subject,
                             old_facts.get(facts.logical_id), previous_files)
                for facts in every if facts.alias_logical_id is not None]
    result = {"template": name, "previous": None, "state_machines": machines,
              "state_machines_without_alias": [facts.logical_id for facts in every if facts.alias_logical_id is None],
              "resources_added": None, "resources_removed": None}
    if old_subject is not None:
        result.update(previous=previous_name, **_resource_changes(subject, old_subject))
    return result


def _findings(subject: Subject, with_alias: list[MachineFacts], text: str | None, name: str) -> dict:
    """Each deployment's findings, located: (finding, file, line, column), in the order `locate` sorts them."""
    findings = {facts.logical_id: run_checks(_only(subject, facts)) for facts in with_alias}
    where = _located(text, name, list(dict.fromkeys(finding for found in findings.values() for finding in found)))
    return {logical_id: _in_order(found, where, name) for logical_id, found in findings.items()}


def _with_change(machine: dict, facts: MachineFacts, subject: Subject, old_subject: Subject | None,
                 old: MachineFacts | None, previous_files) -> dict:
    """The machine's plan, with what changes since the previous template when there is one."""
    if old_subject is None:
        return machine
    change = previous_module.compare(facts, old, subject.literal, old_subject.literal)
    if change["shifts_traffic"] is False:  # no rollout: what the timeline leaves unstated does not apply
        machine["notes"] = [note for note in machine["notes"] if note != schedule.NOTE_WATCH_BOUND]
    machine["notes"] += change.pop("change_notes")
    if previous_files is None:
        machine["notes"] += _shared_definition(facts, old)
    machine.update(change)
    return machine


def _facts(subject: Subject) -> list[MachineFacts]:
    """Each SAM state machine's facts, then each plain alias's with a DeploymentPreference."""
    return machine_facts(subject.expansion) + plain_facts(subject.template, subject.deployments)


def _expanded(template: dict, region: str, parameters: Mapping[str, Any] | None, base_dir,
              definitions_roots, files=None) -> Subject:
    subject = make_subject(template, region=region, parameters=parameters, base_dir=base_dir,
                           definitions_roots=definitions_roots, files=files)
    if subject.expanded is None:
        raise InvalidTemplateError(subject.expand_errors)
    return subject


SHARED_DEFINITION = ("the previous template's DefinitionUri is the same file as this one's ({uri}), read from the "
                     "working tree for both: a change to it cannot show here; --previous with a git revision "
                     "(HEAD) reads it as committed")


def _shared_definition(facts: MachineFacts, old: MachineFacts | None) -> list[str]:
    """The note for a previous template read from a file that names the very definition file this one
    does (a copy beside it): the comparison cannot see what changed in that file."""
    if old is None or facts.model is None or old.model is None:  # a plain alias: no DefinitionUri of SAM's
        return []
    if facts.model.definition is None or old.model.definition is None:
        return []
    new_file, old_file = facts.model.definition.local_path, old.model.definition.local_path
    if new_file is None or old_file is None or os.path.realpath(new_file) != os.path.realpath(old_file):
        return []
    return [SHARED_DEFINITION.format(uri=facts.model.properties.get("DefinitionUri"))]


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
        super().__init__(subject.template, subject.expansion, subject.load_warnings, whole=subject)
        self.facts = facts

    @property
    def state_machines(self) -> tuple[StateMachine, ...]:
        return (self.facts.model,) if self.facts.model is not None else ()

    @property
    def deployments(self):
        return (self.facts.deployment,)


def _only(subject: Subject, facts: MachineFacts) -> Subject:
    return _OneMachine(subject, facts)


def _located(text: str | None, name: str, findings: list[Problem]) -> dict:
    """Each finding -> (file, line, column); without the text, only findings in other files have lines.

    Every state machine's findings are placed in one pass: the template's text is read for
    positions once, not once per state machine."""
    if text is None:
        return {finding: tuple(finding.origin[:3] if finding.origin else (name, None, None)) for finding in findings}
    return {entry.problem: (entry.file, entry.line, entry.column) for entry in locate(text, name, findings)}


def _in_order(findings: list[Problem], where: dict, name: str) -> list[tuple]:
    """(finding, file, line, column) of each of one state machine's findings, in the order `locate` sorts them."""
    placed = [(finding, *where[finding]) for finding in findings]
    if all(line is not None for _, _, line, _ in placed):
        placed.sort(key=lambda entry: (entry[1] != name, entry[2], entry[3]))
    return placed


def _resource_changes(subject: Subject, old_subject: Subject) -> dict:
    new, old = subject.expanded.get("Resources", {}), old_subject.expanded.get("Resources", {})
    return {"resources_added": [{"logical_id": key, "type": new[key].get("Type")} for key in new if key not in old],
            "resources_removed": [{"logical_id": key, "type": old[key].get("Type")} for key in old if key not in new]}
