"""JSON output: indented by two like `json.dumps(indent=2)`, or compact, in pieces.

Python's json module indents only in pure Python, through generators; writing an
expanded template that way cost more than expanding it. `pretty_json` gives the same
text about 1.7x faster (a test compares them). Pieces of about one resource let a large
template be written without holding all of its text at once.
"""

from __future__ import annotations

import json
import sys

from .yaml_loader import MAX_DEPTH

_encode_string = json.encoder.encode_basestring
_int_repr = int.__repr__


def _json_text(value, compact: bool, newline: str) -> str:
    with deep_enough():
        if compact:
            return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return pretty_json(value, newline)


class deep_enough:
    """Python's recursion limit raised, for a while, to what writing a document as deep as the loader
    accepts takes (MAX_DEPTH levels, two frames each), so what loads also writes (`expand` and `check`
    agree); restored afterwards."""

    NEEDED = 3 * MAX_DEPTH + 200

    def __enter__(self):
        self.limit = sys.getrecursionlimit()
        if self.limit < self.NEEDED:
            sys.setrecursionlimit(self.NEEDED)

    def __exit__(self, *exception) -> None:
        sys.setrecursionlimit(self.limit)


def json_chunks(template, compact: bool):
    """The text in pieces: the top-level mapping, and the mapping in each of its keys
    (Resources), one entry a piece."""
    if not isinstance(template, dict) or not template:  # a LoadedTemplate too (template_io)
        yield _json_text(template, compact, "\n") + "\n"
        return
    separator, colon = ("", ":") if compact else ("\n  ", ": ")
    yield "{"
    for index, (key, value) in enumerate(template.items()):
        head = ("," if index else "") + separator + _json_key(key) + colon
        if type(value) is not dict or not value:
            yield head + _json_text(value, compact, "\n  ")
            continue
        yield head + "{"
        inner = "" if compact else "\n    "
        for position, (name, item) in enumerate(value.items()):
            yield ("," if position else "") + inner + _json_key(name) + colon + _json_text(item, compact, "\n    ")
        yield ("" if compact else "\n  ") + "}"
    yield ("" if compact else "\n") + "}\n"


def pretty_json(value, newline: str = "\n") -> str:
    """The text of `json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)`."""
    kind = type(value)
    if kind is str:
        return _encode_string(value)
    if kind is dict:
        if not value:
            return "{}"
        inner = newline + "  "
        return "{" + ",".join([inner + _json_key(key) + ": " + pretty_json(item, inner)
                               for key, item in value.items()]) + newline + "}"
    if kind is list:
        if not value:
            return "[]"
        inner = newline + "  "
        try:  # a list of strings (DefinitionString lines are most of the output) in one C call
            return "[" + inner + ("," + inner).join(map(_encode_string, value)) + newline + "]"
        except TypeError:
            return "[" + ",".join([inner + pretty_json(item, inner) for item in value]) + newline + "]"
    return json.dumps(value, allow_nan=False) if kind is not int else _int_repr(value)


def _json_key(key) -> str:
    if type(key) is str:
        return _encode_string(key)
    return _encode_string(json.dumps(key) if not isinstance(key, str) else key)
