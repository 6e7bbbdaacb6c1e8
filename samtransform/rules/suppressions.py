"""cfn-lint's inline suppressions, honoured by `samtransform check` as cfn-lint honours them.

- `Metadata: {cfn-lint: {config: {ignore_checks: [...]}}}` at the top of the template leaves
  those rules out everywhere, by ID or prefix (as `--ignore-checks`: `W94` is every W94xx rule);
- the same key in a resource's `Metadata` leaves out the named rules (whole IDs) for
  findings in that resource.

Inside cfn-lint the plugin's findings go through cfn-lint's own filtering instead.
"""

from __future__ import annotations

from collections.abc import Iterable

from .subject import Finding

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any


def ignored_checks(holder: Any) -> tuple[str, ...]:
    """The rule IDs listed under `Metadata.cfn-lint.config.ignore_checks` of a template or resource."""
    value: Any = holder
    for key in ("Metadata", "cfn-lint", "config", "ignore_checks"):
        value = value.get(key) if isinstance(value, dict) else None
    if isinstance(value, str):
        value = [value]
    return tuple(rule for rule in value if isinstance(rule, str)) if isinstance(value, list) else ()


def unsuppressed(template: Any, findings: Iterable[Finding]) -> list[Finding]:
    everywhere = ignored_checks(template)
    resources = template.get("Resources") if isinstance(template, dict) else None
    resources = resources if isinstance(resources, dict) else {}
    kept = []
    for finding in findings:
        if everywhere and finding.rule_id.startswith(everywhere):
            continue
        path = finding.path
        if len(path) >= 2 and path[0] == "Resources" and finding.rule_id in ignored_checks(resources.get(path[1])):
            continue
        kept.append(finding)
    return kept
