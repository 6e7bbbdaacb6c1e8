"""The JSONata model: `{% ... %}` strings, parsed with jsonata-python, and the States
Language's restrictions on them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samtransform.models import jsonata
from samtransform.models.jsonata import expression_problem, is_expression, literal_problem, string_problem

VALID = [
    "{% $states.input %}",
    "{%$states.input.order.id%}",
    "{% { 'a': { 'b': $x, 'c': [1, { 'd': 2 }] } } %}",  # nested braces, an object constructor
    "{% $map($states.input.items, function($v) { $v.price * 2 }) %}",  # a lambda
    "{% /* the total */ $sum($states.input.items.price) %}",  # a comment
    "{% $contains($states.input.name, /^ab+c$/i) %}",  # a regular expression
    "{% $states.input.type != 'Private' %}",
    "{% $exists($value) and $type($value) = 'number' and $value >= 20 %}",
    "{% ($product := function($x, $y) { $x * $y }; $reduce([1..5], $product)) %}",
    "{% $states.input.FunctionConfig[State='Inactive'] ? $states.input.FunctionConfig[State='Inactive'] : false %}",
    "{% $order[total > 10] %}",  # a field name inside a predicate is the item's
    "{% $merge([ $states.input, {'error-info': $states.errorOutput} ]) %}",
    "{% $states.context.Execution.Id & '-' & $string($states.input.n) %}",
    "{% $states.input.`field with space` %}",
]


@pytest.mark.parametrize("value", VALID)
def test_valid_expressions(value):
    assert is_expression(value)
    assert string_problem(value) is None


@pytest.mark.parametrize("value, message", [
    ("{% $states.input. %}", "the JSONata expression '$states.input.' does not parse: Unexpected end of expression"),
    ("{% $states.input.orders[ %}",
     "the JSONata expression '$states.input.orders[' does not parse: Expected ] before end of expression"),
    ("{% ($states.input %}", "the JSONata expression '($states.input' does not parse: Expected ) before end of "
                             "expression"),
    ("{% { 'a': } %}", "the JSONata expression \"{ 'a': }\" does not parse: The symbol } cannot be used as a unary "
                       "operator"),
    ("{% 'open %}", "the JSONata expression \"'open\" does not parse: String literal must be terminated by a "
                    "matching quote"),
    ("{% %}", "the JSONata expression '' does not parse: Unexpected end of expression"),
    ("{% $states.input.true %}", "the JSONata expression '$states.input.true' does not parse: the literal value "
                                 "true cannot be used as a step within a path expression"),
    ("{% $states.input }", None),  # not an expression: no closing %}, a literal without %}
])
def test_broken_expressions(value, message):
    assert string_problem(value) == message


@pytest.mark.parametrize("value, message", [
    ("{% $$.Execution.Id %}", "$$ in a JSONata expression is the input document, which Step Functions does not "
                              "provide; use $states.input"),
    ("{% { 'id': $$ } %}", "$$ in a JSONata expression is the input document, which Step Functions does not "
                           "provide; use $states.input"),
    ("{% $ %}", "$ at the top level of a JSONata expression is the input document, which Step Functions does not "
                "provide; use $states.input"),
    ("{% $.total %}", "$ at the top level of a JSONata expression is the input document, which Step Functions does "
                      "not provide; use $states.input"),
    ("{% total %}", "'total' at the top level of a JSONata expression is a field of the input document, which Step "
                    "Functions does not provide; use $states.input.total"),
    ("{% $count(items) %}", "'items' at the top level of a JSONata expression is a field of the input document, which "
                            "Step Functions does not provide; use $states.input.items"),
    ("{% $x > 1 ? total : 0 %}", "'total' at the top level of a JSONata expression is a field of the input document, "
                                 "which Step Functions does not provide; use $states.input.total"),
])
def test_the_input_document_is_not_provided(value, message):
    assert string_problem(value) == message


def test_a_literal_that_looks_like_an_expression():
    assert string_problem("Order {% $states.input.id %} shipped") is None
    assert literal_problem("{% $states.input.id %}") is None
    assert literal_problem("Order {% $states.input.id %} shipped") == (
        "'Order {% $states.input.id %} shipped' is not a JSONata expression, so Step Functions sends it as written: "
        "an expression is a whole string that starts with {% and ends with %}")
    assert literal_problem("50% off {%") is None  # no closing delimiter: plain text
    assert literal_problem("plain text") is None


NAME = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)


@given(st.lists(st.one_of(NAME, st.sampled_from(["true", "false", "null", "and", "in", "function", "or"])), min_size=1,
                max_size=5), st.sampled_from(["", " ", "  "]))
def test_the_quick_path_accepts_only_what_the_parser_accepts(names, space):
    """Plain `$a.b.c` expressions skip the parser; whatever they accept must parse."""
    from jsonata.parser import Parser

    expression = space + "$" + ".".join(names) + space
    if jsonata._plain(expression):
        Parser().parse(expression)  # raises if the quick path were wrong
    assert expression_problem(expression) is None or not jsonata._plain(expression)
