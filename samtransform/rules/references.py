"""Checks of references to the resources a state machine generates.

AWS SAM gives a state machine no sub-resource references (`SamStateMachine` has no
`referable_properties`; aws-facts.md §5): `!Ref Machine.Alias` reaches CloudFormation
unresolved, and the generated `<Id>Version` and `<Id>Alias<Name>` must be named by
their logical IDs.

Rules:
- E9501 `!Ref X.Alias`, `!Ref X.Version`, `!GetAtt X.Version...`, `!GetAtt X.Alias...` or
  `${X.Alias}` on a state machine X: names the logical ID to use instead;
- E9502 a Ref, GetAtt, Sub or DependsOn that names `<Id>Alias...` or `<Id>Version...` of a
  state machine when no such resource will exist (a typo, or no AutoPublishAlias), with
  a "did you mean".
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Callable, Iterator

from ..core.problems import Problem
from ..core.logical_ids import alias_prefix, version_id
from .subject import StateMachine, Subject
from ..core.suggestions import did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

# `${Name}` or `${Name.Attribute}` in an Fn::Sub string; `${!Text}` is literal text.
_SUB_VARIABLE = re.compile(r"\$\{([^!}][^}]*)\}")
SUB_RESOURCES = ("Alias", "Version")  # what a Function offers (`MyFunction.Alias`) and a state machine does not


class Reference(namedtuple("Reference", "path kind target attribute", defaults=(None,))):
    """One place the template names a logical ID; `kind` is "Ref", "GetAtt", "Sub" or "DependsOn"."""

    __slots__ = ()
    path: tuple
    kind: str
    target: str
    attribute: str | None

    def written(self, target: str | None = None, attribute: str | None = None) -> str:
        """The reference as the user writes it in YAML, optionally with another target or attribute."""
        target = self.target if target is None else target
        attribute = self.attribute if attribute is None else attribute
        dotted = f"{target}.{attribute}" if attribute else target
        return {"Ref": f"!Ref {dotted}", "GetAtt": f"!GetAtt {dotted}", "Sub": "${" + dotted + "}",
                "DependsOn": f"DependsOn {dotted}"}[self.kind]


def references(template: dict, wanted: Callable[[str], bool] | None = None,
               skip: frozenset = frozenset()) -> Iterator[Reference]:
    """Every Ref, GetAtt, Sub variable and DependsOn entry, in document order (no recursion limit);
    with `wanted`, only those whose target (its logical ID, before any ".") it accepts; none
    below a mapping whose id() is in `skip`."""
    for link, node in _holders(template, skip):
        found = _intrinsic_references(node) if _is_reference(node) else _depends_on(node["DependsOn"])
        for kind, target, attribute, tail in found:
            if wanted is None or wanted(target.partition(".")[0]):
                yield Reference(_path(link) + tail, kind, target, attribute)


_REFERENCE_KEYS = frozenset(("Ref", "Fn::GetAtt", "Fn::Sub"))
_RESOURCES_LINK = (None, "Resources")


def _is_reference(node: dict) -> bool:
    return len(node) == 1 and next(iter(node)) in _REFERENCE_KEYS


def _holders(template: dict, skip: frozenset) -> Iterator[tuple[tuple, dict]]:
    """(link, mapping) for each Ref, GetAtt or Sub, and for each resource with DependsOn, in document order."""
    # A node's path is kept as a link, (parent's link, key), and spelt out only for the
    # references a rule wants: most of a large template holds none. Only containers can
    # hold a reference, so scalars are never pushed; pushed in reverse, nodes come off the
    # stack in document order. No recursion: no depth limit.
    stack: list[tuple[tuple | None, Any]] = [(None, template)] if type(template) is dict else []
    push, pop = stack.append, stack.pop
    while stack:
        link, node = pop()
        if type(node) is dict:
            if skip and id(node) in skip:
                continue
            if _is_reference(node) or ("DependsOn" in node and link is not None and link[0] == _RESOURCES_LINK):
                yield link, node
            for key in reversed(node):
                value = node[key]
                if type(value) is dict or type(value) is list:
                    push(((link, key), value))
        else:
            for index in range(len(node) - 1, -1, -1):
                value = node[index]
                if type(value) is dict or type(value) is list:
                    push(((link, index), value))


def _path(link: tuple | None) -> tuple:
    keys = []
    while link is not None:
        link, key = link
        keys.append(key)
    return tuple(reversed(keys))


def _references(subject: Subject) -> tuple[Reference, ...]:
    """The references both rules may report on, found once: those whose target is a state
    machine, or an unknown name that starts with one's logical ID (a generated ID's typo)."""
    def find() -> tuple[Reference, ...]:
        if not subject.state_machines:
            return ()
        wanted = _about_state_machines(subject)
        return tuple(references(subject.template, wanted, _definitions_without(subject, wanted)))

    return subject.memo("references", find)


def _definitions_without(subject: Subject, wanted: Callable[[str], bool]) -> frozenset:
    """The id() of each inline Definition that holds no reference `wanted` accepts: no need to walk it.

    Expand moves every intrinsic function below an inline definition's root into the deployed
    DefinitionSubstitutions, so those values hold every reference the definition makes, and
    its states (most of a large template, and half of this rule's time) need not be walked.
    """
    inline, substitutions = {}, {}  # by logical ID: the Definition, the deployed DefinitionSubstitutions
    for machine in subject.state_machines:
        definition, facts = machine.properties.get("Definition"), machine.definition
        built = (machine.resources or {}).get(machine.logical_id)
        deployed = built.get("Properties") if isinstance(built, dict) else None
        if (type(definition) is dict and not _is_reference(definition) and facts is not None
                and facts.local_path is None and facts.document is definition
                and isinstance(deployed, dict) and "DefinitionString" in deployed):
            inline[machine.logical_id] = definition
            substitutions[machine.logical_id] = deployed.get("DefinitionSubstitutions")
    holding = {reference.path[0] for reference in references(substitutions, wanted)}
    return frozenset(id(definition) for logical_id, definition in inline.items() if logical_id not in holding)


def _about_state_machines(subject: Subject) -> Callable[[str], bool]:
    machines = tuple(machine.logical_id for machine in subject.state_machines)
    names, known = frozenset(machines), subject.known_ids()
    return lambda target: target in names or (target not in known and target.startswith(machines))


def _intrinsic_references(node: dict) -> Iterator[tuple[str, str, str | None, tuple]]:
    """(kind, target, attribute, path within the node) of each reference the intrinsic makes."""
    key, argument = next(iter(node.items()))
    if key == "Ref" and isinstance(argument, str):
        yield "Ref", argument, None, ("Ref",)
    elif key == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        if isinstance(parts, list) and len(parts) == 2 and all(isinstance(part, str) for part in parts):
            yield "GetAtt", parts[0], parts[1], ("Fn::GetAtt",)
    elif key == "Fn::Sub":
        text, variables = (argument + [None, None])[:2] if isinstance(argument, list) else (argument, None)
        local = variables if isinstance(variables, dict) else {}
        for match in _SUB_VARIABLE.finditer(text if isinstance(text, str) else ""):
            target, _, attribute = match.group(1).strip().partition(".")
            if target not in local and not target.startswith("AWS::"):
                yield "Sub", target, attribute or None, ("Fn::Sub",)


def _depends_on(value: Any) -> Iterator[tuple[str, str, None, tuple]]:
    if isinstance(value, str):
        yield "DependsOn", value, None, ("DependsOn",)
    elif isinstance(value, list):
        for index, name in enumerate(value):
            if isinstance(name, str):
                yield "DependsOn", name, None, ("DependsOn", index)


def typo_machine(subject: Subject, name: str) -> StateMachine | None:
    """The state machine whose generated IDs `name` looks like, when no resource has that name."""
    if name in subject.known_ids():
        return None
    for machine in subject.state_machines:
        if name.startswith(tuple(machine.logical_id + kind for kind in SUB_RESOURCES)):
            return machine
    return None


def is_generated_id_typo(subject: Subject, name: str) -> bool:
    return typo_machine(subject, name) is not None


def check_sub_resource_references(subject: Subject) -> Iterator[Problem]:
    for reference in _references(subject):
        if reference.kind == "Ref" and "." in reference.target:
            target, attribute = reference.target.split(".", 1)
        elif reference.kind in ("GetAtt", "Sub") and reference.attribute:
            target, attribute = reference.target, reference.attribute
        else:
            continue
        machine = subject.state_machine(target)
        head, _, rest = attribute.partition(".")
        if machine is None or head not in SUB_RESOURCES:
            continue
        written = reference.written()
        generated = machine.alias_logical_id if head == "Alias" else (
            version_id(machine.logical_id) if machine.alias_name else None)
        if generated is None:
            yield Problem(reference.path, f"AWS SAM does not resolve {written} for state machines, and "
                                                 f"{target} has no AutoPublishAlias, so no {head.lower()} is generated")
            continue
        if reference.kind == "Sub":
            instead = reference.written(generated, rest or "")
        else:
            instead = f"!GetAtt {generated}.{rest}" if rest else f"!Ref {generated}"
        yield Problem(reference.path, f"AWS SAM does not resolve {written} for state machines; use {instead}")


def check_generated_id_typos(subject: Subject) -> Iterator[Problem]:
    for reference in _references(subject):
        if "." in reference.target:
            continue  # `!Ref Machine.Alias` is E9501's
        machine = typo_machine(subject, reference.target)
        if machine is None:
            continue
        message = f"{reference.written()} names no resource"
        if machine.alias_missing:
            message += f"; {machine.logical_id} has no AutoPublishAlias, so no alias or version is generated"
        else:
            suggestion = did_you_mean(reference.target, _same_kind(subject, machine, reference.target))
            message += f"; did you mean {suggestion}?" if suggestion else ""
        yield Problem(reference.path, message)


def _same_kind(subject: Subject, machine: StateMachine, target: str) -> list[str]:
    """The generated IDs a misspelt `<Id>Alias...` or `<Id>Version...` may have meant: only aliases
    for an alias, only versions for a version (never an unrelated resource such as a role)."""
    if target.startswith(alias_prefix(machine.logical_id)):
        return [other.alias_logical_id for other in subject.state_machines if other.alias_logical_id]
    return [version_id(other.logical_id) for other in subject.state_machines if other.alias_name]


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9501": check_sub_resource_references,
    "E9502": check_generated_id_typos,
}
