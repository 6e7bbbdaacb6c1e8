"""Schedule expressions: an EventBridge rule's `ScheduleExpression` and an EventBridge Scheduler
schedule's.

A rule takes `rate(value unit)` or `cron(fields)`:
- rate: "value: A positive number"; unit minute | minutes | hour | hours | day | days; "If the
  value is equal to 1, then the unit must be singular. If the value is greater than 1, the
  unit must be plural" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rate-expressions.html);
- cron: "six required fields, which are separated by white space": minutes 0-59, hours 0-23,
  day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT, year 1970-2199, each
  with its wildcards (, - * / everywhere; ? L W in day-of-month; ? L # in day-of-week); "You
  can't specify the Day-of-month and Day-of-week fields in the same cron expression. If you
  specify a value or a * (asterisk) in one of the fields, you must use a ? (question mark) in
  the other" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
A schedule of EventBridge Scheduler also takes `at(yyyy-mm-ddThh:mm:ss)`, a rate with the same
units and cron with the same six fields (CreateSchedule's ScheduleExpression, api_facts.json
from botocore; https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html).
Scheduler's documentation does not say that a rate's unit must agree with its value, so
that is not judged there. An empty item in a cron field (a comma with nothing after it) is
not judged either: a published pattern writes `cron(5, 0, 1, *, ?, *)` (aws-samples/
serverless-patterns, sfn-log-export), and AWS does not document whether that is refused. `ScheduleExpressionTimezone` is not judged: the time zone names
Scheduler accepts ship in no pinned package (Python's own list depends on the machine).

    for path, message in rule_expression_problems("rate(1 minutes)"):   # path is ()
"""

from __future__ import annotations

import re
from collections.abc import Iterator

RATE_UNITS = ("minute", "minutes", "hour", "hours", "day", "days")
FIELDS = ("minutes", "hours", "day-of-month", "month", "day-of-week", "year")
MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
DAYS = ("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")
# (lowest, highest, names whose position counts from lowest) per field, in order.
RANGES = ((0, 59, ()), (0, 23, ()), (1, 31, ()), (1, 12, MONTHS), (1, 7, DAYS), (1970, 2199, ()))
DAY_OF_MONTH, DAY_OF_WEEK = 2, 4

_EXPRESSION = re.compile(r"(rate|cron|at)\((.*)\)", re.DOTALL)
_VALUE = r"(?:\d+|[A-Za-z]{3})"
# One item of a field: a value or range with an optional step, or a field's own special form.
_ITEM = re.compile(rf"(?:\*|{_VALUE}(?:-{_VALUE})?)(?:/\d+)?")
_DAY_OF_MONTH_ITEM = re.compile(r"L|LW|L-\d+|\d+W|\?")
_DAY_OF_WEEK_ITEM = re.compile(rf"L|{_VALUE}L|{_VALUE}#\d|\?")
_AT = re.compile(r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})")


def rule_expression_problems(expression: object) -> Iterator[tuple[tuple, str]]:
    """What EventBridge refuses in a rule's ScheduleExpression (a SAM Schedule event's `Schedule`)."""
    if not isinstance(expression, str):
        return
    form, body = _split(expression)
    if form == "rate":
        yield from _rate(expression, body, agreement=True)
    elif form == "cron":
        yield from _cron(expression, body)
    elif form == "at":
        yield (), (f"{expression!r}: at() is a one-time schedule of EventBridge Scheduler (a ScheduleV2 event); a "
                   "rule takes rate(value unit) or cron(fields)")
    else:
        yield (), f"{expression!r} is not rate(value unit) or cron(fields)"


def scheduler_expression_problems(expression: object) -> Iterator[tuple[tuple, str]]:
    """What EventBridge Scheduler refuses in a schedule's ScheduleExpression (a ScheduleV2 event's)."""
    if not isinstance(expression, str):
        return
    form, body = _split(expression)
    if form == "rate":
        yield from _rate(expression, body, agreement=False)
    elif form == "cron":
        yield from _cron(expression, body)
    elif form == "at":
        yield from _at(expression, body)
    else:
        yield (), f"{expression!r} is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)"


def _split(expression: str) -> tuple[str | None, str]:
    found = _EXPRESSION.fullmatch(expression.strip())
    return (found.group(1), found.group(2)) if found else (None, "")


# --------------------------------------------------------------------------- rate

def _rate(expression: str, body: str, agreement: bool) -> Iterator[tuple[tuple, str]]:
    parts = body.split()
    if len(parts) != 2:
        yield (), f"{expression!r} is not rate(value unit): a rate has a value and a unit, such as rate(5 minutes)"
        return
    value, unit = parts
    if unit not in RATE_UNITS:
        suggestion = _closest_unit(unit, value)
        hint = f"; did you mean rate({value} {suggestion})?" if suggestion else ""
        yield (), f"{expression!r}: the unit {unit!r} is not minute, minutes, hour, hours, day or days{hint}"
        return
    if not value.isdigit() or int(value) < 1:
        yield (), f"{expression!r}: the value {value!r} is not a positive whole number"
        return
    if not agreement:
        return
    singular = unit.rstrip("s")
    if int(value) == 1 and unit != singular:
        yield (), f"{expression!r}: a value of 1 takes a singular unit: rate(1 {singular})"
    elif int(value) > 1 and unit == singular:
        yield (), f"{expression!r}: a value over 1 takes a plural unit: rate({value} {unit}s)"


def _closest_unit(unit: str, value: str) -> str | None:
    for name in ("minute", "hour", "day"):
        if unit.lower().startswith(name[:3]):
            return name if value == "1" else name + "s"
    return None


# --------------------------------------------------------------------------- cron

def _cron(expression: str, body: str) -> Iterator[tuple[tuple, str]]:
    fields = body.split()
    if len(fields) != len(FIELDS):
        suggestion = _six_fields(fields)
        hint = f" (did you mean cron({' '.join(suggestion)})?)" if suggestion else ""
        yield (), (f"{expression!r} has {len(fields)} fields; a cron expression takes 6: minutes, hours, "
                   f"day-of-month, month, day-of-week and year{hint}")
        return
    for index, field in enumerate(fields):
        problem = _field_problem(index, field)
        if problem:
            yield (), f"{expression!r}: {problem}"
            return
    if "?" not in (fields[DAY_OF_MONTH].rstrip(","), fields[DAY_OF_WEEK].rstrip(",")):
        fixed = _question_mark(fields)
        yield (), (f"{expression!r}: day-of-month and day-of-week cannot both be given; one of them must be ? "
                   f"(cron({' '.join(fixed)}))")


def _six_fields(fields: list) -> list | None:
    """A five-field (Unix) cron made EventBridge's: a year of *, and ? for the day left open."""
    if len(fields) != 5:
        return None
    fixed = _question_mark(fields + ["*"])
    valid = all(_field_problem(index, field) is None for index, field in enumerate(fixed))
    return fixed if valid else None


def _question_mark(fields: list) -> list:
    fixed = list(fields)
    if "?" not in (fixed[DAY_OF_MONTH], fixed[DAY_OF_WEEK]):
        # Keep the day that is given; a * is what leaves a day open.
        fixed[DAY_OF_WEEK if fixed[DAY_OF_WEEK] == "*" or fixed[DAY_OF_MONTH] != "*" else DAY_OF_MONTH] = "?"
    return fixed


def _field_problem(index: int, field: str) -> str | None:
    name = FIELDS[index]
    items = [item for item in field.split(",") if item]  # an empty item is not judged (see the docstring)
    if "#" in field and len(items) > 1:
        return f"{name} {field!r}: with #, day-of-week takes one expression only"
    for item in items:
        special = _DAY_OF_MONTH_ITEM if index == DAY_OF_MONTH else _DAY_OF_WEEK_ITEM if index == DAY_OF_WEEK else None
        if special is not None and special.fullmatch(item):
            values = re.findall(r"\d+|[A-Za-z]{3}", item.replace("L-", "L"))
        elif _ITEM.fullmatch(item):
            base, _, step = item.partition("/")
            if step and int(step) == 0:
                return f"{name} {field!r}: an increment must be at least 1"
            values = [] if base == "*" else base.split("-")
        else:
            allowed = "? L W" if index == DAY_OF_MONTH else "? L #" if index == DAY_OF_WEEK else ""
            extra = f" and {allowed}" if allowed else ""
            return f"{name} {item!r} is not a value, a range, * or an increment (/){extra}"
        for value in values:
            problem = _value_problem(index, value)
            if problem:
                return problem
    return None


def _value_problem(index: int, value: str) -> str | None:
    lowest, highest, names = RANGES[index]
    name = FIELDS[index]
    if value.isdigit():
        if index == DAY_OF_WEEK and "#" in value:
            return None
        if not lowest <= int(value) <= highest:
            return f"{name} {value} is not {lowest}-{highest}"
        return None
    if value.upper() not in names:
        listed = f" or {names[0]}-{names[-1]}" if names else ""
        return f"{name} {value!r} is not {lowest}-{highest}{listed}"
    return None


# --------------------------------------------------------------------------- at

def _at(expression: str, body: str) -> Iterator[tuple[tuple, str]]:
    found = _AT.fullmatch(body.strip())
    if found is None:
        yield (), f"{expression!r}: a one-time schedule is at(yyyy-mm-ddThh:mm:ss), such as at(2030-01-31T09:00:00)"
        return
    import datetime  # only a one-time schedule needs it

    try:
        datetime.datetime(*(int(part) for part in found.groups()))
    except ValueError as problem:
        yield (), f"{expression!r}: {body.strip()} is not a date and time ({problem})"
