"""Splice `adopt`'s edits into the template's text, leaving every other character as it was.

Three edits, each addressed by a path from the template root:
- `Insert(path, entries)`: add keys at the end of the mapping at `path` (block or flow
  YAML, or a JSON object), after its last value's line, at its keys' column;
- `Append(path, values)`: add items at the end of the list at `path`;
- `Rename(path, old, new, within_sub)`: the reference at `path` to the logical ID `old` (a
  `Ref`, a `GetAtt`, or with `within_sub` a `${old}`/`${old.Arn}` in a `Sub`) names `new`;
  only those characters change, so quoting and short or long form stay.
Rules:
- an edit the text cannot take exactly is refused with the reason (`EditRefused`), never
  approximated: a value the text holds once for several places (a YAML anchor), a
  mapping given as something else, a reference the raw text does not spell as expected;
- inserts that land on the same character (a resource's last property, and the resource
  itself) are written deepest first, so each new key stays inside its own mapping;
- line breaks, indentation step and block-sequence offset are the file's own
  (`emit.Style`), found from the text.
The result is checked by the caller (`adopt.adoption`): parsed again, it must be the template
the edits describe.
"""

from __future__ import annotations

import re
from collections import namedtuple

from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import emit
from .nodes import Tree

_LEADING_SPACE = re.compile(r"[ \t]*")

Insert = namedtuple("Insert", "path entries")  # entries: ((key, value), ...)
Append = namedtuple("Append", "path values")
Rename = namedtuple("Rename", "path old new within_sub")

# One splice of the original text: replace text[start:end] by `text`; `depth` orders the
# splices that land on the same character (deeper first), `edit` is where it comes from.
Splice = namedtuple("Splice", "start end text depth edit")


class EditRefused(Exception):
    """The text cannot take this edit exactly; the message says why."""


class Editor:
    """Edits for one template text."""

    def __init__(self, text: str):
        self.text = text
        self.tree = Tree(text)
        self.style = _style(text, self.tree)

    def check(self, edit) -> str | None:
        """Why `edit` cannot be made (None: it can)."""
        try:
            self._splices(edit)
        except EditRefused as refusal:
            return str(refusal)
        return None

    def apply(self, edits: list) -> tuple[str, list[tuple[int, int]]]:
        """The new text, and for each edit the first and last line (1-based) it occupies there.

        Raises EditRefused for the first edit the text cannot take.
        """
        splices = [splice for edit in edits for splice in self._splices(edit)]
        splices.sort(key=lambda splice: (splice.start, splice.depth))
        pieces, cursor, delta = [], 0, 0
        placed: dict[int, list[tuple[int, int, bool]]] = {}
        for splice in splices:
            if splice.start < cursor:
                raise EditRefused(f"two edits overlap at character {splice.start}")
            pieces.append(self.text[cursor:splice.start])
            new_start = splice.start + delta
            pieces.append(splice.text)
            # A line break added after a last line that had none changes that line too.
            unterminated = splice.start == len(self.text) and not self.text.endswith("\n")
            placed.setdefault(id(splice.edit), []).append((new_start, new_start + len(splice.text), unterminated))
            delta += len(splice.text) - (splice.end - splice.start)
            cursor = splice.end
        pieces.append(self.text[cursor:])
        new_text = "".join(pieces)
        return new_text, [_line_span(new_text, placed[id(edit)]) for edit in edits]

    # ----------------------------------------------------------------------- per edit

    def _splices(self, edit) -> list[Splice]:
        found = self.tree.find(edit.path)
        if found is None:
            raise EditRefused("the text has no such value")
        if found.shared:
            raise EditRefused("the text holds this value once for several places (a YAML anchor and its aliases), "
                              "so changing it would change them all")
        if isinstance(edit, Rename):
            return self._rename(found.node, edit)
        if isinstance(edit, Insert):
            if not isinstance(found.node, MappingNode) or (found.node.tag or "").startswith("!"):
                raise EditRefused("it is not written as a mapping")
            return [self._insert(found.node, edit)]
        if not isinstance(found.node, SequenceNode) or (found.node.tag or "").startswith("!"):
            raise EditRefused("it is not written as a list")
        return [self._append(found.node, edit)]

    def _rename(self, node, edit: Rename) -> list[Splice]:
        if not isinstance(node, ScalarNode):
            raise EditRefused("the reference is not written as one value")
        start, end = node.start_mark.index, node.end_mark.index
        if (node.tag or "").startswith("!"):  # `!Ref X`: the mark is at the tag
            start = re.compile(r"!\S*\s+").match(self.text, start).end()
        old = re.escape(edit.old)
        pattern = (r"\$\{(%s)(?:\.Arn)?\}" % old) if edit.within_sub else r"(?<![A-Za-z0-9])(%s)(?![A-Za-z0-9])" % old
        matches = list(re.compile(pattern).finditer(self.text, start, end))
        if len(matches) != 1:
            raise EditRefused(f"the text does not spell the reference to {edit.old} as one plain name")
        return [Splice(matches[0].start(1), matches[0].end(1), edit.new, 0, edit)]

    def _insert(self, node: MappingNode, edit: Insert) -> Splice:
        depth = -len(edit.path)
        if self.tree.is_json:
            members = [(emit.json_value(key, "", None, self.style), value) for key, value in edit.entries]
            return self._into_json(node, members, depth, edit)
        if node.flow_style or not node.value:
            items = [f"{emit.yaml_key(key)}: {emit.yaml_flow(value)}" for key, value in edit.entries]
            return self._into_flow(node, items, depth, edit)
        column = _column(self.text, node.value[0][0].start_mark.index)
        lines = [f"{' ' * column}{emit.yaml_key(key)}:{emit.yaml_block(value, column, self.style)}"
                 for key, value in edit.entries]
        return self._after(node, lines, depth, edit)

    def _append(self, node: SequenceNode, edit: Append) -> Splice:
        depth = -len(edit.path)
        if self.tree.is_json:
            return self._into_json(node, [(None, value) for value in edit.values], depth, edit)
        if node.flow_style or not node.value:
            return self._into_flow(node, [emit.yaml_flow(value) for value in edit.values], depth, edit)
        column = _column(self.text, node.start_mark.index)
        lines = [f"{' ' * column}-{emit.yaml_item(value, column + 2, self.style)}" for value in edit.values]
        return self._after(node, lines, depth, edit)

    def _after(self, node, lines: list[str], depth: int, edit) -> Splice:
        """Lines after the last line of a block collection.

        After a block scalar (`|`, `>`) they go at the start of the line after its text, or
        past its trailing blank lines when it keeps them (`|+`): a key added on the scalar's
        last line would end it. Elsewhere they go at the end of the last value's line.
        """
        newline = self.style.newline
        leaf = _last_leaf(node)
        if not (isinstance(leaf, ScalarNode) and leaf.style in ("|", ">")):
            offset = _line_end(self.text, _content_end(self.text, leaf))
            return Splice(offset, offset, "".join(newline + line for line in lines), depth, edit)
        header = self.text[leaf.start_mark.index:self.text.find("\n", leaf.start_mark.index)]
        if "+" in header:
            offset = leaf.end_mark.index
        else:
            offset = self.text.find("\n", _content_end(self.text, leaf)) + 1
        if offset <= 0 or offset > len(self.text) or (offset == len(self.text) and not self.text.endswith("\n")):
            raise EditRefused("the text ends with a block scalar (| or >) and no line break, so a line added after "
                              "it would change that scalar")
        return Splice(offset, offset, "".join(line + newline for line in lines), depth, edit)

    def _into_flow(self, node, items: list[str], depth: int, edit) -> Splice:
        """Items (`key: value` or values) at the end of a flow collection, one line or one per line."""
        entries = node.value
        if not entries:
            return Splice(node.start_mark.index + 1, node.start_mark.index + 1, ", ".join(items), depth, edit)
        first = entries[0][0] if isinstance(node, MappingNode) else entries[0]
        last = entries[-1][1] if isinstance(node, MappingNode) else entries[-1]
        offset = last.end_mark.index
        if "\n" in self.text[node.start_mark.index:first.start_mark.index]:  # one entry a line
            indent = _indentation(self.text, first.start_mark.index)
            separator = "," + self.style.newline + indent
        else:
            separator = ", "
        return Splice(offset, offset, "".join(separator + item for item in items), depth, edit)

    def _into_json(self, node, entries: list[tuple[str | None, object]], depth: int, edit) -> Splice:
        """Members (`"key": value`, or values without a key) at the end of a JSON object or array."""
        existing = node.value
        first = (existing[0][0] if isinstance(node, MappingNode) else existing[0]) if existing else None
        multiline = first is not None and "\n" in self.text[node.start_mark.index:first.start_mark.index]
        if multiline:
            indent = _indentation(self.text, first.start_mark.index)
            unit = indent[len(_indentation(self.text, node.start_mark.index)):] or "  "
            separator = "," + self.style.newline + indent
        else:
            indent, unit, separator = "", None, _json_item_separator(self.text, node)
        rendered = [(f"{key}{self.style.key_separator}" if key is not None else "")
                    + emit.json_value(value, indent, unit, self.style) for key, value in entries]
        if not existing:
            return Splice(node.start_mark.index + 1, node.start_mark.index + 1, ", ".join(rendered), depth, edit)
        last = existing[-1][1] if isinstance(node, MappingNode) else existing[-1]
        return Splice(last.end_mark.index, last.end_mark.index, "".join(separator + item for item in rendered),
                      depth, edit)


# --------------------------------------------------------------------------- the file's style

def _style(text: str, tree: Tree) -> emit.Style:
    newline = "\r\n" if "\r\n" in text[: text.find("\n") + 1] else "\n"
    if tree.is_json:
        return emit.Style(newline, 2, 2, _json_key_separator(text, tree.root))
    step, offset = _yaml_indentation(text, tree.root)
    return emit.Style(newline, step, offset, ": ")


def _yaml_indentation(text: str, root) -> tuple[int, int]:
    """The indentation step of block mappings, and how far a block sequence sits right of its key."""
    step = offset = None
    stack = [root] if isinstance(root, MappingNode) else []
    while stack and (step is None or offset is None):
        node = stack.pop(0)
        if node.flow_style:
            continue
        for key, value in node.value:
            key_column = _column(text, key.start_mark.index)
            if isinstance(value, MappingNode) and not value.flow_style and value.value and step is None:
                step = _column(text, value.value[0][0].start_mark.index) - key_column
                step = step if step > 0 else None
            elif isinstance(value, SequenceNode) and not value.flow_style and value.value and offset is None:
                offset = _column(text, value.start_mark.index) - key_column
                offset = offset if offset >= 0 else None
            if isinstance(value, MappingNode):
                stack.append(value)
    step = step or 2
    return step, step if offset is None else offset


def _json_key_separator(text: str, root) -> str:
    if isinstance(root, MappingNode) and root.value:
        key, value = root.value[0]
        separator = text[key.end_mark.index:value.start_mark.index]
        if "\n" not in separator:
            return separator
    return ": "


def _json_item_separator(text: str, node) -> str:
    values = node.value
    if len(values) >= 2:
        first_end = (values[0][1] if isinstance(node, MappingNode) else values[0]).end_mark.index
        second = (values[1][0] if isinstance(node, MappingNode) else values[1]).start_mark.index
        return text[first_end:second]
    return ", "


# --------------------------------------------------------------------------- positions

def _last_leaf(node):
    """The last scalar or flow collection of a block collection: where its text really ends.

    (A block collection's own end mark is where the next token starts, past any comment.)
    """
    while isinstance(node, (MappingNode, SequenceNode)) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, MappingNode) else node.value[-1]
    return node


def _content_end(text: str, node) -> int:
    """Just past the last character of `node` that is not white space (a block scalar ends after its line break)."""
    end = node.end_mark.index
    while end > node.start_mark.index and text[end - 1] in " \t\r\n":
        end -= 1
    return end


def _line_end(text: str, offset: int) -> int:
    """Where the line holding `offset` ends, before its line break (past any comment)."""
    end = text.find("\n", offset)
    if end == -1:
        return len(text)
    return end - 1 if end > 0 and text[end - 1] == "\r" else end


def _column(text: str, offset: int) -> int:
    return offset - (text.rfind("\n", 0, offset) + 1)


def _indentation(text: str, offset: int) -> str:
    """The white space that starts the line holding `offset`."""
    return _LEADING_SPACE.match(text, text.rfind("\n", 0, offset) + 1).group(0)


def _line_span(text: str, ranges: list[tuple[int, int, bool]]) -> tuple[int, int]:
    """The first and last line (1-based) the spliced characters occupy; a splice that starts with a
    line break begins on the next line."""
    firsts, lasts = [], []
    for start, end, unterminated in ranges:
        first_offset = start
        if text.startswith("\r\n", start) and not unterminated:
            first_offset = start + 2
        elif text.startswith("\n", start) and not unterminated:
            first_offset = start + 1
        firsts.append(text.count("\n", 0, first_offset) + 1)
        lasts.append(text.count("\n", 0, max(end - 1, first_offset)) + 1)
    return min(firsts), max(lasts)
