"""Reading and writing templates: JSON and YAML, with CloudFormation's short-form tags.

Loading builds plain dicts, lists and scalars, with no source marks: the happy path
stays as fast as libyaml allows. Positions are recovered only when an error needs
one (see `samtransform.io.locations`).
"""

from __future__ import annotations

import json
import os
import re

import yaml

from .reading import ReadError, read_file
from .yaml_loader import Duplicate, Refusal, Refusals, load_yaml_with_duplicates, number_problem
from .json_output import json_chunks
from ..core.collector import paused
from ..core.limits import READ_TEMPLATE_BYTES
from ..core.problems import InvalidTemplateError, Location, Problem

TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def read_text(path: str | os.PathLike, limit: int = READ_TEMPLATE_BYTES, part: str = "the template") -> str:
    """Read a template file (or another file a template names) as UTF-8 text, at most `limit` bytes
    (io/reading.py), or raise InvalidTemplateError naming the file."""
    name = os.fspath(path)
    try:
        data = read_file(name, limit, part)
    except FileNotFoundError:
        raise _fail(name, "file not found") from None
    except IsADirectoryError:
        raise _fail(name, "is a folder, not a file") from None
    except ReadError as error:
        raise _fail(name, error.reason) from None
    except OSError as error:
        raise _fail(name, f"cannot read file: {error.strerror}") from None
    return decode(data, name)


UTF8_BOM = b"\xef\xbb\xbf"


def decode(data: bytes, name: str = "<template>") -> str:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line, column = _position(data, offset)
        raise _fail(name, "file contains a NUL byte; templates are UTF-8 text", line, column)
    # A leading byte-order mark is dropped, as the "utf-8-sig" codec would; sliced off here, an invalid
    # byte's offset stays one in `data` (and the codec's import, about 0.2 ms, is saved).
    start = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    try:
        return data[start:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = start + error.start
        line, column = _position(data, offset)
        raise _fail(name, f"file is not UTF-8 text (invalid byte 0x{data[offset]:02x})", line, column) from None


def _position(data: bytes, offset: int) -> tuple[int, int]:
    """Line and column (in characters, as every other position) of a byte offset; the line before it is valid."""
    start = data.rfind(b"\n", 0, offset) + 1
    before = data[start:offset].decode("utf-8", "replace")
    if start == 0:
        before = before.removeprefix("\ufeff")
    return data.count(b"\n", 0, offset) + 1, len(before) + 1


class LoadedTemplate(dict):
    """A template read from a file: the dict itself, and `base_dir`, the file's folder.

    `expand`, `expand_template`, `check_template` and `plan_template` read a local
    DefinitionUri relative to `base_dir` when they are given no `base_dir` of their own, so
    a template loaded from another folder finds its files. The folder is an attribute, not a
    key: the template's keys, its equality with a plain dict and the text `dump` writes are
    those of the file. `copy.copy`, `copy.deepcopy` and pickling keep it; `dict(template)`,
    like any new dict, does not.
    """

    def __init__(self, template: dict, base_dir: str):
        super().__init__(template)
        self.base_dir = base_dir


def load(path_or_text: str | os.PathLike, name: str | None = None) -> dict:
    """Load a template from a file path or from template text (JSON or YAML).

    `path_or_text` is read as a path when it is an `os.PathLike`, names an existing file, or
    ends in .yaml, .yml, .json or .template (and is one line); anything else is template text.
    `name` is how problems name the template (default: the path, or `<template>` for text).
    A template read from a file is a `LoadedTemplate`: a dict that remembers the file's folder,
    so that local files it names are found from any current folder. Raises
    InvalidTemplateError, naming the file and the line, when it cannot be read or parsed.
    """
    return load_with_warnings(path_or_text, name)[0]


def load_with_warnings(path_or_text: str | os.PathLike,
                       name: str | None = None) -> tuple[dict, tuple[Problem, ...]]:
    """`load` (the same `path_or_text` and `name`), and the loader's warnings (Problems, each
    with its line in `origin`): each key repeated in one mapping (the last value is kept), and
    a `*.json` file that had to be read as YAML."""
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        path = os.fspath(path_or_text)
        template, warnings = parse_with_warnings(read_text(path), name or path)
        return LoadedTemplate(template, os.path.dirname(path)), warnings
    return parse_with_warnings(path_or_text, name or "<template>")


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    return os.path.isfile(value) or value.endswith(TEMPLATE_SUFFIXES)


def parse(text: str, name: str = "<template>") -> dict:
    """Parse template text. Raises InvalidTemplateError with the position of a syntax error.

    A file named `*.json` must be JSON; other text is read as JSON when it is JSON, else YAML.
    """
    return parse_with_warnings(text, name)[0]


def parse_with_warnings(text: str, name: str = "<template>") -> tuple[dict, tuple[Problem, ...]]:
    """`parse`, and a warning for each key repeated in one mapping, at the repeated key.

    A template named `*.json` that is YAML is read as YAML, as CloudFormation reads any
    template that is not JSON, with a warning; if YAML cannot read it either, the JSON
    error stands.
    """
    warnings: tuple = ()
    try:
        document, duplicates = parse_document_with_duplicates(text, name, strict_json=name.lower().endswith(".json"))
    except InvalidTemplateError as json_failure:
        if (not name.lower().endswith(".json") or len(json_failure.errors) != 1
                or isinstance(json_failure, _UnheldValues)):
            raise
        try:
            document, duplicates = _load_yaml(text, name)
        except InvalidTemplateError:
            raise json_failure from None
        error = json_failure.errors[0]
        warnings = (Problem((), f"{os.path.basename(name)} is named .json but is not JSON ({error.message}); "
                                       "read as YAML, as CloudFormation reads a template that is not JSON",
                                   error.origin, "warning"),)
    if document is None:
        raise _fail(name, "template is empty")
    if not isinstance(document, dict):
        raise _fail(name, f"template must be a mapping, not {_kind(document)}")
    return document, warnings + tuple(duplicate_warning(duplicate, duplicate.path, name) for duplicate in duplicates)


def duplicate_warning(duplicate: Duplicate, path: tuple, file: str) -> Problem:
    """The warning for a repeated key: reported at `path`, placed at the repetition in `file`."""
    return Problem(path, duplicate.message, Location(file, duplicate.line, duplicate.column), "warning")


def parse_document(text: str, name: str, *, strict_json: bool = False):
    """Parse any JSON or YAML document (a template, or an ASL definition file).

    With `strict_json`, text that is not valid JSON is an error even if YAML could
    read it: an ASL file named `*.json` must be JSON for every other tool too.
    """
    return parse_document_with_duplicates(text, name, strict_json=strict_json)[0]


def parse_document_with_duplicates(text: str, name: str, *, strict_json: bool = False) -> tuple[object, list]:
    """`parse_document`, and the keys repeated in one mapping (`Duplicate`s; the last value is kept)."""
    # Loading builds many small containers that all stay alive; the cyclic collector would
    # re-scan them again and again (about 3x the parse time on large templates: core/collector.py).
    with paused():
        return _parse_document(text, name, strict_json)


def _parse_document(text: str, name: str, strict_json: bool):
    if strict_json or text.lstrip().startswith("{"):
        try:
            return _load_json(text, name)
        except (ValueError, RecursionError) as json_error:
            # CloudFormation reads a template that is not JSON as YAML, so JSON-looking
            # YAML (flow style with tags) is still a template; report the JSON error
            # only if YAML cannot read it either.
            if strict_json or isinstance(json_error, _JsonRefusal):
                raise _json_failure(name, json_error) from None
            try:
                return _load_yaml(text, name)
            except InvalidTemplateError:
                raise _json_failure(name, json_error) from None
    return _load_yaml(text, name)


class _JsonRefusal(ValueError):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.msg, self.lineno, self.colno = message, line, column


def _refuse_constant(name: str):
    raise _JsonRefusal(f"{name} is not a finite number; JSON and CloudFormation have no infinity or NaN")


class _Unheld(str):
    """A number JSON cannot hold, kept as its text until its place is known (`_unheld_errors`)."""

    __slots__ = ()


class _UnheldValues(InvalidTemplateError):
    """JSON text that holds values JSON tools cannot: its own errors, never a reason to try YAML."""


def _int_or_unheld(text: str):
    return _Unheld(text) if number_problem(text, "int") else int(text)


def _float_or_unheld(text: str):
    return _Unheld(text) if number_problem(text, "float") else float(text)


def _load_json(text: str, name: str):
    repeated = []
    unheld = []

    def pairs_to_dict(pairs: list) -> dict:
        mapping = dict(pairs)  # a repeated key keeps its last value, as in CloudFormation
        if len(mapping) != len(pairs):
            repeated.append(True)
        return mapping

    def number(convert):
        def parse(number_text: str):
            value = convert(number_text)
            if type(value) is _Unheld:
                unheld.append(value)
            return value
        return parse

    value = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=pairs_to_dict,
                       parse_int=number(_int_or_unheld), parse_float=number(_float_or_unheld))
    if unheld:
        raise _UnheldValues(_unheld_errors(value, name))
    if "\\u" in text and _has_lone_surrogate(value):
        raise _UnheldValues(_surrogate_errors(value, name))
    if not repeated:
        return value, []
    from .locations import json_duplicates  # positions only when a key repeats

    return value, [Duplicate(path, first[0], *again) for path, first, again in json_duplicates(text)]


def _walk(value, path: tuple = ()):
    """(path, value) of every scalar and key below `value`, without recursion (documents nest deep)."""
    stack = [(path, value)]
    while stack:
        path, node = stack.pop()
        if type(node) is dict:
            for key, item in node.items():
                yield path + (key,), key
                stack.append((path + (key,), item))
        elif type(node) is list:
            stack.extend((path + (index,), item) for index, item in enumerate(node))
        else:
            yield path, node


def _unheld_errors(document, name: str) -> list[Problem]:
    """A located error for each number JSON cannot hold (placed by its path: `locations`)."""
    return [Problem(path, number_problem(value, "float" if set(value) & set(".eE") else "int"))
            for path, value in _walk(document) if type(value) is _Unheld]


def _has_lone_surrogate(document) -> bool:
    return any(type(value) is str and not _encodable(value) for _, value in _walk(document))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _surrogate_errors(document, name: str) -> list[Problem]:
    return [Problem(path, "a \\u escape here names half a UTF-16 pair (a lone surrogate), not a character; "
                                 "CloudFormation templates are UTF-8 text")
            for path, value in _walk(document) if type(value) is str and not _encodable(value)]


def _load_yaml(text: str, name: str):
    try:
        return load_yaml_with_duplicates(text)
    except Refusals as found:
        raise InvalidTemplateError([Problem((), problem.message, Location(name, problem.line + 1,
                                                                               problem.column + 1))
                                    for problem in found.problems]) from None
    except Refusal as problem:
        raise _fail(name, problem.message, problem.line + 1, problem.column + 1) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "duplicate anchor" in (error.context or "") and error.context_mark and error.problem_mark:
            raise _fail(name, _duplicate_anchor(text, error), line, column) from None
        raise _fail(name, f"invalid YAML: {error.problem or error.context}", line, column) from None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        raise _fail(name, f"invalid YAML: character {error.character!r} is not allowed", line, column) from None
    except yaml.YAMLError as error:
        raise _fail(name, f"invalid YAML: {error}") from None
    except RecursionError:
        raise _fail(name, "the document nests too deeply to read") from None


def _duplicate_anchor(text: str, error) -> str:
    """libyaml says only "second occurrence": say that it is an anchor, which one, and where it was first."""
    line_text = text.splitlines()[error.problem_mark.line] if text.count("\n") >= error.problem_mark.line else ""
    anchor = re.match(r"&([^\s\[\]{},]+)", line_text[error.problem_mark.column:])
    named = f"&{anchor.group(1)} " if anchor else ""
    return (f"invalid YAML: the anchor {named}is defined again (first at line {error.context_mark.line + 1}); "
            "each anchor in a document must have its own name")


def _json_failure(name: str, error: Exception) -> InvalidTemplateError:
    if isinstance(error, RecursionError):
        return _fail(name, "invalid JSON: the document nests too deeply to read")
    line = getattr(error, "lineno", 1)
    column = getattr(error, "colno", 1)
    message = getattr(error, "msg", str(error))
    prefix = "" if isinstance(error, _JsonRefusal) else "invalid JSON: "
    return _fail(name, prefix + message, line, column)


def _kind(value) -> str:
    return {list: "a list", str: "a string", bool: "a boolean"}.get(type(value), f"a {type(value).__name__}")


def _fail(name: str, message: str, line: int = 1, column: int = 1) -> InvalidTemplateError:
    return InvalidTemplateError([Problem((), message, Location(name, line, column))])


# ---------------------------------------------------------------------------- dump

def dump(template, format: str = "json", *, compact: bool = False) -> str:  # noqa: A002 - API name
    """`template` (a dict) as text: `format` "json" (the default: indented by two, or on one line with
    `compact`) or "yaml" (with short-form intrinsics: `!Ref X`, `!GetAtt A.B`, `!Sub ...`).

    The same template always gives the same text, ending with a newline; a `LoadedTemplate`
    is written as the dict it is. Raises ValueError for another format."""
    return "".join(dump_chunks(template, format, compact=compact))


def dump_chunks(template, format: str = "json", *, compact: bool = False):  # noqa: A002 - API name
    """`dump`'s text in pieces of about one resource, so a large template is written without
    holding all of its text at once."""
    if format == "json":
        yield from json_chunks(template, compact)
    elif format == "yaml":
        from .yaml_output import dump_yaml  # the YAML writer is imported only for YAML output

        yield dump_yaml(template)
    else:
        raise ValueError(f"unknown format {format!r}; use 'json' or 'yaml'")


def canonical_json(template) -> str:
    """Key-sorted JSON: equal templates give equal text, whatever their key order."""
    return json.dumps(template, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
