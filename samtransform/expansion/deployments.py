"""Gradual deployments through an alias, in either form, as one model for the rules and `plan`.

- The SAM form: an AWS::Serverless::StateMachine with AutoPublishAlias and
  DeploymentPreference (`StateMachine.deployment`, from the expansion model).
- The CloudFormation form, as AWS CDK or hand-written CloudFormation has it (and as `expand`
  writes it): an AWS::StepFunctions::StateMachineAlias whose DeploymentPreference names, in
  `StateMachineVersionArn` (`!Ref V` or `!GetAtt V.Arn`), an
  AWS::StepFunctions::StateMachineVersion of the template, whose `StateMachineArn`
  (`!Ref M` or `!GetAtt M.Arn`) names the state machine. CloudFormation's
  StateMachineAlias reference: "DeploymentPreference ... StateMachineVersionArn, Type,
  Percentage, Interval, Alarms"
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-stepfunctions-statemachinealias-deploymentpreference.html).
A reference the template does not resolve (a version ARN given as text, an import) leaves
the state machine or the version unknown (None); the rollout and the alarms are still read.

    for deployment in deployments(template, expansion):
        deployment.alias_name, list(deployment.preferences()), list(deployment.alarms())
"""

from __future__ import annotations

from ..core.intrinsics import is_fn_if, is_intrinsic
from .model import Deployment, Expansion

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

ALIAS_TYPE = "AWS::StepFunctions::StateMachineAlias"
VERSION_TYPE = "AWS::StepFunctions::StateMachineVersion"


def deployments(template: dict, expansion: Expansion) -> tuple[Deployment, ...]:
    """The SAM state machines' deployments, then each plain alias's with a DeploymentPreference, in document order."""
    found = [machine.deployment for machine in expansion.state_machines]
    resources = template.get("Resources") if isinstance(template, dict) else None
    for logical_id, resource in (resources.items() if isinstance(resources, dict) else ()):
        if isinstance(resource, dict) and resource.get("Type") == ALIAS_TYPE:
            properties = resource.get("Properties")
            if isinstance(properties, dict) and properties.get("DeploymentPreference") is not None:
                found.append(plain_deployment(resources, logical_id, properties, expansion.context.literal))
    return tuple(found)


def plain_deployment(resources: dict, logical_id: str, properties: dict, literal) -> Deployment:
    """The deployment of one AWS::StepFunctions::StateMachineAlias with a DeploymentPreference."""
    preference = properties["DeploymentPreference"]
    version = _named(resources, _version_arn(preference), VERSION_TYPE)
    machine = None
    if version is not None:
        version_properties = resources[version].get("Properties")
        if isinstance(version_properties, dict):
            machine = _named(resources, version_properties.get("StateMachineArn"), None)
    name = literal(properties.get("Name"))
    return Deployment(machine, logical_id, name if isinstance(name, str) else None, properties.get("Name"), version,
                      ("Resources", logical_id, "Properties", "DeploymentPreference"), preference, (), None, None)


def _version_arn(preference: Any) -> Any:
    """StateMachineVersionArn of the preference (of its first branch, under an Fn::If)."""
    while is_fn_if(preference):
        branches = preference["Fn::If"]
        preference = branches[1] if isinstance(branches, list) and len(branches) == 3 else None
    return preference.get("StateMachineVersionArn") if isinstance(preference, dict) else None


def _named(resources: dict, reference: Any, resource_type: str | None) -> str | None:
    """The logical ID that `!Ref X` or `!GetAtt X.Arn` names, if it is a resource of the template (of that type)."""
    if not is_intrinsic(reference):
        return None
    key, argument = next(iter(reference.items()))
    target = None
    if key == "Ref":
        target = argument
    elif key == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        if isinstance(parts, list) and len(parts) == 2 and parts[1] == "Arn":
            target = parts[0]
    if not isinstance(target, str) or not isinstance(resources.get(target), dict):
        return None
    if resource_type is not None and resources[target].get("Type") != resource_type:
        return None
    return target
