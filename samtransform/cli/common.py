"""What the commands share: parameter values (samconfig.toml, then the command line), error reports,
and standard output.

Standard output is written whole by `write_out`, and a stream that is closed or full (`>&-`,
`> /dev/full`) is a `StreamError`, which the CLI reports in one line (exit 2). A reader that
left (`| head`) is not an error. Text goes through `text_lines` (io/text_output.py), which
shows control characters from the template as escapes.
"""

from __future__ import annotations

import sys

from ..core.problems import Problem
from ..io.parameters import ParameterError, parse_overrides, read_samconfig
from .arguments import UsageError


class StreamError(Exception):
    """Standard output cannot be written: closed, or full. The CLI prints it and exits 2."""


def write_out(text) -> None:
    """Write `text` (a string, or pieces of one) to standard output, and flush it."""
    stream = sys.stdout
    if stream is None:
        raise StreamError("cannot write to standard output: it is closed")
    try:
        if isinstance(text, str):
            stream.write(text)
        else:
            stream.writelines(text)
        stream.flush()
    except BrokenPipeError:
        raise
    except (OSError, ValueError) as problem:  # ValueError: a stream closed under us
        reason = getattr(problem, "strerror", None) or "it is closed"
        raise StreamError(f"cannot write to standard output: {reason}") from None

DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_ENV = "samconfig.toml", "default"  # sam CLI's defaults
# The exit codes of every command: the one table (docs/usage.md lists them).
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3

def parameters(args) -> dict[str, str]:
    """samconfig.toml's parameter_overrides, then the command line's (which win)."""
    values: dict[str, str] = {}
    try:
        if args.config_file or args.config_env:
            values.update(read_samconfig(args.config_file or DEFAULT_CONFIG_FILE,
                                         args.config_env or DEFAULT_CONFIG_ENV))
        values.update(parse_overrides(args.parameter_overrides))
    except ParameterError as problem:
        raise UsageError(str(problem)) from None
    return values


def one_template(args, parser) -> str:
    """The template of `expand` and `plan`: TEMPLATE or --template-file, exactly one."""
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise UsageError("give exactly one template: TEMPLATE or --template-file", parser.format_usage())
    return source


def report(text: str | None, name: str, errors: tuple[Problem, ...], errors_format: str) -> None:
    """Errors and warnings on standard error, placed at FILE:LINE:COL, in the one set of writers."""
    from ..io.locations import locate  # positions are worked out only when something is wrong
    from ..io.report import render

    if sys.stderr is None:  # closed: nowhere to say it; the exit code still does
        return
    sys.stderr.write(render(locate(text, name, errors), errors_format))
