"""What the events of one state machine start: the state machine, or its alias."""

from __future__ import annotations

from collections import namedtuple

from ...core.intrinsics import ref
from ...core.logical_ids import alias_id

# A named tuple, as core/problems.py explains: importing dataclasses would cost more than a small expansion.
StartTarget = namedtuple("StartTarget", [
    "logical_id",            # the state machine's
    "arn",                   # what the events target: !Ref <Id>, or !Ref <Id>Alias<Name>
    "alias_name",            # with UseAliasAsEventTarget: the alias Name (literal or the user's intrinsic)
    "permissions_boundary",  # the state machine's; roles of rules take it
    "attributes",            # Condition, DeletionPolicy, UpdateReplacePolicy
    "tags",                  # the user's tags, with PropagateTags (or None)
])
StartTarget.__doc__ = "What the events of one state machine start, and what their resources carry."


def start_target(logical_id: str, properties: dict, alias_name: str | None, attributes: dict,
                 tags: list | None) -> StartTarget:
    use_alias = bool(alias_name) and properties.get("UseAliasAsEventTarget") is True
    return StartTarget(
        logical_id=logical_id,
        arn=ref(alias_id(logical_id, alias_name) if use_alias else logical_id),
        alias_name=properties["AutoPublishAlias"] if use_alias else None,
        permissions_boundary=properties.get("PermissionsBoundary"),
        attributes=attributes,
        tags=tags,
    )
