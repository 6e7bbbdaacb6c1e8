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

_MIN_SIZE = 8
_PERTURB_SHIFT = 5
_LARGE = 50000  # above this many keys a table only doubles
_MASK64 = (1 << 64) - 1


class TemplateText(str):
    """A string read from the template, which SAM's hash input prints as u'...'."""

    __slots__ = ()


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

    __slots__ = ("_slots", "_mask", "_fill", "_used")

    def __init__(self):
        super().__init__()
        self._reset(_MIN_SIZE - 1)

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
        keys = self.py2_keys()
        self._reset(size - 1)
        for key in keys:
            self._add(key)

    def py2_keys(self) -> list:
        return [self._slots[index] for index in sorted(self._slots) if self._slots[index] is not None]

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

    def items(self):
        return [(key, dict.__getitem__(self, key)) for key in self.py2_keys()]


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
    """A copy of `value`, as SAM's deep copy makes it: each table is refilled in its current order."""
    if isinstance(value, Py2Dict):
        copy = Py2Dict()
        for key, item in value.items():
            copy[key] = rebuild(item)
        return copy
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
