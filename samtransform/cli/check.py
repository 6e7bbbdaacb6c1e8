"""`samtransform check TEMPLATE...`: run every rule on each template and print the findings.

Exit codes: 0 no errors (warnings allowed, unless `--strict`); 1 an error-level finding (or,
with `--strict`, any finding); usage errors (2) and internal errors (3) are the CLI's.
A template that cannot be read or parsed is an E9000 finding, so the other templates
are still checked.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from ..checks import RULES_BY_ID, check_template, rules_table, unreadable
from ..checks.report import Located, display_name, locate, render_json, render_sarif, render_text
from ..checks.suppressions import unsuppressed
from ..errors import InvalidTemplateError
from ..io.document import Document
from . import EXIT_OK
from .arguments import UsageError
from .common import SEVERAL_VALUES_HINT

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

EXIT_CLEAN, EXIT_FINDINGS = 0, 1


def command(args, parser) -> int:
    if args.list_rules:
        sys.stdout.write(rules_table())
        return EXIT_OK
    if not args.templates:
        raise UsageError("give at least one TEMPLATE to check", parser.format_usage())
    for template in args.templates:
        if "=" in template and not os.path.exists(template):
            raise UsageError(f"{template!r} is not a template file; {SEVERAL_VALUES_HINT}", parser.format_usage())
    ignored = [rule.strip() for value in args.ignore_checks for rule in value.split(",") if rule.strip()]
    return run(args.templates, output_format=args.format, strict=args.strict, region=args.region,
               parameters=args.parameters, ignore=ignored)


def check_files(sources: Sequence[str], *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                ignore: Sequence[str] = ()) -> list[Located]:
    located: list[Located] = []
    for source in sources:
        document = None
        try:
            document = Document.read(source)
            template = document.parse()
        except InvalidTemplateError as failure:
            text, name = (document.text, document.name) if document else (None, display_name(source))
            located += locate(text, name, unreadable(failure.errors))
            continue
        findings = check_template(template, region=region, parameters=parameters, base_dir=document.base_dir,
                                  load_warnings=document.warnings)
        located += locate(document.text, document.name, unsuppressed(template, findings))
    ignored = tuple(ignore)  # prefixes, as cfn-lint's --ignore-checks: W9 ignores every W9xxx rule
    return [entry for entry in located if not (ignored and entry.finding.rule_id.startswith(ignored))]


def run(sources: Sequence[str], *, output_format: str = "text", strict: bool = False, region: str = "us-east-1",
        parameters: Mapping[str, Any] | None = None, ignore: Sequence[str] = ()) -> int:
    located = check_files(sources, region=region, parameters=parameters, ignore=ignore)
    if output_format == "json":
        sys.stdout.write(render_json(located, RULES_BY_ID))
    elif output_format == "sarif":
        sys.stdout.write(render_sarif(located, RULES_BY_ID))
    else:
        sys.stdout.write(render_text(located))
    failing = [entry for entry in located if strict or entry.finding.severity == "error"]
    return EXIT_FINDINGS if failing else EXIT_CLEAN
