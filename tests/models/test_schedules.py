"""The schedule model: EventBridge rule and EventBridge Scheduler schedule expressions."""

from __future__ import annotations

import pytest

from model_corpus import events, resources

from samtransform.models.schedules import rule_expression_problems, scheduler_expression_problems


def test_every_schedule_of_the_corpus_is_valid():
    rules = [properties.get("Schedule") for *_, properties in events("Schedule")]
    rules += [properties.get("ScheduleExpression") for *_, properties in resources("AWS::Events::Rule")]
    schedules = [properties.get("ScheduleExpression") for *_, properties in events("ScheduleV2")]
    schedules += [properties.get("ScheduleExpression") for *_, properties in resources("AWS::Scheduler::Schedule")]
    assert len([rule for rule in rules if isinstance(rule, str)]) >= 10
    assert len([schedule for schedule in schedules if isinstance(schedule, str)]) >= 5
    assert [(rule, list(rule_expression_problems(rule))) for rule in rules if list(rule_expression_problems(rule))] \
        == []
    assert [schedule for schedule in schedules if list(scheduler_expression_problems(schedule))] == []


@pytest.mark.parametrize("expression", [
    "rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(12 hours)", "rate(1 day)", "rate(7 days)",
    "cron(0 12 * * ? *)", "cron(0/15 * * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)",
    "cron(15 10 ? * 6L 2019-2022)", "cron(0 10 ? * 3#2 *)", "cron(0 0 L * ? *)", "cron(0 0 3W * ? *)",
    "cron(0 9 ? JAN,JUL MON *)", "cron(5, 0, 1, *, ?, *)",
    {"Fn::Sub": "rate(${Minutes} minutes)"},  # known at deploy time only
])
def test_valid_rule_expressions(expression):
    assert list(rule_expression_problems(expression)) == []


@pytest.mark.parametrize("expression", [
    "at(2030-01-31T09:00:00)", "rate(1 minute)", "rate(1 minutes)", "rate(15 minutes)", "cron(0 12 * * ? *)",
])
def test_valid_scheduler_expressions(expression):
    assert list(scheduler_expression_problems(expression)) == []


@pytest.mark.parametrize("expression, message", [
    ("rate(1 minutes)", "'rate(1 minutes)': a value of 1 takes a singular unit: rate(1 minute)"),
    ("rate(5 minute)", "'rate(5 minute)': a value over 1 takes a plural unit: rate(5 minutes)"),
    ("rate(0 minutes)", "'rate(0 minutes)': the value '0' is not a positive whole number"),
    ("rate(1.5 hours)", "'rate(1.5 hours)': the value '1.5' is not a positive whole number"),
    ("rate(5 mins)", "'rate(5 mins)': the unit 'mins' is not minute, minutes, hour, hours, day or days; did you mean "
                     "rate(5 minutes)?"),
    ("rate(5)", "'rate(5)' is not rate(value unit): a rate has a value and a unit, such as rate(5 minutes)"),
    ("cron(0 12 * * *)", "'cron(0 12 * * *)' has 5 fields; a cron expression takes 6: minutes, hours, day-of-month, "
                         "month, day-of-week and year (did you mean cron(0 12 * * ? *)?)"),
    ("cron(0 12 * * MON)", "'cron(0 12 * * MON)' has 5 fields; a cron expression takes 6: minutes, hours, "
                           "day-of-month, month, day-of-week and year (did you mean cron(0 12 ? * MON *)?)"),
    ("cron(0 12 * * * *)", "'cron(0 12 * * * *)': day-of-month and day-of-week cannot both be given; one of them "
                           "must be ? (cron(0 12 * * ? *))"),
    ("cron(0 12 1 * MON *)", "'cron(0 12 1 * MON *)': day-of-month and day-of-week cannot both be given; one of them "
                             "must be ? (cron(0 12 1 * ? *))"),
    ("cron(61 12 * * ? *)", "'cron(61 12 * * ? *)': minutes 61 is not 0-59"),
    ("cron(0 24 * * ? *)", "'cron(0 24 * * ? *)': hours 24 is not 0-23"),
    ("cron(0 12 ? FOO * *)", "'cron(0 12 ? FOO * *)': month 'FOO' is not 1-12 or JAN-DEC"),
    ("cron(0 12 ? * 8 *)", "'cron(0 12 ? * 8 *)': day-of-week 8 is not 1-7"),
    ("cron(0 12 ? * * 1969)", "'cron(0 12 ? * * 1969)': year 1969 is not 1970-2199"),
    ("cron(0 12 ? * 3#1,6#3 *)", "'cron(0 12 ? * 3#1,6#3 *)': day-of-week '3#1,6#3': with #, day-of-week takes one "
                                 "expression only"),
    ("cron(0 12 ? * MON# *)", "'cron(0 12 ? * MON# *)': day-of-week 'MON#' is not a value, a range, * or an "
                              "increment (/) and ? L #"),
    ("at(2030-01-31T09:00:00)", "'at(2030-01-31T09:00:00)': at() is a one-time schedule of EventBridge Scheduler (a "
                                "ScheduleV2 event); a rule takes rate(value unit) or cron(fields)"),
    ("every 5 minutes", "'every 5 minutes' is not rate(value unit) or cron(fields)"),
])
def test_invalid_rule_expressions(expression, message):
    assert list(rule_expression_problems(expression)) == [((), message)]


@pytest.mark.parametrize("expression, message", [
    ("at(2030-02-30T09:00:00)", "'at(2030-02-30T09:00:00)': 2030-02-30T09:00:00 is not a date and time (day is out of "
                                "range for month)"),
    ("at(2030-01-31 09:00)", "'at(2030-01-31 09:00)': a one-time schedule is at(yyyy-mm-ddThh:mm:ss), such as "
                             "at(2030-01-31T09:00:00)"),
    ("cron(0 12 * * *)", "'cron(0 12 * * *)' has 5 fields; a cron expression takes 6: minutes, hours, day-of-month, "
                         "month, day-of-week and year (did you mean cron(0 12 * * ? *)?)"),
    ("rate(5 weeks)", "'rate(5 weeks)': the unit 'weeks' is not minute, minutes, hour, hours, day or days"),
    ("daily", "'daily' is not at(yyyy-mm-ddThh:mm:ss), rate(value unit) or cron(fields)"),
])
def test_invalid_scheduler_expressions(expression, message):
    assert list(scheduler_expression_problems(expression)) == [((), message)]
