"""Tags and PropagateTags -> `Tags` lists on the state machine and the resources it generates.

Rules, as AWS SAM applies them:
- the state machine and its generated role get `stateMachine:createdBy: SAM` followed
  by the user's tags, as `{Key, Value}` entries in the user's order (a null value
  becomes "");
- with `PropagateTags: true` (or `Globals.StateMachine.PropagateTags`) and non-empty
  Tags, every generated resource that takes tags gets exactly the user's tags; this
  replaces the list above, so the `createdBy` tag is dropped there.
"""

from __future__ import annotations

from collections.abc import Iterator

from .provenance import Source, copied, derived

CREATED_BY = {"Key": "stateMachine:createdBy", "Value": "SAM"}


def tag_list(tags: dict | None) -> list:
    if not tags:
        return []
    return [{"Key": key, "Value": "" if value is None else value} for key, value in tags.items()]


def resource_tags(properties: dict) -> list:
    """Tags for the state machine and its role."""
    if properties.get("PropagateTags") is True and properties.get("Tags"):
        return tag_list(properties["Tags"])
    return [CREATED_BY] + tag_list(properties.get("Tags"))


def propagated_tags(properties: dict) -> list | None:
    """Tags for other generated resources that take tags (event roles, schedules), if any."""
    if properties.get("PropagateTags") is True and properties.get("Tags"):
        return tag_list(properties["Tags"])
    return None


def tag_sources(properties_path: tuple, properties: dict) -> Iterator[tuple[tuple, Source]]:
    """Where each entry of `resource_tags` came from: the user's `Tags/<key>` (provenance.py)."""
    tags = properties.get("Tags")
    if not isinstance(tags, dict) or not tags:
        return
    first = 0 if properties.get("PropagateTags") is True else 1  # after CREATED_BY, unless propagated
    for index, key in enumerate(tags, first):
        tag_path = properties_path + ("Tags", key)
        yield ("Tags", index), derived(tag_path)
        yield ("Tags", index, "Value"), copied(tag_path)
