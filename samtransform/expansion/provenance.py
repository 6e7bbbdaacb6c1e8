"""Where each generated value came from: for each generated resource, a map from a path in its
Properties to the path of the SAM node that produced it.

The feature modules record it as they build (state_machine.py, policies.py, tags.py,
auto_publish_alias.py, rollback_alarms.py, events/), so a problem found in a generated resource
(CloudFormation's schema, E9807) is reported at the user's own line. Each entry says whether
the value is *copied* (the SAM value as given, so a path below it is the same path below the
SAM node: `LoggingConfiguration/Destinations/0` is `Logging/Destinations/0`) or *derived* (made
from the SAM node: `State: ENABLED` from `Enabled: true`). A constant that no SAM value makes
(`AssumeRolePolicyDocument`) has no entry; a problem there is reported at the SAM node that
makes the whole resource (`Generated.path`, core/logical_ids.py).

    sources = {}                                  # logical ID -> {property path: Source}
    record(sources, "MachineRole", ("Path",), copied(properties_path + ("RolePath",)))
    source_path(sources["MachineRole"], ("Path",))  # -> ("Resources", "Machine", "Properties", "RolePath")
"""

from __future__ import annotations

from collections import namedtuple

# A named tuple, as core/problems.py explains: one is made for each recorded value.
Source = namedtuple("Source", "path copied")
Source.__doc__ = """The SAM node a generated value came from (a path from the template root), and
whether the value is that node as given (copied) or made from it (derived)."""


def copied(path: tuple) -> Source:
    return Source(path, True)


def derived(path: tuple) -> Source:
    return Source(path, False)


def record(sources: dict | None, logical_id: str, property_path: tuple, source: Source) -> None:
    """Note that `property_path` of the generated resource `logical_id` came from `source`."""
    if sources is not None:
        sources.setdefault(logical_id, {})[property_path] = source


def record_copies(sources: dict | None, logical_id: str, renames, sam_path: tuple, properties: dict) -> None:
    """Record each `(SAM property, generated property)` pair whose SAM property is given (not null), as copied."""
    if sources is None:
        return
    entries = sources.setdefault(logical_id, {})
    for sam_key, key in renames:
        if properties.get(sam_key) is not None:
            entries[(key,) if isinstance(key, str) else key] = Source(sam_path + (sam_key,), True)


def source_path(entries: dict | None, property_path: tuple) -> tuple | None:
    """The SAM path behind `property_path` of a generated resource: the longest recorded prefix's
    source, followed for a copied value by the rest of the path; None when nothing is recorded."""
    if not entries:
        return None
    for cut in range(len(property_path), 0, -1):
        source = entries.get(property_path[:cut])
        if source is not None:
            return source.path + property_path[cut:] if source.copied else source.path
    return None
