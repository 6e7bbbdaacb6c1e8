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
from collections.abc import Iterator

from ..errors import TransformError
from ..intrinsics import is_intrinsic
from ..logical_ids import version_id
from .model import Rule, StateMachine, Subject, did_you_mean

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


def references(template: dict) -> Iterator[Reference]:
    """Every Ref, GetAtt, Sub variable and DependsOn entry, in document order (no recursion limit)."""
    # Each node's path is kept as a link (parent link, key) and spelt out as a tuple only for
    # the nodes that hold a reference: most of a large template holds none.
    stack: list[tuple[tuple | None, Any]] = [(None, template)]
    push, pop = stack.append, stack.pop
    while stack:
        link, node = pop()
        if isinstance(node, dict):
            if len(node) == 1 and is_intrinsic(node):
                yield from _intrinsic_references(_path(link), node)
            if link is not None and link[0] is not None and link[0][0] is None and link[0][1] == "Resources":
                yield from _depends_on(_path(link), node.get("DependsOn"))
            # Only containers can hold a reference: scalars are not visited. Pushed in
            # reverse, so they come off the stack in document order.
            for key, value in reversed(node.items()):
                if isinstance(value, (dict, list)):
                    push(((link, key), value))
        elif isinstance(node, list):
            for index in range(len(node) - 1, -1, -1):
                value = node[index]
                if isinstance(value, (dict, list)):
                    push(((link, index), value))


def _path(link: tuple | None) -> tuple:
    keys = []
    while link is not None:
        link, key = link
        keys.append(key)
    return tuple(reversed(keys))


def _references(subject: Subject) -> tuple[Reference, ...]:
    """The template's references, found once for both rules."""
    return subject.memo("references", lambda: tuple(references(subject.template)))


def _intrinsic_references(path: tuple, node: dict) -> Iterator[Reference]:
    key, argument = next(iter(node.items()))
    if key == "Ref" and isinstance(argument, str):
        yield Reference(path + ("Ref",), "Ref", argument)
    elif key == "Fn::GetAtt":
        parts = argument.split(".", 1) if isinstance(argument, str) else argument
        if isinstance(parts, list) and len(parts) == 2 and all(isinstance(part, str) for part in parts):
            yield Reference(path + ("Fn::GetAtt",), "GetAtt", parts[0], parts[1])
    elif key == "Fn::Sub":
        text, variables = (argument + [None, None])[:2] if isinstance(argument, list) else (argument, None)
        local = variables if isinstance(variables, dict) else {}
        for match in _SUB_VARIABLE.finditer(text if isinstance(text, str) else ""):
            target, _, attribute = match.group(1).strip().partition(".")
            if target not in local and not target.startswith("AWS::"):
                yield Reference(path + ("Fn::Sub",), "Sub", target, attribute or None)


def _depends_on(path: tuple, value: Any) -> Iterator[Reference]:
    if isinstance(value, str):
        yield Reference(path + ("DependsOn",), "DependsOn", value)
    elif isinstance(value, list):
        for index, name in enumerate(value):
            if isinstance(name, str):
                yield Reference(path + ("DependsOn", index), "DependsOn", name)


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


def check_sub_resource_references(subject: Subject) -> Iterator[TransformError]:
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
            yield TransformError(reference.path, f"AWS SAM does not resolve {written} for state machines, and "
                                                 f"{target} has no AutoPublishAlias, so no {head.lower()} is generated")
            continue
        if reference.kind == "Sub":
            instead = reference.written(generated, rest or "")
        else:
            instead = f"!GetAtt {generated}.{rest}" if rest else f"!Ref {generated}"
        yield TransformError(reference.path, f"AWS SAM does not resolve {written} for state machines; use {instead}")


def check_generated_id_typos(subject: Subject) -> Iterator[TransformError]:
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
        yield TransformError(reference.path, message)


def _same_kind(subject: Subject, machine: StateMachine, target: str) -> list[str]:
    """The generated IDs a misspelt `<Id>Alias...` or `<Id>Version...` may have meant: only aliases
    for an alias, only versions for a version (never an unrelated resource such as a role)."""
    if target.startswith(machine.logical_id + "Alias"):
        return [other.alias_logical_id for other in subject.state_machines if other.alias_logical_id]
    return [version_id(other.logical_id) for other in subject.state_machines if other.alias_name]


RULES = (
    Rule("E9501", "Unsupported state machine sub-reference",
         "AWS SAM has no .Alias or .Version references for state machines; name the generated logical ID.",
         "e9501-unsupported-state-machine-sub-reference", check_sub_resource_references),
    Rule("E9502", "Reference to a generated resource that does not exist",
         "A reference to <Id>Alias<Name> or <Id>Version names no resource that will exist.",
         "e9502-reference-to-a-generated-resource-that-does-not-exist", check_generated_id_typos),
)
