"""`samtransform plan TEMPLATE [--previous OLD]`: what a deploy will do, as text, JSON or Mermaid."""

from __future__ import annotations

from ..core.problems import InvalidTemplateError
from ..io.document import STDIN, STDIN_NAME, Document
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
            previous = Document.read(args.previous) if args.previous else None
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
        plan = plan_text(current.text, current.name, previous_text=previous and previous.text,
                         previous_name=previous.name if previous else "<previous>", region=args.region,
                         parameters=args.parameters, base_dir=current.base_dir,
                         previous_base_dir=previous.base_dir if previous else None,
                         definitions_roots=args.definitions_roots)
    except PreviousTemplateError as failure:
        report(previous and previous.text, STDIN_NAME if args.previous == STDIN else args.previous, failure.errors,
               args.errors_format)
        return EXIT_INVALID
    except InvalidTemplateError as failure:
        report(current and current.text, STDIN_NAME if source == STDIN else source, failure.errors,
               args.errors_format)
        return EXIT_INVALID
    render = {"json": render_json, "mermaid": render_mermaid}.get(args.format, render_text)
    write_out(render(plan))
    return EXIT_OK
