"""AWS::Serverless::StateMachine -> AWS::StepFunctions::StateMachine and the resources it implies.

Reads like the translation: read the resource as AWS SAM reads it (null optional
properties absent; what SAM ignores dropped, with a warning: `sam_ignores`), check it
against the input schema, then each feature's cross-property rules, then build the state
machine, its role, version, alias and events. Nothing is built unless every check passes
(warnings do not stop it). Embedded Connectors are expanded by `expand.py`, which sees
the whole template.
"""

from __future__ import annotations

from collections import namedtuple

from ..context import Context
from ..errors import TransformError
from ..logical_ids import is_valid, role_id
from ..schema import load_schema
from . import auto_publish_alias, deployment_preference, policies, sam_ignores
from . import definition as definition_feature
from .tags import propagated_tags, resource_tags

RESOURCE_TYPE = "AWS::Serverless::StateMachine"
SCHEMA = "sam/aws-serverless-statemachine.json"
# SAM property -> AWS::StepFunctions::StateMachine property, copied as given.
PROPERTY_RENAMES = {
    "Logging": "LoggingConfiguration",
    "Name": "StateMachineName",
    "Type": "StateMachineType",
}
# Kept on the state machine, in this order (SAM's).
RESOURCE_ATTRIBUTES = ("DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata")
# Also copied to every generated resource.
PASSTHROUGH_ATTRIBUTES = ("Condition", "DeletionPolicy", "UpdateReplacePolicy")
# Resource attributes that AWS SAM treats as absent when null (it copies the others, null
# included, and CloudFormation then rejects the template).
NULL_AS_ABSENT = ("DependsOn", "IgnoreGlobals")
USE_ALIAS_NEEDS_ALIAS = "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified."


# What the checks worked out and the build needs: the state machine properties that
# carry the definition, and the resolved alias name (None without an alias).
_Checked = namedtuple("_Checked", "definition alias_name")


def expand(logical_id: str, resource: dict, context: Context) -> tuple[dict, list[TransformError]]:
    """The generated resources by logical ID, or the errors that prevent them."""
    path = ("Resources", logical_id)
    if not is_valid(logical_id):
        return {}, [TransformError(path, f"logical ID {logical_id!r} must be alphanumeric (A-Z, a-z, 0-9)")]
    resource, warnings = sam_ignores.apply(logical_id, without_null_properties(resource))
    schema = load_schema(SCHEMA)
    if not schema.is_valid(resource):
        from ..schema_errors import iter_errors  # only an invalid resource pays for jsonschema

        return {}, warnings + list(iter_errors(schema, resource, path))
    properties = resource.get("Properties") or {}
    checked, problems = _check(logical_id, properties, context)
    if checked is None:
        return {}, warnings + problems
    return _build(logical_id, resource, properties, checked, context), warnings + problems


def without_null_properties(resource: dict) -> dict:
    """The resource without the nulls AWS SAM treats as absent (a new dict only when there are some).

    A YAML key left without a value (`Events:` whose events are all commented out) is null.
    SAM ignores a null optional property, resource attribute `DependsOn` or `IgnoreGlobals`,
    and a null optional property of an event. Other nulls (inside `Logging`, `Tracing`,
    `DeploymentPreference`, ...) SAM copies into its output, and CloudFormation rejects any
    null in a template ("'null' values are not allowed in templates"), so they stay errors.
    """
    properties = resource.get("Properties")
    if None not in resource.values() and not _has_nulls(properties):
        return resource
    cleaned = {key: value for key, value in resource.items() if value is not None or key not in NULL_AS_ABSENT}
    if isinstance(properties, dict):
        cleaned["Properties"] = {key: value for key, value in properties.items() if value is not None}
        events = cleaned["Properties"].get("Events")
        if isinstance(events, dict):
            cleaned["Properties"]["Events"] = {name: _event_without_nulls(event) for name, event in events.items()}
    return cleaned


def _has_nulls(properties) -> bool:
    if not isinstance(properties, dict):
        return False
    if None in properties.values():
        return True
    events = properties.get("Events")
    return isinstance(events, dict) and any(
        isinstance(event, dict) and isinstance(event.get("Properties"), dict) and None in event["Properties"].values()
        for event in events.values())


def _event_without_nulls(event):
    if not isinstance(event, dict) or not isinstance(event.get("Properties"), dict):
        return event
    return {**event, "Properties": {key: value for key, value in event["Properties"].items() if value is not None}}


def _check(logical_id: str, properties: dict, context: Context) -> tuple[_Checked | None, list[TransformError]]:
    path = ("Resources", logical_id, "Properties")
    definition, errors = definition_feature.prepare(path, properties, context)
    errors += policies.iter_errors(path, properties, context)
    alias_path = path + ("AutoPublishAlias",)
    alias_name, alias_errors = auto_publish_alias.resolve_name(alias_path, properties.get("AutoPublishAlias"), context)
    errors += alias_errors
    if alias_name:
        errors += auto_publish_alias.name_errors(alias_path, logical_id, alias_name)
    if not alias_errors:
        errors += deployment_preference.iter_errors(path, properties, alias_name)
        if properties.get("UseAliasAsEventTarget") and not alias_name:
            errors.append(TransformError(path, USE_ALIAS_NEEDS_ALIAS))
    if properties.get("Events"):
        events = _events()
        errors += events.iter_errors(path, logical_id, properties, _owners(logical_id, properties, alias_name))
    failed = any(error.severity != "warning" for error in errors)
    return (None if failed else _Checked(definition, alias_name or None)), errors


def _owners(logical_id: str, properties: dict, alias_name: str | None) -> dict[str, str]:
    """The logical IDs this state machine generates besides its events', and what generates each."""
    owners = {logical_id: "the state machine itself"}
    if not properties.get("Role"):
        owners[role_id(logical_id)] = "the state machine's role"
    if alias_name:
        version_id, alias_id = auto_publish_alias.generated_ids(logical_id, alias_name)
        owners[version_id] = owners[alias_id] = "AutoPublishAlias"
    return owners


def _build(logical_id: str, resource: dict, properties: dict, checked: _Checked, context: Context) -> dict:
    passthrough = {key: resource[key] for key in PASSTHROUGH_ATTRIBUTES if key in resource}
    tags = resource_tags(properties)
    generated = {logical_id: _state_machine(logical_id, resource, properties, checked, tags)}
    if not properties.get("Role"):
        generated[role_id(logical_id)] = policies.build_role(logical_id, properties, context, passthrough, tags)
    if checked.alias_name:
        version_id, alias_id = auto_publish_alias.generated_ids(logical_id, checked.alias_name)
        preference = deployment_preference.build(properties.get("DeploymentPreference"), version_id)
        generated[version_id] = auto_publish_alias.build_version(logical_id, passthrough)
        name = properties["AutoPublishAlias"]  # a literal, or the intrinsic that resolved to alias_name
        generated[alias_id] = auto_publish_alias.build_alias(name, passthrough, preference)
    if properties.get("Events"):
        events = _events()
        target = events.start_target(logical_id, properties, checked.alias_name, passthrough,
                                     propagated_tags(properties))
        generated.update(events.build(logical_id, properties, target))
    return generated


def _events():
    # Imported only for a state machine with Events: eight modules a run without them
    # need not read (start-up is most of the cost of expanding a small template).
    from . import events

    return events


def _state_machine(logical_id: str, resource: dict, properties: dict, checked: _Checked, tags: list) -> dict:
    definition = dict(checked.definition)
    substitutions = definition.pop("DefinitionSubstitutions", None)
    body = definition
    if properties.get("Logging") is not None:
        body["LoggingConfiguration"] = properties["Logging"]
    body["RoleArn"] = properties["Role"] if properties.get("Role") else policies.role_arn(logical_id)
    for source in ("Name", "Type"):
        if properties.get(source) is not None:
            body[PROPERTY_RENAMES[source]] = properties[source]
    body["Tags"] = tags
    if substitutions:
        body["DefinitionSubstitutions"] = substitutions
    if properties.get("Tracing") is not None:
        body["TracingConfiguration"] = properties["Tracing"]
    state_machine: dict = {"Type": "AWS::StepFunctions::StateMachine"}
    if resource.get("DependsOn"):
        state_machine["DependsOn"] = resource["DependsOn"]
    state_machine.update((key, resource[key]) for key in RESOURCE_ATTRIBUTES if key in resource)
    state_machine["Properties"] = body
    return state_machine
