"""The lazy copies of py27_dict give the orders eager copies give: AWS SAM's hash depends on every copy.

`rebuild` counts a copy of a tree and lets each table catch up later; the reference here
copies eagerly, table by table, as SAM's deep copy does. Random edits and copies of a
nested body must leave both with the same Python 2.7 text.
"""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from samtransform.core.py27_dict import Py2Dict, TemplateText, render, rebuild


def eager_copy(value):
    """SAM's deep copy: every table refilled in its current order, at once."""
    if isinstance(value, Py2Dict):
        copy = Py2Dict()
        for key, item in value.items():
            copy[key] = eager_copy(item)
        return copy
    if isinstance(value, dict):
        return {key: eager_copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [eager_copy(item) for item in value]
    return value


KEYS = st.text(string.ascii_letters + "/{}-", min_size=1, max_size=6)
# (operation, path of keys into the body, key)
OPERATIONS = st.lists(st.tuples(st.sampled_from(["set", "table", "delete", "copy", "listed"]),
                                st.lists(st.integers(0, 5), max_size=3), KEYS), max_size=120)


def _table_at(body: Py2Dict, steps: list) -> Py2Dict:
    table = body
    for step in steps:
        tables = [item for _, item in table.items() if isinstance(item, Py2Dict)]
        if not tables:
            break
        table = tables[step % len(tables)]
    return table


def _apply(body: Py2Dict, operations, copy) -> Py2Dict:
    for operation, steps, key in operations:
        if operation == "copy":
            body = copy(body)
            continue
        table = _table_at(body, steps)
        if operation == "set":
            table[TemplateText(key)] = key
        elif operation == "table":
            table[key] = Py2Dict()
        elif operation == "listed":  # a table inside a list, as security entries are
            inner = Py2Dict()
            inner[key] = []
            table["entries"] = list(table.get("entries", [])) + [inner]
        elif key in table:
            del table[key]
    return body


@settings(max_examples=300, deadline=None)
@given(OPERATIONS)
def test_lazy_copies_give_the_orders_of_eager_copies(operations):
    assert render(_apply(Py2Dict(), operations, rebuild)) == render(_apply(Py2Dict(), operations, eager_copy))


def test_many_copies_of_a_large_table_skip_the_orders_that_repeat():
    keys = [f"/orders/{index}" for index in range(400)]
    lazy, eager = Py2Dict(), Py2Dict()
    for key in keys:
        lazy[key] = eager[key] = None
    for _ in range(50):
        lazy = rebuild(lazy)
        eager = eager_copy(eager)
    assert list(lazy) == list(eager)
