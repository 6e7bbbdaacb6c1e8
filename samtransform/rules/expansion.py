"""E9000: what keeps `samtransform expand` from expanding the template, when no other rule says it;
W9001: what `samtransform expand` warns about (the same warnings, from the same source);
W9002: expand's warning about a null top-level section (`Parameters:` with nothing under it).

Every error of the expansion is reported once, by the rule its `rule_id` names: the
rules whose constraint lives in the input schema (E9101, E9102, ...) report expand's own
errors, as E9108/E9109 report the errors expand decides in code. What no rule claims (a
malformed intrinsic, an unreadable local definition, a YAML syntax error) is E9000, with
expand's own message.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..expansion.template import NULL_SECTION_RULE
from .subject import Subject


def unclaimed(subject: Subject) -> Iterator[Problem]:
    return subject.expand_errors_of(None)


def null_sections(subject: Subject) -> Iterator[Problem]:
    """Expand's warning about a null top-level section, as it is."""
    return subject.expand_warnings_of(NULL_SECTION_RULE)


def warnings(subject: Subject) -> Iterator[Problem]:
    """The loader's and the expansion's warnings that no other rule claims, in expand's words."""
    return (warning for warning in subject.warnings if warning.rule_id is None)


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9000": unclaimed,
    "W9001": warnings,
    NULL_SECTION_RULE: null_sections,
}
