"""Deployment safety checks: one list of rules, run by `samtransform check` and the cfn-lint plugin.

    from samtransform.checks import check_text
    for finding in check_text(open("template.yaml").read(), "template.yaml"):
        print(finding.rule_id, finding.path, finding.message)

Each rule has an ID in cfn-lint's user range (E9xxx errors, W9xxx warnings), a one-line
description and a README section (`Rule.source_url`). Rules work on the SAM input and,
where it matters, on what `expand` makes of it; every finding is a path from the template
root, placed in the text only by the front ends (`samtransform.io.locations`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Mapping

from ..errors import InvalidTemplateError
from ..expand import document_order
from ..io.template_io import parse_with_warnings
from . import alarm_wiring, alarms, deployment_preference, expansion, limits, references, rollout_timing
from .model import Finding, Rule, Subject, make_subject

# In the order they are documented. E9000 runs last: it reports what no other rule did;
# W9001 reports expand's own warnings.
SPECIFIC_RULES: tuple[Rule, ...] = (
    *deployment_preference.RULES,
    *alarms.RULES,
    *alarm_wiring.RULES,
    *rollout_timing.RULES,
    *references.RULES,
    *limits.RULES,
)
RULES: tuple[Rule, ...] = (expansion.RULE, expansion.WARNING_RULE, *SPECIFIC_RULES)
RULES_BY_ID = {rule.id: rule for rule in RULES}

__all__ = ["Finding", "Rule", "RULES", "RULES_BY_ID", "Subject", "check_template", "check_text", "run_checks"]


def run_checks(subject: Subject) -> list[Finding]:
    """Every finding of every rule, once each, in document order."""
    findings = [finding for rule in SPECIFIC_RULES for finding in rule.findings(subject)]
    findings += [Finding(expansion.RULE_ID, error.path, error.message, error.origin)
                 for error in expansion.uncovered(subject.expand_errors, findings)]
    findings += [Finding(expansion.WARNING_RULE_ID, warning.path, warning.message, warning.origin)
                 for warning in subject.expand_warnings]
    unique = list(dict.fromkeys(findings))  # a rule may meet the same node twice (Fn::If branches)
    return sorted(unique, key=lambda finding: document_order(subject.template, finding.path))


def check_template(template: dict, *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                   base_dir: str | Path | None = None, load_warnings: tuple = ()) -> list[Finding]:
    """Every finding; `load_warnings` are the loader's (`load_with_warnings`), reported under W9001."""
    return run_checks(make_subject(template, region=region, parameters=parameters, base_dir=base_dir,
                                   load_warnings=load_warnings))


def check_text(text: str, name: str = "<template>", *, region: str = "us-east-1",
               parameters: Mapping[str, Any] | None = None, base_dir: str | Path | None = None) -> list[Finding]:
    """Check template text; a template that cannot be read is one E9000 finding per problem."""
    try:
        template, load_warnings = parse_with_warnings(text, name)
    except InvalidTemplateError as failure:
        return [Finding(expansion.RULE_ID, error.path, error.message, error.origin) for error in failure.errors]
    return check_template(template, region=region, parameters=parameters, base_dir=base_dir,
                          load_warnings=load_warnings)
