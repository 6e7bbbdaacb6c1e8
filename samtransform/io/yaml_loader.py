"""The YAML loader: libyaml's speed, CloudFormation's short forms, and refusals for hostile input.

Rules:
- short-form tags (`!Ref`, `!GetAtt A.B`, ...) become their long form; unknown local
  tags are errors;
- mapping keys are kept as written (`1:` is the key "1", as in the JSON CloudFormation
  sees); a key that is not a plain scalar is an error;
- a key repeated in one mapping keeps its last value, as CloudFormation does, and is
  recorded (`Duplicate`, naming both lines) for a warning: it deploys, but one of the two
  values is silently lost;
- unquoted dates stay strings; `!!binary`, `!!set`, `!!omap`, `!!pairs`, `!!timestamp`
  and non-finite numbers are errors, because a template must be JSON;
- aliases may add at most ALIAS_EXPANSION_BUDGET nodes in all (a "billion laughs"
  document is refused before anything is built), and may not refer to themselves;
- nesting deeper than MAX_DEPTH is an error (libyaml's own limit; the pure-Python
  composer is held to the same one).
Both libyaml's CSafeLoader and PyYAML's pure-Python SafeLoader give the same values and
the same errors.
"""

from __future__ import annotations

import math
import re
import sys
from collections import namedtuple

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..core.limits import MAX_NUMBER

ALIAS_EXPANSION_BUDGET = 10_000  # nodes that aliases may add to a document, in all
MAX_DEPTH = 1000  # libyaml refuses deeper documents with "exceeded maximum nesting depth"
SHORT_FORM_TAGS = (
    "Ref", "Condition", "GetAtt", "Sub", "If", "Join", "Select", "Split", "FindInMap",
    "Base64", "Cidr", "GetAZs", "ImportValue", "Equals", "And", "Or", "Not", "Transform",
    "Length", "ToJsonString",
)
BARE_KEYS = {"Ref", "Condition"}
# An anchor is `&name` at the start of a node: at the start of the text, or after whitespace
# or a flow indicator. Matching text inside strings too only costs an extra check, never a miss.
_AMPERSAND = re.compile(r"&[^\s\[\]{},]")


def stands_for(node, step) -> bool:
    """Whether `node`, tagged in short form (`!GetAtt`), is the mapping key `step` of the parsed
    template (`Fn::GetAtt`): how a path through the parsed template follows the YAML's nodes."""
    tag = node.tag or ""
    if not tag.startswith("!") or tag.startswith("!!"):
        return False
    name = tag[1:]
    return step == (name if name in BARE_KEYS else f"Fn::{name}")


def _may_have_anchors(text: str) -> bool:
    # Found from the `&` and then its neighbour: a pattern that starts with the alternatives
    # for what comes before is tried at every character (75x slower on a 7 MB template).
    for match in _AMPERSAND.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1].isspace() or text[start - 1] in "[{,":
            return True
    return False


class Refusal(Exception):
    """A refusal with the position of the offending node (0-based, as YAML marks are)."""

    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message = message
        self.line = mark.line if mark else 0
        self.column = mark.column if mark else 0


class Duplicate(namedtuple("Duplicate", "path first_line line column")):
    """A key repeated in one mapping: its path in the document, the line of its first
    occurrence, and where it is repeated (1-based). The last value is the one kept."""

    __slots__ = ()

    @property
    def message(self) -> str:
        return (f"duplicate key {self.path[-1]!r} (first at line {self.first_line}, again at line {self.line}); "
                "CloudFormation keeps the last value, so the first is ignored")


class Refusals(Exception):
    """Every refusal found while building a document that could still be read to the end."""

    def __init__(self, problems: list[Refusal]):
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def _long_form_key(tag_name: str) -> str:
    return tag_name if tag_name in BARE_KEYS else f"Fn::{tag_name}"


_YAML = "tag:yaml.org,2002:"
_STR, _MAP, _SEQ, _MERGE_TAG = _YAML + "str", _YAML + "map", _YAML + "seq", _YAML + "merge"
_REFUSED_SCALAR_TAGS = {_YAML + "binary": "binary", _YAML + "timestamp": "timestamp"}
_REFUSED_COLLECTION_TAGS = {_YAML + "set": "set", _YAML + "omap": "omap", _YAML + "pairs": "pairs"}


def _finite_float(loader, node):
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        if node.value.lstrip("+-").lower() in (".inf", ".nan"):
            return loader.refuse(f"{node.value!r} is not a finite number; JSON and CloudFormation have no infinity "
                                 "or NaN", node)
        return loader.refuse(number_problem(node.value, "float"), node)
    return value


def _bounded_int(loader, node):
    if len(node.value) > MAX_NUMBER_TEXT:  # never built: Python takes quadratic time on such numbers
        return loader.refuse(number_problem(node.value, "int"), node)
    try:
        value = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    except ValueError:
        return loader.refuse(number_problem(node.value, "int"), node)
    if abs(value) > MAX_NUMBER:
        return loader.refuse(number_problem(node.value, "int"), node)
    return value


MAX_NUMBER_TEXT = 4_000  # characters: longer integers are beyond MAX_NUMBER whatever their base (bar zeros)


def number_problem(text: str, kind: str) -> str | None:
    """Why a number written `text` ("int" or "float" kind) cannot be held by JSON, or None if it can.

    Beyond a double's range, JSON tools read it as infinity (samtransform.core.limits.MAX_NUMBER)."""
    if kind == "int":
        digits = text.lstrip("+-")
        fits = len(digits) <= 309 and abs(int(text)) <= MAX_NUMBER if digits.isdigit() else True
    else:
        fits = math.isfinite(float(text))
    if fits:
        return None
    # The number itself is not quoted: its place says which it is, and it may be thousands of digits.
    return (f"this number ({len(text):,} characters) is beyond the range of a JSON number (a double, at most "
            f"about {MAX_NUMBER:.1e}), so CloudFormation and other JSON tools cannot hold it")


# How each resolved scalar tag becomes a value (strings are handled before this table).
_SCALARS = {
    _YAML + "int": _bounded_int,
    _YAML + "bool": yaml.constructor.SafeConstructor.construct_yaml_bool,
    _YAML + "null": yaml.constructor.SafeConstructor.construct_yaml_null,
    _YAML + "float": _finite_float,
}


class _TemplateConstructor:
    """Mixed into both loaders: builds plain values straight from the node tree.

    PyYAML's generic constructor keeps per-node bookkeeping for anchors and recursion
    that a template does not need (aliases are budgeted and cycles refused before this
    runs), and it was about a third of the load time. An alias here builds its node
    again: equal values, and no container shared between two places of the template.
    A problem that leaves the document readable is recorded and building goes on, so
    one run reports all of them.
    """

    problems: list
    repeated: list  # (mapping node, first key node, repeated key node), resolved to paths after building

    def refuse(self, message: str, node):
        self.problems.append(Refusal(message, node.start_mark))
        return None

    def build(self, node):
        kind = type(node)
        tag = node.tag
        if kind is ScalarNode:
            if tag == _STR:
                return node.value
            constructor = _SCALARS.get(tag)
            return constructor(self, node) if constructor is not None else self._tagged(node)
        if kind is MappingNode:
            return self._mapping(node) if tag == _MAP else self._tagged(node)
        return [self.build(child) for child in node.value] if tag == _SEQ else self._tagged(node)

    def _tagged(self, node):
        tag = node.tag
        if tag.startswith("!"):
            return self._short_form(tag[1:], node)
        if tag in _REFUSED_SCALAR_TAGS or tag in _REFUSED_COLLECTION_TAGS:
            name = _REFUSED_SCALAR_TAGS.get(tag) or _REFUSED_COLLECTION_TAGS[tag]
            return self.refuse(f"the YAML tag !!{name} has no JSON form, so CloudFormation cannot read it", node)
        if type(node) is ScalarNode and tag == _YAML + "value":
            return node.value
        raise Refusal(f"the YAML tag {tag} has no meaning in a CloudFormation template", node.start_mark)

    def _short_form(self, name: str, node):
        if name not in SHORT_FORM_TAGS:
            from ..core.suggestions import did_you_mean  # only a template with an unknown tag needs it

            suggestion = did_you_mean(name, SHORT_FORM_TAGS)
            hint = (f"; did you mean !{suggestion}?" if suggestion
                    else f" (CloudFormation's are !{', !'.join(SHORT_FORM_TAGS)})")
            return self.refuse(f"unknown tag !{name}{hint}", node)
        kind = type(node)
        if kind is ScalarNode:
            # `!GetAtt Resource.Attribute`: the first dot splits; attributes may hold dots.
            value = node.value.split(".", 1) if name == "GetAtt" else node.value
        elif kind is SequenceNode:
            value = [self.build(child) for child in node.value]
        else:
            value = self._mapping(node)
        return {_long_form_key(name): value}

    def _mapping(self, node) -> dict:
        mapping: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE_TAG:
                return self._merged_mapping(node)
            key = self._key(key_node)
            if key in mapping:
                self._repeated(node, node.value, key_node, key)
            mapping[key] = self.build(value_node)
        return mapping

    def _repeated(self, node, pairs: list, key_node, key: str) -> None:
        first = next(each for each, _ in pairs if type(each) is ScalarNode and each.value == key)
        self.repeated.append((node, first, key_node))

    def _key(self, key_node) -> str:
        if type(key_node) is not ScalarNode or key_node.tag.startswith("!"):
            self.refuse("a mapping key must be a plain scalar", key_node)
            return f"<key at line {key_node.start_mark.line + 1}>"
        return key_node.value

    def _merged_mapping(self, node) -> dict:
        """`<<: *base` (YAML merge keys): merged keys may be overridden, the mapping's own may not repeat."""
        own = [pair for pair in node.value if pair[0].tag != _MERGE_TAG]
        self.flatten_mapping(node)
        merged = node.value[: len(node.value) - len(own)]
        mapping: dict = {}
        for key_node, value_node in merged:
            mapping[self._key(key_node)] = self.build(value_node)
        seen: set = set()
        for key_node, value_node in own:
            key = self._key(key_node)
            if key in seen:
                self._repeated(node, own, key_node, key)
            seen.add(key)
            mapping[key] = self.build(value_node)
        return mapping


def _timestamp_free(resolvers: dict) -> dict:
    return {first: [(tag, regexp) for tag, regexp in entries if tag != "tag:yaml.org,2002:timestamp"]
            for first, entries in resolvers.items()}


def _configure(loader_class) -> None:
    # Unquoted dates stay strings: CloudFormation reads `2010-09-09` as text.
    loader_class.yaml_implicit_resolvers = _timestamp_free(loader_class.yaml_implicit_resolvers)


class PurePythonLoader(_TemplateConstructor, yaml.SafeLoader):
    """The fallback, held to libyaml's nesting limit so both loaders agree."""

    _depth = 0

    def compose_node(self, parent, index):
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refusal("the document nests more than 1000 levels deep", self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


_configure(PurePythonLoader)

if getattr(yaml, "__with_libyaml__", False):
    class CLoader(_TemplateConstructor, yaml.CSafeLoader):
        """libyaml's parser and composer; construction is shared with the fallback."""

    _configure(CLoader)
    TemplateLoader = CLoader
else:  # pragma: no cover - exercised by forcing the fallback in tests
    TemplateLoader = PurePythonLoader


def load_yaml(text: str, loader_class=None):
    """Parse YAML text into plain values. Raises Refusal, Refusals or yaml.YAMLError."""
    return load_yaml_with_duplicates(text, loader_class)[0]


def load_yaml_with_duplicates(text: str, loader_class=None) -> tuple[object, list[Duplicate]]:
    """The document, and every key repeated in one of its mappings (the last value is kept)."""
    loader_class = loader_class or TemplateLoader
    loader = loader_class(text)
    loader.problems = []
    loader.repeated = []
    try:
        node = _compose(loader, loader_class)
        if node is None:
            return None, []
        if _may_have_anchors(text):
            check_aliases(node)
        document = _build(loader, node)
    finally:
        loader.dispose()
    if loader.problems:
        raise Refusals(sorted(loader.problems, key=lambda problem: (problem.line, problem.column)))
    return document, _duplicates(node, loader.repeated) if loader.repeated else []


def _duplicates(root, repeated: list) -> list[Duplicate]:
    """Each repeated key with its path; found by walking the nodes again (a rare, slow path)."""
    paths = _mapping_paths(root)
    found = []
    for mapping_node, first, again in repeated:
        base = paths.get(id(mapping_node))
        if base is None:  # a mapping reached only through an alias: its first place
            continue
        found.append(Duplicate(base + (again.value,), first.start_mark.line + 1, again.start_mark.line + 1,
                               again.start_mark.column + 1))
    return sorted(set(found), key=lambda duplicate: (duplicate.line, duplicate.column))


def _mapping_paths(root) -> dict[int, tuple]:
    """The document path of every mapping node (the first place it appears), as the values are built."""
    paths: dict[int, tuple] = {}
    stack = [(root, ())]
    while stack:
        node, path = stack.pop()
        tag = node.tag or ""
        if tag.startswith("!") and tag[1:] in SHORT_FORM_TAGS:
            path = path + (_long_form_key(tag[1:]),)
        if isinstance(node, MappingNode):
            if id(node) in paths:
                continue
            paths[id(node)] = path
            stack.extend((value, path + (key.value,)) for key, value in node.value
                         if isinstance(key, ScalarNode) and key.tag != _MERGE_TAG)
        elif isinstance(node, SequenceNode):
            stack.extend((child, path + (index,)) for index, child in enumerate(node.value))
    return paths


def _compose(loader, loader_class):
    if loader_class is not PurePythonLoader:
        try:
            return loader.get_single_node()
        except yaml.YAMLError as error:
            if "maximum nesting depth" in str(error):
                raise Refusal("the document nests more than 1000 levels deep", error.problem_mark) from None
            raise
    # The pure-Python composer recurses about three frames a level.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * MAX_DEPTH + 200))
    try:
        return loader.get_single_node()
    finally:
        sys.setrecursionlimit(limit)


def _build(loader, node):
    # Building recurses a frame or two a level, and documents may nest MAX_DEPTH deep.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 3 * MAX_DEPTH + 200))
    try:
        return loader.build(node)
    finally:
        sys.setrecursionlimit(limit)


def check_aliases(root) -> None:
    """Refuse aliases that refer to themselves, or that would add more than the budget."""
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    extra = 0
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            visiting.discard(key)
            sizes[key] = 1 + sum(sizes[id(child)] for child in _children(node))
            continue
        if key in sizes:
            extra += sizes[key]  # an alias: its whole subtree is built again wherever it appears
            if extra > ALIAS_EXPANSION_BUDGET:
                raise Refusal(f"YAML aliases expand to more than {ALIAS_EXPANSION_BUDGET} extra nodes; refusing "
                              "(a 'billion laughs' document?)", node.start_mark)
            continue
        if key in visiting:
            raise Refusal("a YAML alias refers to the node that contains it", node.start_mark)
        visiting.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(_children(node)))


def _children(node) -> list:
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, SequenceNode):
        return node.value
    return []
