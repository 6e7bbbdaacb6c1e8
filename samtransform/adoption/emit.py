"""The text of the values `adopt` adds, in the style of the file they go into.

Rules:
- YAML in block style at the file's indentation step, its block sequences at the file's
  offset (`Key:` then `- item` at the key's column, or indented); in flow style
  (`{Key: value}`) inside a flow collection;
- intrinsics in short form (`!Ref X`, `!GetAtt A.B`, `!Sub '...'`), as the rest of a
  CloudFormation YAML template writes them;
- a string plain when YAML reads it back as the same string, else single-quoted;
- JSON with the file's indentation and its separator between a key and its value;
- every line break is the file's own (CRLF stays CRLF).
"""

from __future__ import annotations

import json
import re
from collections import namedtuple

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

# What a plain scalar may hold here: no indicator that could start or end something else.
_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*")
_STRING_TAG = "tag:yaml.org,2002:str"
SHORT_FORMS = {"Ref": "!Ref", "Fn::GetAtt": "!GetAtt", "Fn::Sub": "!Sub"}

# How a file writes its text: line break, indentation step, block-sequence offset (0 for
# `- item` at its key's column), and for JSON the separator between a key and its value.
Style = namedtuple("Style", "newline step sequence_offset key_separator")
DEFAULT_STYLE = Style("\n", 2, 2, ": ")


def yaml_block(value, column: int, style: Style) -> str:
    """`value` after `Key:` at `column`: a space and a scalar, or the lines of a collection."""
    if _is_short_form(value) or not isinstance(value, (dict, list)) or not value:
        return " " + yaml_flow(value)
    if isinstance(value, dict):
        inner = column + style.step
        return "".join(f"{style.newline}{' ' * inner}{yaml_key(key)}:{yaml_block(item, inner, style)}"
                       for key, item in value.items())
    dash = column + style.sequence_offset
    return "".join(f"{style.newline}{' ' * dash}-{yaml_item(item, dash + 2, style)}" for item in value)


def yaml_item(value, column: int, style: Style) -> str:
    """A sequence item after its `-`: a scalar, or a mapping whose first key follows the dash."""
    if isinstance(value, dict) and value and not _is_short_form(value):
        lines = [f"{yaml_key(key)}:{yaml_block(item, column, style)}" for key, item in value.items()]
        return " " + f"{style.newline}{' ' * column}".join(lines)
    return yaml_block(value, column - 2, style)


def yaml_flow(value) -> str:
    """`value` on one line, fit for a flow collection as for a block one."""
    if _is_short_form(value):
        (name, argument), = value.items()
        if name == "Fn::GetAtt" and isinstance(argument, list):
            argument = ".".join(argument)
        return f"{SHORT_FORMS[name]} {yaml_scalar(argument)}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{yaml_key(key)}: {yaml_flow(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(yaml_flow(item) for item in value) + "]"
    return yaml_scalar(value)


def yaml_key(key: str) -> str:
    return yaml_scalar(key)


def yaml_scalar(value) -> str:
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and Resolver().resolve(ScalarNode, text, (True, False)) == _STRING_TAG:
        return text
    return "'" + text.replace("'", "''") + "'"


def json_value(value, indent: str, unit: int | None, style: Style) -> str:
    """`value` as JSON; with `unit`, indented by it, each new line starting at `indent`."""
    if unit is None:
        return json.dumps(value, ensure_ascii=False, separators=(", ", style.key_separator))
    text = json.dumps(value, ensure_ascii=False, indent=unit, separators=(",", style.key_separator))
    return text.replace("\n", style.newline + indent)


def _is_short_form(value) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in SHORT_FORMS
