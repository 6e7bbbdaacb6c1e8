"""YAML output with short-form intrinsics (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) and no anchors.

Written by libyaml (PyYAML's `CSafeDumper`) when it is installed, PyYAML's pure-Python emitter
otherwise: the representers below decide every node's tag and style, so both write the
same text. libyaml writes a tagged scalar plain where plain style is legal, so `!Ref X` needs
no help; the pure emitter quotes every tagged scalar, which `choose_scalar_style` undoes.

String styles, so values read back exactly and stay readable:
- 10 or more line breaks: literal block (`|`);
- 200 characters or more on one line: folded (`>`);
- a leading zero (account IDs, `"0123"`): single quotes, never a number;
- Unicode line breaks (NEL, LS, PS): double quotes, which escape them (a reader folds them
  into spaces inside other styles);
- other line breaks: double quotes (`"a\\nb"`), one line of text.
A short form's argument is single-quoted when it is empty or all digits with a leading zero,
double-quoted when it has a line break, and plain otherwise.

Block sequences start at their key's indentation (`Key:` then `- item`), as libyaml writes
them; cfn-flip, used up to 0.1.0, indented them by two more spaces, and wrapped long
double-quoted strings at other spaces. Values, tags and quoting are the same
(tests/test_yaml_output.py).
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .json_output import deep_enough
from .yaml_loader import SHORT_FORM_TAGS

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
STR_TAG, MAP_TAG, SEQ_TAG = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
BOOL_TAG, INT_TAG, NULL_TAG = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:null"
LITERAL_MIN_LINE_BREAKS = 10
FOLDED_MIN_LENGTH = 200
WIDTH = 120
_SHORT_FORM_KEYS = {("Ref" if tag == "Ref" else "Condition" if tag == "Condition" else f"Fn::{tag}"): f"!{tag}"
                    for tag in SHORT_FORM_TAGS}
_UNICODE_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
_ACCOUNT_ID = re.compile(r"^0[0-9]+$")


class TemplateDumper(_Dumper):
    """Builds the node tree in one pass, then libyaml (or the pure emitter) writes it.

    `represent_data` is replaced: PyYAML's generic one looks each value's type up through
    its MRO and tracks anchors, about half the time of a YAML dump of a large template.
    Values reused in several places are written out again each time: YAML anchors would be
    legal but surprising in a CloudFormation template.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._resolved: dict = {}

    def represent_data(self, data):
        kind = type(data)
        if kind is str:
            return ScalarNode(STR_TAG, data, style=_string_style(data))
        if kind is dict:
            short = _short_form(data)
            if short is None:
                node = self.represent_data
                return MappingNode(MAP_TAG, [(node(key), node(value)) for key, value in data.items()],
                                   flow_style=False)
            return self._short_form_node(*short)
        if kind is list:
            return SequenceNode(SEQ_TAG, [self.represent_data(item) for item in data], flow_style=False)
        if kind is bool:
            return ScalarNode(BOOL_TAG, "true" if data else "false")
        if kind is int:
            return ScalarNode(INT_TAG, str(data))
        if data is None:
            return ScalarNode(NULL_TAG, "null")
        return super().represent_data(data)  # floats, and subclasses of the types above

    def _short_form_node(self, tag: str, value):
        if isinstance(value, list):
            return SequenceNode(tag, [self.represent_data(item) for item in value], flow_style=False)
        if isinstance(value, dict):
            return MappingNode(tag, [(self.represent_data(key), self.represent_data(item))
                                     for key, item in value.items()], flow_style=False)
        return ScalarNode(tag, value, style=_tagged_style(value))

    def ignore_aliases(self, data) -> bool:
        return True

    def resolve(self, kind, value, implicit):
        # The writer asks twice for every scalar whether its text would read back as its
        # tag; templates repeat most of their strings (keys, types, ARNs), so remember.
        if kind is not ScalarNode:
            return super().resolve(kind, value, implicit)
        key = (value, implicit)
        try:
            return self._resolved[key]
        except KeyError:
            tag = self._resolved[key] = super().resolve(kind, value, implicit)
            return tag

    def choose_scalar_style(self):  # the pure-Python emitter only; libyaml chooses in C
        style = super().choose_scalar_style()
        event = self.event
        if style == "'" and not event.style and (event.tag or "").startswith("!") and not event.tag.startswith("!!"):
            analysis = self.analysis
            plain_here = analysis.allow_flow_plain if self.flow_level else analysis.allow_block_plain
            if plain_here and not analysis.empty and not analysis.multiline:
                return ""
        return style


def _string_style(text: str) -> str | None:
    if text.isascii():  # the common case: no Unicode line breaks to look for
        if "\n" not in text and "\r" not in text:
            if len(text) >= FOLDED_MIN_LENGTH:
                return ">"
            return "'" if text.startswith("0") else None
    elif any(mark in text for mark in _UNICODE_LINE_BREAKS):
        return '"'
    line_breaks = text.count("\n") + text.count("\r")
    if line_breaks >= LITERAL_MIN_LINE_BREAKS:
        return "|"
    if not line_breaks and len(text) >= FOLDED_MIN_LENGTH:
        return ">"
    if text.startswith("0"):
        return "'"
    return '"' if line_breaks else None


def _tagged_style(text: str) -> str | None:
    """A short form's argument (`!Sub ...`) stays on one line: quoted when it must be."""
    if not text or _ACCOUNT_ID.match(text):  # an empty plain scalar would read back as null
        return "'"
    return '"' if "\n" in text or "\r" in text else None


def _short_form(mapping: dict) -> tuple[str, object] | None:
    """The tag and value to write `mapping` as a short form, when it would load back as itself.

    Only known functions have one; a tag holds a string, a list or a mapping; and a
    `Fn::GetAtt` list is written joined by a dot, which only works for two strings.
    """
    if len(mapping) != 1:
        return None
    key, value = next(iter(mapping.items()))
    tag = _SHORT_FORM_KEYS.get(key) if isinstance(key, str) else None
    if tag is None or not isinstance(value, (str, list, dict)):
        return None
    if tag == "!GetAtt" and isinstance(value, list):
        if not (len(value) == 2 and all(isinstance(part, str) for part in value) and "." not in value[0]):
            return None
        value = f"{value[0]}.{value[1]}"
    return tag, value


def dump_yaml(template) -> str:
    if type(template) is not dict and isinstance(template, dict):
        template = dict(template)  # a LoadedTemplate (template_io) is written as the dict it is
    with deep_enough():  # the representer recurses a few frames a level
        return yaml.dump(template, Dumper=TemplateDumper, default_flow_style=False, allow_unicode=True,
                         width=WIDTH, sort_keys=False)
