"""An inline Definition -> the lines of AWS SAM's `DefinitionString`, and its substitutions.

SAM writes the definition with `json.dumps(..., sort_keys=True, indent=4,
separators=(",", ": "))` (so non-ASCII is escaped), splits it into lines and joins them
with `Fn::Join`; before that it replaces every intrinsic function or dynamic reference
with `${definition_substitution_N}`, numbered in key-sorted depth-first order.

Both happen here in one pass that writes the lines directly. The numbering order and
the printing order are the same walk, and Python's json module only indents in pure
Python (with generators), which made it most of the cost of expanding a state machine.
A test checks the lines against `json.dumps` on generated definitions.
"""

from __future__ import annotations

from json.encoder import encode_basestring_ascii as _encode_string

from ..core.intrinsics import is_dynamic_reference
from ..core.limits import MAX_DEFINITION_BYTES

SUBSTITUTION = '"${{definition_substitution_{}}}"'
INDENT = "    "
_float_repr = float.__repr__
_int_repr = int.__repr__


class NotJson(Exception):
    """A value JSON cannot hold, at `path` below the definition."""

    def __init__(self, path: tuple, reason: str):
        super().__init__(reason)
        self.path, self.reason = path, reason


class _Refused(Exception):
    """Raised deep in the walk; `definition_lines` finds the path afterwards (a rare, slow path)."""

    def __init__(self, culprit, reason: str):
        super().__init__(reason)
        self.culprit, self.reason = culprit, reason


TOO_LARGE = ("the definition is more than {limit:,} bytes as AWS SAM writes it (indented JSON, the "
             "DefinitionString), even with every substitution empty; Step Functions accepts a definition of at most "
             "1 MB")


def definition_lines(definition: dict) -> tuple[list[str], list]:
    """The DefinitionString lines, and the values moved into substitutions, in number order.

    Raises NotJson for a value JSON cannot hold, and for a definition larger than Step Functions
    accepts (MAX_DEFINITION_BYTES) once written: indentation grows with nesting, so a file of 2 MB
    nested deep would make gigabytes of lines; the walk stops as soon as their indentation alone is
    over the limit, and the whole text, placeholders left out, is measured at the end."""
    lines: list[str] = []
    found: list = []
    try:
        _emit(definition, "", "", lines, found, [MAX_DEFINITION_BYTES])
    except _Refused as refused:
        raise NotJson(_path_to(definition, refused.culprit) or (), refused.reason) from None
    except _TooLarge:
        raise NotJson((), TOO_LARGE.format(limit=MAX_DEFINITION_BYTES)) from None
    placeholders = sum(len(SUBSTITUTION.format(number)) - 2 for number in range(1, len(found) + 1))
    if sum(map(len, lines)) + len(lines) - 1 - placeholders > MAX_DEFINITION_BYTES:
        raise NotJson((), TOO_LARGE.format(limit=MAX_DEFINITION_BYTES))
    return lines, found


class _TooLarge(Exception):
    """The lines' indentation alone is over the definition limit."""


def _emit(value, head: str, indent: str, lines: list, found: list, budget: list) -> None:
    """Append a container's lines: the first starts with `head`, the closing one with `indent`.

    Children are written inline rather than by a call each: this loop runs once per node
    of every definition, and is most of the cost of an expansion. `budget` holds the bytes of
    indentation still allowed: each child's line starts with the container's inner indentation.
    """
    if type(value) is dict:
        if not value:
            lines.append(head + "{}")
            return
        lines.append(head + "{")
        inner = indent + INDENT
        budget[0] -= len(inner) * len(value)
        if budget[0] < 0:
            raise _TooLarge
        pairs = ((inner + _encode_string(key) + ": ", value[key]) for key in _sorted_keys(value))
        closing = indent + "}"
    else:
        if not value:
            lines.append(head + "[]")
            return
        lines.append(head + "[")
        inner = indent + INDENT
        budget[0] -= len(inner) * len(value)
        if budget[0] < 0:
            raise _TooLarge
        pairs = ((inner, item) for item in value)
        closing = indent + "]"
    for prefix, child in pairs:
        kind = type(child)
        if kind is str:
            if child.startswith("{{resolve:") and is_dynamic_reference(child):
                found.append(child)
                lines.append(prefix + SUBSTITUTION.format(len(found)) + ",")
            else:
                lines.append(prefix + _encode_string(child) + ",")
        elif kind is dict or kind is list:
            if kind is dict and len(child) == 1 and _is_intrinsic_key(next(iter(child))):
                found.append(child)
                lines.append(prefix + SUBSTITUTION.format(len(found)) + ",")
            else:
                _emit(child, prefix, inner, lines, found, budget)
                lines[-1] += ","
        else:
            lines.append(prefix + _scalar(child) + ",")
    lines[-1] = lines[-1][:-1]
    lines.append(closing)


def _is_intrinsic_key(key) -> bool:
    return key == "Ref" or key == "Condition" or (type(key) is str and key.startswith("Fn::"))


def _sorted_keys(mapping: dict) -> list:
    try:
        keys = sorted(mapping)
    except TypeError:
        keys = None
    if keys is None or type(keys[0]) is not str or type(keys[-1]) is not str:
        raise _Refused(mapping, f"key {next(key for key in mapping if type(key) is not str)!r} is not a string; "
                                "state machine definitions are JSON")
    return keys


def _scalar(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    kind = type(value)
    if kind is int:
        return _int_repr(value)
    if kind is float or isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            # What json.dumps writes (and what CloudFormation then refuses).
            return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")
        return _float_repr(value)
    if isinstance(value, int):
        return _int_repr(value)
    if isinstance(value, str):
        return _encode_string(value)
    raise _Refused(value, f"{value!r} is not a JSON value")


def _path_to(node, culprit, path: tuple = ()):
    """The path of `culprit` (by identity) below `node`."""
    if node is culprit:
        return path
    children = node.items() if type(node) is dict else enumerate(node) if type(node) is list else ()
    for key, child in children:
        found = _path_to(child, culprit, path + (key,))
        if found is not None:
            return found
    return None
