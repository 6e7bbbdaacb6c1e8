"""Checks of the `${Name}` placeholders in a definition against its DefinitionSubstitutions.

CloudFormation replaces each `${Name}` in the definition with the DefinitionSubstitutions
entry of that name; a placeholder without an entry reaches Step Functions as literal text
(AWS::StepFunctions::StateMachine, DefinitionSubstitutions:
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-stepfunctions-statemachine.html).
The names defined are the user's and the numbered `definition_substitution_N` that SAM
makes of intrinsic functions in the definition, taken from expand (see `definitions`).
Intrinsic functions and dynamic references inside the definition are CloudFormation's own
text, not the definition's: their `${...}` are not placeholders.

Rules:
- E9701 a `${Name}` that DefinitionSubstitutions does not define, with a "did you mean"
  when only the case or a typo differs;
- W9702 a substitution the definition never uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..core.problems import TransformError
from ..core.intrinsics import is_dynamic_reference, is_intrinsic
from .definitions import Definition, definitions
from .subject import Rule, Subject, did_you_mean

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

PLACEHOLDER = re.compile(r"\$\{([^{}\s]+)\}")


def placeholders(body: dict) -> Iterator[tuple[tuple, str]]:
    """Each `${Name}` in the definition's keys and strings, with its path, in document order."""
    stack: list[tuple[tuple, Any]] = [((), body)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if "${" in node and not is_dynamic_reference(node):
                yield from ((path, match.group(1)) for match in PLACEHOLDER.finditer(node))
        elif isinstance(node, dict) and not (path and is_intrinsic(node)):
            for key, value in reversed(node.items()):
                stack.append((path + (key,), value))
                if isinstance(key, str) and "${" in key:
                    stack.append((path + (key,), key))
        elif isinstance(node, list):
            stack.extend((path + (index,), value) for index, value in reversed(list(enumerate(node))))


def used_placeholders(found: Definition) -> list[tuple[tuple, str]]:
    if found.placeholder_count == 0:
        return []
    return found.memo.setdefault("placeholders", list(placeholders(found.body)))


def _suggestion(name: str, candidates: dict) -> str | None:
    same_case = [candidate for candidate in candidates if str(candidate).lower() == name.lower()]
    return same_case[0] if same_case else did_you_mean(name, [str(candidate) for candidate in candidates])


def _undefined_message(name: str, found: Definition) -> str:
    written = "${" + name + "}"
    if not found.substitutions:
        return f"{written} is not defined: the state machine has no DefinitionSubstitutions, so Step Functions " \
               f"receives the text {written}"
    suggestion = _suggestion(name, found.user_substitutions or {})
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return f"{written} is not defined in DefinitionSubstitutions{hint}"


def check_undefined(subject: Subject) -> Iterator[TransformError]:
    for found in definitions(subject):
        if found.substitutions is None:
            continue
        for path, name in used_placeholders(found):
            if name not in found.substitutions:
                yield found.error(path, _undefined_message(name, found))


def check_unused(subject: Subject) -> Iterator[TransformError]:
    for found in definitions(subject):
        if not found.user_substitutions or found.substitutions is None:
            continue  # none given, or expand refuses them (E9000)
        used = {name for _, name in used_placeholders(found)}
        where = "the definition file" if found.file else "the definition"
        for name in found.user_substitutions:
            if name not in used:
                yield TransformError(found.machine.properties_path + ("DefinitionSubstitutions", name),
                                     f"substitution {name!r} is not used: {where} has no ${{{name}}}")


RULES = (
    Rule("E9701", "Undefined definition substitution",
         "A ${Name} in the definition that DefinitionSubstitutions does not define reaches Step Functions as text.",
         "e9701-undefined-definition-substitution", check_undefined),
    Rule("W9702", "Unused definition substitution",
         "A DefinitionSubstitutions entry that the definition never uses.",
         "w9702-unused-definition-substitution", check_unused),
)
