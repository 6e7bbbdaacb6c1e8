"""CloudFormation's value conversions: what a typed property of a resource accepts.

CloudFormation converts a value to the type a resource property declares before the
resource provider sees it, so all of these deploy:
- the strings 'true'/'false' (also 'True', 'TRUE', 'False', 'FALSE') for a boolean;
- a string of digits for an integer, and a numeric string for a number;
- a number for a string.
cfn-lint models the same conversions (its non-strict type check; `BOOLEAN_STRINGS` there).
samtransform accepts them wherever the value reaches CloudFormation unchanged (AWS SAM
copies it). Where AWS SAM itself reads the value (`PropagateTags`, `UseAliasAsEventTarget`,
an event's `Enabled` or `OmitName`), SAM refuses strings, and so does samtransform.

The schema (schemas/sam) states the same rules as data; these functions are for code that
needs the converted value: the X-Ray policy for `Tracing.Enabled: 'true'`, and the checks.
"""

from __future__ import annotations

import re

TRUE_STRINGS = frozenset({"true", "True", "TRUE"})
FALSE_STRINGS = frozenset({"false", "False", "FALSE"})
_INTEGER = re.compile(r"[0-9]+")


def as_boolean(value) -> bool | None:
    """The boolean CloudFormation makes of `value`, or None if it makes none."""
    if value is True or value is False:
        return value
    if type(value) is not str:
        return None
    if value in TRUE_STRINGS:
        return True
    if value in FALSE_STRINGS:
        return False
    return None


def as_integer(value) -> int | None:
    """The integer CloudFormation makes of `value` (an integer, integral float or digit string), or None."""
    if type(value) is int:
        return value
    if type(value) is float and value.is_integer():
        return int(value)
    if type(value) is str and _INTEGER.fullmatch(value):
        return int(value)
    return None


def as_string(value):
    """The string CloudFormation makes of a number; any other value as it is."""
    if type(value) is int or type(value) is float:
        return str(value)
    return value
