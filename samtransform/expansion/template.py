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

import os
from collections.abc import Mapping

from ..core.collector import paused
from ..core.context import Context
from ..core.logical_ids import Generated, api_generated, generated, is_valid
from ..core.problems import InvalidTemplateError, Problem, document_order
from . import globals_section, resource_types, sam_ignores
from .assembly import assemble
from .context import make_context
from .model import Expansion, StateMachine
from .state_machine import RESOURCE_TYPE, api_routes, build_resources

TOO_DEEP = "the template nests too deeply to expand"
# The top-level sections CloudFormation reads as mappings (its template anatomy,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html); a key
# with only comments under it is null there, which CloudFormation rejects ("'null' values are
# not allowed in templates", quoted in aws-cloudformation/cfn-lint#38). AWS SAM's translator
# copies a null Parameters, Conditions, Outputs or Metadata into its output (and refuses a null
# Mappings), so samtransform writes the template as SAM does, and warns.
SECTIONS = ("Metadata", "Parameters", "Rules", "Mappings", "Conditions", "Outputs")
NULL_SECTION_RULE = "W9002"

def expand_template(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
                    base_dir: str | os.PathLike | None = None, definitions_roots=(), files=None,
                    strict: bool = False) -> Expansion:
    """Expand every AWS::Serverless::StateMachine in `template`; never raises for a bad template.

    `template`: the parsed template (`load` gives one; never modified). `region`: the region
    the stack deploys to, for the partition of ARNs (aws, aws-cn, aws-us-gov, ...).
    `parameters`: parameter values by name (as `--parameter-overrides`), which win over
    each parameter's Default. `base_dir`: the folder a local DefinitionUri is read from;
    by default the template's own folder when `load` read it from a file, else the
    current folder. `definitions_roots`: folders besides that one (and the current folder)
    whose files a local DefinitionUri may name (docs/safety.md). `files`: where those files are
    read from: None, the working tree; or a git revision
    (`samtransform.io.git_revision.open_revision("HEAD", folder)`), whose tree holds them at the
    same paths (`plan --previous REV` reads the previous template so). `strict` also validates
    every generated resource against CloudFormation's own schema (E9807, resource_schemas.py):
    `samtransform check` always does, `expand` only with --strict. Returns an `Expansion`: the
    CloudFormation (None on errors), the errors and warnings, and what was worked out about
    each state machine.
    """
    template, base_dir = with_folder(template, base_dir)
    # Expansion allocates many small containers and frees none of them (core/collector.py).
    with paused():
        try:
            expansion = _expand(template, region, parameters, base_dir, definitions_roots, files)
        except RecursionError:
            # Only a template nested far beyond any real one gets here (libyaml allows 1000 levels).
            context, _ = make_context({}, region, parameters, base_dir)
            return Expansion(None, (Problem((), TOO_DEEP),), (), (), context)
        if strict and expansion.template is not None:
            expansion = _schema_checked(expansion, template)
    return expansion


def _schema_checked(expansion: Expansion, template: dict) -> Expansion:
    """The expansion, or its errors when CloudFormation's schema of a generated resource refuses a value."""
    from . import resource_schemas  # reads CloudFormation's schemas: only a strict expansion needs them

    errors = tuple(resource_schemas.iter_errors(expansion, template))
    if not errors:
        return expansion
    errors = tuple(sorted(errors, key=lambda error: document_order(template, error.path)))
    return expansion._replace(template=None, errors=errors, apis=())


def with_folder(template, base_dir: str | os.PathLike | None):
    """The template as a plain dict, and the folder its local files are read from: `base_dir` when
    given, else the folder `load` read it from (io.template_io.LoadedTemplate), else None (the
    current folder)."""
    if type(template) is dict or not isinstance(template, dict):
        return template, base_dir
    # A LoadedTemplate: the rest of the expansion, the rules and the writers test `type(...) is dict`
    # on the hot path, so they get the plain dict (a shallow copy of the top level only).
    return dict(template), getattr(template, "base_dir", None) if base_dir is None else base_dir


def _expand(template, region, parameters, base_dir, definitions_roots, files) -> Expansion:
    frame_errors = _frame_errors(template)
    context, problems = make_context(template if isinstance(template, dict) else {}, region, parameters, base_dir,
                                     definitions_roots, files)
    if frame_errors and not isinstance(template.get("Resources") if isinstance(template, dict) else None, dict):
        return Expansion(None, tuple(frame_errors), (), (), context)
    problems += frame_errors + _null_sections(template)
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
    apis, conditions, api_references = _rest_apis(template, machines, expansions, context, problems)
    problems.sort(key=lambda problem: document_order(template, problem.path))
    errors = tuple(problem for problem in problems if problem.severity == "error")
    warnings = tuple(problem for problem in problems if problem.severity != "error")
    if len(replacements) > 1:  # SAM replaces connector IDs in a DependsOn in the order it translates them
        replacements = dict(sorted(replacements.items(), key=lambda item: rank.get(item[0], 0)))
    output = None if errors else assemble(template, expansions, conditions, replacements)
    if output is not None and api_references:
        from .api.references import rewrite  # only templates whose APIs are built

        output = rewrite(output, api_references)
    return Expansion(output, errors, warnings, tuple(machines), context, apis if not errors else ())


def _rest_apis(template: dict, machines: list, expansions: dict, context: Context, problems: list):
    """The REST APIs that the expanded state machines' Api events feed, into `expansions`.

    An explicit AWS::Serverless::Api is replaced in place; the implicit API follows the last
    state machine that feeds it. A function with Api events on these APIs is replaced by
    itself without them, followed by their Lambda permissions. Returns each API's Generated
    resources, the Conditions they add and the `<Api>.Stage`-style references to resolve in the
    output (api/references.py); errors go into `problems`.
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
        return (), {}, {}
    from .api import rest_apis  # only templates with Api events pay for it

    built = rest_apis.build(template, fed, context)
    problems += built.errors + _api_collisions(template["Resources"], built.apis)
    problems += _api_collisions(template["Resources"], built.functions)
    apis = []
    for api_id, resources in built.apis.items():
        apis.append(tuple(api_generated(api_id, resources, built.sources[api_id])))
        if api_id in template["Resources"]:
            expansions[api_id] = resources
        else:
            last = next(reversed(fed))
            expansions[last] = {**expansions[last], **resources}
    expansions.update(built.functions)
    return tuple(apis), built.conditions, built.references


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
    connected = connectors.connect(logical_id, resource, properties, {**(resources or {}), **template_resources}, rank)
    if resources is None:
        return None, connected.problems
    resources = dict(resources)
    if connected.source_depends_on:
        resources[logical_id] = connectors.add_depends_on(resources[logical_id], connected.source_depends_on)
    resources.update(connected.policies)
    replacements.update(connected.replacements)
    return resources, connected.problems

def _null_sections(template: dict) -> list[Problem]:
    return [Problem((section,), f"{section} is null (a key with nothing under it): CloudFormation rejects a null "
                                "value ('null' values are not allowed in templates); give it entries or remove the key",
                    severity="warning", rule_id=NULL_SECTION_RULE)
            for section in SECTIONS if section in template and template[section] is None]


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
           base_dir: str | os.PathLike | None = None, definitions_roots=(), files=None, strict: bool = False) -> dict:
    """Expand every AWS::Serverless::StateMachine in `template`: the CloudFormation, as a new dict.

    The arguments are those of `expand_template`. Raises InvalidTemplateError carrying every
    error found (`.errors`, Problems); warnings do not raise (`expand_template` gives them).
    """
    expansion = expand_template(template, region=region, parameters=parameters, base_dir=base_dir,
                                definitions_roots=definitions_roots, files=files, strict=strict)
    if expansion.errors:
        raise InvalidTemplateError(expansion.errors)
    return expansion.template
