"""Checks of Task resources: the service integrations and the limits of Express workflows.

A Task calls an optimized integration with `arn:<partition>:states:::<service>:<action>`,
followed by `.sync` (Run a Job) or `.waitForTaskToken` (Wait for Callback) when the service
offers that pattern ("Service integration patterns",
https://docs.aws.amazon.com/en_us/step-functions/latest/dg/connect-to-resource.html; which
service offers which pattern: "Integrating optimized services with Step Functions",
https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html). Express
workflows support Request Response only, and no activities and no Distributed Map.

Rules:
- E9731 a service in `arn:aws:states:::` that Step Functions does not integrate with;
- E9732 an integration pattern the service does not offer (`lambda:invoke.sync`);
- E9733 `.sync` or `.waitForTaskToken` in an EXPRESS state machine;
- E9734 an activity or a Distributed Map in an EXPRESS state machine.
The tables are in `models/states_language_tables`; resources with `${...}` are not judged.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterator

from ..core.problems import Problem
from .definitions import definitions, is_distributed
from .subject import Subject
from ..core.suggestions import did_you_mean
from ..models.states_language import judged
from ..models.states_language_tables import (
    EXPRESS_PATTERNS, PATTERN_NAMES, REQUEST_RESPONSE, RUN_A_JOB, SERVICE_PATTERNS, WAIT_FOR_CALLBACK)

# re caches what it compiles: a pattern is compiled when a resource is first matched, not at
# start-up, where it would cost `expand` (which runs these rules) 0.3 ms for templates whose
# Task resources are all intrinsic functions.
_INTEGRATION = r"^arn:[^:]+:states:::(?P<service>[^:]+):(?P<action>.+)$"
_ACTIVITY = r"^arn:[^:]+:states:[^:]*:[^:]*:activity:"
_SYNC = r"\.sync(:\d+)?"


class Integration(namedtuple("Integration", "service action suffix pattern")):
    """`suffix` as written: "", ".sync", ".sync:2", ".waitForTaskToken", or an unknown one;
    `pattern` REQUEST_RESPONSE, RUN_A_JOB or WAIT_FOR_CALLBACK (None for an unknown suffix)."""

    __slots__ = ()
    service: str
    action: str
    suffix: str
    pattern: str | None


def integration(resource) -> Integration | None:
    """An `arn:aws:states:::` resource taken apart, or None for anything else."""
    if not isinstance(resource, str) or not judged(resource):
        return None
    match = re.match(_INTEGRATION, resource)
    if match is None:
        return None
    action, dot, tail = match["action"].rpartition(".")
    if not dot:
        return Integration(match["service"], match["action"], "", REQUEST_RESPONSE)
    suffix = "." + tail
    pattern = RUN_A_JOB if re.fullmatch(_SYNC, suffix) else WAIT_FOR_CALLBACK if suffix == WAIT_FOR_CALLBACK else None
    return Integration(match["service"], action, suffix, pattern)


def _integrations(subject: Subject) -> list[tuple]:
    """(definition, state, integration) for each Task that calls an `arn:aws:states:::` resource,
    taken apart once for the three rules that read them."""
    return subject.memo("integrations", lambda: [
        (found, state, called) for found in definitions(subject) for state in found.states
        if state.type == "Task" and (called := integration(state.body.get("Resource"))) is not None])


def check_services(subject: Subject) -> Iterator[Problem]:
    for found, state, called in _integrations(subject):
        if called.service in SERVICE_PATTERNS:
            continue
        suggestion = did_you_mean(called.service, SERVICE_PATTERNS)
        hint = (f"; did you mean {suggestion!r}?" if suggestion else
                f"; for other AWS services use arn:aws:states:::aws-sdk:{called.service}:<action>")
        yield found.error(state.path + ("Resource",),
                          f"Step Functions has no optimized integration named {called.service!r}{hint}")


def check_patterns(subject: Subject) -> Iterator[Problem]:
    for found, state, called in _integrations(subject):
        if called.service not in SERVICE_PATTERNS:
            continue
        offered = SERVICE_PATTERNS[called.service]
        if called.pattern is None:
            known = [RUN_A_JOB, WAIT_FOR_CALLBACK]
            suggestion = did_you_mean(called.suffix, [pattern for pattern in known if pattern in offered])
            hint = f"; did you mean {suggestion!r}?" if suggestion else ""
            yield found.error(state.path + ("Resource",), f"unknown integration pattern {called.suffix!r}{hint}")
        elif called.pattern not in offered:
            others = [PATTERN_NAMES[pattern] for pattern in (RUN_A_JOB, WAIT_FOR_CALLBACK) if pattern in offered]
            also = f" (it offers Request Response{''.join(', ' + name for name in others)})"
            yield found.error(state.path + ("Resource",), f"{called.service} has no {PATTERN_NAMES[called.pattern]} "
                                                          f"integration{also}")


def check_express_patterns(subject: Subject) -> Iterator[Problem]:
    for found, state, called in _integrations(subject):
        if found.express and called.pattern not in EXPRESS_PATTERNS | {None}:
            yield found.error(state.path + ("Resource",),
                              f"an EXPRESS state machine cannot use {PATTERN_NAMES[called.pattern]}: Express "
                              f"workflows support Request Response only; remove {called.suffix!r} or use "
                              "Type: STANDARD")


def check_express_limits(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        if not found.express:
            continue
        for state in found.states:
            resource = state.body.get("Resource")
            if state.type == "Task" and isinstance(resource, str) and re.match(_ACTIVITY, resource):
                yield found.error(state.path + ("Resource",), "an EXPRESS state machine cannot run activities; use "
                                                              "Type: STANDARD")
            elif state.type == "Map" and is_distributed(state.body):
                yield found.error(state.path + ("ItemProcessor", "ProcessorConfig", "Mode"),
                                  "an EXPRESS state machine cannot run a Distributed Map; use Type: STANDARD, or "
                                  "Mode: INLINE")


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9731": check_services,
    "E9732": check_patterns,
    "E9733": check_express_patterns,
    "E9734": check_express_limits,
}
