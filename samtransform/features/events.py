"""Events -> event sources that start the state machine (not expanded yet)."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import Context
from ..errors import TransformError


def iter_errors(path: tuple, properties: dict, context: Context) -> Iterator[TransformError]:
    for name, event in (properties.get("Events") or {}).items():
        kind = event.get("Type") if isinstance(event, dict) else None
        yield TransformError(path + ("Events", name),
                             f"event {name!r} (Type: {kind}) is not supported yet: samtransform does not expand "
                             "state machine Events")


def build(logical_id: str, properties: dict, alias_name, passthrough: dict, context: Context) -> dict:
    return {}
