"""Deployment safety checks: one list of rules, run by `samtransform check` and the cfn-lint plugin.

    from samtransform.checks import check_text
    for finding in check_text(open("template.yaml").read(), "template.yaml"):
        print(finding.rule_id, finding.path, finding.message)

Each rule has an ID in cfn-lint's user range (E9xxx errors, W9xxx warnings), a one-line
description and a README section (`Rule.source_url`). Rules work on the SAM input and on
the expansion model (`samtransform.expansion`), built once per template: a value limit that
lives in the input schema is reported from expand's own errors under the rule its `ruleId`
names; the other rules add what a schema cannot say (cross-resource, timing and intent).
Every finding is a path from the template root, placed in the text only by the front ends
(`samtransform.io.locations`).
"""

from __future__ import annotations

import gc
from collections.abc import Mapping

from ..errors import InvalidTemplateError
from ..expansion import document_order
from ..io.document import Document
from . import (
    alarm_wiring,
    alarms,
    api_events,
    definition_substitutions,
    deployment_preference,
    expansion,
    integrations,
    limits,
    references,
    rollback_alarms,
    rollout_timing,
    state_fields,
    state_graph,
)
from .model import Finding, Rule, Subject, make_subject

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from pathlib import Path
    from typing import Any

# In the order they are documented.
SPECIFIC_RULES: tuple[Rule, ...] = (
    *deployment_preference.RULES,
    *alarms.RULES,
    *alarm_wiring.RULES,
    *rollout_timing.RULES,
    *rollback_alarms.RULES,
    *api_events.RULES,
    *references.RULES,
    *limits.RULES,
    *definition_substitutions.RULES,
    *state_graph.RULES,
    *state_fields.RULES,
    *integrations.RULES,
)
RULES: tuple[Rule, ...] = (expansion.RULE, expansion.WARNING_RULE, *SPECIFIC_RULES)
RULES_BY_ID = {rule.id: rule for rule in RULES}

__all__ = ["Finding", "Rule", "RULES", "RULES_BY_ID", "Subject", "check_document", "check_template", "check_text",
           "rules_table", "run_checks"]


def rules_table() -> str:
    """Every rule as one line: ID, severity and summary (`samtransform check --list-rules`, and the README)."""
    lines = [f"{'ID':<6} {'Severity':<9} Summary"]
    lines += [f"{rule.id:<6} {rule.severity:<9} {rule.shortdesc}" for rule in RULES]
    return "\n".join(lines) + "\n"


def run_checks(subject: Subject) -> list[Finding]:
    """Every finding of every rule, once each, in document order."""
    # The rules make many small objects (the states of every definition) that live until
    # the end; the cyclic collector would only re-scan the parsed template again and again.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        # E9000 last: at one path, the specific rules' findings come first.
        findings = [finding for rule in (*SPECIFIC_RULES, expansion.RULE, expansion.WARNING_RULE)
                    for finding in rule.findings(subject)]
    finally:
        if gc_was_enabled:
            gc.enable()
    unique = list(dict.fromkeys(findings))  # a rule may meet the same node twice (Fn::If branches)
    return sorted(unique, key=lambda finding: document_order(subject.template, finding.path))


def check_template(template: dict, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                   base_dir: str | Path | None = None, load_warnings: tuple = (),
                   definitions_roots=()) -> list[Finding]:
    """Every finding; `load_warnings` are the loader's (`load_with_warnings`), reported under W9001."""
    return run_checks(make_subject(template, region=region, parameters=parameters, base_dir=base_dir,
                                   load_warnings=load_warnings, definitions_roots=definitions_roots))


def check_document(document: Document, *, region: str = "us-east-1",
                   parameters: Mapping[str, Any] | None = None) -> list[Finding]:
    """Check a template read with `Document`; one that cannot be parsed is one E9000 finding per problem."""
    try:
        template = document.parse()
    except InvalidTemplateError as failure:
        return unreadable(failure.errors)
    return check_template(template, region=region, parameters=parameters, base_dir=document.base_dir,
                          load_warnings=document.warnings)


def check_text(text: str, name: str = "<template>", *, region: str = "us-east-1",
               parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None) -> list[Finding]:
    """Check template text; a template that cannot be read is one E9000 finding per problem."""
    document = Document(text, name, base_dir)
    return check_document(document, region=region, parameters=parameters)


def unreadable(errors) -> list[Finding]:
    """What kept a template from being read or parsed, as E9000 findings."""
    return [Finding(expansion.RULE.id, error.path, error.message, error.origin) for error in errors]
