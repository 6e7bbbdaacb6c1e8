"""The rule table: every family's checks joined, and running them, for `samtransform check`, the
cfn-lint plugin and `plan` (the package's face, rules/__init__.py, hands these out).

A rule's ID, severity, summary and description live in the catalog (core/catalog.py); what
it checks lives in this package, one module per family, each with a `CHECKS` table of the
same shape: a function of the `Subject` (the template and its expansion model, built once)
that yields Problems. A rule with no function here has its constraint in the input schema,
so it reports `expand`'s own errors that carry its ID: `check` never decides again what
`expand` decided. Every problem is a path from the template root, placed in the text only by
the front ends (`samtransform.io.locations`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping

from ..core.catalog import BY_ID, RULES, Rule
from ..core.collector import paused
from ..core.problems import InvalidTemplateError, Problem, document_order
from ..io.document import Document
from . import (
    alarm_metrics, alarm_wiring, alarms, api_events, aws_values, definition_substitutions, deployment_preference,
    expansion, integrations, limits, references, rollback_alarms, rollout_timing, state_fields, state_graph,
    state_values)
from .subject import Subject, make_subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from pathlib import Path
    from typing import Any

FAMILIES = (deployment_preference, alarms, alarm_wiring, alarm_metrics, rollout_timing, rollback_alarms, api_events,
            references, limits, definition_substitutions, state_graph, state_fields, state_values, integrations,
            aws_values, expansion)
CHECKS: dict[str, Callable[[Subject], Iterable[Problem]]] = {
    rule_id: check for family in FAMILIES for rule_id, check in family.CHECKS.items()}
# E9000 and W9001 report what no other rule claims: they run last, so that at one path the
# specific rules' problems come first.
ORDER: tuple[Rule, ...] = (tuple(rule for rule in RULES if rule.id not in expansion.CHECKS)
                           + tuple(BY_ID[rule_id] for rule_id in expansion.CHECKS))

__all__ = ["CHECKS", "Subject", "check_document", "check_template", "check_text", "rules_table", "run_checks"]


def rules_table() -> str:
    """Every rule as one line: ID, severity and summary (`samtransform check --list-rules`, and the docs)."""
    lines = [f"{'ID':<6} {'Severity':<9} Summary"]
    lines += [f"{rule.id:<6} {rule.severity:<9} {rule.summary}" for rule in RULES]
    return "\n".join(lines) + "\n"


def problems_of(rule: Rule, subject: Subject) -> Iterator[Problem]:
    """What one rule reports, each problem stamped with the rule's ID and severity."""
    check = CHECKS.get(rule.id)
    found = check(subject) if check is not None else subject.expand_errors_of(rule.id)
    for problem in found:
        yield Problem(problem.path, problem.message, problem.origin, rule.severity, rule.id)


def run_checks(subject: Subject) -> list[Problem]:
    """Every problem of every rule, once each, in document order."""
    with paused():
        found = [problem for rule in ORDER for problem in problems_of(rule, subject)]
    unique = list(dict.fromkeys(found))  # a rule may meet the same node twice (Fn::If branches)
    return sorted(unique, key=lambda problem: document_order(subject.template, problem.path))


def check_template(template: dict, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                   base_dir: str | Path | None = None, load_warnings: tuple = (),
                   definitions_roots=()) -> list[Problem]:
    """Every problem the rules find in a parsed template: a list of Problems in document order.

    `template`: the parsed template (`load` gives one; never modified). `region` and
    `parameters`: as for `expand_template` (the partition, and parameter values that win over
    each Default). `base_dir`: the folder a local DefinitionUri is read from; by default the
    template's own when `load` read it from a file, else the current folder. `load_warnings`:
    the loader's warnings (`load_with_warnings`), reported under W9001 as `check` does.
    `definitions_roots`: other folders a local DefinitionUri may name files in. The
    problems carry paths, not lines: `check_text` places them in the text."""
    return run_checks(make_subject(template, region=region, parameters=parameters, base_dir=base_dir,
                                   load_warnings=load_warnings, definitions_roots=definitions_roots))


def check_document(document: Document, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                   definitions_roots=()) -> list[Problem]:
    """Check a template read with `Document`; one that cannot be parsed is one E9000 problem per reason."""
    try:
        template = document.parse()
    except InvalidTemplateError as failure:
        return unreadable(failure.errors)
    return check_template(template, region=region, parameters=parameters, base_dir=document.base_dir,
                          load_warnings=document.warnings, definitions_roots=definitions_roots)


def check_text(text: str, name: str = "<template>", *, region: str = "us-east-1",
               parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None,
               definitions_roots=()) -> list[Problem]:
    """Every problem the rules find in template text, as `samtransform check` finds them.

    `text`: the template (JSON or YAML). `name`: how problems name it (their `origin.file`, for
    a problem placed directly). `region`, `parameters`, `base_dir`, `definitions_roots`: as for `check_template`
    (without `base_dir`, local files are read from the current folder: text has no folder).
    Returns Problems in document order; text that cannot be read is one E9000 Problem per
    reason, with its line in `origin`. `samtransform.io.locations.locate(text, name, problems)`
    places each at its FILE:LINE:COL (Located)."""
    document = Document(text, name, base_dir)
    return check_document(document, region=region, parameters=parameters, definitions_roots=definitions_roots)


def unreadable(errors: Iterable[Problem]) -> list[Problem]:
    """What kept a template from being read or parsed, as problems of E9000."""
    return [Problem(error.path, error.message, error.origin, "error", "E9000") for error in errors]
