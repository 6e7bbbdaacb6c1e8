"""The `samtransform` command: a thin layer over load, expand and dump.

Exit codes: 0 success; 1 the template is invalid (each error on stderr as
FILE:LINE:COL: PATH: message, sorted by position); 2 usage error;
3 an internal error (a bug: one line asking for a report, never a traceback).
"""

from __future__ import annotations

import gc
import json
import os
import sys

from .core.version import __version__
from .arguments import HelpShown, UsageError, build_parser
from .core.problems import InvalidTemplateError, Location, Problem
from .expansion import expand_template
from .io.parameters import ParameterError, parse_overrides, read_samconfig
from .io.document import STDIN, STDIN_NAME, Document
from .io.template_io import dump_chunks

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
PROGRAM = "samtransform"
DEFAULT_CONFIG_FILE, DEFAULT_CONFIG_ENV = "samconfig.toml", "default"  # sam CLI's defaults


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
        raise UsageError("give a COMMAND: expand, check, plan or adopt", top.format_usage())
    parser = commands[arguments[0]]
    # Intermixed: templates may come before, between or after options, as in cfn-lint.
    args, extra = parser.parse_known_intermixed_args(arguments[1:])
    if extra:
        raise UsageError(_unrecognized(extra), parser.format_usage())
    args.parameters = _parameters(args)
    return COMMANDS[arguments[0]](args, parser)


SEVERAL_VALUES_HINT = ("give several parameter values in one argument (--parameter-overrides 'A=1 B=2') "
                       "or repeat the option")


def _unrecognized(extra: list[str]) -> str:
    message = f"unrecognized arguments: {' '.join(extra)}"
    if any("=" in argument and not argument.startswith("-") for argument in extra):
        message += f"; {SEVERAL_VALUES_HINT}"
    return message


def _parameters(args) -> dict[str, str]:
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


def _check_command(args, parser) -> int:
    if args.list_rules:
        from .rules import rules_table  # only `check` loads the rules

        sys.stdout.write(rules_table())
        return EXIT_OK
    if not args.templates:
        raise UsageError("give at least one TEMPLATE to check", parser.format_usage())
    for template in args.templates:
        if "=" in template and not os.path.exists(template):
            raise UsageError(f"{template!r} is not a template file; {SEVERAL_VALUES_HINT}", parser.format_usage())
    ignored = [rule.strip() for value in args.ignore_checks for rule in value.split(",") if rule.strip()]
    from .checks import command  # only `check` loads the rules

    return command.run(args.templates, output_format=args.format, strict=args.strict, region=args.region,
                       parameters=args.parameters, ignore=ignored)


def _expand_command(args, parser) -> int:
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise UsageError("give exactly one template: TEMPLATE or --template-file", parser.format_usage())
    output_format = args.format or ("yaml" if str(args.output or "").endswith((".yaml", ".yml")) else "json")
    if args.compact and output_format != "json":
        raise UsageError("--compact writes JSON on one line; it has no meaning for YAML output")
    if args.output:
        _refuse_to_overwrite(source, args.output)
    overrides = args.parameters
    name = STDIN_NAME if source == STDIN else source
    document = None
    try:
        document = Document.read(source)
        expansion = expand_template(document.parse(), region=args.region, parameters=overrides,
                                    base_dir=document.base_dir, strict=args.strict)
        result = _outcome(expansion, document.warnings, args.strict)
        if document.warnings or expansion.warnings:
            _report(document.text, name, document.warnings + expansion.warnings, args.errors_format)
        document = expansion = None  # the expansion shares what it keeps; let the text go before writing
        chunks = dump_chunks(result, output_format, compact=args.compact)
        if args.output:
            _write_atomically(args.output, chunks)
        else:
            sys.stdout.write("".join(chunks))  # whole, so an error leaves no partial output
    except InvalidTemplateError as failure:
        _report(document.text if document else None, name, failure.errors, args.errors_format)
        return EXIT_INVALID
    except RecursionError:
        _report(None, name, [Problem((), "the template nests too deeply to write", Location(name, 1, 1))],
                args.errors_format)
        return EXIT_INVALID
    except OSError as problem:
        if not args.output:
            raise
        raise UsageError(f"cannot write {args.output}: {problem.strerror or problem}") from None
    return EXIT_OK


def _outcome(expansion, load_warnings: tuple, strict: bool) -> dict:
    """The template to write; raises InvalidTemplateError on errors, or on warnings with --strict.

    Errors and warnings are reported together, so a failing run also shows its warnings.
    """
    warnings = load_warnings + expansion.warnings
    if expansion.errors:
        raise InvalidTemplateError(warnings + expansion.errors)
    if strict and warnings:
        raise InvalidTemplateError(warning._replace(severity="error", rule_id=warning.rule) for warning in warnings)
    return expansion.template


def _plan_command(args, parser) -> int:
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise UsageError("give exactly one template: TEMPLATE or --template-file", parser.format_usage())
    if args.previous == STDIN and source == STDIN:
        raise UsageError("only one of TEMPLATE and --previous can be standard input", parser.format_usage())
    from .plan import PreviousTemplateError, plan_text  # only `plan` loads the rules and the renderers
    from .plan.mermaid import render_mermaid
    from .plan.render import render_json, render_text

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
                         previous_base_dir=previous.base_dir if previous else None)
    except PreviousTemplateError as failure:
        _report(previous and previous.text, STDIN_NAME if args.previous == STDIN else args.previous, failure.errors,
                args.errors_format)
        return EXIT_INVALID
    except InvalidTemplateError as failure:
        _report(current and current.text, STDIN_NAME if source == STDIN else source, failure.errors,
                args.errors_format)
        return EXIT_INVALID
    render = {"json": render_json, "mermaid": render_mermaid}.get(args.format, render_text)
    sys.stdout.write(render(plan))
    return EXIT_OK


def _adopt_command(args, parser) -> int:
    from . import adopt_command  # only `adopt` loads the editor, the checks and the plan

    return adopt_command.run(args, parser.format_usage())


COMMANDS = {"expand": _expand_command, "check": _check_command, "plan": _plan_command,
            "adopt": _adopt_command}  # the subcommands of arguments.build_parser


def _report(text: str | None, name: str, errors: tuple[Problem, ...], errors_format: str) -> None:
    from .io.locations import locate  # positions are worked out only when something is wrong
    from .io.report import render

    sys.stderr.write(render(locate(text, name, errors), errors_format))


def _refuse_to_overwrite(source: str, output: str) -> None:
    """The input is never modified: an OUT that is the template (through links too) is refused."""
    if source == STDIN:
        return
    same = os.path.realpath(output) == os.path.realpath(source)
    try:
        same = same or os.path.samefile(output, source)  # a hard link has another path
    except OSError:  # OUT does not exist yet (or the template does not: expand reports that)
        pass
    if same:
        raise UsageError(f"-o {output} is the input template; samtransform never overwrites its input: "
                         "write the expansion to another file")


def _write_atomically(target: str, chunks) -> None:
    """Write via a temporary file in the same folder and a rename: never a partial file.

    (Not `tempfile`: importing it costs several milliseconds of a ~60 ms run.)
    """
    folder, name = os.path.split(os.path.abspath(target))
    for attempt in range(100):
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.{attempt}.tmp")
        try:
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"no free temporary name next to {target}")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.writelines(chunks)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
