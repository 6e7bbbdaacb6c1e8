"""E9000: what keeps `samtransform expand` from expanding the template, when no other rule says it;
W9001: what `samtransform expand` warns about (the same warnings, from the same source).

`expand` refuses some of the same inputs the specific rules check (an unknown deployment
type, an alias name CloudFormation rejects, ...). Each problem is reported once: an expand
error is left out when an error-level finding of another rule is at the same path, or is
about the same resource with the same words. Everything else expand refuses (a malformed
intrinsic, an unreadable local definition, a YAML syntax error) is E9000, with expand's
own message.
"""

from __future__ import annotations

from typing import Iterable, Iterator

from ..errors import TransformError
from .model import Finding, Rule

RULE_ID = "E9000"


def uncovered(errors: Iterable[TransformError], findings: Iterable[Finding]) -> Iterator[TransformError]:
    covering = [finding for finding in findings if finding.severity == "error"]
    paths = {finding.path for finding in covering}
    worded = {(finding.path[:2], finding.message) for finding in covering}
    for error in errors:
        if error.path in paths and error.origin is None:
            continue
        if (error.path[:2], error.message) in worded:
            continue
        yield error


RULE = Rule(RULE_ID, "Template does not expand",
            "samtransform cannot read or expand the template; the message says why.",
            "e9000-template-does-not-expand", None)


WARNING_RULE_ID = "W9001"
WARNING_RULE = Rule(WARNING_RULE_ID, "Template expands with a warning",
                    "samtransform expands the template, but warns that part of it is probably a mistake "
                    "(a repeated key, an ignored connector key); the message says why.",
                    "w9001-template-expands-with-a-warning", None)
