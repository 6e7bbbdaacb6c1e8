"""The one adapter between `plan` and the expansion model: what plan needs about each state machine.

Everything comes from `samtransform.expansion` (`expand_template` -> `Expansion`), the model
`expand` and `check` read: the resolved alias name and the generated logical IDs, the
generated resources themselves (the alias's deployment preference as deployed, default
included, and the AWS::StepFunctions::StateMachine Step Functions receives), and the event
targets. Nothing here names a generated resource or resolves an alias again.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..expansion.model import Expansion, StateMachine
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
    model: StateMachine  # the expansion model's state machine, for the check rules
    role: tuple[str, dict] | None = None  # (logical ID, Properties) of the IAM role in the template it runs as


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
                                  _role(expanded, properties.get("RoleArn"))))
    return facts


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
