"""The expanded template: each state machine's resources in its place; `Transform`, `Globals` and
samtransform's own `Metadata` settings tidied.

The result shares unchanged values with the input (pass-through resources are not
copied), so treat both as read-only.
"""

from __future__ import annotations

from ..core.settings import has_settings, without_settings
from . import globals_section

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SERVERLESS_PREFIX = "AWS::Serverless::"


def assemble(template: dict, expansions: dict[str, dict], conditions: dict | None = None,
             replacements: dict[str, list[str]] | None = None) -> dict:
    """`template` with each expanded state machine replaced by the resources it generates.

    `conditions` are new template Conditions (the REST APIs' combined conditions), added
    after the template's own. `replacements` maps an embedded connector's logical ID to
    the policies it became: a `DependsOn` anywhere that names the connector names them
    instead, as in AWS SAM.
    """
    resources: dict = {}
    for logical_id, resource in template["Resources"].items():
        if logical_id in expansions:
            resources.update(expansions[logical_id])
        else:
            resources[logical_id] = resource
    if replacements:
        from .connectors import replace_depends_on

        resources = replace_depends_on(resources, replacements)
    serverless_left = any(_is_serverless(logical_id, resource) for logical_id, resource in resources.items())
    output: dict = {}
    for key, value in template.items():
        if key == "Resources":
            output[key] = resources
        elif key == "Transform":
            transform = _remaining_transform(value, serverless_left)
            if transform is not None:
                output[key] = transform
        elif key == "Globals":
            remaining = _remaining_globals(value, serverless_left)
            if remaining is not None:
                output[key] = remaining
        elif key == "Conditions" and conditions and isinstance(value, dict):
            output[key] = {**value, **conditions}
        elif key == "Metadata" and has_settings(value):  # carried out: not for CloudFormation
            remaining = without_settings(value)
            if remaining is not None:
                output[key] = remaining
        else:
            output[key] = value
    if conditions and not isinstance(template.get("Conditions"), dict):
        output["Conditions"] = conditions
    return output


def _is_serverless(logical_id: str, resource) -> bool:
    # An Fn::ForEach block may hold Serverless resources samtransform cannot see into.
    if isinstance(logical_id, str) and logical_id.startswith("Fn::ForEach::"):
        return True
    kind = resource.get("Type") if isinstance(resource, dict) else None
    return isinstance(kind, str) and kind.startswith(SERVERLESS_PREFIX)


def _remaining_transform(transform, serverless_left: bool):
    """Keep the SAM transform only while Serverless resources remain; keep every other transform."""
    if serverless_left:
        return transform
    if transform == SAM_TRANSFORM:
        return None
    if isinstance(transform, list):
        others = [entry for entry in transform if entry != SAM_TRANSFORM]
        return others or None
    return transform


def _remaining_globals(section, serverless_left: bool):
    """CloudFormation rejects Globals without the SAM transform; StateMachine globals are applied."""
    if not serverless_left:
        return None
    if not isinstance(section, dict):
        return section
    remaining = {key: value for key, value in section.items() if key != globals_section.SECTION}
    return remaining or None
