"""expand() and expand_template(): the whole template in, CloudFormation out. Pure: the input is never modified.

Steps: check the template's frame; work out the context (partition, parameters);
expand each AWS::Serverless::StateMachine, collecting every error from every resource;
refuse generated logical IDs that collide; then assemble the new template with each
state machine's resources in its place, and tidy `Transform` and `Globals`.

The result shares unchanged values with the input (pass-through resources are not
copied), so treat both as read-only.
"""

from __future__ import annotations

import gc
import os
from collections import namedtuple
from collections.abc import Mapping

from .context import make_context
from .errors import InvalidTemplateError, TransformError
from .features import globals_section, state_machine

SAM_TRANSFORM = "AWS::Serverless-2016-10-31"
SERVERLESS_PREFIX = "AWS::Serverless::"


class Expansion(namedtuple("Expansion", "template errors warnings")):
    """What `expand_template` found: the CloudFormation template (None when there are errors),
    and the errors and warnings (tuples of TransformError, in document order). A warning
    marks what deploys but is probably a mistake."""

    __slots__ = ()


def expand(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
           base_dir: str | os.PathLike | None = None) -> dict:
    """Expand every AWS::Serverless::StateMachine in `template`.

    Raises InvalidTemplateError carrying every problem found; warnings do not raise
    (`expand_template` returns them).
    """
    expansion = expand_template(template, region=region, parameters=parameters, base_dir=base_dir)
    if expansion.errors:
        raise InvalidTemplateError(expansion.errors)
    return expansion.template


def expand_template(template: dict, *, region: str = "us-east-1", parameters: Mapping | None = None,
                    base_dir: str | os.PathLike | None = None) -> Expansion:
    """Expand every AWS::Serverless::StateMachine in `template`, with every error and warning."""
    # Expansion allocates many small containers and frees none of them; the cyclic
    # collector would only re-scan them (about a third of the run on large templates).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        output, problems = _expand(template, region, parameters, base_dir)
    except InvalidTemplateError as failure:
        output, problems = None, list(failure.errors)
    except RecursionError:
        # Only a template nested far beyond any real one gets here (libyaml allows 1000 levels).
        output, problems = None, [TransformError((), "the template nests too deeply to expand")]
    finally:
        if gc_was_enabled:
            gc.enable()
    if len(problems) > 1:
        problems.sort(key=lambda problem: document_order(template, problem.path))
    errors = tuple(problem for problem in problems if problem.severity != "warning")
    warnings = tuple(problem for problem in problems if problem.severity == "warning")
    return Expansion(None if errors else output, errors, warnings)


def _expand(template, region, parameters, base_dir) -> tuple[dict | None, list[TransformError]]:
    """The expanded template (None on errors), and every error and warning found."""
    frame_errors = _frame_errors(template)
    if frame_errors and not isinstance(template.get("Resources") if isinstance(template, dict) else None, dict):
        raise InvalidTemplateError(frame_errors)
    context, errors = make_context(template, region, parameters, base_dir)
    errors += frame_errors
    global_values, global_errors = globals_section.state_machine_globals(template)
    errors += global_errors
    expansions: dict[str, dict] = {}
    replacements: dict[str, list[str]] = {}  # connector ID -> its policies, for DependsOn elsewhere
    for logical_id, resource in template["Resources"].items():
        if not isinstance(resource, dict) or resource.get("Type") != state_machine.RESOURCE_TYPE:
            continue
        merged, merge_errors = globals_section.apply(logical_id, resource, global_values)
        generated, resource_errors = state_machine.expand(logical_id, merged, context)
        errors += merge_errors + resource_errors
        if "Connectors" in merged and isinstance(merged.get("Properties"), dict):
            generated, connector_problems = _connect(logical_id, merged, generated, template["Resources"], replacements)
            errors += connector_problems
        expansions[logical_id] = generated
    errors += _collisions(template["Resources"], expansions)
    if any(error.severity != "warning" for error in errors):
        return None, errors
    return _assemble(template, expansions, replacements), errors


def _connect(logical_id: str, resource: dict, generated: dict, resources: dict,
             replacements: dict) -> tuple[dict, list[TransformError]]:
    """The state machine's resources plus the policies its embedded Connectors make."""
    from .features import connectors  # only templates with Connectors read it

    # A destination may be any resource of the template, or one this state machine generates.
    connected = connectors.expand(logical_id, resource, resource["Properties"], {**generated, **resources})
    if not generated:
        return generated, connected.problems
    generated = dict(generated)
    if connected.source_depends_on:
        generated[logical_id] = connectors.add_depends_on(generated[logical_id], connected.source_depends_on)
    generated.update(connected.policies)
    replacements.update(connected.replacements)
    return generated, connected.problems


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


def _collisions(resources: dict, expansions: dict[str, dict]) -> list[TransformError]:
    """A generated logical ID must not name an existing resource or another generated one."""
    errors = []
    owner: dict[str, str] = {}
    for source, generated in expansions.items():
        for logical_id, resource in generated.items():
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


def _assemble(template: dict, expansions: dict[str, dict], replacements: dict[str, list[str]]) -> dict:
    resources: dict = {}
    for logical_id, resource in template["Resources"].items():
        if logical_id in expansions:
            resources.update(expansions[logical_id])
        else:
            resources[logical_id] = resource
    if replacements:
        from .features.connectors import replace_depends_on

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
        else:
            output[key] = value
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
