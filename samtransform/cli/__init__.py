"""The `samtransform` command: a thin layer over load, expand, check and plan.

One module per command (expand.py, check.py, plan.py), the command line in arguments.py,
and what they share in common.py. This module runs them, and is the one place a bug
becomes a report.

Exit codes: 0 success; 1 the template is invalid (each error on stderr as
FILE:LINE:COL: PATH: message, sorted by position); 2 usage error;
3 an internal error (a bug: one line asking for a report, never a traceback).
"""

from __future__ import annotations

import gc
import os
import sys

from .. import __version__
from .arguments import HelpShown, UsageError, build_parser

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
PROGRAM = "samtransform"


def run() -> None:
    """The console entry point: `main`, then leave at once.

    Python's teardown (freeing every module and object) costs about 10 ms at exit, a tenth
    of a small run; output files are closed by then, and only stdout and stderr need
    flushing.
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that left, or a stream already closed
        pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    # Every command builds one big tree that lives until it ends, so the cyclic collector would
    # only re-scan it (about a tenth of a large template's run): off while a command runs, and
    # given back as it was to a caller that goes on (a test, a program that calls main).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    except HelpShown:
        return EXIT_OK
    except UsageError as problem:
        print(f"{problem.usage}{PROGRAM}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `samtransform expand t.yaml | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except Exception as problem:  # noqa: BLE001 - the one place a bug becomes a report
        print(f"samtransform: internal error ({type(problem).__name__}: {problem}); this is a bug: "
              "please report it with the command and the template that caused it", file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        if gc_was_enabled:
            gc.enable()


def _main(argv: list[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    top, commands = build_parser(__version__)
    if not arguments or arguments[0] not in commands:
        top.parse_args(arguments)  # --help, -V, or an error naming the commands
        raise UsageError("give a COMMAND: expand, check or plan", top.format_usage())
    parser = commands[arguments[0]]
    # Intermixed: templates may come before, between or after options, as in cfn-lint.
    args, extra = parser.parse_known_intermixed_args(arguments[1:])
    from . import common

    if extra:
        raise UsageError(common.unrecognized(extra), parser.format_usage())
    args.parameters = common.parameters(args)
    return _command(arguments[0])(args, parser)


def _command(name: str):
    """The subcommand's function. Imported when run: only `check` loads the rules, only `plan` its renderers."""
    if name == "expand":
        from .expand import command
    elif name == "check":
        from .check import command
    else:
        from .plan import command
    return command
