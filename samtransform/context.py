"""What an expansion knows besides the resource itself: partition, parameters, folder."""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Iterator, Mapping

from .errors import TransformError
from .intrinsics import is_intrinsic
from .partitions import partition_of


class Context(namedtuple("Context", "region partition base_dir parameter_values declared_parameters "
                                    "rollback_alarms definitions_roots definition_bytes",
                          defaults=({}, frozenset(), None, (), None))):
    """`base_dir` is the folder local DefinitionUri paths are relative to.
    `parameter_values` maps a declared parameter to its override, else its Default
    (a parameter with neither is absent). `rollback_alarms` is the template-wide
    RollbackAlarms setting of the top-level Metadata (features/rollback_alarms.py), if any.
    `definitions_roots`: the folders besides `base_dir` whose files a local DefinitionUri may
    name; `definition_bytes`: what the definition files read so far add to the expanded
    template, a list one expansion appends to (features/definition.py), or None."""

    __slots__ = ()

    def literal(self, value):
        """`value` itself, or the value of the parameter a `Ref` names (its override, else its Default).

        The one place a Ref to a parameter is read as its value: check's rules, `plan` and
        rollback alarms all resolve through it."""
        if is_intrinsic(value) and isinstance(value.get("Ref"), str) and value["Ref"] in self.parameter_values:
            return self.parameter_values[value["Ref"]]
        return value


def make_context(template: dict, region: str, overrides: Mapping | None, base_dir: str | os.PathLike | None,
                 definitions_roots=()) -> tuple[Context, list[TransformError]]:
    declared = template.get("Parameters")
    declared = declared if isinstance(declared, dict) else {}
    errors = list(_override_errors(declared, overrides or {}))
    values = {}
    for name, definition in declared.items():
        if overrides and name in overrides:
            values[name] = overrides[name]
        elif isinstance(definition, dict) and "Default" in definition:
            values[name] = definition["Default"]
    rollback_alarms, setting_errors = _rollback_alarms(template)
    context = Context(
        region=region,
        partition=partition_of(region),
        base_dir=os.fspath(base_dir) if base_dir is not None else os.getcwd(),
        parameter_values=values,
        declared_parameters=frozenset(declared),
        rollback_alarms=rollback_alarms,
        definitions_roots=tuple(os.fspath(root) for root in definitions_roots),
        definition_bytes=[],
    )
    return context, errors + setting_errors


def _rollback_alarms(template: dict):
    metadata = template.get("Metadata")
    if not isinstance(metadata, dict) or "samtransform" not in metadata:
        return None, []  # the usual case pays for no import
    from .features.rollback_alarms import template_setting

    return template_setting(template)


def _override_errors(declared: dict, overrides: Mapping) -> Iterator[TransformError]:
    # CloudFormation refuses a stack whose parameter values name unknown parameters;
    # saying so here catches a misspelt override before it silently does nothing.
    for name in overrides:
        if name not in declared:
            yield TransformError(("Parameters",), f"parameter override {name!r} names no parameter of this template")
