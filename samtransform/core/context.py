"""What an expansion knows besides the resource itself: partition, parameters, folder.

The type only; `expansion.context.make_context` works it out from a template."""

from __future__ import annotations

from collections import namedtuple

from .fields import describe_fields
from .intrinsics import is_intrinsic


class Context(namedtuple("Context", "region partition base_dir parameter_values declared_parameters "
                                    "rollback_alarms definitions_roots definition_bytes folder_unknown files",
                          defaults=({}, frozenset(), None, (), None, False, None))):
    """`base_dir` is the folder local DefinitionUri paths are relative to; `folder_unknown` says
    it is the current folder only because the template's own is not known (standard input,
    template text, a dict given without `base_dir`), which a message about a missing file says.
    `parameter_values` maps a declared parameter to its override, else its Default
    (a parameter with neither is absent). `rollback_alarms` is the template-wide
    RollbackAlarms setting of the top-level Metadata (expansion/rollback_alarms.py), if any.
    `definitions_roots`: the folders besides `base_dir` whose files a local DefinitionUri may
    name; `definition_bytes`: what the definition files read so far add to the expanded
    template, a list one expansion appends to (expansion/definition.py), or None. `files`: where
    local files are read from (io/file_sources.py), None for the working tree."""

    __slots__ = ()

    def literal(self, value):
        """`value` itself, or the value of the parameter a `Ref` names (its override, else its Default).

        The one place a Ref to a parameter is read as its value: check's rules, `plan` and
        rollback alarms all resolve through it."""
        if is_intrinsic(value) and isinstance(value.get("Ref"), str) and value["Ref"] in self.parameter_values:
            return self.parameter_values[value["Ref"]]
        return value


describe_fields(Context, {
    "region": "the region given (default us-east-1)",
    "partition": "its partition, which ARNs are written in: aws, aws-cn, aws-us-gov, ...",
    "base_dir": "the folder a local DefinitionUri is read from",
    "parameter_values": "each declared parameter's value: the override given, else its Default",
    "declared_parameters": "the names the template's Parameters declare",
    "rollback_alarms": "the template-wide RollbackAlarms setting of the top-level Metadata, or None",
    "definitions_roots": "the folders besides base_dir and the current folder whose files a local DefinitionUri "
                         "may name (--definitions-root)",
    "definition_bytes": "what the definition files read so far add to the expanded template: a list one "
                        "expansion appends to, or None",
    "folder_unknown": "True when base_dir is the current folder only because the template's is not known",
    "files": "where local files are read from: None for the working tree, or a git revision "
             "(samtransform.io.git_revision.GitRevision)",
})
