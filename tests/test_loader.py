"""The YAML loader: libyaml and the pure-Python fallback agree, and hostile input is refused cheaply.

Hostile inputs are bounded by the work they cause (nodes visited, composer calls),
never by wall-clock time.
"""

from __future__ import annotations

import re
import string

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from cases import FIXTURES
from strategies import templates

from samtransform import dump
from samtransform.io import yaml_loader as loader_module
from samtransform.io.yaml_loader import (
    ALIAS_EXPANSION_BUDGET, MAX_DEPTH, CLoader, Problem, Problems, PurePythonLoader, load_yaml)
from samtransform.io.template_io import parse


def _outcome(text: str, loader_class):
    """What a loader makes of `text`: the value, or its errors as comparable data."""
    try:
        return ("value", load_yaml(text, loader_class))
    except Problems as found:
        return ("problems", [(problem.message, problem.line, problem.column) for problem in found.problems])
    except Problem as problem:
        return ("problem", problem.message, problem.line, problem.column)
    except yaml.YAMLError as error:
        return ("yaml-error", type(error).__name__)


def _assert_loaders_agree(text: str) -> None:
    assert _outcome(text, CLoader) == _outcome(text, PurePythonLoader)


def _is_utf8(path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# A fixture that is not UTF-8 is refused before either YAML loader sees it.
YAML_FIXTURES = [path for path in sorted(FIXTURES.glob("*/template.yaml")) if _is_utf8(path)]


@pytest.mark.parametrize("path", YAML_FIXTURES, ids=[path.parent.name for path in YAML_FIXTURES])
def test_both_loaders_agree_on_every_fixture(path):
    _assert_loaders_agree(path.read_bytes().decode("utf-8"))


@given(templates())
def test_both_loaders_agree_on_generated_templates(drawn):
    _assert_loaders_agree(dump(drawn.template, "yaml"))


yaml_text = st.text(alphabet=string.printable + "éß☃", max_size=200)
yaml_fragments = st.lists(st.sampled_from([
    "a: 1\n", "a: 1\n", "- x\n", "  - y\n", "b: !Ref X\n", "c: !GetAtt A.B\n", "d: &x [1, 2]\n", "e: *x\n",
    "f: {g: h}\n", "<<: {i: j}\n", "k: .inf\n", "l: !!binary aGk=\n", "m: !Bogus 1\n", "? [n]\n: o\n",
    "p: 2010-09-09\n", "q: '0777'\n", "r: 0777\n", "s: yes\n", "t:\n  u: v\n", "{w: [x, {y: z}]}\n",
]), max_size=12).map("".join)


@given(yaml_fragments)
def test_both_loaders_agree_on_documents_made_of_template_like_lines(text):
    _assert_loaders_agree(text)


@given(yaml_text)
def test_either_loader_reads_random_text_or_refuses_it_cleanly(text):
    # libyaml and PyYAML's own scanner disagree on some malformed text (a tag with no
    # node, a stray tab), so here each only has to give a value or a YAML error.
    for loader_class in (CLoader, PurePythonLoader):
        assert _outcome(text, loader_class)[0] in ("value", "problems", "problem", "yaml-error")


# --------------------------------------------------------------------------- hostile input

def _billion_laughs(levels: int = 9) -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("loader_class", [CLoader, PurePythonLoader])
def test_an_alias_bomb_is_refused_before_anything_is_built(monkeypatch, loader_class):
    visited = []
    children = loader_module._children
    monkeypatch.setattr(loader_module, "_children", lambda node: visited.append(node) or children(node))
    monkeypatch.setattr(loader_class, "build", lambda *args: pytest.fail("built a bomb"))
    with pytest.raises(Problem, match="aliases expand to more than"):
        load_yaml(_billion_laughs(), loader_class)
    # Each distinct node is walked once; the 9**9 expansion is never walked.
    assert len(visited) <= 2 * 100


@given(st.text(alphabet="&a [{,}]\t\n\u3000:'\"", max_size=12))
def test_the_anchor_search_finds_what_the_plain_pattern_finds(text):
    # The loader looks for `&` first and then at the character before it: a pattern that starts
    # with the alternatives for that character is 75x slower on large templates. Same answers.
    plain = re.compile(r"(?:^|[\s\[{,])&[^\s\[\]{},]")
    assert loader_module._may_have_anchors(text) == bool(plain.search(text))


@pytest.mark.parametrize("text", ["&a [1]\n", "x: [&a 1, *a]\n", "x: {k: &a 1, j: *a}\n", "x:\t&a 1\ny: *a\n"])
def test_anchors_anywhere_a_node_starts_are_followed(text):
    assert loader_module._may_have_anchors(text)


def test_aliases_within_the_budget_load():
    text = "common: &tags {team: a, cost: b}\n" + "".join(f"r{index}: *tags\n" for index in range(100))
    assert load_yaml(text)["r99"] == {"team": "a", "cost": "b"}
    assert ALIAS_EXPANSION_BUDGET >= 100 * 5


@pytest.mark.parametrize("loader_class", [CLoader, PurePythonLoader])
@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_refused_at_the_same_depth(monkeypatch, loader_class, style):
    calls = []
    compose = PurePythonLoader.compose_node
    monkeypatch.setattr(PurePythonLoader, "compose_node", lambda self, *args: calls.append(1) or compose(self, *args))
    depth = 5000
    text = ("a: " + "[" * depth + "]" * depth) if style == "flow" else "a:\n" + "".join(
        " " * (level + 1) + "b:\n" for level in range(depth))
    with pytest.raises(Problem, match="nests more than 1000 levels deep"):
        load_yaml(text, loader_class)
    assert len(calls) <= 2 * MAX_DEPTH + 2  # at most a key and a value a level, up to the limit


def test_nesting_within_the_limit_loads_and_expands():
    text = "Resources:\n  M:\n    Type: AWS::SNS::Topic\n    Metadata:\n      deep: " + "[" * 900 + "]" * 900 + "\n"
    assert parse(text)["Resources"]["M"]["Type"] == "AWS::SNS::Topic"


def test_a_fifty_megabyte_template_loads_in_linear_work(monkeypatch):
    resource = ("  Queue{index}:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: queue-{index}\n"
                "      Tags:\n        - Key: purpose\n          Value: " + "x" * 40 + "\n")
    count = 380_000
    text = "Resources:\n" + "".join(resource.format(index=index) for index in range(count))
    assert len(text.encode()) > 50 * 1024 * 1024
    constructed = []
    build = CLoader.build
    monkeypatch.setattr(CLoader, "build", lambda self, node: constructed.append(1) or build(self, node))
    template = parse(text, "big.yaml")
    assert len(template["Resources"]) == count
    # Keys are taken as written, so a resource is 8 value nodes (itself, Type, Properties,
    # QueueName, Tags, a tag, Key, Value); nothing is built twice.
    assert len(constructed) == 1 + 1 + 8 * count
