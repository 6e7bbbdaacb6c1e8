"""Python 2.7's dict iteration order and `str()`, which AWS SAM's API deployment IDs depend on.

AWS SAM names an API's Deployment `<Api>Deployment<hash>`, where the hash is the SHA-1 of
`str(body)`, the OpenAPI body as Python 2.7 would have printed it: keys in the order of
CPython 2.7's hash table (not insertion order) and strings taken from the template
written as `u'...'`. SAM keeps that text stable across its move to Python 3 by replaying
CPython 2.7's table in its own code, so the order of a mapping depends on the whole
history of its insertions and table rebuilds, and every copy rebuilds the table.

`Py2Dict` replays that table: open addressing over the 64-bit Python 2.7 string hash,
probing with a perturbation shifted by 5, growing to four times the used slots once two
thirds are filled (CPython 2.7's Objects/dictobject.c). The callers reproduce SAM's
sequence of edits and copies (`rebuild`), and `render` prints the result the way SAM
hashes it. `TemplateText` marks strings that come from the template.

A copy refills every table of the tree in its current order, which may reorder it (and
repeated copies cycle through orders rather than settle). SAM copies an API's whole body
for every Api event, so doing the same would cost the body's size per event. Instead a
tree counts its copies (`rebuild` is O(1)) and each table catches up on the copies it has
missed when it is next read in order or changed; a table that is not touched again catches
up once, at the end, where the repeating orders are found and skipped.
"""

from __future__ import annotations

_MIN_SIZE = 8
_PERTURB_SHIFT = 5
_LARGE = 50000  # above this many keys a table only doubles
_MASK64 = (1 << 64) - 1


class TemplateText(str):
    """A string read from the template, which SAM's hash input prints as u'...'."""

    __slots__ = ()


_HASHES: dict[str, int] = {}  # the same few keys are hashed over and over


def string_hash(text: str) -> int:
    """Python 2.7's hash of a string, as an unsigned 64-bit number (the table's view of it)."""
    known = _HASHES.get(text)
    if known is not None:
        return known
    value = 0
    if text:
        value = ord(text[0]) << 7
        for character in text:
            value = ((1000003 * value) ^ ord(character)) & _MASK64
        value ^= len(text)
    _HASHES[str(text)] = value
    return value


class _Copies:
    """How many times a tree of tables has been copied; shared by the tables of the tree."""

    __slots__ = ("count",)

    def __init__(self):
        self.count = 0


class Py2Dict(dict):
    """A dict whose iteration order is the slot order of a replayed CPython 2.7 table."""

    __slots__ = ("_slots", "_mask", "_fill", "_used", "_tree", "_seen")

    def __init__(self):
        super().__init__()
        self._reset(_MIN_SIZE - 1)
        self._tree: _Copies | None = None  # the tree this table is in, once it is copied with it
        self._seen = 0  # how many of the tree's copies the table's layout reflects

    def _reset(self, mask: int) -> None:
        self._slots: dict[int, str | None] = {}  # slot -> key; None marks a deleted key
        self._mask = mask
        self._fill = 0
        self._used = 0

    # ------------------------------------------------------------------ the table

    def _slot(self, key: str) -> int:
        full_hash = string_hash(key)
        index = full_hash & self._mask
        free = None
        walker = index
        perturb = full_hash
        while index in self._slots and self._slots[index] != key:
            if free is None and self._slots[index] is None:
                free = index
            walker = 5 * walker + perturb + 1
            index = walker & self._mask
            perturb >>= _PERTURB_SHIFT
        if index not in self._slots and free is not None:
            return free
        return index

    def _add(self, key: str) -> None:
        used_before = self._used
        index = self._slot(key)
        if index not in self._slots:
            self._fill += 1
            self._used += 1
            self._slots[index] = key
        elif self._slots[index] is None:
            self._used += 1
            self._slots[index] = key
        # else: the key is there already, and keeps its first object (a str or a TemplateText), as in a dict
        if self._used > used_before and self._fill * 3 >= (self._mask + 1) * 2:
            self._resize(self._used * (2 if self._used > _LARGE else 4))

    def _resize(self, request: int) -> None:
        size = _MIN_SIZE
        while size <= request:
            size <<= 1
        keys = self._keys()
        self._reset(size - 1)
        for key in keys:
            self._add(key)

    def py2_keys(self) -> list:
        self._catch_up()
        return self._keys()

    def _keys(self) -> list:
        return [self._slots[index] for index in sorted(self._slots) if self._slots[index] is not None]

    # ------------------------------------------------------------------ copies

    def _catch_up(self) -> None:
        """Refill the table once for each copy of its tree it has missed."""
        tree = self._tree
        if tree is not None and self._seen != tree.count:
            missed = tree.count - self._seen
            self._seen = tree.count
            self._refill(missed)

    def _refill(self, times: int) -> None:
        """The layout after `times` copies, each inserting the keys afresh in the order the last one left.
        The orders repeat after a few copies: once an order comes back, the rest is skipped."""
        inputs: dict[tuple, int] = {}
        order = self._keys()
        history = []
        for copy in range(times):
            seen_at = inputs.get(tuple(order))
            if seen_at is not None:  # copies seen_at, seen_at + period, ... start from this same order
                period = copy - seen_at
                self._fill_with(history[seen_at + (times - 1 - seen_at) % period])
                return
            inputs[tuple(order)] = copy
            history.append(order)
            self._fill_with(order)
            order = self._keys()

    def _fill_with(self, order: list) -> None:
        self._slots, self._mask, self._used = _fresh_layout(order)
        self._fill = self._used

    # ------------------------------------------------------------------ the edits SAM makes

    def __setitem__(self, key, value) -> None:
        self._catch_up()
        super().__setitem__(key, value)
        self._add(key)
        if self._tree is not None:
            _adopt(value, self._tree)

    def __delitem__(self, key) -> None:
        self._catch_up()
        super().__delitem__(key)
        index = self._slot(key)
        if self._slots.get(index) is not None:
            self._slots[index] = None  # a dummy: the slot stays filled for later probes
            self._used -= 1

    def setdefault(self, key, default):
        if key not in self:
            self[key] = default
        return self[key]

    def merge(self, mapping: dict) -> None:
        """`update` with a mapping: CPython 2.7 first makes room for all the new keys at once."""
        if not mapping:
            return
        self._catch_up()
        if (self._fill + len(mapping)) * 3 >= (self._mask + 1) * 2:
            self._resize((self._used + len(mapping)) * 2)
        for key, value in mapping.items():
            self[key] = value

    def __iter__(self):
        return iter(self.py2_keys())

    def items(self):
        return [(key, dict.__getitem__(self, key)) for key in self.py2_keys()]


def _fresh_layout(order: list) -> tuple[dict, int, int]:
    """(slots, mask, used) of a new table filled with `order`: `_add` without deletions to look after,
    written out because a copy of a large table refills it over and over."""
    hashes = _HASHES
    mask = _MIN_SIZE - 1
    slots: dict[int, str | None] = {}
    used = 0
    for key in order:
        _place(slots, key, hashes.get(key) if key in hashes else string_hash(key), mask)
        used += 1
        if used * 3 >= (mask + 1) * 2:
            request = used * (2 if used > _LARGE else 4)
            size = _MIN_SIZE
            while size <= request:
                size <<= 1
            mask = size - 1
            keys = [slots[index] for index in sorted(slots)]
            slots = {}
            for moved in keys:
                _place(slots, moved, hashes[moved], mask)
    return slots, mask, used


def _place(slots: dict, key, full_hash: int, mask: int) -> None:
    index = full_hash & mask
    walker = index
    perturb = full_hash
    while index in slots:
        walker = 5 * walker + perturb + 1
        index = walker & mask
        perturb >>= _PERTURB_SHIFT
    slots[index] = key


def py2_dict(*pairs) -> Py2Dict:
    """A Py2Dict filled key by key, in the given order."""
    result = Py2Dict()
    for key, value in pairs:
        result[key] = value
    return result


def from_template(value):
    """A template value as SAM holds it once read: strings as TemplateText, mappings as Py2Dicts."""
    if isinstance(value, dict):
        converted = Py2Dict()
        for key, item in value.items():
            converted[TemplateText(key)] = from_template(item)
        return converted
    if isinstance(value, list):
        return [from_template(item) for item in value]
    if isinstance(value, str):
        return TemplateText(value)
    return value


def py2_ordered(mapping: dict) -> dict:
    """`mapping` as a plain dict in the Python 2.7 order of its keys inserted in their order."""
    table = py2_dict(*mapping.items())
    return {key: mapping[key] for key in table}


def rebuild(value):
    """`value` after a copy as SAM's deep copy makes it, in which each table is refilled in its current
    order: the tree counts the copy, and its tables catch up when they are next read or changed.

    The callers use the result in place of `value` (`body = rebuild(body)`), as they would a copy."""
    if isinstance(value, (dict, list)):
        tree = value._tree if isinstance(value, Py2Dict) else None
        if tree is None:
            tree = _Copies()
            _adopt(value, tree)
        tree.count += 1
    return value


def _adopt(value, tree: _Copies) -> None:
    """Make `tree` the tree of every table in `value` not yet in it (a table joins with the copies it has seen)."""
    if isinstance(value, Py2Dict):
        if value._tree is tree:
            return
        value._catch_up()  # with the tree it was in, if any
        value._tree = tree
        value._seen = tree.count
        for item in dict.values(value):
            _adopt(item, tree)
    elif isinstance(value, dict):
        for item in value.values():
            _adopt(item, tree)
    elif isinstance(value, list):
        for item in value:
            _adopt(item, tree)


def plain(value):
    """Plain dicts and strings in the Py2Dict order: what SAM's output holds."""
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, TemplateText):
        return str(value)
    return value


def render(value) -> str:
    """`str(value)` as SAM computes its hash input."""
    if isinstance(value, Py2Dict):
        return "{" + ", ".join(f"{_text(key)}: {render(item)}" for key, item in value.items()) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{render(key)}: {render(item)}" for key, item in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render(item) for item in value) + "]"
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, bool) or value is None or isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        # SAM marks integers beyond Python 2's sys.maxint as longs, printed with an L.
        return repr(value) + ("L" if value > 9223372036854775807 else "")
    return repr(value)


def _text(value: str) -> str:
    if isinstance(value, TemplateText):
        # Python 2 printed unicode strings with escapes for everything beyond ASCII.
        escaped = str.encode(value, "unicode_escape").decode("ascii")
        return "u" + repr(escaped).replace("\\\\", "\\")
    return repr(str(value))
