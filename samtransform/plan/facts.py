"""The one adapter between `plan` and the expansion: what plan needs to know about each state machine.

Everything plan reports about a template comes through `machine_facts`; nothing else in
`samtransform.plan` reads the template or its expansion to find generated resources. The
facts are read from what `expand` produced (the generated alias, version and event
resources) and from the SAM input `check` digests (`samtransform.checks.model.Subject`), so
plan and check see one template the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..checks.model import StateMachine, Subject
from ..intrinsics import is_intrinsic

STATE_MACHINE_TYPE = "AWS::StepFunctions::StateMachine"
EVENT_SOURCE_TYPES = ("AWS::Events::Rule", "AWS::Scheduler::Schedule")


@dataclass(frozen=True)
class EventSource:
    logical_id: str
    type: str
    target: str  # the logical ID the event starts: the alias, or the state machine itself


@dataclass(frozen=True)
class MachineFacts:
    """One AWS::Serverless::StateMachine as expanded."""

    logical_id: str
    alias_name: str | None
    alias_logical_id: str | None
    version_logical_id: str | None
    preference: Any  # the alias's DeploymentPreference as deployed (an Fn::If stays one), or None
    resource: dict  # the expanded AWS::StepFunctions::StateMachine's Properties
    events: tuple[EventSource, ...]
    source: StateMachine  # the SAM resource, as check digests it
    role: tuple[str, dict] | None = None  # (logical ID, Properties) of the IAM role in this template it runs as


def machine_facts(subject: Subject) -> list[MachineFacts]:
    """The facts of every state machine of an expanded template, in document order."""
    resources = (subject.expanded or {}).get("Resources", {})
    facts = []
    for machine in subject.state_machines:
        resource = resources.get(machine.logical_id)
        if not isinstance(resource, dict) or resource.get("Type") != STATE_MACHINE_TYPE:
            continue
        alias_id = machine.alias_logical_id if machine.alias_logical_id in resources else None
        version_id = _version_of(resources, alias_id)
        preference = None
        if alias_id:
            preference = _without_version_arn(resources[alias_id].get("Properties", {}).get("DeploymentPreference"))
        facts.append(MachineFacts(
            machine.logical_id, machine.alias_name if alias_id else None, alias_id, version_id, preference,
            resource.get("Properties", {}), tuple(_event_sources(resources, machine.logical_id, alias_id)), machine,
            _role(resources, resource.get("Properties", {}).get("RoleArn"))))
    return facts


def _version_of(resources: dict, alias_id: str | None) -> str | None:
    for logical_id, resource in resources.items():
        if resource.get("Type") == "AWS::StepFunctions::StateMachineVersion" and alias_id:
            if _refs(_first_version_arn(resources[alias_id]), logical_id):
                return logical_id
    return None


def _first_version_arn(alias: dict) -> Any:
    preference = alias.get("Properties", {}).get("DeploymentPreference")
    if isinstance(preference, dict) and "Fn::If" in preference:
        branches = preference["Fn::If"]
        preference = next((branch for branch in branches[1:] if isinstance(branch, dict)), {})
    return preference.get("StateMachineVersionArn") if isinstance(preference, dict) else None


def _without_version_arn(preference: Any) -> Any:
    """The preference as the user wrote it: `StateMachineVersionArn` is the transform's."""
    if isinstance(preference, dict) and "Fn::If" in preference and isinstance(preference["Fn::If"], list):
        condition, *branches = preference["Fn::If"]
        return {"Fn::If": [condition, *(_without_version_arn(branch) for branch in branches)]}
    if isinstance(preference, dict):
        return {key: value for key, value in preference.items() if key != "StateMachineVersionArn"}
    return preference


def _role(resources: dict, role_arn: Any) -> tuple[str, dict] | None:
    """The role `RoleArn: !GetAtt Role.Arn` names, when it is a resource of this template."""
    target = role_arn.get("Fn::GetAtt") if is_intrinsic(role_arn) else None
    if isinstance(target, list) and len(target) == 2 and target[1] == "Arn":
        role = resources.get(target[0])
        if isinstance(role, dict) and role.get("Type") == "AWS::IAM::Role":
            return target[0], role.get("Properties") or {}
    return None


def _refs(value: Any, logical_id: str) -> bool:
    return is_intrinsic(value) and value.get("Ref") == logical_id


def _event_sources(resources: dict, machine_id: str, alias_id: str | None) -> list[EventSource]:
    """Rules and schedules in the expanded template that start this state machine or its alias."""
    sources = []
    for logical_id, resource in resources.items():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        if kind not in EVENT_SOURCE_TYPES:
            continue
        properties = resource.get("Properties") or {}
        targets = properties.get("Targets") if kind == "AWS::Events::Rule" else [properties.get("Target")]
        for target in targets if isinstance(targets, list) else []:
            arn = target.get("Arn") if isinstance(target, dict) else None
            for candidate in (alias_id, machine_id):
                if candidate and _refs(arn, candidate):
                    sources.append(EventSource(logical_id, kind, candidate))
    return sources
