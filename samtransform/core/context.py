"""What an expansion knows besides the resource itself: partition, parameters, folder.

The type only; `expansion.context.make_context` works it out from a template."""

from __future__ import annotations

from collections import namedtuple

from .intrinsics import is_intrinsic


class Context(namedtuple("Context", "region partition base_dir parameter_values declared_parameters "
                                    "rollback_alarms definitions_roots definition_bytes",
                          defaults=({}, frozenset(), None, (), None))):
    """`base_dir` is the folder local DefinitionUri paths are relative to.
    `parameter_values` maps a declared parameter to its override, else its Default
    (a parameter with neither is absent). `rollback_alarms` is the template-wide
    RollbackAlarms setting of the top-level Metadata (expansion/rollback_alarms.py), if any.
    `definitions_roots`: the folders besides `base_dir` whose files a local DefinitionUri may
    name; `definition_bytes`: what the definition files read so far add to the expanded
    template, a list one expansion appends to (expansion/definition.py), or None."""

    __slots__ = ()

    def literal(self, value):
        """`value` itself, or the value of the parameter a `Ref` names (its override, else its Default).

        The one place a Ref to a parameter is read as its value: check's rules, `plan` and
        rollback alarms all resolve through it."""
        if is_intrinsic(value) and isinstance(value.get("Ref"), str) and value["Ref"] in self.parameter_values:
            return self.parameter_values[value["Ref"]]
        return value
