"""The intrinsic functions model: names, argument counts and the call syntax."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samtransform.models.intrinsic_functions import call_problems
from samtransform.models.states_language_tables import INTRINSIC_FUNCTIONS


@pytest.mark.parametrize("text", [
    "States.Format('Hello, my name is {}.', $.name)",
    "States.Format($.template, $.name)",
    "States.Format('Welcome to {} {}\\'s playlist.', $.firstName, $.lastName)",
    "States.Format('\\{\\} is not a placeholder: {}', $.x)",
    "States.Format('schedule_{}', $$.Execution.Name)",
    "States.StringToJson($.[0].body)",
    "States.Array('Foo', 2020, $.someJson, null)",
    "States.Array()",
    "States.ArrayGetItem(States.StringSplit($.detail.object.key, '/'),0)",
    "States.ArrayRange(1, 9, 2)",
    "States.MathRandom($.start, $.end)",
    "States.MathRandom(1, 999, 1234)",
    "States.MathAdd($.value1, -1)",
    "States.Hash($.Data, 'SHA-1')",
    "States.JsonMerge($.json1, $.json2, false)".replace("false", "$.deep"),
    "States.UUID()",
    "  States.UUID( )  ",
    "States.JsonToString($.a['b c'][0])",
    "States.Format('{}', $myVariable.total)",
    # The developer guide's nine nested functions in one field (its template has a third {}, for
    # which no value follows: the specification wants one value for each).
    "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit("
    "$.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem("
    "States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))",
])
def test_valid_calls(text):
    assert call_problems(text) == []


@pytest.mark.parametrize("text, problems", [
    ("States.Formatt('x')", ["States.Formatt is not an intrinsic function; did you mean States.Format?"]),
    ("states.format('x')", ["states.format is not an intrinsic function; did you mean States.Format?"]),
    ("States.Sum($.a)", ["States.Sum is not an intrinsic function"]),
    ("States.UUID(1)", ["States.UUID takes no arguments, not 1"]),
    ("States.StringToJson()", ["States.StringToJson takes 1 argument, not 0"]),
    ("States.MathRandom(1)", ["States.MathRandom takes 2 or 3 arguments, not 1"]),
    ("States.Format()", ["States.Format takes at least 1 argument, not 0"]),
    ("States.ArrayRange(1, 9)", ["States.ArrayRange takes 3 arguments, not 2"]),
    ("States.Format('a {} b {}', $.x)",
     ["States.Format's template has 2 {} but 1 value follows it; there must be one value for each {}"]),
    ("States.Format('no placeholder', $.x, $.y)",
     ["States.Format's template has 0 {} but 2 values follow it; there must be one value for each {}"]),
    ("States.Hash($.a, 'SHA256')", ["States.Hash has no algorithm 'SHA256' (it has MD5, SHA-1, SHA-256, SHA-384, "
                                    "SHA-512)"]),
    ("States.Array(States.Formatt('x'), States.UUID(2))",
     ["States.Formatt is not an intrinsic function; did you mean States.Format?", "States.UUID takes no arguments, "
                                                                                "not 1"]),
])
def test_unknown_functions_and_wrong_arguments(text, problems):
    assert call_problems(text) == problems


@pytest.mark.parametrize("text, reason", [
    ("States.Format('{}", "the string at character 15 is never closed"),
    ("States.Format('x', $.a", "the '(' of States.Format is never closed"),
    ("States.Format", "'(' is expected after States.Format"),
    ("States.Format('x') extra", "unexpected 'extra' after the call"),
    ("States.Format('x' $.a)", "',' or ')' is expected at character 19"),
    ("States.Format('\\n')", "'\\\\n' at character 16 is not an escape: only \\', \\{, \\} and \\\\ are"),
    ("States.JsonToString($.orders[)", "'$.orders[)' is not a path: ')' at character 10 closes nothing that is open"),
    ("States.Array(1,)", "',' at character 16 starts no argument (a 'string', a number, null, a path or a function)"
     .replace("','", "')'")),
    ("(1)", "a function name is expected at character 1"),
])
def test_malformed_calls(text, reason):
    assert call_problems(text) == [f"{text!r} is not an intrinsic function call: {reason}"]


def test_more_than_ten_functions_in_a_field():
    text = "States.Array(" + ", ".join(["States.UUID()"] * 10) + ")"
    assert call_problems(text) == ["11 intrinsic functions in one field; Step Functions allows at most 10"]


ARGUMENT = st.one_of(st.just("$.a"), st.just("$$.Execution.Id"), st.just("null"), st.integers(-9, 99).map(str),
                     st.just("'it\\'s'"), st.just("States.UUID()"))


@given(st.sampled_from(sorted(INTRINSIC_FUNCTIONS)), st.data())
def test_every_function_with_the_right_number_of_arguments(name, data):
    fewest, most = INTRINSIC_FUNCTIONS[name]
    count = data.draw(st.integers(fewest, most if most is not None else fewest + 3))
    arguments = [data.draw(ARGUMENT) for _ in range(count)]
    if name == "States.Format":
        arguments[0] = "'" + "{}" * (count - 1) + "'"
    if name == "States.Hash":
        arguments[1] = "'SHA-256'"
    assert call_problems(f"{name}({', '.join(arguments)})") == []
    if most is not None:
        extra = ", ".join(arguments + ["1"] * (most - count + 1))
        assert call_problems(f"{name}({extra})")[0].startswith(f"{name} takes ")
