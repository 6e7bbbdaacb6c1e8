"""E9000: what keeps `samtransform expand` from expanding the template, when no other rule says it;
W9001: what `samtransform expand` warns about (the same warnings, from the same source).

Every error of the expansion is reported once, by the rule its `rule_id` names: the
rules whose constraint lives in the input schema (E9101, E9102, ...) report expand's own
errors, and E9108/E9109 report the model's facts themselves. What no rule claims (a
malformed intrinsic, an unreadable local definition, a YAML syntax error) is E9000, with
expand's own message.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import TransformError
from .subject import Rule, Subject


def unclaimed(subject: Subject) -> Iterator[TransformError]:
    return subject.expand_errors_of(None)


def warnings(subject: Subject) -> Iterator[TransformError]:
    """The loader's and the expansion's warnings that no other rule claims, in expand's words."""
    return (warning for warning in subject.warnings if warning.rule_id is None)


RULE = Rule("E9000", "Template does not expand",
            "samtransform cannot read or expand the template; the message says why.",
            "e9000-template-does-not-expand", unclaimed)


WARNING_RULE = Rule("W9001", "Template expands with a warning",
                    "samtransform expands the template, but warns that part of it is probably a mistake "
                    "(a repeated key, a key AWS SAM ignores); the message says why.",
                    "w9001-template-expands-with-a-warning", warnings)
