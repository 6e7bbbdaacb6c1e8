"""The one adapter between `plan` and the expansion model: what plan needs about each deployment.

Everything comes from `samtransform.expansion` (`expand_template` -> `Expansion`), the model
`expand` and `check` read: the resolved alias name and the generated logical IDs, the
generated resources themselves (the alias's deployment preference as deployed, default
included, and the AWS::StepFunctions::StateMachine Step Functions receives), and the event
targets. Nothing here names a generated resource or resolves an alias again.

A plain AWS::StepFunctions::StateMachineAlias with a DeploymentPreference (AWS CDK, or
hand-written CloudFormation) is read through the same deployment model the rules read
(`samtransform.expansion.deployments`): its state machine and version are the template's own,
and the events are the template's rules and schedules whose target is the alias or the state
machine.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..expansion.model import Deployment, Expansion, StateMachine
from ..core.intrinsics import is_fn_if, is_intrinsic

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any


@dataclass(frozen=True)
class EventSource:
    name: str  # the event's name under Events
    logical_id: str  # the rule or schedule it makes; for an Api event, the REST API its method is on
    type: str | None
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
    model: StateMachine | None  # the expansion model's state machine, for the check rules (None: a plain alias)
    role: tuple[str, dict] | None = None  # (logical ID, Properties) of the IAM role in the template it runs as
    deployment: Deployment | None = None  # what the rollout and alarm rules read (expansion/deployments.py)
    # Whether a new revision of the state machine replaces the version (a new version is published):
    # its StateMachineRevisionId is !GetAtt <Id>.StateMachineRevisionId, as SAM writes it.
    revision_linked: bool = True
    version: Any = None  # the version's Properties as written (a plain alias's; None for SAM)


def machine_facts(expansion: Expansion) -> list[MachineFacts]:
    """The facts of every state machine that expanded, in document order."""
    expanded = (expansion.template or {}).get("Resources", {})
    facts = []
    for machine in expansion.state_machines:
        generated = machine.resources or {}
        resource = generated.get(machine.logical_id)
        if not isinstance(resource, dict):
            continue
        properties = resource.get("Properties") or {}
        alias = generated.get(machine.alias_logical_id) if machine.alias_logical_id else None
        preference = _without_version_arn(alias["Properties"].get("DeploymentPreference")) if alias else None
        types = {made.logical_id: made.type for made in machine.generated}
        events = tuple(EventSource(str(target.name), target.logical_id,
                                   types.get(target.logical_id) or _type(expanded, target.logical_id), target.target)
                       for target in machine.event_targets())
        facts.append(MachineFacts(machine.logical_id, machine.alias_name, machine.alias_logical_id,
                                  machine.version_logical_id, preference, properties, events, machine,
                                  _role(expanded, properties.get("RoleArn")), machine.deployment))
    return facts


def plain_facts(template: dict, deployments) -> list[MachineFacts]:
    """The facts of each plain StateMachineAlias's deployment, in document order."""
    resources = template.get("Resources") if isinstance(template, dict) else None
    resources = resources if isinstance(resources, dict) else {}
    facts = []
    for deployment in deployments:
        if deployment.machine is not None:
            continue  # a SAM state machine's: machine_facts
        machine = resources.get(deployment.state_machine_id) if deployment.state_machine_id else None
        properties = machine.get("Properties") if isinstance(machine, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        version = resources.get(deployment.version_logical_id) if deployment.version_logical_id else None
        version = version.get("Properties") if isinstance(version, dict) else None
        linked = isinstance(version, dict) and _get_att(version.get("StateMachineRevisionId")) == [
            deployment.state_machine_id, "StateMachineRevisionId"]
        facts.append(MachineFacts(deployment.label, deployment.alias_name, deployment.alias_logical_id,
                                  deployment.version_logical_id, _without_version_arn(deployment.preference),
                                  properties, tuple(_plain_events(resources, deployment)), None,
                                  _role(resources, properties.get("RoleArn")), deployment, linked, version))
    return facts


# A plain resource that starts executions -> where its targets are, and where each target's Arn is.
STARTERS = {"AWS::Events::Rule": ("Targets", "Arn"), "AWS::Scheduler::Schedule": ("Target", "Arn")}


def _plain_events(resources: dict, deployment: Deployment):
    """The template's rules and schedules whose target is the alias or the state machine itself."""
    for logical_id, resource in resources.items():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        properties = resource.get("Properties") if kind in STARTERS else None
        if not isinstance(properties, dict):
            continue
        holder, key = STARTERS[kind]
        targets = properties.get(holder)
        for target in targets if isinstance(targets, list) else [targets]:
            started = _started(target.get(key)) if isinstance(target, dict) else None
            if started in (deployment.alias_logical_id, deployment.state_machine_id) and started is not None:
                yield EventSource(logical_id, logical_id, kind, started)
                break


def _started(arn: Any) -> str | None:
    """The logical ID `!Ref X` or `!GetAtt X.Arn` names."""
    if not is_intrinsic(arn):
        return None
    if isinstance(arn.get("Ref"), str):
        return arn["Ref"]
    parts = _get_att(arn)
    return parts[0] if parts and parts[1] == "Arn" else None


def _get_att(value: Any) -> list | None:
    """[logical ID, attribute] of an Fn::GetAtt, in either form."""
    target = value.get("Fn::GetAtt") if is_intrinsic(value) else None
    if isinstance(target, str) and "." in target:
        target = target.split(".", 1)
    return list(target) if isinstance(target, list) and len(target) == 2 else None


def _type(resources: dict, logical_id: str) -> str | None:
    resource = resources.get(logical_id)
    return resource.get("Type") if isinstance(resource, dict) else None


def _without_version_arn(preference: Any) -> Any:
    """The preference as the user wrote it, default included: `StateMachineVersionArn` is the transform's."""
    if is_fn_if(preference):
        condition, *branches = preference["Fn::If"]
        return {"Fn::If": [condition, *(_without_version_arn(branch) for branch in branches)]}
    if isinstance(preference, dict):
        return {key: value for key, value in preference.items() if key != "StateMachineVersionArn"}
    return preference


def _role(resources: dict, role_arn: Any) -> tuple[str, dict] | None:
    """The role `RoleArn: !GetAtt Role.Arn` names, when it is a resource of the expanded template."""
    target = role_arn.get("Fn::GetAtt") if is_intrinsic(role_arn) else None
    if isinstance(target, list) and len(target) == 2 and target[1] == "Arn":
        role = resources.get(target[0])
        if isinstance(role, dict) and role.get("Type") == "AWS::IAM::Role":
            return target[0], role.get("Properties") or {}
    return None
