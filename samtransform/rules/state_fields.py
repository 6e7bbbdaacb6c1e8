"""Checks of the fields of each state, and of the definition's and its scopes' top levels.

From the Amazon States Language specification (https://states-language.net/spec.html) and
"State machine structure"
(https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html); the
tables are in `models/states_language_tables`.

Rules:
- E9721 a field the state type does not have (`Resource` on a Pass), or no type has (a typo,
  with a "did you mean"); also at the top level and in a branch or processor; a top-level
  field written among the states (`QueryLanguage: JSONata` inside States), reported as that
  and not as its symptoms, and an entry of States that is not a state (the models'
  `misplaced_field_problems`);
- E9722 a required field missing (`Resource` on a Task, a Wait's time, `StartAt`, ...);
- E9723 fields that exclude each other (`Seconds` and `Timestamp` on a Wait);
- E9724 `States.ALL` not alone in its ErrorEquals, or not in the last retrier or catcher;
- E9725 `HeartbeatSeconds` not below `TimeoutSeconds` (each an integer in its range: one out
  of it is E9748's);
- E9726 a JSONPath-only field (`Parameters`, `ResultPath`, ...) in a state that uses JSONata,
  a JSONata-only one (`Arguments`, `Output`, ...) in one that uses JSONPath, a JSONPath
  state in a JSONata state machine (except in a Distributed Map's processor, whose
  iterations run as workflows of their own), or a QueryLanguage that is neither.
Next and End are E9712's; an unknown state type is E9715's, and its fields are not judged.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.problems import Problem
from ..core.suggestions import did_you_mean
from ..models.definition_fields import misplaced_field_problems
from ..models.states_language import number_in_range
from .definitions import Definition, State, definitions, machine_language
from .subject import Subject
from ..models.states_language_tables import (
    BRANCH_FIELDS, COMMON_FIELDS, EXCLUSIVE_FIELDS, JSONATA, JSONATA_INSTEAD, JSONPATH, MACHINE_FIELDS,
    PROCESSOR_FIELDS, QUERY_LANGUAGES, REQUIRED_FIELDS, RETRY_ALL, STATE_FIELDS, TRANSITION_FIELDS)

SCOPE_FIELDS = {"machine": MACHINE_FIELDS, "branch": BRANCH_FIELDS, "processor": PROCESSOR_FIELDS,
                "iterator": BRANCH_FIELDS}
SCOPE_NAMES = {"machine": "the definition", "branch": "a Parallel branch", "processor": "a Map's ItemProcessor",
               "iterator": "a Map's Iterator"}
ANY_STATE_FIELD = frozenset().union(*(fields for table in STATE_FIELDS.values() for fields in table.values()))


def _other(language: str) -> str:
    return JSONATA if language == JSONPATH else JSONPATH


def _fields(kind: str, language: str | None) -> frozenset:
    table = STATE_FIELDS[kind]
    languages = (language,) if language else QUERY_LANGUAGES
    return frozenset(COMMON_FIELDS | TRANSITION_FIELDS | table["both"]).union(*(table[each] for each in languages))


# Every field a state may have, by type and query language (None: either language).
ALLOWED = {(kind, language): _fields(kind, language) for kind in STATE_FIELDS for language in (*QUERY_LANGUAGES, None)}


# The fields only the other query language allows, by type and the language a state uses.
FOREIGN = {(kind, language): frozenset(STATE_FIELDS[kind][_other(language)] - STATE_FIELDS[kind]["both"])
           for kind in STATE_FIELDS for language in QUERY_LANGUAGES}


def _allowed(kind: str, language: str | None) -> frozenset:
    return ALLOWED[kind, language]


def _unknown_field_message(field: str, where: str, allowed) -> str:
    suggestion = did_you_mean(field, allowed) if isinstance(field, str) else None
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return f"unknown field {field!r} in {where}{hint}"


def check_fields(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for scope in found.scopes:
            allowed = SCOPE_FIELDS[scope.kind]
            for field in scope.body:
                if field not in allowed:
                    yield found.error(scope.path + (field,),
                                      _unknown_field_message(field, SCOPE_NAMES[scope.kind], allowed))
            for path, message in misplaced_field_problems(scope.body, scope.kind == "machine"):
                yield found.error(scope.path + path, message)
        for state in found.states:
            if state.type not in STATE_FIELDS:
                continue
            everything = _allowed(state.type, None)
            if not state.body.keys() - everything:
                continue  # the usual case: no field to report
            allowed = _allowed(state.type, state.language)
            for field in state.body:
                if field in everything:
                    continue  # allowed, or the other query language's: E9726
                if field in ANY_STATE_FIELD:
                    message = f"a {state.type} state has no {field} field"
                else:
                    message = _unknown_field_message(field, f"{state.type} state {state.name!r}", allowed)
                yield found.error(state.path + (field,), message)


def _needs(group: tuple) -> str:
    return group[0] if len(group) == 1 else "one of " + ", ".join(group)


def check_required(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for scope in found.scopes:
            for field in ("StartAt", "States"):
                if field not in scope.body:
                    yield found.error(scope.path, f"{SCOPE_NAMES[scope.kind]} needs {field}")
        for state in found.states:
            if "Type" not in state.body:
                yield found.error(state.path, f"state {state.name!r} needs a Type")
                continue
            for group in REQUIRED_FIELDS.get(state.type, ()):
                if not any(field in state.body for field in group):
                    yield found.error(state.path, f"{state.type} state {state.name!r} needs {_needs(group)}")


def check_exclusive(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for state in found.states:
            for group in EXCLUSIVE_FIELDS.get(state.type, ()):
                if len(state.body.keys() & group) < 2:
                    continue
                present = [field for field in state.body if field in group]
                for field in present[1:]:
                    yield found.error(state.path + (field,), f"a {state.type} state cannot have both {present[0]} "
                                                             f"and {field}")


_HANDLERS = (("Retry", "retrier"), ("Catch", "catcher"))
_HANDLER_FIELDS = frozenset(field for field, _ in _HANDLERS)


def _error_handlers(state: State) -> Iterator[tuple[str, str, list]]:
    for field, noun in _HANDLERS:
        handlers = state.body.get(field)
        if isinstance(handlers, list):
            yield field, noun, handlers


def check_states_all(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        for state in found.states:
            if not _HANDLER_FIELDS & state.body.keys():
                continue
            for field, noun, handlers in _error_handlers(state):
                for index, handler in enumerate(handlers):
                    errors = handler.get("ErrorEquals") if isinstance(handler, dict) else None
                    if not isinstance(errors, list) or RETRY_ALL not in errors:
                        continue
                    path = state.path + (field, index, "ErrorEquals")
                    if len(errors) > 1:
                        yield found.error(path + (errors.index(RETRY_ALL),),
                                          f"{RETRY_ALL} must be alone in ErrorEquals: it matches every error")
                    if index != len(handlers) - 1:
                        yield found.error(path, f"the {noun} with {RETRY_ALL} must be the last in {field}: "
                                                f"the {len(handlers) - 1 - index} after it can never match")


def check_heartbeat(subject: Subject) -> Iterator[Problem]:
    # Numbers out of their range are E9748's (the model's `value_problems`); only two that are
    # each valid are compared here.
    for found in definitions(subject):
        for state in found.states:
            if state.type != "Task" or "HeartbeatSeconds" not in state.body:
                continue
            heartbeat = number_in_range(state.body, "HeartbeatSeconds")
            timeout = number_in_range(state.body, "TimeoutSeconds")
            if heartbeat is not None and timeout is not None and heartbeat >= timeout:
                yield found.error(state.path + ("HeartbeatSeconds",),
                                  f"HeartbeatSeconds {heartbeat} is not below TimeoutSeconds {timeout}: the task "
                                  "would time out before a missing heartbeat is noticed")


def _language_errors(found: Definition, state: State, top: str | None) -> Iterator[Problem]:
    own = state.body.get("QueryLanguage")
    if own is not None and own not in QUERY_LANGUAGES:
        yield found.error(state.path + ("QueryLanguage",), _query_language_message(own))
    elif own == JSONPATH and top == JSONATA and not state.scope.distributed:
        yield found.error(state.path + ("QueryLanguage",), "a state cannot use JSONPath when the state machine's "
                                                           "QueryLanguage is JSONata")
    if state.type not in STATE_FIELDS or state.language is None:
        return
    foreign = FOREIGN[state.type, state.language]
    if not foreign & state.body.keys():
        return
    for field in state.body:
        if field in foreign:
            yield found.error(state.path + (field,), _foreign_field_message(field, state.language))


def _foreign_field_message(field: str, language: str) -> str:
    if language == JSONATA:
        instead = JSONATA_INSTEAD.get(field)
        hint = f"; use {instead}" if instead else ""
        return f"{field} is a JSONPath field, but this state uses JSONata{hint}"
    return f"{field} is a JSONata field, but this state uses JSONPath; set QueryLanguage: JSONata to use it"


def _query_language_message(value) -> str:
    suggestion = did_you_mean(value, QUERY_LANGUAGES) if isinstance(value, str) else None
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return f"QueryLanguage {value!r} is not JSONPath or JSONata{hint}"


def check_query_language(subject: Subject) -> Iterator[Problem]:
    for found in definitions(subject):
        top = machine_language(found.body)
        if "QueryLanguage" in found.body and top not in QUERY_LANGUAGES:
            yield found.error(("QueryLanguage",), _query_language_message(top))
        for state in found.states:
            yield from _language_errors(found, state, top)


# Each rule's check (the rule itself, its words and its docs: core/catalog.py).
CHECKS = {
    "E9721": check_fields,
    "E9722": check_required,
    "E9723": check_exclusive,
    "E9724": check_states_all,
    "E9725": check_heartbeat,
    "E9726": check_query_language,
}
