"""The `samtransform` command: a thin layer over load, expand, check and plan.

One module per command (expand.py, check.py, plan.py, adopt.py), the command line in arguments.py,
and what they share in common.py. This module runs them, and is the one place a bug
becomes a report.

Exit codes: 0 success; 1 the template is invalid (each error on stderr as
FILE:LINE:COL: RULE message, in the template's order); 2 usage error;
3 an internal error (a bug: one line asking for a report, never a traceback).
"""

from __future__ import annotations

import os
import sys

from ..core.collector import paused
from ..core.version import __version__
from ..io.output_file import Terminated
from ..io.reading import Reads
from ..io.text_output import printable
from .arguments import COMMANDS, HelpShown, UsageError, build_parser, command_parser
from . import common
from .common import EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, StreamError

PROGRAM = "samtransform"


def run() -> None:
    """The console entry point: `main`, then leave at once.

    Python's teardown (freeing every module and object) costs about 10 ms at exit, a tenth
    of a small run; output files are closed by then, and only stdout and stderr need
    flushing.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader that left, a full disk or a stream already closed: said already
            pass
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    # Every command builds one big tree that lives until it ends, so the cyclic collector would
    # only re-scan it (about a tenth of a large template's run): off while a command runs, and
    # given back as it was to a caller that goes on (a test, a program that calls main).
    _utf8_streams()
    try:
        with paused(), Reads() as reads:  # every file the run reads, which -o may not overwrite (io/output_file.py)
            return _main(argv, reads)
    except HelpShown:
        return EXIT_OK
    except UsageError as problem:
        _say(f"{problem.usage}{PROGRAM}: error: {printable(str(problem))}")
        return EXIT_USAGE
    except StreamError as problem:
        _say(f"{PROGRAM}: error: {problem}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Terminated as signal:  # SIGTERM or SIGHUP while -o was written: its temporary file is gone
        return 128 + signal.signum
    except BrokenPipeError:  # `samtransform expand t.yaml | head`: the reader left, nothing is wrong
        if sys.stderr is not None:
            sys.stderr.close()
        return EXIT_OK
    except Exception as problem:  # noqa: BLE001 - the one place a bug becomes a report
        _say(f"samtransform: internal error ({type(problem).__name__}: {printable(str(problem))}); this is a bug: "
             "please report it with the command and the template that caused it")
        return EXIT_INTERNAL


def _utf8_streams() -> None:
    """Standard output and error in UTF-8 whatever the locale (LC_ALL=C, PYTHONIOENCODING=ascii):
    samtransform's output is the same bytes everywhere."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if encoding and encoding.lower().replace("-", "") != "utf8" and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(encoding="utf-8")
            except (OSError, ValueError):  # already written to, or not reconfigurable: left as it is
                pass


def _say(line: str) -> None:
    """One line on standard error, if there is one to write to."""
    try:
        if sys.stderr is not None:
            sys.stderr.write(line + "\n")
    except (OSError, ValueError):
        pass


def _main(argv: list[str] | None, reads: Reads) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments or arguments[0] not in COMMANDS:
        top, _ = build_parser(__version__)
        top.parse_args(arguments)  # --help, -V, or an error naming the commands
        raise UsageError("give a COMMAND: expand, check, plan or adopt", top.format_usage())
    parser = command_parser(arguments[0])
    # Intermixed: templates may come before, between or after options, as in cfn-lint.
    args, extra = parser.parse_known_intermixed_args(arguments[1:])
    if extra:
        raise UsageError(f"unrecognized arguments: {' '.join(extra)}", parser.format_usage())
    args.parameters = common.parameters(args)
    args.reads = reads
    return _command(arguments[0])(args, parser)


def _command(name: str):
    """The subcommand's function. Imported when run: only `check` loads the rules, only `plan` its renderers,
    only `adopt` the editor."""
    if name == "expand":
        from .expand import command  # each command loads only what it runs (docstring)
    elif name == "check":
        from .check import command  # the rules
    elif name == "plan":
        from .plan import command  # the rules and the renderers
    else:
        from .adopt import command  # the editor, the rules and the plan
    return command
