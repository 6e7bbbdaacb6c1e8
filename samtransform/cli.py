"""The `samtransform` command: a thin layer over load, expand and dump, and the checks.

Exit codes: 0 success; 1 the template is invalid (each error on stderr as
FILE:LINE:COL: PATH: message, sorted by position), or `check` found errors;
2 usage error; 3 an internal error (a bug: one line asking for a report, never a traceback).
`check` lives in samtransform.checks and is imported only when it runs, so `expand`
never pays for it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
from pathlib import Path

from . import __version__
from .errors import InvalidTemplateError, TransformError
from .expand import expand
from .locations import locate_errors
from .template_io import decode, dump, parse, read_text

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_URL = "https://github.com/samtransform/samtransform/issues"


class _UsageError(Exception):
    pass


class _ArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit 2 itself; keep one exit path
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _ArgumentParser(prog="samtransform", description=(
        "Expand AWS::Serverless::StateMachine resources into CloudFormation, offline."))
    parser.add_argument("--version", action="version", version=f"samtransform {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_ArgumentParser)
    expand_parser = commands.add_parser("expand", help="expand a template and write CloudFormation")
    expand_parser.add_argument("template", nargs="?", help="template file (JSON or YAML), or - for stdin")
    expand_parser.add_argument("-t", "--template-file", dest="template_file", help="same as TEMPLATE")
    expand_parser.add_argument("-o", "--output-template-file", "--output", dest="output",
                               help="write here (atomically) instead of stdout")
    expand_parser.add_argument("--format", choices=("json", "yaml"),
                               help="output format (default: from the -o suffix, else json)")
    expand_parser.add_argument("--compact", action="store_true", help="compact JSON output")
    expand_parser.add_argument("--region", default="us-east-1",
                               help="region; sets the partition for ARNs (default: us-east-1)")
    expand_parser.add_argument("--parameter-overrides", "--parameters", dest="parameter_overrides", nargs="+",
                               default=[], metavar="KEY=VALUE",
                               help="parameter values: Key=Value, or ParameterKey=Key,ParameterValue=Value")
    expand_parser.add_argument("--errors-format", choices=("text", "json"), default="text",
                               help="how errors are printed on stderr: FILE:LINE:COL lines, or a JSON array")
    check_parser = commands.add_parser("check", help="check templates for deployment safety problems")
    check_parser.add_argument("templates", nargs="+", metavar="TEMPLATE",
                              help="template files (JSON or YAML), or - for stdin")
    check_parser.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                              help="text: FILE:LINE:COL: RULE message lines (default); json; sarif (SARIF 2.1.0)")
    check_parser.add_argument("--strict", action="store_true", help="exit 1 on warnings too")
    check_parser.add_argument("-i", "--ignore-checks", dest="ignore_checks", nargs="+", default=[], metavar="RULE",
                              help="rule IDs or prefixes to leave out (W9 leaves out every W9xxx rule)")
    check_parser.add_argument("--region", default="us-east-1", help="region, as for expand (default: us-east-1)")
    check_parser.add_argument("--parameter-overrides", "--parameters", dest="parameter_overrides", nargs="+",
                              default=[], metavar="KEY=VALUE", help="parameter values, as for expand")
    return parser


def parse_overrides(items: list[str]) -> dict[str, str]:
    """Accept `K=V`, several pairs in one argument, and CloudFormation's ParameterKey form."""
    overrides: dict[str, str] = {}
    for item in items:
        for token in item.split():
            if token.startswith("ParameterKey="):
                fields = dict(part.split("=", 1) for part in token.split(",") if "=" in part)
                if "ParameterValue" not in fields:
                    raise _UsageError(f"parameter override {token!r} has no ParameterValue")
                overrides[fields["ParameterKey"]] = fields["ParameterValue"]
            elif "=" in token and not token.startswith("="):
                key, value = token.split("=", 1)
                overrides[key] = value
            else:
                raise _UsageError(f"parameter override {token!r} is not KEY=VALUE")
    return overrides


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except _UsageError as problem:
        print(f"samtransform: error: {problem}", file=sys.stderr)
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


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "expand":
        return _expand_command(args)
    if args.command == "check":
        from .checks import command  # only `check` loads the rules

        return command.run(args.templates, output_format=args.format, strict=args.strict, region=args.region,
                           parameters=parse_overrides(args.parameter_overrides), ignore=args.ignore_checks)
    _parser().print_help(sys.stderr)
    return EXIT_USAGE


def _expand_command(args: argparse.Namespace) -> int:
    source = args.template_file or args.template
    if not source or (args.template_file and args.template):
        raise _UsageError("give exactly one template: TEMPLATE or --template-file")
    output_format = args.format or ("yaml" if str(args.output or "").endswith((".yaml", ".yml")) else "json")
    overrides = parse_overrides(args.parameter_overrides)
    gc.disable()  # a short-lived process that builds one big tree: collection is pure cost
    name = "<stdin>" if source == "-" else source
    text = None
    try:
        text = decode(sys.stdin.buffer.read(), name) if source == "-" else read_text(source)
        template = parse(text, name)
        # Relative, so errors inside a local definition file name it as the user would.
        base_dir = Path(".") if source == "-" else Path(source).parent
        result = expand(template, region=args.region, parameters=overrides, base_dir=base_dir)
        rendered = _render(result, output_format, args.compact)
    except InvalidTemplateError as failure:
        _report(text, name, failure.errors, args.errors_format)
        return EXIT_INVALID
    if args.output:
        try:
            _write_atomically(args.output, rendered)
        except OSError as problem:
            raise _UsageError(f"cannot write {args.output}: {problem.strerror or problem}") from None
    else:
        sys.stdout.write(rendered)
    return EXIT_OK


def _render(result: dict, output_format: str, compact: bool) -> str:
    try:
        return dump(result, output_format, compact=compact)
    except RecursionError:
        raise InvalidTemplateError([TransformError((), "the template nests too deeply to write")]) from None


def _report(text: str | None, name: str, errors: tuple[TransformError, ...], errors_format: str) -> None:
    located = locate_errors(text, name, errors)
    if errors_format == "json":
        print(json.dumps([error.as_dict() for error in located], indent=2), file=sys.stderr)
        return
    for error in located:
        print(error, file=sys.stderr)


def _write_atomically(target: str, text: str) -> None:
    """Write via a temporary file in the same folder and a rename: never a partial file."""
    folder = os.path.dirname(os.path.abspath(target))
    descriptor, temporary = tempfile.mkstemp(prefix=".samtransform-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
