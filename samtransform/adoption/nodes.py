"""Where each value of a template stands in its text: the node tree `adopt` edits by position.

Rules:
- YAML is composed with the project's loader (`io.yaml_loader.TemplateLoader`), whose marks
  give character offsets (`Mark.index`, checked to agree between libyaml and PyYAML's
  pure-Python composer, astral characters and CRLF included); JSON gets the same kind of
  nodes from a small scanner here, since JSON is not always YAML 1.1 (tabs, `\\/`, keys over
  1024 characters);
- a path from the template root leads to a node as `io.locations` leads to a position: a
  short form (`!Ref X`, `!GetAtt A.B`, `!Sub s`) stands for its long form, so
  `.../Arn/Ref` is the `!Ref` node itself;
- a node that the text holds once but the template holds several times (a YAML anchor that
  an alias or a `<<` merge repeats) is `shared`: editing it would change every place that
  repeats it, so the editor refuses to.
"""

from __future__ import annotations

import re
import sys
from collections import namedtuple
from json.decoder import scanstring

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..io.locations import is_json
from ..io.yaml_loader import TemplateLoader, stands_for

_MERGE = "tag:yaml.org,2002:merge"
JSON_TAG = "json"  # the tag of every node the JSON scanner makes
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_JSON_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

# A node found by a path: the node, the key node it is the value of (None for a list
# element or the root), and whether the text holds it once for several places.
Found = namedtuple("Found", "node key shared")


class Tree:
    """The node tree of one template text, and which of its nodes are shared."""

    def __init__(self, text: str):
        self.text = text
        self.is_json = is_json(text)
        self.root = _JsonScanner(text).root if self.is_json else _compose(text)
        self.shared = _shared_nodes(self.root)

    def find(self, path: tuple) -> Found | None:
        """The node `path` leads to, or None when the text has no such node."""
        node, key, shared = self.root, None, id(self.root) in self.shared
        for step in path:
            if stands_for(node, step):
                continue
            if isinstance(node, MappingNode):
                pair, merged = _pair(node, step)
                if pair is None:
                    return None
                key, node = pair
                shared = shared or merged
            elif isinstance(node, SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
                key, node = None, node.value[step]
            elif isinstance(node, ScalarNode) and node.tag == "!GetAtt" and step in (0, 1):
                continue  # a part of `Resource.Attribute`: the scalar holds both
            else:
                return None
            shared = shared or id(node) in self.shared
        return Found(node, key, shared)


def _compose(text: str):
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * 1000 + 200))  # composing recurses a few frames a level
    try:
        return yaml.compose(text, Loader=TemplateLoader)
    finally:
        sys.setrecursionlimit(limit)


def _pair(node: MappingNode, step):
    """The (key, value) pair of `step` in a mapping, and whether a `<<` merge brought it in."""
    for pair in reversed(node.value):  # a repeated key keeps its last value, as the loader does
        if isinstance(pair[0], ScalarNode) and pair[0].tag != _MERGE and pair[0].value == str(step):
            return pair, False
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE:
            for source in (value_node.value if isinstance(value_node, SequenceNode) else [value_node]):
                if isinstance(source, MappingNode):
                    pair, _ = _pair(source, step)
                    if pair is not None:
                        return pair, True
    return None, False


def _shared_nodes(root) -> set[int]:
    """The ids of the nodes an alias repeats (the composer hands back the anchored node itself)."""
    seen: set[int] = set()
    shared: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen:
            shared.add(id(node))
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend(child for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return _with_descendants(shared, root) if shared else shared


def _with_descendants(shared: set[int], root) -> set[int]:
    """Everything inside a shared node is shared too."""
    result: set[int] = set()
    stack = [(root, False)]
    while stack:
        node, inside = stack.pop()
        inside = inside or id(node) in shared
        if inside:
            if id(node) in result:
                continue
            result.add(id(node))
        if isinstance(node, MappingNode):
            stack.extend((child, inside) for pair in node.value for child in pair)
        elif isinstance(node, SequenceNode):
            stack.extend((child, inside) for child in node.value)
    return result


# --------------------------------------------------------------------------- JSON

class _JsonScanner:
    """YAML nodes (flow style, tag `json`) with the offsets of every JSON value and key."""

    def __init__(self, text: str):
        self.text = text
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 3 * 1000 + 200))  # json.loads accepts about 1000 levels
        try:
            self.root, _ = self._value(self._skip(0))
        finally:
            sys.setrecursionlimit(limit)

    def _mark(self, offset: int):
        return yaml.Mark("<json>", offset, 0, 0, None, None)

    def _skip(self, offset: int) -> int:
        return _WHITESPACE.match(self.text, offset).end()

    def _value(self, offset: int):
        char = self.text[offset]
        if char == "{":
            return self._object(offset)
        if char == "[":
            return self._array(offset)
        if char == '"':
            value, end = scanstring(self.text, offset + 1)
        else:
            end = _JSON_SCALAR.match(self.text, offset).end()
            value = self.text[offset:end]
        return ScalarNode(JSON_TAG, value, self._mark(offset), self._mark(end), style='"' if char == '"' else None), end

    def _object(self, start: int):
        pairs = []
        offset = self._skip(start + 1)
        while self.text[offset] != "}":
            key, key_end = scanstring(self.text, offset + 1)
            key_node = ScalarNode(JSON_TAG, key, self._mark(offset), self._mark(key_end), style='"')
            value, end = self._value(self._skip(self._skip(key_end) + 1))
            pairs.append((key_node, value))
            offset = self._skip(end)
            if self.text[offset] == ",":
                offset = self._skip(offset + 1)
        return MappingNode(JSON_TAG, pairs, self._mark(start), self._mark(offset + 1), flow_style=True), offset + 1

    def _array(self, start: int):
        items = []
        offset = self._skip(start + 1)
        while self.text[offset] != "]":
            value, end = self._value(offset)
            items.append(value)
            offset = self._skip(end)
            if self.text[offset] == ",":
                offset = self._skip(offset + 1)
        return SequenceNode(JSON_TAG, items, self._mark(start), self._mark(offset + 1), flow_style=True), offset + 1
