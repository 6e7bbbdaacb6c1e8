"""Fields of a definition's scopes written among their states, as Step Functions reads them.

The top level of a definition has StartAt, States, and may have Comment, QueryLanguage,
TimeoutSeconds and Version; a Parallel branch or a Map processor has StartAt, States and
Comment (the specification, https://states-language.net/spec.html#toplevelfields; "State
machine structure", https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html).
Every entry of States is a state, "represented by JSON objects". So `QueryLanguage: JSONata`
indented one level too deep is a state named QueryLanguage whose value is not an object:
Step Functions refuses the definition, and the states below are read in the default query
language. The mistake is the field's place, and that is what `misplaced_field_problems` says.
"""

from __future__ import annotations

from collections.abc import Iterator

from .states_language_tables import MACHINE_FIELDS, SCOPE_FIELDS

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any


def misplaced_field_problems(scope: dict, top: bool) -> Iterator[tuple[tuple, str]]:
    """A scope's States entries that are not states: a top-level field written among them
    (`QueryLanguage: JSONata` inside States reads as a state named QueryLanguage), or any
    other value that is not a mapping. `top`: the definition itself, not a branch or processor."""
    states = scope.get("States")
    if not isinstance(states, dict):
        return
    for name, value in states.items():
        if not isinstance(value, dict):
            yield ("States", name), _misplaced_message(name, value, top)


def _misplaced_message(name: Any, value: Any, top: bool) -> str:
    if name == "StartAt":
        return "StartAt belongs beside States, not among the states"
    if name in SCOPE_FIELDS - {"States"} or (top and name in MACHINE_FIELDS - {"States"}):
        where = "at the top level of the definition, beside StartAt and States" if top else "beside StartAt and States"
        return f"{name} belongs {where}, not among the states"
    if name in MACHINE_FIELDS - {"States"}:
        return (f"{name} belongs at the top level of the definition, beside its StartAt and States, not among the "
                "states of a branch or processor")
    return f"state {name!r} is {value!r}, not a mapping: a state is an object with a Type"
