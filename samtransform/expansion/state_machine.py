"""AWS::Serverless::StateMachine -> AWS::StepFunctions::StateMachine and the resources it implies.

Reads like the translation: check the resource (read as AWS SAM reads it: `sam_ignores`)
against the input schema, then each feature's cross-property rules, then build the state
machine, its role, version, alias, rollback alarms and events. Nothing is built while any
check finds an error (warnings are returned beside what is built). Embedded Connectors are
expanded by the expansion model, which sees the whole template.
"""

from __future__ import annotations

from collections import namedtuple

from ..core.context import Context
from ..core.problems import Problem
from ..core.logical_ids import alias_id, generated, is_valid, role_id, version_id
from ..core.limits import STATE_MACHINE_SCHEMA
from ..core.schema import load_schema
from ..core.settings import has_settings, without_settings
from . import auto_publish_alias, deployment_preference, logging_configuration, policies, state_machine_name
from . import definition as definition_feature
from .provenance import copied, derived, record, record_copies
from .tags import propagated_tags, resource_tags, tag_sources

RESOURCE_TYPE = "AWS::Serverless::StateMachine"
SCHEMA = STATE_MACHINE_SCHEMA
# SAM property -> AWS::StepFunctions::StateMachine property, copied as given.
PROPERTY_RENAMES = {
    "Logging": "LoggingConfiguration",
    "Name": "StateMachineName",
    "Type": "StateMachineType",
}
# Every SAM property copied as given to the state machine, with the property it becomes.
COPIED = (*PROPERTY_RENAMES.items(), ("Tracing", "TracingConfiguration"), ("Role", "RoleArn"))
# Where the definition came from, in the order prepare() prefers them.
DEFINITION_SOURCES = ("DefinitionUri", "Definition")
# Kept on the state machine, in this order (SAM's).
RESOURCE_ATTRIBUTES = ("DeletionPolicy", "UpdatePolicy", "Condition", "UpdateReplacePolicy", "Metadata")
# Also copied to every generated resource.
PASSTHROUGH_ATTRIBUTES = ("Condition", "DeletionPolicy", "UpdateReplacePolicy")


# What the checks worked out and the build needs: the state machine properties that
# carry the definition, the resolved alias name (None without an alias), and the
# rollback alarms asked for (None: none, or no alias to watch).
_Checked = namedtuple("_Checked", "definition alias_name rollback_alarms")

# What building one state machine gives: its resources (None when there are errors), the
# errors and warnings, and what was worked out on the way, even for a resource that
# failed: the alias name resolved (None without a valid one) with the reasons it is not
# valid, the definition facts, the rollback alarms asked for
# (expansion/rollback_alarms.Options; None without them or without a valid alias), and
# where each generated value came from (provenance.py: logical ID -> {property path: Source}).
Built = namedtuple("Built", "resources errors alias_name alias_errors definition rollback_alarms sources",
                   defaults=({},))


def build_resources(logical_id: str, resource: dict, context: Context) -> Built:
    """The generated resources by logical ID, or the errors that prevent them, and the facts met on the way."""
    path = ("Resources", logical_id)
    properties = resource.get("Properties")
    properties = properties if isinstance(properties, dict) else {}
    alias_path = path + ("Properties", "AutoPublishAlias")
    alias_name, alias_errors = auto_publish_alias.resolve(alias_path, logical_id, properties.get("AutoPublishAlias"),
                                                         context)
    valid_alias = None if alias_errors else (alias_name or None)
    # Decided before the schema, so that it is reported (by expand and check alike) whatever else is wrong.
    needs_alias = [] if alias_errors else list(deployment_preference.alias_needed(path + ("Properties",), properties,
                                                                                  alias_name))
    # Known before anything else is checked, so the model names the alarms even for a resource that fails.
    alarms, alarm_problems = _rollback_alarms(logical_id, resource, context)
    wired = alarms if valid_alias else None
    if not is_valid(logical_id):
        return Built(None, [Problem(path, f"logical ID {logical_id!r} must be alphanumeric (A-Z, a-z, 0-9)")],
                     valid_alias, alias_errors, definition_feature.known(path + ("Properties",), properties, context),
                     wired)
    schema = load_schema(SCHEMA)
    if not schema.is_valid(resource):
        from ..core.schema_wording import iter_errors  # only an invalid resource pays for jsonschema

        errors = list(iter_errors(schema, resource, path))
        # The alias's own reasons too (E9109), unless the schema already said it at the same place.
        errors += [error for error in alias_errors if error.path not in {error.path for error in errors}]
        return Built(None, errors + needs_alias + alarm_problems, valid_alias, alias_errors,
                     definition_feature.known(path + ("Properties",), properties, context), wired)
    definition, facts, errors = definition_feature.prepare_with_facts(path + ("Properties",), properties, context)
    facts = facts._replace(deployed=None if errors else definition)
    errors += needs_alias + _check(logical_id, properties, context, alias_name, alias_errors, wired)
    errors += alarm_problems
    if alarms is not None and not alias_errors:
        from . import rollback_alarms  # only state machines that opt in read it

        errors += rollback_alarms.iter_errors(path + ("Properties",), logical_id, properties, valid_alias, alarms,
                                              context)
    if any(error.severity == "error" for error in errors):
        return Built(None, errors, valid_alias, alias_errors, facts, wired)
    checked = _Checked(definition, valid_alias, wired)
    sources: dict = {}
    resources = _build(logical_id, resource, properties, checked, context, sources)
    # What is deployed, exactly: the state machine's own properties (substitutions merged).
    facts = facts._replace(deployed=resources[logical_id]["Properties"])
    return Built(resources, errors, valid_alias, alias_errors, facts, wired, sources)  # warnings only


def _rollback_alarms(logical_id: str, resource: dict, context: Context):
    """The rollback alarms this state machine asks for (None: none), with the errors in its settings."""
    metadata = resource.get("Metadata")
    if context.rollback_alarms is None and not has_settings(metadata):
        return None, []  # not opted in: the feature's module is not even read
    from . import rollback_alarms

    return rollback_alarms.options(logical_id, resource, context)


def _check(logical_id: str, properties: dict, context: Context, alias_name: str | None,
           alias_errors: list[Problem], rollback_alarms) -> list[Problem]:
    """The rules across properties. `alias_name` is the resolved name, even an invalid one."""
    path = ("Resources", logical_id, "Properties")
    errors = list(policies.iter_errors(path, properties, context))
    errors += logging_configuration.iter_errors(path, properties)
    errors += state_machine_name.iter_errors(path, properties)
    errors += alias_errors
    if properties.get("Events"):
        events = _events()
        owners = _owners(logical_id, properties, alias_name, rollback_alarms)
        errors += events.iter_errors(path, logical_id, properties, owners)
    return errors


def _owners(logical_id: str, properties: dict, alias_name: str | None, rollback_alarms) -> dict[str, str]:
    """The logical IDs this state machine generates besides its events', and what generates each."""
    made = generated(logical_id, {**properties, "Events": None}, alias_name, rollback_alarms)
    return {entry.logical_id: entry.owner for entry in made}


def _build(logical_id: str, resource: dict, properties: dict, checked: _Checked, context: Context,
           sources: dict | None = None) -> dict:
    """The generated resources; where each value came from goes into `sources` (provenance.py)."""
    passthrough = {key: resource[key] for key in PASSTHROUGH_ATTRIBUTES if key in resource}
    tags = resource_tags(properties)
    resources = {logical_id: _state_machine(logical_id, resource, properties, checked, tags, sources)}
    path = ("Resources", logical_id, "Properties")
    if not properties.get("Role"):
        resources[role_id(logical_id)] = policies.build_role(logical_id, properties, context, passthrough, tags,
                                                             sources)
    if checked.alias_name:
        preference = deployment_preference.build(properties.get("DeploymentPreference"), version_id(logical_id))
        resources[version_id(logical_id)] = auto_publish_alias.build_version(logical_id, passthrough)
        name = properties["AutoPublishAlias"]  # a literal, or the intrinsic that resolved to alias_name
        alarms = {}
        if checked.rollback_alarms is not None:
            from . import rollback_alarms  # only state machines that opt in read it

            alarms = rollback_alarms.build(logical_id, name, checked.rollback_alarms, passthrough)
            preference = rollback_alarms.with_alarms(preference, list(alarms))
            for alarm in alarms:
                record(sources, alarm, (), derived(checked.rollback_alarms.path))
        alias = alias_id(logical_id, checked.alias_name)
        resources[alias] = auto_publish_alias.build_alias(name, passthrough, preference)
        record(sources, alias, ("Name",), copied(path + ("AutoPublishAlias",)))
        if "DeploymentPreference" in properties:
            record(sources, alias, ("DeploymentPreference",), copied(path + ("DeploymentPreference",)))
        resources.update(alarms)
    if properties.get("Events"):
        events = _events()
        target = events.start_target(logical_id, properties, checked.alias_name, passthrough,
                                     propagated_tags(properties))
        resources.update(events.build(logical_id, properties, target, sources))
    return resources


def api_routes(logical_id: str, resource: dict, properties: dict, target_id: str) -> list:
    """The methods this expanded state machine's Api events add to their REST APIs, in Events order.

    `properties` are after Globals; `target_id` is what the events start (the state machine or its alias).
    """
    api_events = [(name, event) for name, event in (properties.get("Events") or {}).items() if event["Type"] == "Api"]
    if not api_events:
        return []
    from .events import api  # only templates with Api events read it

    path = ("Resources", logical_id, "Properties", "Events")
    return [api.route(logical_id, name, event.get("Properties") or {}, target_id, resource.get("Condition"),
                      path + (name,)) for name, event in api_events]


def _events():
    # Imported only for a state machine with Events: eight modules a run without them
    # need not read (start-up is most of the cost of expanding a small template).
    from . import events

    return events


def _state_machine(logical_id: str, resource: dict, properties: dict, checked: _Checked, tags: list,
                   sources: dict | None = None) -> dict:
    path = ("Resources", logical_id, "Properties")
    record_copies(sources, logical_id, COPIED, path, properties)
    origin = derived(path + (next((key for key in DEFINITION_SOURCES if key in properties), "Definition"),))
    for key in checked.definition:  # the definition, and the substitutions made for its intrinsics
        record(sources, logical_id, (key,), origin)
    user_substitutions = properties.get("DefinitionSubstitutions")
    for key in (user_substitutions if isinstance(user_substitutions, dict) else ()):  # the user's, as given
        record(sources, logical_id, ("DefinitionSubstitutions", key), copied(path + ("DefinitionSubstitutions", key)))
    for tag_path, source in tag_sources(path, properties):
        record(sources, logical_id, tag_path, source)
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
    if has_settings(resource.get("Metadata")):  # samtransform's settings are carried out, not kept
        metadata = without_settings(resource["Metadata"])
        if metadata is None:
            del state_machine["Metadata"]
        else:
            state_machine["Metadata"] = metadata
    state_machine["Properties"] = body
    return state_machine
