"""The context of one expansion, worked out from the template: partition, parameter values, folder,
and the template-wide RollbackAlarms setting."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping

from ..core.context import Context
from ..core.partitions import partition_of
from ..core.problems import Problem
from ..core.settings import has_settings


def make_context(template: dict, region: str, overrides: Mapping | None, base_dir: str | os.PathLike | None,
                 definitions_roots=(), files=None) -> tuple[Context, list[Problem]]:
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
        base_dir=os.fspath(base_dir) if base_dir is not None else os.curdir,
        parameter_values=values,
        declared_parameters=frozenset(declared),
        rollback_alarms=rollback_alarms,
        definitions_roots=tuple(os.fspath(root) for root in definitions_roots),
        definition_bytes=[],
        folder_unknown=base_dir is None,
        files=files,
    )
    return context, errors + setting_errors


def _rollback_alarms(template: dict):
    if not has_settings(template.get("Metadata")):
        return None, []  # the usual case pays for no import
    from .rollback_alarms import template_setting

    return template_setting(template)


def _override_errors(declared: dict, overrides: Mapping) -> Iterator[Problem]:
    # CloudFormation refuses a stack whose parameter values name unknown parameters;
    # saying so here catches a misspelt override before it silently does nothing.
    for name in overrides:
        if name not in declared:
            yield Problem(("Parameters",), f"parameter override {name!r} names no parameter of this template")
