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

from . import __version__
from ._args import Command, Option, Positional, UsageError
from .errors import InvalidTemplateError, Origin, TransformError
from .expansion import expand_template
from .io.document import STDIN, STDIN_NAME, Document
from .io.template_io import dump_chunks

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_URL = "https://github.com/samtransform/samtransform/issues"
PROGRAM = "samtransform"

EXPAND = Command("expand", "Expand AWS::Serverless::StateMachine resources into CloudFormation, offline.", [
    Positional("template", "template file (JSON or YAML), or - for stdin"),
], [
    Option("-t", "--template-file", dest="template_file", value="TEMPLATE", help="same as TEMPLATE"),
    Option("-o", "--output-template-file", "--output", dest="output", value="OUT",
           help="write here (atomically) instead of stdout"),
    Option("--format", dest="format", value="json|yaml", choices=("json", "yaml"),
           help="output format (default: from the -o suffix, else json)"),
    Option("--compact", dest="compact", default=False, help="compact JSON output"),
    Option("--region", dest="region", value="REGION", default="us-east-1",
           help="sets the partition for ARNs (default: us-east-1)"),
    Option("--parameter-overrides", "--parameters", dest="parameter_overrides", value="KEY=VALUE", several=True,
           help="Key=Value, or ParameterKey=Key,ParameterValue=Value"),
    Option("--errors-format", dest="errors_format", value="text|json", choices=("text", "json"), default="text",
           help="errors and warnings on stderr as FILE:LINE:COL lines, or a JSON array"),
    Option("--strict", dest="strict", default=False, help="treat warnings as errors (exit 1, no output)"),
    Option("-h", "--help", dest="help", default=False, help="show this help"),
])
CHECK = Command("check", "Check templates for what silently breaks a gradual deployment.", [
    Positional("templates", "template files (JSON or YAML), or - for stdin", several=True),
], [
    Option("--format", dest="format", value="text|json|sarif", choices=("text", "json", "sarif"), default="text",
           help="text: FILE:LINE:COL: RULE message lines (default); json; sarif (SARIF 2.1.0)"),
    Option("--strict", dest="strict", default=False, help="exit 1 on warnings too"),
    Option("--list-rules", dest="list_rules", default=False, help="print every rule: ID, severity and summary"),
    Option("-i", "--ignore-checks", dest="ignore_checks", value="RULE", several=True,
           help="rule IDs or prefixes to leave out (W9 leaves out every W9xxx rule)"),
    Option("--region", dest="region", value="REGION", default="us-east-1",
           help="region, as for expand (default: us-east-1)"),
    Option("--parameter-overrides", "--parameters", dest="parameter_overrides", value="KEY=VALUE", several=True,
           help="parameter values, as for expand"),
    Option("-h", "--help", dest="help", default=False, help="show this help"),
])
PLAN = Command("plan", "Show what a deploy will do: versions published, the traffic timeline, the alarms watched.", [
    Positional("template", "template file (JSON or YAML), or - for stdin"),
], [
    Option("-t", "--template-file", dest="template_file", value="TEMPLATE", help="same as TEMPLATE"),
    Option("--previous", dest="previous", value="OLD_TEMPLATE",
           help="the template as last deployed: say whether a new version is published, and why"),
    Option("--format", dest="format", value="text|json|mermaid", choices=("text", "json", "mermaid"),
           default="text", help="a table (default), JSON with stable keys, or Markdown with Mermaid diagrams"),
    Option("--region", dest="region", value="REGION", default="us-east-1",
           help="region, as for expand (default: us-east-1)"),
    Option("--parameter-overrides", "--parameters", dest="parameter_overrides", value="KEY=VALUE", several=True,
           help="parameter values, as for expand (used for both templates)"),
    Option("--errors-format", dest="errors_format", value="text|json", choices=("text", "json"), default="text",
           help="errors on stderr as FILE:LINE:COL lines, or a JSON array"),
    Option("-h", "--help", dest="help", default=False, help="show this help"),
])
COMMANDS = {command.name: command for command in (EXPAND, CHECK, PLAN)}
USAGE = (f"usage: {PROGRAM} COMMAND [options]   ({PROGRAM} COMMAND --help for a command's options)\n\n"
         "commands:\n" + "".join(f"  {name:<10} {command.help}\n" for name, command in COMMANDS.items())
         + "\noptions:\n  --version  show the version\n  -h, --help show this help\n")


def parse_overrides(items: list[str]) -> dict[str, str]:
    """Accept `K=V`, several pairs in one argument, and CloudFormation's ParameterKey form."""
    overrides: dict[str, str] = {}
    for item in items:
        for token in item.split():
            if token.startswith("ParameterKey="):
                fields = dict(part.split("=", 1) for part in token.split(",") if "=" in part)
                if "ParameterValue" not in fields:
                    raise UsageError(f"parameter override {token!r} has no ParameterValue")
                overrides[fields["ParameterKey"]] = fields["ParameterValue"]
            elif "=" in token and not token.startswith("="):
                key, value = token.split("=", 1)
                overrides[key] = value
            else:
                raise UsageError(f"parameter override {token!r} is not KEY=VALUE")
    return overrides


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
    try:
        return _main(argv)
    except UsageError as problem:
        print(f"{PROGRAM}: error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `samtransform expand t.yaml | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except Exception as problem:  # noqa: BLE001 - the one place a bug becomes a report
        print(f"samtransform: internal error ({type(problem).__name__}: {problem}); "
              f"please report it at {REPORT_URL}", file=sys.stderr)
        return EXIT_INTERNAL


class _Arguments:
    def __init__(self, values: dict):
        self.__dict__.update(values)


def _main(argv: list[str] | None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments or arguments[0] in ("-h", "--help"):
        (sys.stdout if arguments else sys.stderr).write(USAGE)
        return EXIT_OK if arguments else EXIT_USAGE
    if arguments[0] == "--version":
        print(f"{PROGRAM} {__version__}")
        return EXIT_OK
    command = COMMANDS.get(arguments[0])
    if command is None:
        raise UsageError(f"unknown command {arguments[0]!r}; commands: {', '.join(COMMANDS)}")
    args = _Arguments(command.parse(arguments[1:]))
    if args.help:
        sys.stdout.write(command.usage(PROGRAM))
        return EXIT_OK
    if command is CHECK:
        return _check_command(args)
    if command is PLAN:
        return _plan_command(args)
    return _expand_command(args)


def _check_command(args: _Arguments) -> int:
    if args.list_rules:
        from .checks import rules_table

        sys.stdout.write(rules_table())
        return EXIT_OK
    if not args.templates:
        raise UsageError("give at least one TEMPLATE to check")
    from .checks import command  # only `check` loads the rules

    return command.run(args.templates, output_format=args.format, strict=args.strict, region=args.region,
                       parameters=parse_overrides(args.parameter_overrides), ignore=args.ignore_checks)


def _plan_command(args: _Arguments) -> int:
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise UsageError("give exactly one template: TEMPLATE or --template-file")
    if args.previous == STDIN and source == STDIN:
        raise UsageError("only one of TEMPLATE and --previous can be standard input")
    from .plan import PreviousTemplateError, plan_text  # only `plan` loads the rules and the renderers
    from .plan.mermaid import render_mermaid
    from .plan.render import render_json, render_text

    overrides = parse_overrides(args.parameter_overrides)
    current = previous = None
    try:
        current = Document.read(source)
        try:
            previous = Document.read(args.previous) if args.previous else None
        except InvalidTemplateError as failure:
            raise PreviousTemplateError(failure.errors) from None
        plan = plan_text(current.text, current.name, previous_text=previous and previous.text,
                         previous_name=previous.name if previous else "<previous>", region=args.region,
                         parameters=overrides, base_dir=current.base_dir,
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


def _expand_command(args: _Arguments) -> int:
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise UsageError("give exactly one template: TEMPLATE or --template-file")
    output_format = args.format or ("yaml" if str(args.output or "").endswith((".yaml", ".yml")) else "json")
    overrides = parse_overrides(args.parameter_overrides)
    gc.disable()  # a short-lived process that builds one big tree: collection is pure cost
    name = STDIN_NAME if source == STDIN else source
    document = None
    try:
        document = Document.read(source)
        expansion = expand_template(document.parse(), region=args.region, parameters=overrides,
                                    base_dir=document.base_dir)
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
        _report(None, name, [TransformError((), "the template nests too deeply to write", Origin(name, 1, 1))],
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
        raise InvalidTemplateError(warning._replace(severity="error") for warning in warnings)
    return expansion.template


def _report(text: str | None, name: str, errors: tuple[TransformError, ...], errors_format: str) -> None:
    from .io.locations import locate_errors  # positions are worked out only when something is wrong

    located = locate_errors(text, name, errors)
    if errors_format == "json":
        print(json.dumps([error.as_dict() for error in located], indent=2), file=sys.stderr)
        return
    for error in located:
        print(error, file=sys.stderr)


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
