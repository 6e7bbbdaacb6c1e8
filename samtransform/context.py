"""What an expansion knows besides the resource itself: partition, parameters, folder."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Mapping

from .errors import TransformError
from .partitions import partition_of


@dataclass(frozen=True)
class Context:
    region: str
    partition: str
    base_dir: Path
    # Declared parameter name -> value (override, else Default). Absent when it has neither.
    parameter_values: Mapping[str, Any] = field(default_factory=dict)
    declared_parameters: frozenset = frozenset()


def make_context(template: dict, region: str, overrides: Mapping[str, Any] | None,
                 base_dir: str | Path | None) -> tuple[Context, list[TransformError]]:
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
        base_dir=Path(base_dir) if base_dir is not None else Path.cwd(),
        parameter_values=values,
        declared_parameters=frozenset(declared),
    )
    return context, errors


def _override_errors(declared: dict, overrides: Mapping[str, Any]) -> Iterator[TransformError]:
    # CloudFormation refuses a stack whose parameter values name unknown parameters;
    # saying so here catches a misspelt override before it silently does nothing.
    for name in overrides:
        if name not in declared:
            yield TransformError(("Parameters",), f"parameter override {name!r} names no parameter of this template")
