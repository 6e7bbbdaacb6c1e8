"""Timestamps of the Amazon States Language: RFC 3339 with an uppercase T and Z.

"These are strings which MUST conform to the RFC3339 profile of ISO 8601, with the further
restrictions that an uppercase "T" character MUST be used to separate date and time, and an
uppercase "Z" character MUST be present in the absence of a numeric time zone offset, for
example "2016-03-14T01:59:00Z"" (https://states-language.net/spec.html#timestamps; the same
in "Wait workflow state", https://docs.aws.amazon.com/step-functions/latest/dg/state-wait.html,
which adds that fractions of a second are truncated, so they are accepted).
"""

from __future__ import annotations

import re

_PATTERN = (r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))")
_compiled: list = []  # compiled at the first timestamp: most definitions have none
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
EXAMPLE = "2016-03-14T01:59:00Z"


def timestamp_problem(value: str) -> str | None:
    """Why `value` is not a States Language timestamp, or None."""
    if not _compiled:
        _compiled.append(re.compile(_PATTERN))
    timestamp = _compiled[0]
    match = timestamp.fullmatch(value)
    if match is None:
        lowered = timestamp.fullmatch(value.upper()) if "t" in value or "z" in value else None
        if lowered is not None:
            return f"{value!r} is not an RFC 3339 timestamp: T and Z must be uppercase ({value.upper()!r})"
        return f"{value!r} is not an RFC 3339 timestamp such as {EXAMPLE!r}"
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    if not 1 <= month <= 12 or not 1 <= day <= (29 if month == 2 and leap else 28 if month == 2 else
                                                 _DAYS[month - 1]):
        return f"{value!r} is not an RFC 3339 timestamp: there is no such date"
    offset_hours, offset_minutes = match.group(9), match.group(10)
    if hour > 23 or minute > 59 or second > 60 or (offset_hours and (int(offset_hours) > 23 or
                                                                     int(offset_minutes) > 59)):
        return f"{value!r} is not an RFC 3339 timestamp: there is no such time"
    return None
