"""Reading and writing templates: JSON and YAML, with CloudFormation's short-form tags.

Loading builds plain dicts, lists and scalars, with no source marks: the happy path
stays as fast as libyaml allows. Positions are recovered only when an error needs
one (see `samtransform.locations`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from .errors import InvalidTemplateError, Origin, TransformError

# libyaml when present; the pure-Python classes build exactly the same values.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Short forms CloudFormation accepts. `!Ref` and `!Condition` keep their bare key;
# the rest become `Fn::<Name>`.
SHORT_FORM_TAGS = (
    "Ref", "Condition", "GetAtt", "Sub", "If", "Join", "Select", "Split", "FindInMap",
    "Base64", "Cidr", "GetAZs", "ImportValue", "Equals", "And", "Or", "Not", "Transform",
    "Length", "ToJsonString",
)
_BARE_KEYS = {"Ref", "Condition"}
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")


def _long_form_key(tag_name: str) -> str:
    return tag_name if tag_name in _BARE_KEYS else f"Fn::{tag_name}"


def _construct_short_form(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node):
    if tag_suffix not in SHORT_FORM_TAGS:
        raise yaml.constructor.ConstructorError(
            None, None, f"unknown tag !{tag_suffix}", node.start_mark
        )
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            # `!GetAtt Resource.Attribute`: the first dot splits; attributes may hold dots.
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {_long_form_key(tag_suffix): value}


class TemplateLoader(_BaseLoader):
    """Safe YAML loader for CloudFormation templates.

    Unquoted dates stay strings: CloudFormation reads `2010-09-09` as text, and a
    `datetime.date` could not be written back as JSON.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
    }


TemplateLoader.add_multi_constructor("!", _construct_short_form)


def read_text(path: str | os.PathLike) -> str:
    """Read a template file as UTF-8 text, or raise InvalidTemplateError naming the file."""
    name = os.fspath(path)
    try:
        data = Path(name).read_bytes()
    except FileNotFoundError:
        raise _fail(name, "file not found") from None
    except IsADirectoryError:
        raise _fail(name, "is a directory, not a template file") from None
    except OSError as error:
        raise _fail(name, f"cannot read file: {error.strerror}") from None
    return decode(data, name)


def decode(data: bytes, name: str = "<template>") -> str:
    if b"\x00" in data:
        offset = data.index(b"\x00")
        line = data.count(b"\n", 0, offset) + 1
        raise _fail(name, "file contains a NUL byte; templates are UTF-8 text", line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _fail(name, f"file is not UTF-8 text (invalid byte 0x{data[error.start]:02x})", line) from None


def load(path_or_text: str | os.PathLike, name: str | None = None) -> dict:
    """Load a template from a file path or from template text (JSON or YAML)."""
    if isinstance(path_or_text, os.PathLike) or _looks_like_path(path_or_text):
        name = name or os.fspath(path_or_text)
        return parse(read_text(path_or_text), name)
    return parse(path_or_text, name or "<template>")


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    return os.path.isfile(value) or value.endswith(TEMPLATE_SUFFIXES)


def parse(text: str, name: str = "<template>") -> dict:
    """Parse template text. Raises InvalidTemplateError with the position of a syntax error."""
    document = parse_document(text, name)
    if document is None:
        raise _fail(name, "template is empty")
    if not isinstance(document, dict):
        raise _fail(name, f"template must be a mapping, not {_kind(document)}")
    return document


def parse_document(text: str, name: str, *, strict_json: bool = False):
    """Parse any JSON or YAML document (a template, or an ASL definition file).

    With `strict_json`, text that is not valid JSON is an error even if YAML could
    read it: an ASL file named `*.json` must be JSON for every other tool too.
    """
    if strict_json or text.lstrip().startswith("{"):
        try:
            return json.loads(text)
        except ValueError as json_error:
            # CloudFormation reads a template that is not JSON as YAML, so JSON-looking
            # YAML (flow style with tags) is still a template; report the JSON error
            # only if YAML cannot read it either.
            if strict_json:
                raise _json_failure(name, json_error) from None
            try:
                return yaml.load(text, Loader=TemplateLoader)  # noqa: S506 - safe loader subclass
            except yaml.YAMLError:
                raise _json_failure(name, json_error) from None
    try:
        return yaml.load(text, Loader=TemplateLoader)  # noqa: S506 - safe loader subclass
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _fail(name, f"invalid YAML: {error.problem or error.context}", line, column) from None
    except yaml.YAMLError as error:
        raise _fail(name, f"invalid YAML: {error}") from None


def _json_failure(name: str, error: ValueError) -> InvalidTemplateError:
    line = getattr(error, "lineno", 1)
    column = getattr(error, "colno", 1)
    message = getattr(error, "msg", str(error))
    return _fail(name, f"invalid JSON: {message}", line, column)


def _kind(value) -> str:
    return {list: "a list", str: "a string", bool: "a boolean"}.get(type(value), f"a {type(value).__name__}")


def _fail(name: str, message: str, line: int = 1, column: int = 1) -> InvalidTemplateError:
    return InvalidTemplateError([TransformError((), message, Origin(name, line, column))])


# ---------------------------------------------------------------------------- dump

def dump(template, format: str = "json", *, compact: bool = False) -> str:  # noqa: A002 - API name
    """Write a template as JSON (default) or YAML with short-form intrinsics."""
    if format == "json":
        if compact:
            return json.dumps(template, ensure_ascii=False, separators=(",", ":"), allow_nan=False) + "\n"
        return json.dumps(template, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    if format == "yaml":
        from ._yaml_output import dump_yaml  # cfn-flip is imported only for YAML output

        return dump_yaml(template)
    raise ValueError(f"unknown format {format!r}; use 'json' or 'yaml'")


def canonical_json(template) -> str:
    """Key-sorted JSON: equal templates give equal text, whatever their key order."""
    return json.dumps(template, ensure_ascii=False, indent=2, sort_keys=True, allow_nan=False) + "\n"
