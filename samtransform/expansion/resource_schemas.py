"""Generated resources -> checked against CloudFormation's own resource schemas (E9807).

Every resource expansion generates (the state machine, its role, version, alias, rollback
alarms, events' rules, schedules, roles and queues, connectors' policies, REST APIs) is
validated with `samtransform.models.cloudformation.resource_problems` (the provider schemas
of a pinned cfn-lint, schemas/cfn/). Each problem is reported at the SAM node the value came
from (the provenance the feature modules record, provenance.py), once per node: the first
problem there. A value known only at deploy time is not judged, and the input schema
(E9000, E91xx) has already refused what it knows: nothing is built while it finds an error.

Where it runs: in `samtransform check` (and the cfn-lint plugin) always, and in `expand`
with `--strict`; not in every `expand`, which must stay near the cost of parse and write
(docs/aws-models.md, "Wiring": the measurements).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.intrinsics import is_intrinsic
from ..core.problems import Problem
from ..models.cloudformation import resource_problems
from .model import Expansion

RULE_ID = "E9807"  # samtransform check's rule for the same problem
# Types whose every value is samtransform's own unless a source is recorded (a version; a role
# without a boundary, tags or policies of the user's): tests/test_properties.py validates what
# samtransform generates, so these are skipped, about a quarter of the cost on large templates.
OWN_UNLESS_RECORDED = ("AWS::StepFunctions::StateMachineVersion", "AWS::IAM::Role")


def iter_errors(expansion: Expansion, template: dict) -> Iterator[Problem]:
    """Each generated resource's first problem per SAM node, in the order the resources were generated."""
    return iter_machine_errors(expansion.state_machines, expansion.apis, expansion.template, template)


def iter_machine_errors(machines, apis, expanded: dict | None, template: dict) -> Iterator[Problem]:
    """The same, for some state machines and REST APIs (`Expansion.apis`) of the expansion `expanded`."""
    seen = set()
    own = template.get("Resources") if isinstance(template, dict) else None
    own = own if isinstance(own, dict) else {}
    for machine in machines:
        for logical_id, resource in (machine.resources or {}).items():
            if own.get(logical_id) is resource:
                continue  # a resource of the template, changed by nothing (not one of ours)
            if logical_id not in machine.sources and resource.get("Type") in OWN_UNLESS_RECORDED:
                continue
            for path, message in _problems(resource):
                where = machine.source_path(logical_id, path)
                if where not in seen:
                    seen.add(where)
                    yield Problem(where, _described(message, logical_id, path), rule_id=RULE_ID)
    resources = (expanded or {}).get("Resources", {})
    for api in apis:
        for made in api:
            for path, message in _problems(resources.get(made.logical_id)):
                if made.path not in seen:  # an API's values are reported at the event or API that makes it
                    seen.add(made.path)
                    yield Problem(made.path, _described(message, made.logical_id, path), rule_id=RULE_ID)


def _described(message: str, logical_id: str, path: tuple) -> str:
    """The schema's message, and where it is in the generated template (the user never sees that resource)."""
    where = "/".join(str(step) for step in ("Properties",) + path)
    return f"{message} (CloudFormation's schema, at {logical_id}/{where} of the expanded template)"


def _problems(resource) -> Iterator[tuple[tuple, str]]:
    if isinstance(resource, dict) and isinstance(resource.get("Type"), str):
        yield from resource_problems(resource["Type"], _judged(resource.get("Properties", {})))


def _judged(properties):
    """The properties without the substitutions that are intrinsic functions: the schema never judges an
    intrinsic, and the definition's own (one per intrinsic in it) are two thirds of a state machine's cost."""
    substitutions = properties.get("DefinitionSubstitutions") if isinstance(properties, dict) else None
    if not isinstance(substitutions, dict) or not substitutions:
        return properties
    literal = {key: value for key, value in substitutions.items() if not is_intrinsic(value)}
    if len(literal) == len(substitutions):
        return properties
    # An empty map would break minProperties, which the whole map (not empty) meets.
    return {**properties, "DefinitionSubstitutions": literal} if literal else {
        key: value for key, value in properties.items() if key != "DefinitionSubstitutions"}
