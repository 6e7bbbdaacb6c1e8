"""Checks of the values of each state against the States Language model (`samtransform.models`).

Each rule is one model function of `models/states_language` (docs/states-language-model.md
gives their sources): the rule runs it on every state of every definition, in the query
language the state uses, and places what it yields below the state, in the template for an
inline definition, in the ASL file for a local one. A state the model has nothing to say
about is passed over before the model is called, so a definition without JSONata, Choice
states or retriers pays nothing for those rules.

Rules:
- E9741 a JSONata expression that does not parse, or that reads the input document
  (`$`, `$$`, a bare field name at the top level), which Step Functions does not provide;
- W9742 text with {% and %} that is not a whole expression, so it is sent as written;
- E9743 a Path or Reference Path that is not one (InputPath, ResultPath, ItemsPath, a ".$"
  field of a payload template, ...);
- E9744 an intrinsic function call that is not one: unknown name (with a "did you mean"),
  the wrong number of arguments, a States.Format without a value for each {}, ...;
- E9745 a Choice rule: an unknown operator (with a "did you mean"), an operand of the wrong
  type, no Variable, two operators, Next inside And/Or/Not, a JSONata rule without Condition;
- E9746 a Map's mode: an unknown Mode or ExecutionType, a DISTRIBUTED Map without
  ExecutionType, a Distributed Map's field on an INLINE Map, an ItemReader without Resource;
- E9747 a retrier or catcher: an unknown field, no ErrorEquals, a catcher without Next,
  MaxAttempts, IntervalSeconds, BackoffRate, MaxDelaySeconds out of range, JitterStrategy;
- E9748 a number out of its range (Wait Seconds, Task TimeoutSeconds and HeartbeatSeconds,
  Map MaxConcurrency and failure tolerance) or a Wait Timestamp that is not RFC 3339.
Values CloudFormation or Step Functions fill in later (`${Name}`, an intrinsic function) are
not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..models import states_language as model
from ..models.states_language_tables import JSONATA, JSONPATH, STATE_BOUNDS
from .definitions import Definition, State, definitions
from .subject import Subject


# Rule -> (the model function, which states it can have something to say about: a query
# language, state types, or states with Retry or Catch; None for any). In this order on each
# state: the path and intrinsic-function models read the same payload templates, which the
# model keeps for the state it last walked.
MODELS = {
    "E9741": (model.jsonata_problems, JSONATA, None, False),
    "W9742": (model.jsonata_literal_problems, JSONATA, None, False),
    "E9743": (model.path_problems, JSONPATH, None, False),
    "E9744": (model.intrinsic_problems, JSONPATH, None, False),
    "E9745": (model.choice_problems, None, ("Choice",), False),
    "E9746": (model.map_problems, None, ("Map",), False),
    "E9747": (model.retry_catch_problems, None, None, True),
    "E9748": (model.value_problems, None, tuple(STATE_BOUNDS), False),
}
# (query language, type, has Retry or Catch) -> the (rule, model) pairs for such a state:
# worked out once for each kind of state, not for each state.
_PLANS: dict[tuple, tuple] = {}


def _plan(state: State) -> tuple:
    body = state.body
    key = (state.language, state.type, "Retry" in body or "Catch" in body)
    if key not in _PLANS:
        language, kind, handlers = key
        _PLANS[key] = tuple((rule_id, judge) for rule_id, (judge, wanted_language, types, needs_handlers)
                            in MODELS.items() if wanted_language in (None, language)
                            and (types is None or kind in types) and (handlers or not needs_handlers))
    return _PLANS[key]


def _found(found: Definition) -> dict[str, list[Problem]]:
    """Every rule's problems in one definition, from one walk of its states (kept for the
    other rules of this family, which ask next)."""
    if "state_values" not in found.memo:
        problems: dict[str, list[Problem]] = {rule_id: [] for rule_id in MODELS}
        for state in found.states:
            for rule_id, judge in _plan(state):
                for path, message in judge(state.body, state.language):
                    problems[rule_id].append(found.error(state.path + path, message))
        found.memo["state_values"] = problems
    return found.memo["state_values"]


def _check(rule_id: str):
    def check(subject: Subject) -> Iterator[Problem]:
        for found in definitions(subject):
            yield from _found(found)[rule_id]

    check.__name__ = check.__qualname__ = f"check_{rule_id}"
    return check


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {rule_id: _check(rule_id) for rule_id in MODELS}
