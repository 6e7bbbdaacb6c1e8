"""`samtransform plan TEMPLATE [--previous OLD]`: what a deploy will do, as text, JSON or Mermaid.

OLD is a file (any path that exists, or `-`), else a git revision (`HEAD`, `REV:PATH`), whose
files the previous template's local files are read from too (io/git_revision.py).
"""

from __future__ import annotations

from ..core.problems import InvalidTemplateError
from ..io.document import STDIN, STDIN_NAME, Document
from ..io.git_revision import read_previous
from ..plan import PreviousTemplateError, plan_text
from ..plan.mermaid import render_mermaid
from ..plan.render import render_json, render_text
from .arguments import UsageError
from .common import EXIT_INVALID, EXIT_OK, one_template, report, write_out


def command(args, parser) -> int:
    source = one_template(args, parser)
    if args.previous == STDIN and source == STDIN:
        raise UsageError("only one of TEMPLATE and --previous can be standard input", parser.format_usage())
    current = previous = None
    try:
        current = Document.read(source)
        try:
            previous = read_previous(args.previous, source) if args.previous else None
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
        plan = plan_text(current.text, current.name, previous_text=previous and previous.text,
                         previous_name=previous.name if previous else "<previous>", region=args.region,
                         parameters=args.parameters, base_dir=current.base_dir,
                         previous_base_dir=previous.base_dir if previous else None,
                         definitions_roots=args.definitions_roots, previous_files=previous and previous.files)
    except PreviousTemplateError as failure:
        name = previous.name if previous else STDIN_NAME if args.previous == STDIN else args.previous
        report(previous and previous.text, name, failure.errors, args.errors_format)
        return EXIT_INVALID
    except InvalidTemplateError as failure:
        report(current and current.text, STDIN_NAME if source == STDIN else source, failure.errors,
               args.errors_format)
        return EXIT_INVALID
    render = {"json": render_json, "mermaid": render_mermaid}.get(args.format, render_text)
    write_out(render(plan))
    return EXIT_OK
