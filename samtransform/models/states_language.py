"""The values of one state, and the fields of a scope, against the Amazon States Language.

Each function takes a state's mapping (or a scope's) and the query language it uses
(JSONPath, JSONata, or None when it cannot be told) and yields (path below the state,
message). One function per kind of fault, so that each can be one rule:

- `path_problems`: Paths and Reference Paths of a JSONPath state (InputPath, ResultPath,
  ItemsPath, ...), and the Paths of its payload templates' fields ending in ".$";
- `intrinsic_problems`: the intrinsic functions of those fields (and of ErrorPath, CausePath);
- `jsonata_problems`: the JSONata strings of a JSONata state; `jsonata_literal_problems`: its
  strings with {% and %} that are not expressions (a warning);
- `choice_problems`: a Choice state's rules (`choice_rules`);
- `map_problems`: a Map's mode (INLINE, DISTRIBUTED) and the fields it allows and needs;
- `retry_catch_problems`: retriers and catchers, their fields and ranges;
- `value_problems`: numbers out of their range, a Wait's Timestamp that is not RFC 3339.
A scope's fields written among its states are `definition_fields`' (`misplaced_field_problems`).
Values CloudFormation fills in later (`${Name}`, an intrinsic function such as `!Ref`) are
not judged; nor are the states of nested scopes (a Map's ItemProcessor, a Parallel's
branches), which are states of their own. The facts are in `states_language_tables`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.intrinsics import is_intrinsic
from .jsonpath import path_problem
from ..core.suggestions import did_you_mean
from .states_language_tables import (CATCHER_FIELDS, DISTRIBUTED, DISTRIBUTED_ONLY_FIELDS, INLINE, INTEGER,
                                     JITTER_STRATEGIES, JSONATA, JSONPATH, MAP_EXECUTION_TYPES, MAP_MODES,
                                     PATH_FIELDS, PATH_OR_INTRINSIC_FIELDS, PAYLOAD_TEMPLATES, REFERENCE_PATH_FIELDS,
                                     RETRIER_BOUNDS, RETRIER_FIELDS, STATE_BOUNDS)

# choice_rules, intrinsic_functions, jsonata and timestamps are imported where they are first
# needed: together they cost `check` about 6 ms to import (measured with process_time after
# samtransform.rules, median of 5), and many definitions have no Choice state, no intrinsic
# function, no JSONata and no timestamp.

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any

Problems = Iterator[tuple[tuple, str]]

# The fields of a state that hold other states: their values are judged as states of their own.
NESTED_SCOPES = frozenset({"ItemProcessor", "Iterator", "Branches"})
# Further reference paths below a Map's ItemReader and ItemBatcher.
_NESTED_REFERENCE_PATHS = (("ItemReader", "ReaderConfig", "MaxItemsPath"), ("ItemBatcher", "MaxItemsPerBatchPath"),
                           ("ItemBatcher", "MaxInputBytesPerBatchPath"))
_BATCH_LIMITS = ("MaxItemsPerBatch", "MaxItemsPerBatchPath", "MaxInputBytesPerBatch", "MaxInputBytesPerBatchPath")


def judged(value: Any) -> bool:
    """False for a value CloudFormation or Step Functions fills in later: `${Name}`, `{% ... %}`,
    an intrinsic function."""
    if isinstance(value, str):
        return "${" not in value and "{%" not in value
    return not (isinstance(value, dict) and is_intrinsic(value))


def _at(mapping: Any, path: tuple) -> Any:
    for step in path:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(step)
    return mapping


# --------------------------------------------------------------------------- paths and intrinsics

def path_problems(state: dict, language: str | None) -> Problems:
    if language != JSONPATH:
        return
    for field in state:
        if field in _PATH_FIELD_KINDS:
            nullable, reference = _PATH_FIELD_KINDS[field]
            yield from _path_field((field,), state[field], nullable, reference)
        elif field in PATH_OR_INTRINSIC_FIELDS:
            value = state[field]
            if isinstance(value, str) and value.startswith("$"):
                yield from _path_field((field,), value, False, True)
        elif field in _NESTED_PATH_OWNERS:
            for path in _NESTED_REFERENCE_PATHS:
                value = _at(state, path)
                if path[0] == field and value is not None:
                    yield from _path_field(path, value, False, True)
        elif field == "Catch":
            for index, catcher in _handlers(state, "Catch"):
                if "ResultPath" in catcher:
                    yield from _path_field(("Catch", index, "ResultPath"), catcher["ResultPath"], True, True)
    for path, key, value in _payload_fields(state):
        if not isinstance(value, str):
            if judged(value):
                yield path, f"{key} must be a path or an intrinsic function (a string), not {value!r}"
        elif value.startswith("$") and judged(value):
            problem = path_problem(value)
            if problem:
                yield path, f"{key} {value!r} is not a path: {problem}"


# Field -> (null allowed, a Reference Path): the path fields at a state's top level.
_PATH_FIELD_KINDS = {**{field: (nullable, False) for field, nullable in PATH_FIELDS.items()},
                     **{field: (nullable, True) for field, nullable in REFERENCE_PATH_FIELDS.items()}}
_NESTED_PATH_OWNERS = frozenset(path[0] for path in _NESTED_REFERENCE_PATHS)


def _path_field(path: tuple, value: Any, nullable: bool, reference: bool) -> Problems:
    field = path[-1]
    if value is None:
        if not nullable:
            yield path, f"{field} cannot be null"
        return
    if not judged(value):
        return
    kind = "a reference path" if reference else "a path"
    if not isinstance(value, str):
        yield path, f"{field} must be {kind} (a string starting with $), not {value!r}"
        return
    problem = path_problem(value, reference=reference, result=field == "ResultPath")
    if problem:
        yield path, f"{field} {value!r} is not {kind}: {problem}"


_last_payload: list = [None, ()]  # (state, its fields): path_problems and intrinsic_problems both read them
# Payload templates by the state field that holds them: the field itself (None) or one below it.
_TEMPLATE_PLACES: dict = {}
for _path in PAYLOAD_TEMPLATES:
    _TEMPLATE_PLACES.setdefault(_path[0], []).append(_path[1] if len(_path) > 1 else None)
_TEMPLATE_PLACES.update({"Catch": ["Assign"], "Choices": ["Assign"]})  # in each catcher, in each rule


def _payload_fields(state: dict) -> tuple:
    """(path, key, value) of each field ending in ".$" in the state's payload templates. The
    last state's are kept: the two rules that read them ask one after the other, and a state
    is never changed while it is checked."""
    if _last_payload[0] is not state:
        found: list = []
        for field, value in state.items():
            places = _TEMPLATE_PLACES.get(field)
            if places is None or not isinstance(value, (dict, list)):
                continue
            if field in ("Catch", "Choices"):
                for index, each in enumerate(value if isinstance(value, list) else ()):
                    if isinstance(each, dict) and isinstance(each.get("Assign"), (dict, list)):
                        _template_fields((field, index, "Assign"), each["Assign"], found)
                continue
            for below in places:
                template = value if below is None else value.get(below) if isinstance(value, dict) else None
                if isinstance(template, (dict, list)):
                    _template_fields((field,) if below is None else (field, below), template, found)
        _last_payload[:] = [state, tuple(found)]
    return _last_payload[1]


def _template_fields(path: tuple, node: Any, found: list) -> None:
    if isinstance(node, dict):
        if is_intrinsic(node):
            return
        for key, value in node.items():
            if isinstance(key, str) and key.endswith(".$"):
                found.append((path + (key,), key, value))
            elif isinstance(value, (dict, list)):
                _template_fields(path + (key,), value, found)
    else:
        for index, value in enumerate(node):
            if isinstance(value, (dict, list)):
                _template_fields(path + (index,), value, found)


def intrinsic_problems(state: dict, language: str | None) -> Problems:
    if language != JSONPATH:
        return
    calls = [(path, value) for path, _, value in _payload_fields(state)]
    calls += [((field,), state[field]) for field in PATH_OR_INTRINSIC_FIELDS if field in state]
    for path, value in calls:
        if isinstance(value, str) and not value.startswith("$") and judged(value):
            from .intrinsic_functions import call_problems  # only a definition that calls intrinsics

            for problem in call_problems(value):
                yield path, problem


# --------------------------------------------------------------------------- JSONata

def jsonata_problems(state: dict, language: str | None) -> Problems:
    """JSONata strings that do not parse, or that read the input document."""
    from .jsonata import string_problem  # loaded only for a definition that has JSONata

    return _jsonata_strings(state, language, string_problem)


def jsonata_literal_problems(state: dict, language: str | None) -> Problems:
    """Strings with {% and %} that are not expressions: sent as written, most likely by mistake."""
    from .jsonata import literal_problem  # loaded only for a definition that has such text

    return _jsonata_strings(state, language, literal_problem)


def _jsonata_strings(state: dict, language: str | None, judge) -> Problems:
    if language != JSONATA:
        return
    stack = [((key,), value) for key, value in reversed(state.items()) if key not in NESTED_SCOPES and key != "Comment"]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            if "{%" in node and "${" not in node:
                problem = judge(node)
                if problem:
                    yield path, problem
        elif isinstance(node, dict):
            if not is_intrinsic(node):
                stack.extend((path + (key,), value) for key, value in reversed(node.items()) if key != "Comment")
        elif isinstance(node, list):
            stack.extend((path + (index,), value) for index, value in reversed(list(enumerate(node))))


# --------------------------------------------------------------------------- Choice

def choice_problems(state: dict, language: str | None) -> Problems:
    if state.get("Type") == "Choice":
        from .choice_rules import choice_problems as rule_problems  # only definitions with a Choice state

        yield from rule_problems(state, language)


# --------------------------------------------------------------------------- Map

def map_problems(state: dict, language: str | None) -> Problems:
    if state.get("Type") != "Map":
        return
    config = _at(state, ("ItemProcessor", "ProcessorConfig"))
    config = config if isinstance(config, dict) else {}
    mode = config.get("Mode", INLINE)
    if not judged(mode):
        return
    where = ("ItemProcessor", "ProcessorConfig")
    if mode not in MAP_MODES:
        yield where + ("Mode",), _choice_message("Mode", mode, MAP_MODES)
        return
    kind = config.get("ExecutionType")
    if "ExecutionType" in config and judged(kind) and kind not in MAP_EXECUTION_TYPES:
        yield where + ("ExecutionType",), _choice_message("ExecutionType", kind, MAP_EXECUTION_TYPES)
    if mode == DISTRIBUTED and "ExecutionType" not in config:
        yield where, ("a DISTRIBUTED Map needs ExecutionType in its ProcessorConfig: STANDARD or EXPRESS, the type "
                      "of the child workflow that runs each item")
    if mode == INLINE:
        for field in state:
            if field in DISTRIBUTED_ONLY_FIELDS:
                yield (field,), (f"{field} is a field of a Distributed Map, but this Map runs INLINE; set "
                                 "ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED to use it")
    reader, batcher = state.get("ItemReader"), state.get("ItemBatcher")
    if isinstance(reader, dict) and "Resource" not in reader:
        yield ("ItemReader",), ("ItemReader needs Resource, the API that reads the items (such as "
                                "arn:aws:states:::s3:getObject)")
    if isinstance(batcher, dict) and not any(field in batcher for field in _BATCH_LIMITS):
        yield ("ItemBatcher",), "ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their ...Path)"


def _choice_message(field: str, value: Any, allowed: tuple) -> str:
    suggestion = did_you_mean(value, allowed) if isinstance(value, str) else None
    hint = f"; did you mean {suggestion!r}?" if suggestion else ""
    return f"{field} {value!r} is not {' or '.join(allowed)}{hint}"


# --------------------------------------------------------------------------- Retry and Catch

def _handlers(state: dict, field: str) -> Iterator[tuple[int, dict]]:
    handlers = state.get(field)
    for index, handler in enumerate(handlers if isinstance(handlers, list) else ()):
        if isinstance(handler, dict):
            yield index, handler


# The fields of retriers and catchers whatever the query language: nothing to say about them.
_PLAIN_HANDLER_FIELDS = (RETRIER_FIELDS | CATCHER_FIELDS) - {"ResultPath", "Output"}


def retry_catch_problems(state: dict, language: str | None) -> Problems:
    if "Retry" not in state and "Catch" not in state:
        return
    for field, noun, fields in (("Retry", "retrier", RETRIER_FIELDS), ("Catch", "catcher", CATCHER_FIELDS)):
        handlers = state.get(field)
        if field not in state or not judged(handlers):
            continue
        if not isinstance(handlers, list):
            yield (field,), f"{field} is a list of {noun}s, not {handlers!r}"
            continue
        for index, handler in enumerate(handlers):
            path = (field, index)
            if not isinstance(handler, dict):
                if judged(handler):
                    yield path, f"a {noun} is a mapping, not {handler!r}"
                continue
            yield from _handler_problems(path, handler, noun, fields, language)


def _handler_problems(path: tuple, handler: dict, noun: str, fields: frozenset, language: str | None) -> Problems:
    for key in (handler if not handler.keys() <= _PLAIN_HANDLER_FIELDS else ()):
        if key in fields:
            if language == JSONATA and key == "ResultPath":
                yield path + (key,), "ResultPath is a JSONPath field, but this state uses JSONata; use Output"
            elif language == JSONPATH and key == "Output":
                yield path + (key,), ("Output is a JSONata field, but this state uses JSONPath; use ResultPath, or "
                                      "set QueryLanguage: JSONata")
            continue
        suggestion = did_you_mean(key, fields) if isinstance(key, str) else None
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        yield path + (key,), f"unknown field {key!r} in a {noun}{hint}"
    errors = handler.get("ErrorEquals")
    if "ErrorEquals" not in handler:
        yield path, f"a {noun} needs ErrorEquals, the errors it handles"
    elif judged(errors) and (not isinstance(errors, list) or not errors):
        yield path + ("ErrorEquals",), f"ErrorEquals is a non-empty list of error names, not {errors!r}"
    elif isinstance(errors, list):
        for index, error in enumerate(errors):
            if not isinstance(error, str) and judged(error):
                yield path + ("ErrorEquals", index), f"an error name is a string, not {error!r}"
    if noun == "catcher" and "Next" not in handler:
        yield path, "a catcher needs Next, the state to go to"
    if noun == "retrier":
        for field, (kind, least) in RETRIER_BOUNDS.items():
            if field in handler:
                problem = _number_problem(field, handler[field], kind, least, None)
                if problem:
                    yield path + (field,), problem
        jitter = handler.get("JitterStrategy")
        if "JitterStrategy" in handler and judged(jitter) and jitter not in JITTER_STRATEGIES:
            yield path + ("JitterStrategy",), _choice_message("JitterStrategy", jitter, JITTER_STRATEGIES)


# --------------------------------------------------------------------------- numbers and timestamps

def _number_problem(field: str, value: Any, kind: str, least, most) -> str | None:
    if (type(value) is int or (type(value) is float and kind != INTEGER)) and least <= value and (
            most is None or value <= most):
        return None  # the usual cases, decided at once (bool's type is not int)
    if not judged(value):
        return None
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    whole = number and (isinstance(value, int) or value.is_integer())  # Step Functions reads 2.0 as 2
    if number and (whole or kind != INTEGER) and value >= least and (most is None or value <= most):
        return None
    noun = "an integer" if kind == INTEGER else "a number"
    bound = f"from {least} to {most}" if most is not None else f"of at least {least}"
    return f"{field} {value!r} is not {noun} {bound}"


def number_in_range(state: dict, field: str) -> Any:
    """A state's number field (`STATE_BOUNDS`) when it is in its range, else None (missing, filled
    in later, or what `value_problems` reports): the one reading of these numbers, for the
    rules that compare them (HeartbeatSeconds below TimeoutSeconds)."""
    bounds = STATE_BOUNDS.get(state.get("Type"), {}).get(field)
    value = state.get(field)
    if bounds is None or value is None or not judged(value) or _number_problem(field, value, *bounds):
        return None
    return value


def value_problems(state: dict, language: str | None) -> Problems:
    kind = state.get("Type")
    if kind not in STATE_BOUNDS:
        return
    for field, (kind, least, most) in STATE_BOUNDS[kind].items():
        if field in state:
            problem = _number_problem(field, state[field], kind, least, most)
            if problem:
                yield (field,), problem
    stamp = state.get("Timestamp")
    if state.get("Type") == "Wait" and "Timestamp" in state and judged(stamp):
        from .timestamps import timestamp_problem  # only a Wait with a Timestamp

        problem = (timestamp_problem(stamp) if isinstance(stamp, str) else
                   f"Timestamp must be an RFC 3339 timestamp (a string), not {stamp!r}")
        if problem:
            yield ("Timestamp",), problem
