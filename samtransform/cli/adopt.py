"""`samtransform adopt TEMPLATE`: show the edit, ask, write it atomically, show the plan.

Behaviour:
- the unified diff goes to standard output first; `--dry-run` stops there (exit 0);
- then the changes (FILE:LINE, added, changed or left as they are, and why), the `check`
  findings the result adds, and the plan of the result (`samtransform plan`'s text);
- then it writes: with `--yes` at once; on a terminal after asking (anything but y or yes
  writes nothing, exit 1); without a terminal to ask on, it writes nothing and exits 2,
  saying to pass --yes;
- writing is a temporary file in the template's folder and a rename over it, with the
  file's permission bits, its byte-order mark if it had one, and every byte adopt did not
  change; a template that changed on disk while adopt ran is not overwritten;
- nothing is written on any error: a template that does not expand (exit 1, its errors
  at FILE:LINE:COL), an option adopt cannot follow (exit 2), a result adopt cannot prove
  (exit 1). A template that needs no change is not touched (exit 0).
"""

from __future__ import annotations

import os
import sys

from .arguments import UsageError
from .common import EXIT_INVALID, EXIT_OK, EXIT_USAGE
from ..core.problems import InvalidTemplateError, Location, Problem
from ..core.limits import READ_TEMPLATE_BYTES
from ..io.document import STDIN
from ..io.output_file import OutputError, replace_file
from ..io.reading import ReadError, read_file
from ..io.template_io import decode
from ..adoption import report
from ..adoption.steps import adopt_text
from ..adoption.errors import AdoptError, OptionError

EXIT_NOT_WRITTEN = EXIT_INVALID  # declined, refused or unprovable: nothing written
BOM = b"\xef\xbb\xbf"
YES = ("y", "yes")


def command(args, parser) -> int:
    return run(args, parser.format_usage())


def run(args, usage: str) -> int:
    source = args.template
    if source == STDIN:
        raise UsageError("adopt edits TEMPLATE in place: give a file, not standard input", usage)
    text = None
    try:
        data = _read(source)
        text = decode(data, source)
        adoption = adopt_text(text, source, state_machines=args.state_machines, alias=args.alias,
                              deployment=args.deployment, percentage=args.percentage, interval=args.interval,
                              alarms=args.alarms, region=args.region, parameters=args.parameters,
                              base_dir=os.path.dirname(source), definitions_roots=args.definitions_roots)
    except OptionError as problem:
        raise UsageError(str(problem), usage) from None
    except InvalidTemplateError as failure:
        from ..io.locations import locate  # positions only when something is wrong

        return _refused(f"{source} does not expand, and adopt edits only a template that does; nothing is written",
                        locate(text, source, failure.errors))
    except AdoptError as refusal:
        return _refused(str(refusal), refusal.located)
    if adoption.text == text:
        sys.stdout.write(f"{source}: nothing to change\n")
        sys.stdout.write(report.changes_text(source, adoption.changes) if adoption.changes else "")
        sys.stdout.write("\n" + _plan(adoption.text, source, args))
        return EXIT_OK
    sys.stdout.write(report.unified_diff(text, adoption.text, source))
    if args.dry_run:
        return EXIT_OK
    sys.stdout.write("\n" + report.changes_text(source, adoption.changes) + report.findings_text(adoption.findings))
    sys.stdout.write("\n" + _plan(adoption.text, source, args))
    return _write(source, data, adoption.text, args.yes)


def _refused(reason: str, located) -> int:
    """Why nothing is written, and each located problem."""
    from ..io.report import render_text  # only a refusal is written this way

    _refuse(reason)
    sys.stderr.write(render_text(located))
    return EXIT_NOT_WRITTEN


def _write(source: str, data: bytes, text: str, yes: bool) -> int:
    """Write the adopted text over `source` (its byte-order mark kept) once the user agrees."""
    if not yes:
        if not sys.stdin.isatty():
            _refuse(f"not written: pass --yes to write {source} (there is no terminal to ask on), or --dry-run "
                    "to see the diff only")
            return EXIT_USAGE
        sys.stdout.flush()
        sys.stderr.write(f"write these changes to {source}? [y/N] ")
        sys.stderr.flush()
        if sys.stdin.readline().strip().lower() not in YES:
            print(f"{source} not written", file=sys.stderr)
            return EXIT_NOT_WRITTEN
    try:
        replace_file(source, (BOM if data.startswith(BOM) else b"") + text.encode("utf-8"), data)
    except OutputError as problem:
        _refuse(f"{problem}; it is as it was")
        return EXIT_NOT_WRITTEN
    print(f"wrote {source}", file=sys.stderr)
    return EXIT_OK


def _read(source: str) -> bytes:
    try:
        return read_file(source, READ_TEMPLATE_BYTES, "the template")
    except (OSError, ReadError) as problem:
        reason = getattr(problem, "strerror", None) or str(problem)
        raise InvalidTemplateError([Problem((), f"cannot read file: {reason}", Location(source, 1, 1))]) from None


def _plan(text: str, source: str, args) -> str:
    from ..plan import plan_text  # the plan is shown only once the edit is done
    from ..plan.render import render_text

    return render_text(plan_text(text, source, region=args.region, parameters=args.parameters,
                                 base_dir=os.path.dirname(source), definitions_roots=args.definitions_roots))


def _refuse(message: str) -> None:
    print(f"samtransform: error: {message}", file=sys.stderr)
