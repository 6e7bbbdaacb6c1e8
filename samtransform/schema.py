"""Validation against the JSON Schemas in schemas/, fast when the input is valid.

The schema files are the single source of truth. Two readers use them:
- `is_valid`, a small interpreter of the keywords those files use. It runs on every
  expansion and imports nothing, because importing jsonschema alone costs more than
  parsing a small template;
- `iter_errors`, which runs only when `is_valid` said no. It asks jsonschema (the
  reference implementation) for every error and words each one for a person.
A hypothesis test checks that both readers agree on what is valid.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

from .errors import TransformError

# Keywords with no effect on validity.
ANNOTATIONS = frozenset({
    "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
    "deprecated", "errorMessage",
})


def _schemas_dir() -> Path:
    # Installed wheels carry the schemas inside the package; a source checkout has them
    # at the repository root.
    here = Path(__file__).resolve().parent
    packaged = here / "schemas"
    return packaged if packaged.is_dir() else here.parent / "schemas"


SCHEMAS_DIR = _schemas_dir()


# --------------------------------------------------------------------------- types

def _is_integer(value: Any) -> bool:
    if type(value) is int:
        return True
    return type(value) is float and math.isfinite(value) and value.is_integer()


_TYPE_TESTS: dict[str, Callable[[Any], bool]] = {
    "object": lambda value: type(value) is dict,
    "array": lambda value: type(value) is list,
    "string": lambda value: type(value) is str,
    "boolean": lambda value: type(value) is bool,
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": lambda value: type(value) in (int, float),
}


def json_equal(left: Any, right: Any) -> bool:
    """Equality as JSON Schema defines it: 1 == 1.0, but True != 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if type(left) is list and type(right) is list:
        return len(left) == len(right) and all(map(json_equal, left, right))
    if type(left) is dict and type(right) is dict:
        return left.keys() == right.keys() and all(json_equal(left[key], right[key]) for key in left)
    return left == right


# --------------------------------------------------------------------------- the fast reader

class Schema:
    """One schema document, checked once for keywords the fast reader does not know."""

    def __init__(self, document: dict, name: str):
        self.document = document
        self.name = name
        self._patterns: dict[str, re.Pattern] = {}
        _check_keywords(document, name)

    def is_valid(self, instance: Any) -> bool:
        return self._valid(self.document, instance)

    def _resolve(self, reference: str) -> dict:
        if not reference.startswith("#/"):
            raise ValueError(f"{self.name}: only local references are supported, not {reference!r}")
        node: Any = self.document
        for part in reference[2:].split("/"):
            node = node[part]
        return node

    def _pattern(self, source: str) -> re.Pattern:
        compiled = self._patterns.get(source)
        if compiled is None:
            compiled = self._patterns[source] = re.compile(source)
        return compiled

    def _valid(self, schema: Any, value: Any) -> bool:  # noqa: C901 - one branch per keyword
        if schema is True:
            return True
        if schema is False:
            return False
        for keyword, argument in schema.items():
            check = _KEYWORDS.get(keyword)
            if check is not None and not check(self, argument, value, schema):
                return False
        return True


def _valid_type(schema: Schema, expected, value, _) -> bool:
    if type(expected) is str:
        return _TYPE_TESTS[expected](value)
    return any(_TYPE_TESTS[name](value) for name in expected)


def _valid_properties(schema: Schema, properties, value, _) -> bool:
    if type(value) is not dict:
        return True
    return all(schema._valid(properties[key], value[key]) for key in value.keys() & properties.keys())


def _valid_additional(schema: Schema, additional, value, parent) -> bool:
    if type(value) is not dict:
        return True
    declared = parent.get("properties", {})
    return all(schema._valid(additional, item) for key, item in value.items() if key not in declared)


def _valid_required(schema: Schema, names, value, _) -> bool:
    return type(value) is not dict or all(name in value for name in names)


def _valid_items(schema: Schema, items, value, parent) -> bool:
    if type(value) is not list:
        return True
    skip = len(parent.get("prefixItems", ()))
    return all(schema._valid(items, item) for item in value[skip:])


def _valid_prefix_items(schema: Schema, prefix, value, _) -> bool:
    if type(value) is not list:
        return True
    return all(schema._valid(item_schema, item) for item_schema, item in zip(prefix, value))


def _valid_unique(schema: Schema, unique, value, _) -> bool:
    if not unique or type(value) is not list:
        return True
    return not any(json_equal(value[i], value[j]) for i in range(len(value)) for j in range(i))


def _valid_if(schema: Schema, condition, value, parent) -> bool:
    if schema._valid(condition, value):
        return schema._valid(parent.get("then", True), value)
    return schema._valid(parent.get("else", True), value)


def _sized(kind: type, measure: Callable[[Any], int], test: Callable[[int, Any], bool]):
    def check(schema: Schema, limit, value, _) -> bool:
        return type(value) is not kind or test(measure(value), limit)
    return check


def _numeric(test: Callable[[Any, Any], bool]):
    def check(schema: Schema, limit, value, _) -> bool:
        return type(value) not in (int, float) or test(value, limit)
    return check


_KEYWORDS: dict[str, Callable[[Schema, Any, Any, dict], bool]] = {
    "type": _valid_type,
    "enum": lambda schema, options, value, _: any(json_equal(value, option) for option in options),
    "const": lambda schema, expected, value, _: json_equal(value, expected),
    "properties": _valid_properties,
    "additionalProperties": _valid_additional,
    "required": _valid_required,
    "propertyNames": lambda schema, names, value, _: type(value) is not dict
    or all(schema._valid(names, key) for key in value),
    "minProperties": _sized(dict, len, lambda size, limit: size >= limit),
    "maxProperties": _sized(dict, len, lambda size, limit: size <= limit),
    "items": _valid_items,
    "prefixItems": _valid_prefix_items,
    "minItems": _sized(list, len, lambda size, limit: size >= limit),
    "maxItems": _sized(list, len, lambda size, limit: size <= limit),
    "uniqueItems": _valid_unique,
    "minLength": _sized(str, len, lambda size, limit: size >= limit),
    "maxLength": _sized(str, len, lambda size, limit: size <= limit),
    "pattern": lambda schema, source, value, _: type(value) is not str
    or schema._pattern(source).search(value) is not None,
    "minimum": _numeric(lambda number, limit: number >= limit),
    "maximum": _numeric(lambda number, limit: number <= limit),
    "$ref": lambda schema, reference, value, _: schema._valid(schema._resolve(reference), value),
    "if": _valid_if,
    "then": lambda *_: True,  # read by "if"
    "else": lambda *_: True,  # read by "if"
    "allOf": lambda schema, schemas, value, _: all(schema._valid(each, value) for each in schemas),
    "anyOf": lambda schema, schemas, value, _: any(schema._valid(each, value) for each in schemas),
    "not": lambda schema, negated, value, _: not schema._valid(negated, value),
}


def _check_keywords(node: Any, name: str) -> None:
    """Refuse a schema that uses a keyword the fast reader would silently ignore."""
    if isinstance(node, list):
        for item in node:
            _check_keywords(item, name)
        return
    if not isinstance(node, dict):
        return
    for keyword, argument in node.items():
        if keyword not in _KEYWORDS and keyword not in ANNOTATIONS:
            raise ValueError(f"{name}: schema keyword {keyword!r} is not supported by samtransform.schema")
        if keyword in ("properties", "$defs"):
            for subschema in argument.values():
                _check_keywords(subschema, name)
        elif keyword not in ("enum", "const", "required", "errorMessage") and keyword not in ANNOTATIONS:
            _check_keywords(argument, name)


@lru_cache(maxsize=None)
def load_schema(relative: str) -> Schema:
    with open(SCHEMAS_DIR / relative, encoding="utf-8") as handle:
        return Schema(json.load(handle), relative)


# --------------------------------------------------------------------------- explanations

def iter_errors(schema: Schema, instance: Any, base_path: tuple) -> Iterator[TransformError]:
    """Every schema error in `instance`, worded for a person, with paths from the template root."""
    from jsonschema import Draft202012Validator  # imported only when something is wrong

    validator = Draft202012Validator(schema.document)
    for error in validator.iter_errors(instance):
        yield from _explain(error, base_path)


def _explain(error, base_path: tuple) -> Iterator[TransformError]:
    path = base_path + tuple(error.absolute_path)
    custom = error.schema.get("errorMessage", {}) if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        yield from _unknown_properties(error, path, custom)
        return
    if error.validator == "propertyNames":
        # jsonschema reports the mapping; name the offending key instead.
        for key in error.instance:
            if isinstance(key, str) and not re.search(error.validator_value.get("pattern", ""), key):
                template = custom.get("propertyNames", "{value} is not a valid key")
                yield TransformError(path + (key,), template.replace("{value}", repr(key)))
        return
    template = custom.get(error.validator)
    message = template.replace("{value}", _short_repr(error.instance)) if template else error.message
    yield TransformError(path, message)


def _unknown_properties(error, path: tuple, custom: dict) -> Iterator[TransformError]:
    declared = list(error.schema.get("properties", {}))
    for key in error.instance:
        if key in error.schema.get("properties", {}):
            continue
        message = f"unknown property {key!r}"
        suggestion = difflib.get_close_matches(str(key), declared, n=1, cutoff=0.6)
        if suggestion:
            message += f", did you mean {suggestion[0]!r}?"
        elif declared:
            message += f" (expected one of: {', '.join(declared)})"
        yield TransformError(path + (key,), custom.get("additionalProperties", message))


def _short_repr(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
