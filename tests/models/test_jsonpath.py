"""The JSONPath model: Paths and Reference Paths as the States Language defines them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samtransform.models.jsonpath import path_problem

# Valid Paths, among them the specification's own Reference Path examples (#ref-paths).
PATHS = ["$", "$.a.b", "$['a b']", "$.a[0]", "$$.Execution.Id", "$[0]", "$.[0].body", "$.error-info",
         "$myVariable", "$myVariable.price", "$.store\\.book", "$.\\stor\\e.boo\\k", "$.foo\\@bar.baz\\[\\[.\\?pretty",
         "$.&Ж中.\\uD800\\uDF46", "$.ledgers.branch[0].pending.count", "$.ledgers[0][22][315].foo",
         "$['store']['book']", "$['store'][0]['book']", "$.abc.['def ghi']", "$.vals[-1]", '$["a"]']


@pytest.mark.parametrize("text", PATHS)
def test_reference_paths(text):
    assert path_problem(text) is None
    assert path_problem(text, reference=True) is None


@pytest.mark.parametrize("text", ["$..author", "$.a[*]", "$.a.*", "$.vals[-3:]", "$.a[0,1]", "$.a['x','y']",
                                  "$.a.length()", "$[?(@.Name == 'Cat')]", "$.jar[?(@.a >= 5)]", "$.a[(@.length-1)]",
                                  "$.a.concat('x', $.b)"])
def test_paths_that_select_several_nodes_are_paths(text):
    assert path_problem(text) is None


@pytest.mark.parametrize("text, message", [
    ("$.orders[", "'[' at character 9 is never closed"),
    ("$.a.", "a path cannot end with '.'"),
    ("$.a..", "a path cannot end with '..'"),
    ("$.a[]", "empty brackets at character 4"),
    ("orders", "a path starts with $"),
    ("$ .a", "unexpected ' ' at character 2: a step starts with '.' or '['"),
    ("$.a]", "']' at character 4 closes nothing that is open"),
    ("$.a[x]", "[x] is not an index, a slice, a quoted name, * or a filter"),
    ("$.a['x]", "the quote at character 5 is never closed"),
    ("$.a[?@.x]", "a filter is written [?(...)], not [?@.x]"),
    ("$.a\\", "a path cannot end with an escaping backslash"),
    ("$.a.length(", "'(' at character 11 is never closed"),
    ("$.a.length().b", "a function call ends a path, but '.b' follows it"),
    ("$.a..b.", "a path cannot end with '.'"),
])
def test_broken_paths(text, message):
    assert path_problem(text) == message


@pytest.mark.parametrize("text, message", [
    ("$.a[*]", "[*] selects every element, but a reference path must identify a single node"),
    ("$.a.*", "'*' selects every field, but a reference path must identify a single node"),
    ("$..a", "'..' selects every match below, but a reference path must identify a single node"),
    ("$.a[0,1]", "[0,1] selects several elements, but a reference path must identify a single node"),
    ("$.a[1:3]", "[1:3] selects several elements, but a reference path must identify a single node"),
    ("$.a['x','y']", "['x','y'] selects several fields, but a reference path must identify a single node"),
    ("$.a.length()", "functions such as length() are not allowed in a reference path"),
    ("$.a@b", "'@' (at character 4) is an operator, not allowed in a reference path; escape it with a backslash if "
              "it is part of the name"),
])
def test_not_reference_paths(text, message):
    assert path_problem(text) is None
    assert path_problem(text, reference=True) == message


def test_a_filter_is_a_reference_path_but_not_a_result_path():
    """The developer guide's example, `$.jar[?(@.a >= 5)]`; a result is written to one node."""
    assert path_problem("$.jar[?(@.a >= 5)]", reference=True) is None
    assert path_problem("$.jar[?(@.a >= 5)]", result=True) == ("a filter selects nodes, but ResultPath must name "
                                                                "the single node to write")


@pytest.mark.parametrize("text, message", [
    ("$$.Execution.Id", "a result cannot be written into the context object ($$)"),
    ("$total", "a result cannot be written into the variable $total; use Assign to set variables"),
    ("$.a[*]", "[*] selects every element, but a reference path must identify a single node"),
])
def test_result_paths(text, message):
    assert path_problem(text, result=True) == message
    assert path_problem("$.a.b[0]['c d']", result=True) is None


NAMES = st.text(st.characters(blacklist_characters=".[]\\'\"", blacklist_categories=("Cs",)), min_size=1,
                max_size=8).filter(lambda name: name[0] not in " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"
                                   and not any(char in name for char in "@,:?*()"))
STEPS = st.one_of(NAMES.map(lambda name: "." + name), st.integers(-5, 500).map(lambda index: f"[{index}]"),
                  st.text(st.characters(blacklist_characters="'\\", blacklist_categories=("Cs",)), max_size=8)
                  .map(lambda name: f"['{name}']"))


@given(st.sampled_from(["$", "$$", "$var"]), st.lists(STEPS, max_size=6))
def test_any_path_of_single_steps_is_a_reference_path(root, steps):
    text = root + "".join(steps)
    assert path_problem(text, reference=True) is None
    assert path_problem(text) is None


@given(st.lists(STEPS, min_size=1, max_size=6), st.sampled_from(["[", ".", "['a", "[?(@.a"]))
def test_a_path_cut_short_is_never_a_path(steps, tail):
    assert path_problem("$" + "".join(steps) + tail) is not None
