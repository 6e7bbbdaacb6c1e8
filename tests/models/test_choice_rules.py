"""The Choice rules model: operators, operand types, And/Or/Not, Variable and Condition."""

from __future__ import annotations

import pytest

from samtransform.models.choice_rules import choice_problems
from samtransform.models.states_language_tables import CHOICE_OPERATORS


def problems(rules, language="JSONPath"):
    return list(choice_problems({"Type": "Choice", "Choices": rules, "Default": "Other"}, language))


def test_the_specifications_example_is_valid():
    rules = [
        {"Not": {"Variable": "$.type", "StringEquals": "Private"}, "Next": "Public"},
        {"And": [{"Variable": "$.value", "IsPresent": True}, {"Variable": "$.value", "IsNumeric": True},
                 {"Variable": "$.value", "NumericGreaterThanEquals": 20},
                 {"Variable": "$.value", "NumericLessThan": 30}],
         "Assign": {"range": "twenties"}, "Next": "ValueInTwenties"},
        {"Variable": "$.rating", "NumericGreaterThanPath": "$.auditThreshold", "Next": "StartAudit"},
        {"Or": [{"Variable": "$.when", "TimestampLessThan": "2016-03-14T01:59:00Z"},
                {"Variable": "$$.Execution.StartTime", "TimestampGreaterThanPath": "$.limit"}], "Next": "Late"},
        {"Variable": "$.name", "StringMatches": "log-*.txt", "Comment": "a wildcard", "Next": "Logs"},
        {"Variable": "$.flag", "BooleanEquals": False, "Next": "Off"},
        {"Variable": "$myVariable.count", "NumericEquals": 1.5, "Next": "One"},
    ]
    assert problems(rules) == []


@pytest.mark.parametrize("operator", sorted(CHOICE_OPERATORS))
def test_every_operator_with_a_value_of_its_type(operator):
    value = {"string": "x", "number": 3, "boolean": True, "timestamp": "2024-08-18T17:33:00Z",
             "path": "$.other"}[CHOICE_OPERATORS[operator]]
    assert problems([{"Variable": "$.a", operator: value, "Next": "B"}]) == []


@pytest.mark.parametrize("rule, expected", [
    ({"Variable": "$.status", "StringEqual": "ok", "Next": "Done"},
     [(("Choices", 0, "StringEqual"), "'StringEqual' is not a field of a Choice rule; did you mean 'StringEquals'?")]),
    ({"Variable": "$.n", "NumericEquals": "5", "Next": "Done"},
     [(("Choices", 0, "NumericEquals"), "NumericEquals compares with a number, not '5'")]),
    ({"Variable": "$.n", "BooleanEquals": "true", "Next": "Done"},
     [(("Choices", 0, "BooleanEquals"), "BooleanEquals compares with true or false, not 'true'")]),
    ({"Variable": "$.n", "IsPresent": "yes", "Next": "Done"},
     [(("Choices", 0, "IsPresent"), "IsPresent compares with true or false, not 'yes'")]),
    ({"Variable": "$.when", "TimestampEquals": "2016-03-14 01:59:00", "Next": "Done"},
     [(("Choices", 0, "TimestampEquals"), "TimestampEquals: '2016-03-14 01:59:00' is not an RFC 3339 timestamp such "
                                          "as '2016-03-14T01:59:00Z'")]),
    ({"Variable": "$.n", "NumericEqualsPath": "other", "Next": "Done"},
     [(("Choices", 0, "NumericEqualsPath"), "NumericEqualsPath 'other' is not a path: a path starts with $")]),
    ({"Variable": "status", "StringEquals": "ok", "Next": "Done"},
     [(("Choices", 0, "Variable"), "Variable 'status' is not a path: a path starts with $")]),
    ({"StringEquals": "ok", "Next": "Done"},
     [(("Choices", 0), "a Choice rule needs Variable (the path to test) and an operator, or And, Or or Not")]),
    ({"Variable": "$.a", "Next": "Done"},
     [(("Choices", 0), "a Choice rule needs a comparison operator, such as StringEquals or IsPresent")]),
    ({"Variable": "$.a", "StringEquals": "x", "IsPresent": True, "Next": "Done"},
     [(("Choices", 0, "IsPresent"), "a Choice rule has one comparison operator, but this one has StringEquals and "
                                    "IsPresent")]),
    ({"Variable": "$.a", "StringEquals": "x"},
     [(("Choices", 0), "a Choice rule in Choices needs Next")]),
    ({"And": [{"Variable": "$.a", "IsNull": True, "Next": "X"}], "Next": "Done"},
     [(("Choices", 0, "And", 0, "Next"), "a Choice rule inside And, Or or Not cannot have Next: only the rules of "
                                         "Choices move on")]),
    ({"Or": [], "Next": "Done"}, [(("Choices", 0, "Or"), "Or holds a non-empty list of Choice rules, not []")]),
    ({"Not": [{"Variable": "$.a", "IsNull": True}], "Next": "Done"},
     [(("Choices", 0, "Not"), "Not holds one Choice rule (a mapping), not [{'Variable': '$.a', 'IsNull': True}]")]),
    ({"And": [{"Variable": "$.a", "IsNull": True}], "Variable": "$.b", "Next": "Done"},
     [(("Choices", 0, "Variable"), "a Choice rule is either And or a Variable with an operator, so it cannot also "
                                   "have Variable")]),
    ({"Condition": "{% $states.input.ok %}", "Next": "Done"},
     [(("Choices", 0, "Condition"), "Condition is a JSONata field, but this Choice state uses JSONPath; compare with "
                                    "Variable and an operator, or set QueryLanguage: JSONata")]),
    ("Done", [(("Choices", 0), "a Choice rule is a mapping, not 'Done'")]),
])
def test_jsonpath_rules(rule, expected):
    assert problems([rule]) == expected


def test_no_rules():
    assert problems([]) == [(("Choices",), "Choices is empty: a Choice state needs at least one rule")]


def test_values_filled_in_later_are_not_judged():
    assert problems([{"Variable": "${Field}", "NumericEquals": {"Ref": "Limit"}, "Next": "Done"},
                     {"Variable": "$.a", "StringEquals": "${Expected}", "Next": "Done"}]) == []


@pytest.mark.parametrize("rule, expected", [
    ({"Condition": "{% $states.input.type != 'Private' %}", "Next": "Public"}, []),
    ({"Condition": True, "Output": {"x": 1}, "Assign": {"y": 2}, "Next": "Public"}, []),
    ({"Condition": "$.ok", "Next": "Done"},
     [(("Choices", 0, "Condition"), "Condition must be true, false or a JSONata expression '{% ... %}', not '$.ok'")]),
    ({"Next": "Done"}, [(("Choices", 0), "a Choice rule of a JSONata state needs Condition")]),
    ({"Variable": "$.a", "StringEquals": "x", "Next": "Done"},
     [(("Choices", 0, "Variable"), "Variable is a JSONPath field, but this Choice state uses JSONata; write the test "
                                   "as Condition: '{% ... %}'"),
      (("Choices", 0, "StringEquals"), "StringEquals is a JSONPath field, but this Choice state uses JSONata; write "
                                       "the test as Condition: '{% ... %}'")]),
    ({"Conditon": "{% true %}", "Next": "Done"},
     [(("Choices", 0, "Conditon"), "'Conditon' is not a field of a Choice rule; did you mean 'Condition'?"),
      (("Choices", 0), "a Choice rule of a JSONata state needs Condition")]),
])
def test_jsonata_rules(rule, expected):
    assert problems([rule], "JSONata") == expected
