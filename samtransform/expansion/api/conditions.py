"""Conditions on a REST API whose methods belong to state machines with a Condition.

Rules, as AWS SAM applies them:
- a path whose methods all have conditions is wrapped in its condition, or in
  `<Api><path>PathCondition` (`/` as SLASH, `{` as OB, `}` as CB), an `Fn::Or` of them
  added to the template's Conditions;
- the implicit API itself takes the condition when every method has one (or
  `ServerlessRestApiCondition`, their `Fn::Or`);
- `Fn::Or` takes 10 conditions, so longer lists chain through `<name>1`, `<name>2`, ...
"""

from __future__ import annotations

from ...core.py27_dict import TemplateText
from . import tables

MAX_OR_CONDITIONS = 10  # Fn::Or takes 2 to 10 conditions


def api_conditions(api_id: str, body, path_methods: dict, attributes: dict) -> tuple[dict, dict]:
    """New template Conditions and each path's condition; the implicit API's own Condition into `attributes`."""
    conditions: dict = {}
    if api_id == tables.IMPLICIT_API_ID:
        every = {condition for methods in path_methods.values() for condition in methods.values()}
        if every and None not in every:
            if len(every) == 1:
                attributes["Condition"] = next(iter(every))
            else:
                attributes["Condition"] = tables.IMPLICIT_API_CONDITION
                conditions.update(combined_condition(sorted(every), tables.IMPLICIT_API_CONDITION))
    path_conditions = {}
    for path in body["paths"]:
        names = set(path_methods[path].values())
        if not names or None in names:
            continue
        if len(names) == 1:
            path_conditions[path] = TemplateText(next(iter(names)))
        else:
            name = path_condition_name(api_id, path)
            conditions.update(combined_condition(sorted(names), name))
            path_conditions[path] = name
    return conditions, path_conditions


def path_condition_name(api_id: str, path: str) -> str:
    return f"{api_id}{path.replace('/', 'SLASH').replace('{', 'OB').replace('}', 'CB')}PathCondition"


def combined_condition(names: list, name: str) -> dict:
    """`name` true when any of `names` is: Fn::Or, chained through numbered conditions past 10."""
    count = -(-(len(names) - 1) // (MAX_OR_CONDITIONS - 1))  # how many Fn::Or it takes
    conditions = {}
    pending = list(names)
    while len(pending) > 1:
        count -= 1
        current = f"{name}{count}" if count > 0 else name
        conditions[current] = {"Fn::Or": [{"Condition": entry} for entry in pending[:MAX_OR_CONDITIONS]]}
        pending = pending[MAX_OR_CONDITIONS:] + [current]
    return conditions
