"""`samtransform expand TEMPLATE [-o OUT]`: the expanded template, written whole or not at all."""

from __future__ import annotations

import os
import sys

from ..errors import InvalidTemplateError, Origin, TransformError
from ..expansion import expand_template
from ..io.document import STDIN, STDIN_NAME, Document
from ..io.template_io import dump_chunks
from . import EXIT_INVALID, EXIT_OK
from .arguments import UsageError
from .common import one_template, report


def command(args, parser) -> int:
    source = one_template(args, parser)
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
                                    base_dir=document.base_dir)
        result = _outcome(expansion, document.warnings, args.strict)
        if document.warnings or expansion.warnings:
            report(document.text, name, document.warnings + expansion.warnings, args.errors_format)
        document = expansion = None  # the expansion shares what it keeps; let the text go before writing
        chunks = dump_chunks(result, output_format, compact=args.compact)
        if args.output:
            _write_atomically(args.output, chunks)
        else:
            sys.stdout.write("".join(chunks))  # whole, so an error leaves no partial output
    except InvalidTemplateError as failure:
        report(document.text if document else None, name, failure.errors, args.errors_format)
        return EXIT_INVALID
    except RecursionError:
        report(None, name, [TransformError((), "the template nests too deeply to write", Origin(name, 1, 1))],
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
