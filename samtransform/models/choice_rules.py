"""Choice rules: a JSONPath rule's operators and operands, a JSONata rule's Condition.

From the specification's Choice State (https://states-language.net/spec.html#choice-state):
Choices is a non-empty array of rules, each with Next. A JSONata rule has a Condition (true,
false or a JSONata string). A JSONPath rule is a Boolean expression (exactly one of And and
Or, each a non-empty array of rules, and Not, one rule; the rules inside have no Next) or a
Data-test expression: a Variable that is a Path, and exactly one comparison operator whose
value has the operator's type (`CHOICE_OPERATORS`): a string, a number, true or false, a
timestamp, or a Path for the operators ending in "Path".

`choice_problems(state, language)` yields (path below the state, message) for a Choice state
of that query language. JSONata expressions inside are the JSONata model's to judge.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.intrinsics import is_intrinsic
from .jsonpath import path_problem
from ..core.suggestions import did_you_mean
from .states_language_tables import (BOOLEAN, CHOICE_COMBINATORS, CHOICE_OPERATORS, JSONATA, JSONATA_RULE_FIELDS,
                                     JSONPATH, JSONPATH_RULE_FIELDS, NUMBER, PATH, STRING, TIMESTAMP, TYPE_WORDS)
from .timestamps import timestamp_problem

_JSONPATH_ONLY = frozenset(CHOICE_OPERATORS) | set(CHOICE_COMBINATORS) | {"Variable"}
_JSONPATH_KNOWN = _JSONPATH_ONLY | JSONPATH_RULE_FIELDS


def choice_problems(state: dict, language: str | None) -> Iterator[tuple[tuple, str]]:
    choices = state.get("Choices")
    if language not in (JSONPATH, JSONATA) or not isinstance(choices, list):
        return
    if not choices:
        yield ("Choices",), "Choices is empty: a Choice state needs at least one rule"
    judge = _jsonata_rule if language == JSONATA else _jsonpath_rule
    for index, rule in enumerate(choices):
        for path, message in judge(rule, True):
            yield ("Choices", index) + path, message


def _unknown(rule: dict, known, candidates) -> list[tuple[tuple, str]]:
    problems = []
    for field in rule:
        if field in known:
            continue
        suggestion = did_you_mean(field, candidates) if isinstance(field, str) else None
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        problems.append(((field,), f"{field!r} is not a field of a Choice rule{hint}"))
    return problems


def _mapping(rule) -> tuple[tuple, str] | None:
    if isinstance(rule, dict):
        return None
    return (), f"a Choice rule is a mapping, not {rule!r}"


def _next_problem(rule: dict, top: bool) -> tuple[tuple, str] | None:
    if top and "Next" not in rule:
        return (), "a Choice rule in Choices needs Next"
    if not top and "Next" in rule:
        return ("Next",), "a Choice rule inside And, Or or Not cannot have Next: only the rules of Choices move on"
    return None


def _jsonata_rule(rule, top: bool) -> Iterator[tuple[tuple, str]]:
    if not isinstance(rule, dict):
        yield _mapping(rule)
        return
    problem = _next_problem(rule, top)
    if problem:
        yield problem
    foreign = [field for field in rule if field in _JSONPATH_ONLY]
    for field in foreign:
        yield (field,), (f"{field} is a JSONPath field, but this Choice state uses JSONata; write the test as "
                         "Condition: '{% ... %}'")
    yield from _unknown(rule, JSONATA_RULE_FIELDS | _JSONPATH_ONLY, JSONATA_RULE_FIELDS)
    if "Condition" not in rule:
        if not foreign:
            yield (), "a Choice rule of a JSONata state needs Condition"
        return
    condition = rule["Condition"]
    if not (isinstance(condition, bool) or (isinstance(condition, str) and "{%" in condition)):
        yield ("Condition",), f"Condition must be true, false or a JSONata expression '{{% ... %}}', not {condition!r}"


def _jsonpath_rule(rule, top: bool) -> Iterator[tuple[tuple, str]]:
    if not isinstance(rule, dict):
        yield _mapping(rule)
        return
    problem = _next_problem(rule, top)
    if problem:
        yield problem
    if "Condition" in rule:
        yield ("Condition",), ("Condition is a JSONata field, but this Choice state uses JSONPath; compare with "
                               "Variable and an operator, or set QueryLanguage: JSONata")
    unknown = _unknown(rule, _JSONPATH_KNOWN | {"Condition"}, _JSONPATH_KNOWN)
    yield from unknown
    combinators = [field for field in rule if field in CHOICE_COMBINATORS]
    operators = [field for field in rule if field in CHOICE_OPERATORS]
    if combinators:
        yield from _boolean_expression(rule, combinators, operators)
    else:
        yield from _data_test(rule, operators, bool(unknown) or "Condition" in rule)


def _boolean_expression(rule: dict, combinators: list, operators: list) -> Iterator[tuple[tuple, str]]:
    extra = combinators[1:] + operators + (["Variable"] if "Variable" in rule else [])
    if extra:
        yield (extra[0],), (f"a Choice rule is either {combinators[0]} or a Variable with an operator, so it cannot "
                            f"also have {extra[0]}")
    field = combinators[0]
    value = rule[field]
    if field == "Not":
        if isinstance(value, dict):
            yield from ((("Not",) + path, message) for path, message in _jsonpath_rule(value, False))
        else:
            yield ("Not",), f"Not holds one Choice rule (a mapping), not {value!r}"
    elif not isinstance(value, list) or not value:
        yield (field,), f"{field} holds a non-empty list of Choice rules, not {value!r}"
    else:
        for index, inner in enumerate(value):
            yield from (((field, index) + path, message) for path, message in _jsonpath_rule(inner, False))


def _data_test(rule: dict, operators: list, explained: bool) -> Iterator[tuple[tuple, str]]:
    if "Variable" not in rule:
        if not explained:
            yield (), "a Choice rule needs Variable (the path to test) and an operator, or And, Or or Not"
    elif _judged(rule["Variable"]):
        problem = _path_problem(rule["Variable"])
        if problem:
            yield ("Variable",), f"Variable {rule['Variable']!r} is not a path: {problem}"
    if not operators:
        if not explained:
            yield (), "a Choice rule needs a comparison operator, such as StringEquals or IsPresent"
        return
    for field in operators[1:]:
        yield (field,), f"a Choice rule has one comparison operator, but this one has {operators[0]} and {field}"
    for field in operators:
        problem = _operand_problem(field, rule[field])
        if problem:
            yield (field,), problem


def _judged(value) -> bool:
    """False for what CloudFormation fills in later (`${Name}`, an intrinsic function)."""
    return not ((isinstance(value, str) and "${" in value) or (isinstance(value, dict) and is_intrinsic(value)))


def _path_problem(value) -> str | None:
    return path_problem(value) if isinstance(value, str) else f"{value!r} is not a string"


def _operand_problem(operator: str, value) -> str | None:
    if not _judged(value):
        return None
    kind = CHOICE_OPERATORS[operator]
    if kind == PATH:
        problem = _path_problem(value)
        return f"{operator} {value!r} is not a path: {problem}" if problem else None
    fits = {STRING: isinstance(value, str), TIMESTAMP: isinstance(value, str), BOOLEAN: isinstance(value, bool),
            NUMBER: isinstance(value, (int, float)) and not isinstance(value, bool)}[kind]
    if not fits:
        return f"{operator} compares with {TYPE_WORDS[kind]}, not {value!r}"
    if kind == TIMESTAMP:
        problem = timestamp_problem(value)
        return f"{operator}: {problem}" if problem else None
    return None
