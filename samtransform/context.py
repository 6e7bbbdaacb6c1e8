"""What an expansion knows besides the resource itself: partition, parameters, folder."""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Iterator, Mapping

from .errors import TransformError
from .partitions import partition_of


class Context(namedtuple("Context", "region partition base_dir parameter_values declared_parameters",
                         defaults=({}, frozenset()))):
    """`base_dir` is the folder local DefinitionUri paths are relative to.
    `parameter_values` maps a declared parameter to its override, else its Default
    (a parameter with neither is absent)."""

    __slots__ = ()


def make_context(template: dict, region: str, overrides: Mapping | None,
                 base_dir: str | os.PathLike | None) -> tuple[Context, list[TransformError]]:
    declared = template.get("Parameters")
    declared = declared if isinstance(declared, dict) else {}
    errors = list(_override_errors(declared, overrides or {}))
    values = {}
    for name, definition in declared.items():
        if overrides and name in overrides:
            values[name] = overrides[name]
        elif isinstance(definition, dict) and "Default" in definition:
            values[name] = definition["Default"]
    context = Context(
        region=region,
        partition=partition_of(region),
        base_dir=os.fspath(base_dir) if base_dir is not None else os.getcwd(),
        parameter_values=values,
        declared_parameters=frozenset(declared),
    )
    return context, errors


def _override_errors(declared: dict, overrides: Mapping) -> Iterator[TransformError]:
    # CloudFormation refuses a stack whose parameter values name unknown parameters;
    # saying so here catches a misspelt override before it silently does nothing.
    for name in overrides:
        if name not in declared:
            yield TransformError(("Parameters",), f"parameter override {name!r} names no parameter of this template")
