"""EventBridge event patterns: an EventBridgeRule event's `Pattern`, an AWS::Events::Rule's `EventPattern`.

From the EventBridge user guide:
- "In an event pattern, the value to match is in a JSON array, surrounded by square
  brackets" and a field whose value is an object matches the event's nested object
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern.html), so a
  field's value is an array or an object, never a string or a number (`source: aws.ec2`);
- EventBridge refuses a bare value ("\"resources\" must be an object or an array",
  awslabs/aws-deployment-framework#455), an empty array ("Empty arrays are not allowed",
  aws/aws-cdk#36904) and an empty object ("Empty objects are not allowed",
  cloud-custodian/cloud-custodian#6507), each with InvalidEventPatternException at deploy time;
- a value in the array is a string, a number, true, false or null, or a comparison: an
  object with one of prefix, suffix, anything-but, numeric, exists, cidr,
  equals-ignore-case, wildcard; `$or` takes an array of patterns
  (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html,
  https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html):
  prefix and suffix take a string (or `{equals-ignore-case: string}`); anything-but a string,
  a number, a list of them, or `{prefix|suffix|equals-ignore-case|wildcard: ...}`; numeric a
  list of one or two (operator, number) pairs with operators = < <= > >=; exists true or
  false; cidr, equals-ignore-case and wildcard a string.
An intrinsic function anywhere is resolved at deploy time and not judged.

    for path, message in pattern_problems(pattern):   # path relative to the pattern
"""

from __future__ import annotations

from collections.abc import Iterator

from ..core.intrinsics import is_intrinsic
from ..core.suggestions import did_you_mean

OPERATORS = ("prefix", "suffix", "anything-but", "numeric", "exists", "cidr", "equals-ignore-case", "wildcard")
NUMERIC_OPERATORS = ("=", "<", "<=", ">", ">=")
ANYTHING_BUT_OPERATORS = ("prefix", "suffix", "equals-ignore-case", "wildcard")
OR = "$or"


def pattern_problems(pattern: object) -> Iterator[tuple[tuple, str]]:
    if is_intrinsic(pattern) or not isinstance(pattern, dict):
        return  # the input schema says what a pattern that is not a mapping is
    yield from _fields(pattern, ())


def _fields(pattern: dict, path: tuple) -> Iterator[tuple[tuple, str]]:
    for key, value in pattern.items():
        here = path + (key,)
        if is_intrinsic(value):
            continue
        if key == OR:
            yield from _or(value, here)
        elif value == {} or value == []:
            what = "an empty object" if value == {} else "an empty array"
            yield here, f"EventBridge refuses {what} in an event pattern; give {key!r} a value to match, or remove it"
        elif isinstance(value, dict):
            yield from _fields(value, here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from _matcher(item, here + (index,))
        else:
            yield here, (f"EventBridge refuses a bare value in an event pattern: {key!r} takes an array of values to "
                         f"match, or an object of fields; write [{_json(value)}]")


def _or(value: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        yield path, "$or takes an array of event patterns (objects)"
        return
    for index, item in enumerate(value):
        if not is_intrinsic(item):
            yield from _fields(item, path + (index,))


def _matcher(item: object, path: tuple) -> Iterator[tuple[tuple, str]]:
    if item is None or isinstance(item, (str, bool, int, float)) or is_intrinsic(item):
        return
    if isinstance(item, list):
        yield path, "an array of values holds strings, numbers, true, false, null or comparisons, not an array"
        return
    if not isinstance(item, dict) or len(item) != 1:
        keys = ", ".join(repr(key) for key in item) if isinstance(item, dict) else ""
        yield path, f"a comparison is an object with one operator ({', '.join(OPERATORS)}), not {{{keys}}}"
        return
    ((operator, argument),) = item.items()
    if operator not in OPERATORS:
        suggestion = _closest(operator, OPERATORS)
        hint = f"; did you mean {suggestion!r}?" if suggestion else f" (one of {', '.join(OPERATORS)})"
        yield path + (operator,), f"{operator!r} is not an event pattern comparison{hint}"
        return
    if is_intrinsic(argument):
        return
    problem = _ARGUMENTS[operator](argument)
    if problem:
        yield path + (operator,), f"{operator} {problem}"


def _text_or_ignore_case(argument: object) -> str | None:
    if isinstance(argument, str):
        return None
    if isinstance(argument, dict) and list(argument) == ["equals-ignore-case"] and isinstance(
            argument["equals-ignore-case"], str):
        return None
    return "takes a string, or {equals-ignore-case: string}"


def _anything_but(argument: object) -> str | None:
    def scalar(value) -> bool:
        return isinstance(value, str) or (isinstance(value, (int, float)) and not isinstance(value, bool))

    if scalar(argument):
        return None
    if isinstance(argument, list) and argument and all(scalar(value) for value in argument):
        if len({type(value) is str for value in argument}) == 1:
            return None
        return "takes a list of strings or a list of numbers, not both"
    if isinstance(argument, dict) and len(argument) == 1:
        ((operator, value),) = argument.items()
        if operator in ANYTHING_BUT_OPERATORS:
            if isinstance(value, str) or (operator in ("equals-ignore-case", "wildcard") and isinstance(value, list)
                                          and value and all(isinstance(each, str) for each in value)):
                return None
            return f"{{{operator}: ...}} takes a string"
        suggestion = _closest(operator, ANYTHING_BUT_OPERATORS)
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        return f"takes a string, a number, a list of them, or one of {', '.join(ANYTHING_BUT_OPERATORS)}{hint}"
    return "takes a string, a number, a list of them, or {prefix|suffix|equals-ignore-case|wildcard: ...}"


def _numeric(argument: object) -> str | None:
    shape = "takes [operator, number] or [operator, number, operator, number], operators = < <= > >="
    if not isinstance(argument, list) or len(argument) not in (2, 4):
        return shape
    for operator, number in zip(argument[::2], argument[1::2]):
        if operator not in NUMERIC_OPERATORS or isinstance(number, bool) or not isinstance(number, (int, float)):
            return shape
    return None


def _boolean(argument: object) -> str | None:
    return None if isinstance(argument, bool) else "takes true or false"


def _string(argument: object) -> str | None:
    return None if isinstance(argument, str) else "takes a string"


_ARGUMENTS = {
    "prefix": _text_or_ignore_case,
    "suffix": _text_or_ignore_case,
    "anything-but": _anything_but,
    "numeric": _numeric,
    "exists": _boolean,
    "cidr": _string,
    "equals-ignore-case": _string,
    "wildcard": _string,
}


def _json(value: object) -> str:
    import json  # only a wrong pattern needs it

    return json.dumps(value)


def _closest(word: str, candidates) -> str | None:
    return did_you_mean(word.lower(), candidates)
