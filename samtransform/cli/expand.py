"""`samtransform expand TEMPLATE [-o OUT]`: the expanded template, written whole or not at all."""

from __future__ import annotations

import os

from ..core.problems import InvalidTemplateError, Location, Problem, document_order
from ..expansion import expand_template
from ..io.document import STDIN, STDIN_NAME, Document
from ..io.output_file import OutputError, write_output
from ..io.template_io import dump_chunks
from .arguments import UsageError
from .common import EXIT_INVALID, EXIT_OK, one_template, report, write_out


def command(args, parser) -> int:
    source = one_template(args, parser)
    if args.output == "":
        raise UsageError("-o needs a file name (or - for standard output)", parser.format_usage())
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
        template = document.parse()
        expansion = with_definition_warnings(template, expand_template(
            template, region=args.region, parameters=overrides, base_dir=document.base_dir,
            definitions_roots=args.definitions_roots, strict=args.strict))
        result = _outcome(expansion, document.warnings, args.strict)
        if document.warnings or expansion.warnings:
            report(document.text, name, document.warnings + expansion.warnings, args.errors_format)
        document = expansion = template = None  # the expansion shares what it keeps; let the text go before writing
        chunks = dump_chunks(result, output_format, compact=args.compact)
        if args.output:
            write_output(args.output, chunks, args.reads, _whole)
        else:
            _whole(chunks)
    except InvalidTemplateError as failure:
        report(document.text if document else None, name, failure.errors, args.errors_format)
        return EXIT_INVALID
    except RecursionError:
        report(None, name, [Problem((), "the template nests too deeply to write", Location(name, 1, 1))],
               args.errors_format)
        return EXIT_INVALID
    except OutputError as problem:
        raise UsageError(str(problem)) from None
    return EXIT_OK


def with_definition_warnings(template: dict, expansion):
    """The expansion with, among its warnings, the definition errors Step Functions would refuse at
    creation (`rules/creation.py` says which and why), each with its rule's ID, so that `--strict`
    makes them errors like every other warning. The template written is unchanged: AWS SAM passes
    the definition through as it is.

    Only `expand` adds them here: the library's `expand_template` sits below the rules, and
    `check`, `plan` and the plugin run these rules themselves, with every other.
    """
    if not any(_readable(machine.definition) for machine in expansion.state_machines):
        return expansion  # nothing the rules could read: they are not even imported
    from ..rules.creation import creation_problems  # 3.5 ms of CPU to import: only for a template with a definition

    found = creation_problems(template, expansion)
    if not found:
        return expansion
    warnings = sorted(expansion.warnings + tuple(found), key=lambda problem: document_order(template, problem.path))
    return expansion._replace(warnings=tuple(warnings))


def _readable(facts) -> bool:
    """A definition the rules can read offline: inline, or in a local file (not in S3)."""
    return facts is not None and (isinstance(facts.document, dict) or facts.local_path is not None)


def _whole(chunks) -> None:
    write_out("".join(chunks))  # whole, so an error leaves no partial output


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


def _refuse_to_overwrite(source: str, output: str) -> None:
    """The input is never modified: an OUT that is the template (through links too) is refused at once,
    before the expansion; every other file the run reads is refused when it is written (output_file.py)."""
    if source == STDIN:
        return
    same = os.path.realpath(output) == os.path.realpath(source)
    try:
        same = same or os.path.samefile(output, source)  # a hard link has another path
    except (OSError, ValueError):  # OUT does not exist yet (or the template does not: expand reports that)
        pass
    if same:
        raise UsageError(f"-o {output} is the input template; samtransform never overwrites its input: "
                         "write the expansion to another file")
