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
"""

from __future__ import annotations

from functools import lru_cache
from itertools import repeat
from operator import itemgetter

_MIN_SIZE = 8
_PERTURB_SHIFT = 5
_LARGE = 50000  # above this many keys a table only doubles
_MASK64 = (1 << 64) - 1
_second = itemgetter(1)


class TemplateText(str):
    """A string read from the template, which SAM's hash input prints as u'...'."""

    __slots__ = ()


@lru_cache(maxsize=1 << 16)  # a body is copied once per Api event: its keys are hashed again and again
def string_hash(text: str) -> int:
    """Python 2.7's hash of a string, as an unsigned 64-bit number (the table's view of it)."""
    if not text:
        return 0
    value = ord(text[0]) << 7
    for character in text:
        value = ((1000003 * value) ^ ord(character)) & _MASK64
    return value ^ len(text)


class Py2Dict(dict):
    """A dict whose iteration order is the slot order of a replayed CPython 2.7 table."""

    # `settled`: a copy (`rebuild`) of this table would have the same layout. Set by whoever
    # checked it (features/api/definition_body.py), cleared whenever the layout changes.
    __slots__ = ("_slots", "_mask", "_fill", "_used", "settled")

    def __init__(self):
        super().__init__()
        self._reset(_MIN_SIZE - 1)

    def _reset(self, mask: int) -> None:
        self._slots: dict[int, str | None] = {}  # slot -> key; None marks a deleted key
        self._mask = mask
        self._fill = 0
        self._used = 0
        self.settled = False

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
            self.settled = False
        elif self._slots[index] is None:
            self._used += 1
            self._slots[index] = key
            self.settled = False
        # else: the key is there already, and keeps its first object (a str or a TemplateText), as in a dict
        if self._used > used_before and self._fill * 3 >= (self._mask + 1) * 2:
            self._resize(self._used * (2 if self._used > _LARGE else 4))

    def _resize(self, request: int) -> None:
        size = _MIN_SIZE
        while size <= request:
            size <<= 1
        keys = self.py2_keys()
        self._reset(size - 1)
        for key in keys:
            self._add(key)

    def py2_keys(self) -> list:
        if self._used == self._fill and self._used > 1:  # no deleted keys: the slots in order, in C
            return list(itemgetter(*sorted(self._slots))(self._slots))
        return [key for _, key in sorted(self._slots.items()) if key is not None]

    # ------------------------------------------------------------------ the edits SAM makes

    def __setitem__(self, key, value) -> None:
        super().__setitem__(key, value)
        self._add(key)

    def __delitem__(self, key) -> None:
        super().__delitem__(key)
        index = self._slot(key)
        if self._slots.get(index) is not None:
            self._slots[index] = None  # a dummy: the slot stays filled for later probes
            self._used -= 1
            self.settled = False

    def setdefault(self, key, default):
        if key not in self:
            self[key] = default
        return self[key]

    def merge(self, mapping: dict) -> None:
        """`update` with a mapping: CPython 2.7 first makes room for all the new keys at once."""
        if not mapping:
            return
        if (self._fill + len(mapping)) * 3 >= (self._mask + 1) * 2:
            self._resize((self._used + len(mapping)) * 2)
        for key, value in mapping.items():
            self[key] = value

    def __iter__(self):
        return iter(self.py2_keys())

    def same_layout(self, other: "Py2Dict") -> bool:
        """Whether `other` holds the same keys in the same slots of a table of the same size."""
        return self._mask == other._mask and self._slots == other._slots

    def layout_copy(self) -> "Py2Dict":
        """A copy with this table's layout as it is (not SAM's copy, which refills the table: `rebuild`)."""
        copy = Py2Dict()
        dict.update(copy, dict.items(self))
        copy._slots, copy._mask, copy._fill, copy._used = dict(self._slots), self._mask, self._fill, self._used
        copy.settled = self.settled
        return copy

    def items(self):
        keys = self.py2_keys()
        return list(zip(keys, map(dict.__getitem__, repeat(self), keys)))

    def refill(self) -> "Py2Dict":
        """This table as SAM's copy refills it, holding the same values (not copies of them)."""
        keys = self.py2_keys()
        return _filled(keys, zip(keys, map(dict.__getitem__, repeat(self), keys)))


def py2_dict(*pairs) -> Py2Dict:
    """A Py2Dict filled key by key, in the given order."""
    result = Py2Dict()
    for key, value in pairs:
        result[key] = value
    return result


def refilled(pairs: list) -> Py2Dict:
    """A new table filled with `pairs` (distinct keys) in their order: what setting them one by one
    gives, in one loop (a REST API's body is refilled twice per Api event)."""
    return _filled([key for key, _ in pairs], pairs)


def _filled(keys: list, pairs) -> Py2Dict:
    if len(keys) >= _REMEMBERED_SIZE:
        # Refilled in slot order again and again, a large table's layouts soon repeat (the
        # implicit API's paths, copied twice per event): each layout is worked out once.
        order = tuple(keys)
        found = _refills.get(order)
        if found is None:
            found = _refills[order] = _refill(order)
            if len(_refills) > _REMEMBERED_REFILLS:
                del _refills[next(iter(_refills))]
        mask, indices, positions = found
        slots = dict(zip(indices, itemgetter(*positions)(keys)))  # the caller's key objects (str or TemplateText)
    else:
        mask, indices, positions = _refill(keys)
        slots = dict(zip(indices, (keys[position] for position in positions)))
    table = Py2Dict()
    dict.update(table, pairs)
    table._slots, table._mask, table._fill, table._used = slots, mask, len(keys), len(keys)
    return table


_REMEMBERED_SIZE = 64  # smaller tables are refilled faster than their keys are looked up
_REMEMBERED_REFILLS = 16
_refills: dict = {}
_hashes: dict = {}  # key -> string_hash(key), for _refill


def _refill(keys) -> tuple[int, list, list]:
    """The mask, and the slot of each key with its position in `keys`, of a table filled with `keys`."""
    try:  # every key hashed before: found in C
        hashes = list(map(_hashes.__getitem__, keys))
    except KeyError:
        if len(_hashes) > 1 << 16:
            _hashes.clear()
        _hashes.update((key, string_hash(key)) for key in keys if key not in _hashes)
        hashes = list(map(_hashes.__getitem__, keys))
    mask, slots = _MIN_SIZE - 1, {}
    pending = list(range(len(keys)))
    while True:
        # The keys that fit before the table grows (_add grows it once two thirds are filled),
        # placed without a check each: this loop runs once per key of every copy of every body.
        room = -(-2 * (mask + 1) // 3) - len(slots)
        for position in pending[:room]:
            full_hash = hashes[position]
            index = full_hash & mask
            if index in slots:
                walker, perturb = index, full_hash
                while index in slots:
                    walker = 5 * walker + perturb + 1
                    index = walker & mask
                    perturb >>= _PERTURB_SHIFT
            slots[index] = position
        if len(pending) < room:
            return mask, list(slots), list(slots.values())
        # Grown as _resize grows a table: the keys so far again, in slot order, then the rest.
        used = len(slots)
        request = used * (2 if used > _LARGE else 4)
        size = _MIN_SIZE
        while size <= request:
            size <<= 1
        pending = list(map(_second, sorted(slots.items()))) + pending[room:]
        mask, slots = size - 1, {}


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
    """A copy of `value`, as SAM's deep copy makes it: each table is refilled in its current order."""
    if isinstance(value, Py2Dict):
        return refilled([(key, rebuild(item)) for key, item in value.items()])
    if isinstance(value, dict):
        return {key: rebuild(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rebuild(item) for item in value]
    return value


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
