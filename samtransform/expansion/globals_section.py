"""Globals.StateMachine -> properties merged into each state machine.

Rules, as AWS SAM applies them:
- `Globals` must be a non-empty mapping; only `PropagateTags` may be set for
  `StateMachine`;
- a resource's own value wins; `IgnoreGlobals: "*"` ignores them all, and a list
  ignores the named properties (each must be set in Globals).
What remains of `Globals` after expansion is decided in `expand.py`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem

SECTION = "StateMachine"
SUPPORTED = ("PropagateTags",)
INVALID = "'Globals' section is invalid. "


def state_machine_globals(template: dict) -> tuple[dict, list[Problem]]:
    section = template.get("Globals")
    if "Globals" not in template:
        return {}, []
    if not isinstance(section, dict) or not section:
        return {}, [Problem(("Globals",), INVALID + "It must be a non-empty dictionary")]
    if SECTION not in section:
        return {}, []
    values = section[SECTION]
    if not isinstance(values, dict):
        return {}, [Problem(("Globals", SECTION), INVALID + "Value of StateMachine must be a dictionary")]
    errors = list(_value_errors(values))
    return ({} if errors else values), errors


def _value_errors(values: dict) -> Iterator[Problem]:
    for key, value in values.items():
        path = ("Globals", SECTION, key)
        if key not in SUPPORTED:
            yield Problem(path, INVALID + f"'{key}' is not a supported property of 'StateMachine'. "
                                                 f"Must be one of the following values - {list(SUPPORTED)}")
        elif not isinstance(value, bool):
            yield Problem(path, f"{value!r} is not of type 'boolean'")


def apply(logical_id: str, resource: dict, values: dict) -> tuple[dict, list[Problem]]:
    """The resource with global properties merged in (a new dict; the input is untouched)."""
    if not values:
        return resource, []
    ignore = resource.get("IgnoreGlobals")
    if ignore == "*":
        return resource, []
    if isinstance(ignore, list):
        unknown = [key for key in ignore if not isinstance(key, str) or key not in values]
        if unknown:
            message = f"Resource {logical_id} has invalid resource attribute 'IgnoreGlobals' on item '{unknown[0]}'."
            return resource, [Problem(("Resources", logical_id, "IgnoreGlobals"), message)]
        values = {key: value for key, value in values.items() if key not in ignore}
    properties = resource.get("Properties")
    if not isinstance(properties, dict):
        return resource, []  # the schema reports it
    return {**resource, "Properties": {**values, **properties}}, []
