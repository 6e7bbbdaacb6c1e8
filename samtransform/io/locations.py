"""Line and column of any path in a template's text, for YAML and JSON alike.

Built only when an error or a finding needs a position, so a run without errors never
pays for it. Rules:
- a path ending in a mapping key points at the key (`Percentage:` of `Percentage: 150`);
  a list index points at the element;
- a path that goes further than the text does (a missing property) points at the
  deepest node that exists: the mapping the property should be in;
- a short form (`!GetAtt A.B`) stands for its long form, so `.../Role/Fn::GetAtt` is
  the tagged node itself.
Positions are 1-based; columns count characters.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from json.decoder import scanstring

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .yaml_loader import TemplateLoader, stands_for
from ..core.problems import Located, Location

Position = tuple  # (line, column)
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


class SourceMap:
    """Positions of the nodes of one template text."""

    def __init__(self, text: str):
        self.text = text
        self._json = _JsonIndex(text) if is_json(text) else None
        self._composed = False
        self._root = None

    @property
    def _yaml_root(self):
        # Composing a large template with marks costs about as much as checking it: done
        # only when a path needs more than a top-level key (see `_top_level_key`).
        if not self._composed:
            self._root, self._composed = _compose(self.text), True
        return self._root

    def position(self, path: tuple) -> Position:
        return self.span(path)[0]

    def span(self, path: tuple) -> tuple[Position, Position]:
        """Where the node `position` finds starts and ends (the end is just past its last character)."""
        if self._json is not None:
            start, end = self._json.span(path)
            return offset_position(self.text, start), offset_position(self.text, end)
        if len(path) == 1 and isinstance(path[0], str) and path[0] and not self._composed:
            found = _top_level_key(self.text, path[0])
            if found is not None:
                return found
        if self._yaml_root is None:
            return (1, 1), (1, 1)
        start, end = _yaml_marks(self._yaml_root, path)
        return (start.line + 1, start.column + 1), (end.line + 1, end.column + 1)


def offset_position(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return (line, offset - text.rfind("\n", 0, offset))


def is_json(text: str) -> bool:
    """JSON text, as the loader decides it: it starts with `{` and parses as JSON."""
    if not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


# --------------------------------------------------------------------------- YAML

def _compose(text: str):
    try:
        return yaml.compose(text, Loader=TemplateLoader)
    except (yaml.YAMLError, RecursionError):
        return None


def _top_level_key(text: str, key: str) -> tuple[Position, Position] | None:
    """The span of a key of the top-level block mapping, found in the text without composing.

    In block YAML a top-level key starts a line at column 1, and nothing else can (block
    scalars and continuation lines are indented): the line is unambiguous when the key
    appears exactly once, plain or quoted. Otherwise the caller composes.
    """
    pattern = re.compile(r"(?:%s|\"%s\"|'%s')[ \t]*:(?=[ \t\r\n]|$)" % ((re.escape(key),) * 3), re.MULTILINE)
    matches = [match for line_start in _line_starts_of(text, key) if (match := pattern.match(text, line_start))]
    if len(matches) != 1:
        return None
    match = matches[0]
    line = text.count("\n", 0, match.start()) + 1
    written = len(match.group(0).rstrip(" \t:"))
    return (line, 1), (line, 1 + written)


def _line_starts_of(text: str, key: str) -> Iterator[int]:
    """Where each line that begins with `key` (not empty), plain or quoted, begins."""
    # Found from the key itself: a search for a literal is a fast scan, while a pattern
    # anchored at every line start is tried line by line (15x slower on a 7 MB template).
    index = text.find(key)
    while index != -1:
        if index == 0 or text[index - 1] == "\n":
            yield index
        elif text[index - 1] in "\"'" and (index == 1 or text[index - 2] == "\n"):
            yield index - 1
        index = text.find(key, index + 1)


def _yaml_marks(root, path: tuple):
    """The start and end marks of the node (or mapping key) that `path` leads to."""
    node, located = root, root
    for step in path:
        if stands_for(node, step):
            continue  # `!GetAtt A.B` is itself the `Fn::GetAtt` entry
        if isinstance(node, MappingNode):
            pair = _find_key(node, str(step))
            if pair is None:
                break
            located, node = pair
        elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            located = node = node.value[step]
        elif isinstance(node, ScalarNode) and node.tag == "!GetAtt" and step in (0, 1):
            break  # a part of `Resource.Attribute`: the scalar is as precise as the text gets
        else:
            break
    return located.start_mark, located.end_mark


def _find_key(node, key: str):
    for pair in node.value:
        key_node = pair[0]
        if isinstance(key_node, ScalarNode) and key_node.value == key:
            return pair
    for key_node, value_node in node.value:  # keys brought in by a `<<` merge
        if key_node.tag == "tag:yaml.org,2002:merge":
            for source in (value_node.value if isinstance(value_node, SequenceNode) else [value_node]):
                if isinstance(source, MappingNode):
                    found = _find_key(source, key)
                    if found:
                        return found
    return None


# --------------------------------------------------------------------------- JSON

class _JsonIndex:
    """Offsets of every key and element in a JSON text that `json.loads` accepts."""

    def __init__(self, text: str):
        self.text = text
        self.offsets: dict[tuple, int] = {}
        self.ends: dict[tuple, int] = {}  # just past a key's closing quote, or past an element
        self.duplicates: list[tuple[tuple, int, int]] = []  # (path, first offset, repeated offset)
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 3 * 1000 + 200))  # json.loads accepts about 1000 levels
        try:
            self._value(self._skip(0), ())
        finally:
            sys.setrecursionlimit(limit)

    def offset(self, path: tuple) -> int:
        return self.span(path)[0]

    def span(self, path: tuple) -> tuple[int, int]:
        for end in range(len(path), -1, -1):
            if path[:end] in self.offsets:
                start = self.offsets[path[:end]]
                return start, self.ends.get(path[:end], start)
        return 0, 0

    def _skip(self, offset: int) -> int:
        return _WHITESPACE.match(self.text, offset).end()

    def _value(self, offset: int, path: tuple) -> int:
        self.offsets.setdefault(path, offset)
        char = self.text[offset]
        if char == "{":
            end = self._object(offset, path)
        elif char == "[":
            end = self._array(offset, path)
        elif char == '"':
            end = scanstring(self.text, offset + 1)[1]
        else:
            end = _JSON_SCALAR.match(self.text, offset).end()
        self.ends.setdefault(path, end)
        return end

    def _object(self, offset: int, path: tuple) -> int:
        offset = self._skip(offset + 1)
        seen: dict[str, int] = {}
        while self.text[offset] != "}":
            key, end = scanstring(self.text, offset + 1)
            if key in seen:
                self.duplicates.append((path + (key,), seen[key], offset))
            else:
                seen[key] = offset
                self.offsets[path + (key,)] = offset
                self.ends[path + (key,)] = end
            offset = self._skip(self._skip(end) + 1)  # past the colon
            offset = self._skip(self._value(offset, path + (key,)))
            if self.text[offset] == ",":
                offset = self._skip(offset + 1)
        return offset + 1

    def _array(self, offset: int, path: tuple) -> int:
        offset = self._skip(offset + 1)
        index = 0
        while self.text[offset] != "]":
            offset = self._skip(self._value(offset, path + (index,)))
            index += 1
            if self.text[offset] == ",":
                offset = self._skip(offset + 1)
        return offset + 1


def json_duplicates(text: str) -> list[tuple[tuple, Position, Position]]:
    """Repeated keys in a JSON text: (path, first position, repeated position)."""
    return [(path, offset_position(text, first), offset_position(text, again))
            for path, first, again in _JsonIndex(text).duplicates]


# --------------------------------------------------------------------------- errors with positions

def locate(text: str | None, name: str, problems) -> list[Located]:
    """Place each problem in `text` (the template named `name`), in the order of the template.

    A problem inside another file (its `origin`) is reported there, but listed where its
    path falls in the template (after the property that names the file); a problem without a
    path (a file that could not be read) comes first.
    """
    source = None
    placed = []
    for problem in problems:
        start, end = (1, 1), (1, 1)
        if problem.path and text is not None:
            source = source or SourceMap(text)
            start, end = source.span(problem.path)
        elif problem.origin is not None:
            start = end = (problem.origin.line, problem.origin.column)
        location = problem.origin or Location(name, *start, *end)
        placed.append((start, (location.line, location.column), Located(location, problem)))
    placed.sort(key=lambda entry: (entry[0], entry[1]))
    return [entry[2] for entry in placed]
