"""The expansion model: what expanding a template gives, read by expand, check, the cfn-lint plugin and plan.

    from samtransform import expand_template
    expansion = expand_template(template, region="eu-west-1")
    expansion.template         # the CloudFormation, or None when there are errors
    expansion.errors           # TransformErrors in document order; .warnings likewise
    for machine in expansion.state_machines:
        machine.alias_name, machine.generated, machine.alarms(), machine.event_targets()
        machine.rollback_alarm_ids       # the alarms RollbackAlarms adds to the alias's Alarms

Steps: check the template's frame; work out the context (partition, parameters); build
each AWS::Serverless::StateMachine (after Globals, read as AWS SAM reads it: sam_ignores),
with its embedded Connectors, collecting every error and warning from every resource and
what could be worked out even for a resource that failed; refuse generated logical IDs
that collide; then, when there is no error, assemble the new template (assembly.py).

The result shares unchanged values with the input (pass-through resources are not
copied), so treat both as read-only.
"""

from __future__ import annotations

import gc
import os
from collections import namedtuple
from collections.abc import Iterator, Mapping

from .assembly import assemble
from .context import Context, make_context
from .errors import TransformError
from .features import globals_section, sam_ignores
from .features.state_machine import RESOURCE_TYPE, api_routes, build_resources
from .intrinsics import is_fn_if, is_no_value
from .logical_ids import (Generated, alias_id, api_generated, event_id, generated, is_valid, rollback_alarm_id,
                          version_id)

TOO_DEEP = "the template nests too deeply to expand"

# Named tuples rather than dataclasses, as errors.py explains: the model is built on every expand.
EventTarget = namedtuple("EventTarget", "name logical_id target path")
EventTarget.__doc__ = """An event: its name, the logical ID of its rule or schedule (of the REST API
for an Api event), the logical ID it starts (the state machine, or its alias with
UseAliasAsEventTarget), and its path."""
AlarmEntry = namedtuple("AlarmEntry", "path preference entry")
AlarmEntry.__doc__ = """One entry of a deployment preference's Alarms: its path, the preference mapping
it is in (one branch of an Fn::If), and the entry as written (a name or an intrinsic)."""


class StateMachine(namedtuple("StateMachine", [
    "logical_id",     # as in the template
    "properties",     # after Globals ({} when they are not a mapping)
    "alias_name",     # the resolved AutoPublishAlias: None without one, or when it cannot name an alias
    "alias_missing",  # no AutoPublishAlias (or an empty one): no version or alias is published
    "alias_errors",   # why AutoPublishAlias names no alias (also when other errors hid them from .errors)
    "generated",      # every Generated resource (logical ID, type, owner, path), also for a failed resource
    "definition",     # DefinitionFacts: the definition as a mapping, its substitutions, its local file
    "resources",      # the generated resources by logical ID, or None when the resource has errors
    "errors",         # this state machine's errors, in document order
    "warnings",       # and its warnings
    "rollback_alarms",  # what RollbackAlarms asks for (features/rollback_alarms.Options), or None
])):
    """What the expansion knows about one AWS::Serverless::StateMachine."""

    __slots__ = ()

    @property
    def properties_path(self) -> tuple:
        return ("Resources", self.logical_id, "Properties")

    @property
    def version_logical_id(self) -> str | None:
        return version_id(self.logical_id) if self.alias_name else None

    @property
    def alias_logical_id(self) -> str | None:
        return alias_id(self.logical_id, self.alias_name) if self.alias_name else None

    @property
    def deployment_preference(self):
        """DeploymentPreference as given (after Globals): a mapping, an Fn::If, or None."""
        return self.properties.get("DeploymentPreference")

    def preferences(self) -> Iterator[tuple[tuple, dict]]:
        """Each deployment preference mapping, with its path; both branches of an Fn::If."""
        yield from _mappings_through_if(self.properties_path + ("DeploymentPreference",), self.deployment_preference)

    def alarms(self) -> Iterator[AlarmEntry]:
        """Each entry of each Alarms list the deployment preference names, the rollback alarms that
        expansion adds included (`!Ref <Id><Metric>Alarm`, with the path of their RollbackAlarms setting)."""
        preferences = list(self.preferences())
        for path, preference in preferences:
            alarms = preference.get("Alarms")
            if isinstance(alarms, list):
                for index, entry in enumerate(alarms):
                    yield AlarmEntry(path + ("Alarms", index), preference, entry)
        for _, preference in preferences or [((), {})]:  # no preference: the ALL_AT_ONCE default
            for alarm_id in self.rollback_alarm_ids:
                yield AlarmEntry(self.rollback_alarms.path, preference, {"Ref": alarm_id})

    @property
    def rollback_alarm_ids(self) -> tuple[str, ...]:
        """The logical IDs of the rollback alarms, which the alias's Alarms lists."""
        if self.rollback_alarms is None:
            return ()
        return tuple(rollback_alarm_id(self.logical_id, metric) for metric in self.rollback_alarms.metrics)

    def event_targets(self) -> Iterator[EventTarget]:
        """What each event starts."""
        events = self.properties.get("Events")
        use_alias = self.alias_name is not None and self.properties.get("UseAliasAsEventTarget") is True
        target = self.alias_logical_id if use_alias else self.logical_id
        for name, event in (events.items() if isinstance(events, dict) else ()):
            yield EventTarget(name, _event_resource_id(self.logical_id, str(name), event), target,
                              self.properties_path + ("Events", name))


def _event_resource_id(logical_id: str, name: str, event) -> str:
    """The rule or schedule an event makes; for an Api event, the REST API its method is on."""
    properties = event.get("Properties") if isinstance(event, dict) else None
    if isinstance(event, dict) and event.get("Type") == "Api" and isinstance(properties, dict):
        from .features.events.api import rest_api_id

        api_id = rest_api_id(properties.get("RestApiId"))
        if isinstance(api_id, str):
            return api_id
    return event_id(logical_id, name)


def _mappings_through_if(path: tuple, value) -> Iterator[tuple[tuple, dict]]:
    if is_fn_if(value):
        arguments = value["Fn::If"]
        if isinstance(arguments, list) and len(arguments) == 3:
            for branch in (1, 2):
                yield from _mappings_through_if(path + ("Fn::If", branch), arguments[branch])
    elif isinstance(value, dict) and not is_no_value(value):
        yield path, value


class Expansion(namedtuple("Expansion", "template errors warnings state_machines context apis", defaults=((),))):
    """What expanding one template gives.

    `template` is the CloudFormation (None when there are errors); `errors` and `warnings`
    are TransformErrors in document order; `state_machines` the facts of each
    AWS::Serverless::StateMachine in document order; `context` the partition and
    parameter values; `apis` the REST APIs that state machine Api events feed, each a
    tuple of Generated (the RestApi first), when the template expands.
    """

    __slots__ = ()

    def state_machine(self, logical_id) -> StateMachine | None:
        return next((machine for machine in self.state_machines if machine.logical_id == logical_id), None)

    def generated(self) -> dict[str, Generated]:
        """Every logical ID the state machines generate (each machine's own ID included), first owner first."""
        made: dict[str, Generated] = {}
        for machine in self.state_machines:
            for entry in machine.generated:
                made.setdefault(entry.logical_id, entry)
        for api in self.apis:
            for entry in api:
                made.setdefault(entry.logical_id, entry)
        return made


def expand_template(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
                    base_dir: str | os.PathLike | None = None, definitions_roots=()) -> Expansion:
    """Expand every AWS::Serverless::StateMachine in `template`; never raises for a bad template.

    A local DefinitionUri may name a file inside `base_dir` (the template's folder) or inside
    one of `definitions_roots` (docs/safety.md)."""
    # Expansion allocates many small containers and frees none of them; the cyclic
    # collector would only re-scan them (about a third of the run on large templates).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _expand(template, region, parameters, base_dir, definitions_roots)
    except RecursionError:
        # Only a template nested far beyond any real one gets here (libyaml allows 1000 levels).
        context, _ = make_context({}, region, parameters, base_dir)
        return Expansion(None, (TransformError((), TOO_DEEP),), (), (), context)
    finally:
        if gc_was_enabled:
            gc.enable()


def _expand(template, region, parameters, base_dir, definitions_roots) -> Expansion:
    frame_errors = _frame_errors(template)
    context, problems = make_context(template if isinstance(template, dict) else {}, region, parameters, base_dir,
                                     definitions_roots)
    if frame_errors and not isinstance(template.get("Resources") if isinstance(template, dict) else None, dict):
        return Expansion(None, tuple(frame_errors), (), (), context)
    problems += frame_errors
    global_values, global_errors = globals_section.state_machine_globals(template)
    problems += global_errors
    machines = []
    replacements: dict[str, list[str]] = {}  # connector ID -> its policies, for a DependsOn elsewhere
    rank = _connector_rank(template["Resources"])
    for logical_id, resource in template["Resources"].items():
        if isinstance(resource, dict) and resource.get("Type") == RESOURCE_TYPE:
            machine = _state_machine(template, logical_id, resource, global_values, context, replacements, rank)
            problems += machine.errors + machine.warnings
            machines.append(machine)
    problems += _collisions(template["Resources"], machines)
    expansions = {machine.logical_id: machine.resources for machine in machines}
    apis, conditions = _rest_apis(template, machines, expansions, context, problems)
    problems.sort(key=lambda problem: document_order(template, problem.path))
    errors = tuple(problem for problem in problems if problem.severity == "error")
    warnings = tuple(problem for problem in problems if problem.severity != "error")
    if len(replacements) > 1:  # SAM replaces connector IDs in a DependsOn in the order it translates them
        replacements = dict(sorted(replacements.items(), key=lambda item: rank.get(item[0], 0)))
    output = None if errors else assemble(template, expansions, conditions, replacements)
    return Expansion(output, errors, warnings, tuple(machines), context, apis if not errors else ())


def _rest_apis(template: dict, machines: list, expansions: dict, context: Context, problems: list):
    """The REST APIs that the expanded state machines' Api events feed, into `expansions`.

    An explicit AWS::Serverless::Api is replaced in place; the implicit API follows the last
    state machine that feeds it. Returns each API's Generated resources and the Conditions
    they add; errors go into `problems`.
    """
    fed = {}
    for machine in machines:
        if machine.resources is None:
            continue
        use_alias = machine.alias_name is not None and machine.properties.get("UseAliasAsEventTarget") is True
        resource = {**template["Resources"][machine.logical_id], "Properties": machine.properties}
        routes = api_routes(machine.logical_id, resource, machine.properties,
                            machine.alias_logical_id if use_alias else machine.logical_id)
        if routes:
            fed[machine.logical_id] = (resource, routes)
    if not fed:
        return (), {}
    from .features.api import rest_apis  # only templates with Api events pay for it

    built, conditions, errors = rest_apis.expand(template, fed, context.partition)
    problems += errors + _api_collisions(template["Resources"], built)
    apis = []
    for api_id, resources in built.items():
        first_route = next(route for _, routes in fed.values() for route in routes if route.api_id == api_id)
        apis.append(tuple(api_generated(api_id, resources, first_route.event_path)))
        if api_id in template["Resources"]:
            expansions[api_id] = resources
        else:
            last = next(reversed(fed))
            expansions[last] = {**expansions[last], **resources}
    return tuple(apis), conditions


def _api_collisions(resources: dict, built: dict) -> list[TransformError]:
    """An API's Deployment or Stage must not name a resource of the template."""
    return [TransformError(("Resources", logical_id), (
        f"Transforming resource with id [{api_id}] attempts to create a new resource with id [{logical_id}] and type "
        f"\"{resource['Type']}\". A resource with that id already exists within this template. Please use a "
        "different id for that resource."))
        for api_id, generated_resources in built.items() for logical_id, resource in generated_resources.items()
        if logical_id != api_id and logical_id in resources]


def _connector_rank(resources: dict) -> dict[str, int]:
    """SAM's order of translating embedded connectors, where a state machine has any."""
    if not any(isinstance(resource, dict) and resource.get("Type") == RESOURCE_TYPE and "Connectors" in resource
               for resource in resources.values()):
        return {}
    from .features import connectors

    return connectors.translation_order(resources)


def _state_machine(template: dict, logical_id: str, resource: dict, global_values: dict,
                   context: Context, replacements: dict, rank: dict) -> StateMachine:
    merged, merge_errors = globals_section.apply(logical_id, resource, global_values)
    merged, ignored = sam_ignores.apply(logical_id, merged)
    built = build_resources(logical_id, merged, context)
    properties = merged.get("Properties")
    properties = properties if isinstance(properties, dict) else {}
    problems = merge_errors + ignored + built.errors
    resources = built.resources
    if "Connectors" in merged:
        resources, connector_problems = _connect(logical_id, merged, properties, resources, template["Resources"],
                                                 replacements, rank)
        problems += connector_problems
    if len(problems) > 1:
        problems.sort(key=lambda error: document_order(template, error.path))
    errors = tuple(problem for problem in problems if problem.severity == "error")
    warnings = tuple(problem for problem in problems if problem.severity != "error")
    made = generated(logical_id, properties, built.alias_name, built.rollback_alarms) if is_valid(logical_id) else []
    made += [Generated(policy, "AWS::IAM::ManagedPolicy", "Connectors", ("Resources", logical_id, "Connectors"))
             for policy in (resources or {}) if policy not in {entry.logical_id for entry in made}]
    alias_missing = not built.alias_errors and built.alias_name is None
    return StateMachine(logical_id, properties, built.alias_name, alias_missing, tuple(built.alias_errors),
                        tuple(made), built.definition, None if errors else resources, errors, warnings,
                        built.rollback_alarms)


def _connect(logical_id: str, resource: dict, properties: dict, resources: dict | None, template_resources: dict,
             replacements: dict, rank: dict) -> tuple[dict | None, list[TransformError]]:
    """The state machine's resources plus the policies its embedded Connectors make."""
    from .features import connectors  # only templates with Connectors read it

    # A destination may be any resource of the template, or one this state machine generates.
    connected = connectors.expand(logical_id, resource, properties, {**(resources or {}), **template_resources}, rank)
    if resources is None:
        return None, connected.problems
    resources = dict(resources)
    if connected.source_depends_on:
        resources[logical_id] = connectors.add_depends_on(resources[logical_id], connected.source_depends_on)
    resources.update(connected.policies)
    replacements.update(connected.replacements)
    return resources, connected.problems


def document_order(template, path: tuple) -> tuple:
    """Where `path` falls in the document: the index of each step in its parent.

    Sorting errors by this lists them in reading order without knowing any line numbers.
    """
    order = []
    node = template
    for step in path:
        if isinstance(node, dict) and step in node:
            order.append(list(node).index(step))
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            order.append(step)
            node = node[step]
        else:
            order.append(-1)  # a key that is not there (a missing property) sorts first
            node = None
    return tuple(order)


def _frame_errors(template) -> list[TransformError]:
    if not isinstance(template, dict):
        return [TransformError((), "template must be a mapping")]
    resources = template.get("Resources")
    if "Resources" not in template:
        return [TransformError((), "'Resources' section is required")]
    if not isinstance(resources, dict) or not resources:
        return [TransformError(("Resources",), "'Resources' section must be a non-empty mapping")]
    errors = []
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            errors.append(TransformError(("Resources", logical_id), "a resource must be a mapping; "
                                         "if you're using YAML, this may be an indentation issue"))
        elif "Type" not in resource:
            errors.append(TransformError(("Resources", logical_id), "'Type' is a required property"))
    return errors


def _collisions(resources: dict, machines: list[StateMachine]) -> list[TransformError]:
    """A generated logical ID must not name an existing resource or another generated one."""
    errors = []
    owner: dict[str, str] = {}
    for machine in machines:
        source = machine.logical_id
        for logical_id, resource in (machine.resources or {}).items():
            if logical_id == source:
                continue
            if logical_id in resources:
                errors.append(TransformError(("Resources", logical_id), (
                    f"Transforming resource with id [{source}] attempts to create a new resource with id "
                    f"[{logical_id}] and type \"{resource['Type']}\". A resource with that id already exists "
                    "within this template. Please use a different id for that resource.")))
            elif logical_id in owner:
                errors.append(TransformError(("Resources", source), (
                    f"resources [{owner[logical_id]}] and [{source}] would both generate a resource with id "
                    f"[{logical_id}]; rename one of them")))
            owner.setdefault(logical_id, source)
    return errors
