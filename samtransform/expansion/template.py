"""Expanding a template: the steps, in order, from the parsed template to the expansion model.

Steps: check the template's frame; work out the context (partition, parameters); build
each AWS::Serverless::StateMachine (after Globals, read as AWS SAM reads it: sam_ignores),
with its embedded Connectors, collecting every error and warning from every resource and
what could be worked out even for a resource that failed; refuse generated logical IDs
that collide, and resource types that are near misses of known ones (resource_types.py);
then, when there is no error, assemble the new template (assembly.py).

`expand` is the simple public function on top: CloudFormation out, or InvalidTemplateError.
Pure: the input is never modified.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Mapping

from ..core.context import Context
from ..core.logical_ids import Generated, api_generated, generated, is_valid
from ..core.problems import InvalidTemplateError, Problem, document_order
from . import globals_section, resource_types, sam_ignores
from .assembly import assemble
from .context import make_context
from .model import Expansion, StateMachine
from .state_machine import RESOURCE_TYPE, api_routes, build_resources

TOO_DEEP = "the template nests too deeply to expand"

def expand_template(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
                    base_dir: str | os.PathLike | None = None, strict: bool = False) -> Expansion:
    """Expand every AWS::Serverless::StateMachine in `template`; never raises for a bad template.

    `strict` also validates every generated resource against CloudFormation's own schema
    (E9807, resource_schemas.py): `samtransform check` always does, `expand` only with --strict.
    """
    # Expansion allocates many small containers and frees none of them; the cyclic
    # collector would only re-scan them (about a third of the run on large templates).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        expansion = _expand(template, region, parameters, base_dir)
        if strict and expansion.template is not None:
            from . import resource_schemas  # reads CloudFormation's schemas: only a strict expansion needs them

            errors = tuple(resource_schemas.iter_errors(expansion, template))
            if errors:
                errors = tuple(sorted(errors, key=lambda error: document_order(template, error.path)))
                return expansion._replace(template=None, errors=errors, apis=())
        return expansion
    except RecursionError:
        # Only a template nested far beyond any real one gets here (libyaml allows 1000 levels).
        context, _ = make_context({}, region, parameters, base_dir)
        return Expansion(None, (Problem((), TOO_DEEP),), (), (), context)
    finally:
        if gc_was_enabled:
            gc.enable()


def _expand(template, region, parameters, base_dir) -> Expansion:
    frame_errors = _frame_errors(template)
    context, problems = make_context(template if isinstance(template, dict) else {}, region, parameters, base_dir)
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
    problems += resource_types.iter_errors(template["Resources"], (RESOURCE_TYPE,))
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
    from .api import rest_apis  # only templates with Api events pay for it

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


def _api_collisions(resources: dict, built: dict) -> list[Problem]:
    """An API's Deployment or Stage must not name a resource of the template."""
    return [Problem(("Resources", logical_id), (
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
    from . import connectors  # only templates with Connectors read it

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
                        built.rollback_alarms, built.sources)


def _connect(logical_id: str, resource: dict, properties: dict, resources: dict | None, template_resources: dict,
             replacements: dict, rank: dict) -> tuple[dict | None, list[Problem]]:
    """The state machine's resources plus the policies its embedded Connectors make."""
    from . import connectors  # only templates with Connectors read it

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

def _frame_errors(template) -> list[Problem]:
    if not isinstance(template, dict):
        return [Problem((), "template must be a mapping")]
    resources = template.get("Resources")
    if "Resources" not in template:
        return [Problem((), "'Resources' section is required")]
    if not isinstance(resources, dict) or not resources:
        return [Problem(("Resources",), "'Resources' section must be a non-empty mapping")]
    errors = []
    for logical_id, resource in resources.items():
        if not isinstance(resource, dict):
            errors.append(Problem(("Resources", logical_id), "a resource must be a mapping; "
                                         "if you're using YAML, this may be an indentation issue"))
        elif "Type" not in resource:
            errors.append(Problem(("Resources", logical_id), "'Type' is a required property"))
    return errors


def _collisions(resources: dict, machines: list[StateMachine]) -> list[Problem]:
    """A generated logical ID must not name an existing resource or another generated one."""
    errors = []
    owner: dict[str, str] = {}
    for machine in machines:
        source = machine.logical_id
        for logical_id, resource in (machine.resources or {}).items():
            if logical_id == source:
                continue
            if logical_id in resources:
                errors.append(Problem(("Resources", logical_id), (
                    f"Transforming resource with id [{source}] attempts to create a new resource with id "
                    f"[{logical_id}] and type \"{resource['Type']}\". A resource with that id already exists "
                    "within this template. Please use a different id for that resource.")))
            elif logical_id in owner:
                errors.append(Problem(("Resources", source), (
                    f"resources [{owner[logical_id]}] and [{source}] would both generate a resource with id "
                    f"[{logical_id}]; rename one of them")))
            owner.setdefault(logical_id, source)
    return errors


def expand(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
           base_dir: str | os.PathLike | None = None, strict: bool = False) -> dict:
    """Expand every AWS::Serverless::StateMachine in `template`.

    Raises InvalidTemplateError carrying every problem found; warnings do not raise. `strict`
    also validates the generated resources against CloudFormation's schemas (E9807).
    """
    expansion = expand_template(template, region=region, parameters=parameters, base_dir=base_dir, strict=strict)
    if expansion.errors:
        raise InvalidTemplateError(expansion.errors)
    return expansion.template
