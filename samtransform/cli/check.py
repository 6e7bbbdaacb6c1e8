"""`samtransform check TEMPLATE...`: run every rule on each template and print the findings.

Exit codes: 0 no errors (warnings allowed, unless `--strict`); 1 an error-level finding (or,
with `--strict`, any finding); usage errors (2) and internal errors (3) are the CLI's.
A template that cannot be read or parsed is an E9000 finding, so the other templates
are still checked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.problems import InvalidTemplateError, Located
from ..io.document import Document
from ..io.locations import locate
from ..io.report import display_name, render
from ..rules import check_template, rules_table, unreadable
from ..rules.suppressions import unsuppressed
from .arguments import UsageError
from .common import EXIT_INVALID, EXIT_OK, write_out

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

EXIT_CLEAN, EXIT_FINDINGS = EXIT_OK, EXIT_INVALID  # no error found; an error found (or any, --strict)


def command(args, parser) -> int:
    if args.list_rules:
        write_out(rules_table())
        return EXIT_OK
    if not args.templates:
        raise UsageError("give at least one TEMPLATE to check", parser.format_usage())
    ignored = [rule.strip() for value in args.ignore_checks for rule in value.split(",") if rule.strip()]
    return run(args.templates, output_format=args.format, strict=args.strict, region=args.region,
               parameters=args.parameters, ignore=ignored, definitions_roots=args.definitions_roots)


class TemplateFailed(Exception):
    """Checking one template hit a bug; the other templates were checked and reported first."""

    def __init__(self, source: str, problem: Exception):
        super().__init__(f"while checking {display_name(source)}: {type(problem).__name__}: {problem}")
        self.source, self.problem = source, problem


def check_files(sources: Sequence[str], *, region: str = "us-east-1", parameters: Mapping[str, Any] | None = None,
                ignore: Sequence[str] = (), definitions_roots: Sequence[str] = (),
                failures: list | None = None) -> list[Located]:
    """Every template's findings. A bug met while checking one template is added to `failures` (when
    given: raised otherwise) and the other templates are still checked."""
    located: list[Located] = []
    for source in sources:
        try:
            located += _check_file(source, region, parameters, definitions_roots)
        except Exception as problem:  # noqa: BLE001 - one template's bug must not hide the others' findings
            if failures is None:
                raise
            failures.append(TemplateFailed(source, problem))
    ignored = tuple(ignore)  # prefixes, as cfn-lint's --ignore-checks: W9 ignores every W9xxx rule
    return [entry for entry in located if not (ignored and entry.problem.rule.startswith(ignored))]


def _check_file(source: str, region: str, parameters, definitions_roots) -> list[Located]:
    document = None
    try:
        document = Document.read(source)
        template = document.parse()
    except InvalidTemplateError as failure:
        text, name = (document.text, document.name) if document else (None, display_name(source))
        return locate(text, name, unreadable(failure.errors))
    findings = check_template(template, region=region, parameters=parameters, base_dir=document.base_dir,
                              load_warnings=document.warnings, definitions_roots=definitions_roots)
    return locate(document.text, document.name, unsuppressed(template, findings))


def run(sources: Sequence[str], *, output_format: str = "text", strict: bool = False, region: str = "us-east-1",
        parameters: Mapping[str, Any] | None = None, ignore: Sequence[str] = (),
        definitions_roots: Sequence[str] = ()) -> int:
    failures: list[TemplateFailed] = []
    located = check_files(sources, region=region, parameters=parameters, ignore=ignore,
                          definitions_roots=definitions_roots, failures=failures)
    write_out(render(located, output_format))
    if failures:  # reported by the CLI, the one place a bug becomes a report, after every other template's findings
        raise failures[0]
    failing = [entry for entry in located if strict or entry.problem.severity == "error"]
    return EXIT_FINDINGS if failing else EXIT_CLEAN
