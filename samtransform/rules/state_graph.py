"""Checks of the states and transitions of a definition, at every level.

From the Amazon States Language specification (https://states-language.net/spec.html):
StartAt and every transition (Next, a Choice's Default and rules, a Catch's Next) name a
state of the same scope, the top level or one Parallel branch or Map processor, which are
closed worlds; a Task, Pass, Wait, Parallel or Map state has either Next or `End: true`;
a Choice moves on only through its rules and Default, Succeed and Fail end the execution;
state names are unique in the whole state machine, nested scopes included; and the state
types are Task, Pass, Choice, Wait, Succeed, Fail, Parallel and Map.

Rules:
- E9711 a transition to a state that does not exist in its scope, with a "did you mean";
- E9712 a state with both Next and End, with neither, or with one its type does not allow;
- W9713 a state no transition from StartAt reaches (a warning: AWS documents no error code
  for it, while it documents MISSING_END_STATE and MISSING_TRANSITION_TARGET);
- E9714 a scope with no state that ends the execution (MISSING_END_STATE, "The workflow does
  not have a terminal state": ValidateStateMachineDefinitionDiagnostic,
  https://docs.aws.amazon.com/step-functions/latest/apireference/API_ValidateStateMachineDefinitionDiagnostic.html);
- E9715 a state type that does not exist;
- E9716 a state name used twice in the state machine.
Values CloudFormation or Step Functions fill in later (`${Name}`, `{% ... %}`, intrinsic
functions) are not judged; a scope with such a transition is not judged for reachability.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from .definitions import Definition, Scope, State, definitions, state_type
from .subject import Subject
from ..core.suggestions import did_you_mean
from ..models.states_language import judged
from ..models.states_language_tables import STATE_TYPES, TRANSITION_FIELDS, TRANSITIONS

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

def transitions(state: dict) -> Iterator[tuple[tuple, Any]]:
    """Each (path below the state, target) a state can move to."""
    kind = TRANSITIONS.get(state_type(state))
    if kind == "next_or_end" and "Next" in state:
        yield ("Next",), state["Next"]
    if kind == "choice":
        if "Default" in state:
            yield ("Default",), state["Default"]
        choices = state.get("Choices")
        for index, rule in enumerate(choices if isinstance(choices, list) else ()):
            if isinstance(rule, dict) and "Next" in rule:
                yield ("Choices", index, "Next"), rule["Next"]
    catchers = state.get("Catch")
    for index, catcher in enumerate(catchers if isinstance(catchers, list) else ()):
        if isinstance(catcher, dict) and "Next" in catcher:
            yield ("Catch", index, "Next"), catcher["Next"]


def _transitions(found: Definition, state: State) -> list[tuple[tuple, Any]]:
    """`transitions` of a state, worked out once for the rules that need them."""
    memo = found.memo.setdefault("transitions", {})
    key = id(state.body)  # the state's own mapping, alive as long as the definition: cheaper to hash than its path
    if key not in memo:
        memo[key] = list(transitions(state.body))
    return memo[key]


def _known(target: Any) -> bool:
    return isinstance(target, str) and judged(target)


def _scope_states(found: Definition, scope: Scope) -> list[State]:
    return found.scope_states.get(scope.path, [])


def _missing_target_message(field: str, target: str, scope: Scope, found: Definition) -> str:
    message = f"{field} {target!r} names no state in this scope"
    suggestion = did_you_mean(target, scope.states)
    if suggestion:
        return f"{message}; did you mean {suggestion!r}?"
    if any(state.name == target for state in found.states):
        return f"{message}: {target!r} is in another scope, and transitions cannot leave theirs"
    return message


def check_targets(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for scope in found.scopes:
            start = scope.body.get("StartAt")
            if _known(start) and start not in scope.states:
                yield found.error(scope.path + ("StartAt",), _missing_target_message("StartAt", start, scope, found))
        for state in found.states:
            for path, target in _transitions(found, state):
                if _known(target) and target not in state.scope.states:
                    field = "Next" if path[-1] == "Next" else path[-1]
                    yield found.error(state.path + path, _missing_target_message(field, target, state.scope, found))


def check_next_or_end(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for state in found.states:
            kind = TRANSITIONS.get(state.type)
            body = state.body
            if kind == "next_or_end":
                ends = body.get("End") is True
                if ends and "Next" in body:
                    yield found.error(state.path + ("End",), f"state {state.name!r} has both Next and End: true; "
                                                             "a state either moves on or ends")
                elif not ends and "Next" not in body:
                    yield found.error(state.path, f"{state.type} state {state.name!r} has neither Next nor End: true")
            elif kind is not None:
                why = "it moves on through Choices and Default" if kind == "choice" else "it ends the execution"
                for field in sorted(TRANSITION_FIELDS & set(body)):
                    yield found.error(state.path + (field,), f"a {state.type} state cannot have {field}: {why}")


def _graph(found: Definition, scope: Scope) -> dict | None:
    """Each state's targets in the scope, or None when a transition cannot be known offline."""
    graph = {}
    for state in _scope_states(found, scope):
        if state.type not in TRANSITIONS:
            return None
        targets = [target for _, target in _transitions(found, state)]
        if not all(_known(target) for target in targets):
            return None
        graph[state.name] = [target for target in targets if target in scope.states]
    return graph


def _reachable(graph: dict, start: str) -> set:
    seen, pending = {start}, [start]
    while pending:
        for target in graph.get(pending.pop(), ()):
            if target not in seen:
                seen.add(target)
                pending.append(target)
    return seen


def _judged_scopes(found: Definition) -> list[tuple[Scope, dict, set]]:
    """The scopes whose graph is known, with each state's targets and the states StartAt reaches."""
    if "judged" not in found.memo:
        found.memo["judged"] = list(_judge(found))
    return found.memo["judged"]


def _judge(found: Definition) -> Iterator[tuple[Scope, dict, set]]:
    for scope in found.scopes:
        start = scope.body.get("StartAt")
        if not _known(start) or start not in scope.states or len(scope.states) != len(_scope_states(found, scope)):
            continue
        graph = _graph(found, scope)
        if graph is not None:
            yield scope, graph, _reachable(graph, start)


def check_unreachable(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for scope, graph, reached in _judged_scopes(found):
            for name in graph:
                if name not in reached:
                    yield found.error(scope.path + ("States", name),
                                      f"state {name!r} is unreachable: no transition from StartAt "
                                      f"{scope.body['StartAt']!r} leads to it")


def _ends(state: dict) -> bool:
    return TRANSITIONS.get(state_type(state)) == "terminal" or state.get("End") is True


def check_no_terminal(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for scope, graph, _ in _judged_scopes(found):
            if not any(_ends(scope.states[name]) for name in graph):
                yield found.error(scope.path + ("States",),
                                  "no state ends the execution (End: true, Succeed or Fail); Step Functions refuses a "
                                  "workflow without a terminal state")


def check_state_types(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for state in found.states:
            kind = state.body.get("Type")
            if "Type" not in state.body or kind in STATE_TYPES or not judged(kind):
                continue
            message = f"Type {kind!r} is not a state type"
            if isinstance(kind, str):
                suggestion = did_you_mean(kind, STATE_TYPES)  # a match in another letter case first
                message += f"; did you mean {suggestion!r}?" if suggestion else f" ({', '.join(STATE_TYPES)})"
            yield found.error(state.path + ("Type",), message)


def check_unique_names(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        first: dict[str, State] = {}
        for state in found.states:
            if state.name in first:
                other = "/".join(str(step) for step in first[state.name].path)
                yield found.error(state.path, f"state name {state.name!r} is also used at {other}; state names must "
                                              "be unique in the whole state machine")
            else:
                first[state.name] = state


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9711": check_targets,
    "E9712": check_next_or_end,
    "W9713": check_unreachable,
    "E9714": check_no_terminal,
    "E9715": check_state_types,
    "E9716": check_unique_names,
}
