"""The meaning of each field of a named tuple, where `help()` shows it.

A named tuple's fields are documented by Python as "Alias for field number 0"; the public
types (Problem, Location, Expansion, StateMachine, ...) say instead what each field holds.
"""

from __future__ import annotations


def describe_fields(kind: type, meanings: dict[str, str]) -> None:
    """Give each field of the named tuple `kind` its meaning: every field, and no other name."""
    if set(meanings) != set(kind._fields):
        raise ValueError(f"{kind.__name__}: fields {kind._fields}, described {tuple(meanings)}")
    for field, meaning in meanings.items():
        getattr(kind, field).__doc__ = meaning
