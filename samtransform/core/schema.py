"""Validation against the JSON Schemas in schemas/, fast when the input is valid.

The schema files are the single source of truth. Two readers use them:
- `Schema.is_valid`, here: the keywords those files use, compiled into closures. It runs
  on every expansion and imports nothing, because importing jsonschema alone costs more
  than parsing a small template;
- `schema_wording.iter_errors`, which runs only when `is_valid` said no. It asks
  jsonschema (the reference implementation) for every error and words each one for a
  person.
A hypothesis test checks that both readers agree on what is valid.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable
from functools import lru_cache


# Keywords with no effect on validity.
ANNOTATIONS = frozenset({
    "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
    "deprecated", "errorMessage", "ruleId",
})  # `then` and `else` are read by `if`


def _schemas_dir() -> str:
    # Installed wheels carry the schemas inside the package; a source checkout has them
    # at the repository root.
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # samtransform/, above core/
    packaged = os.path.join(package, "schemas")
    return packaged if os.path.isdir(packaged) else os.path.join(os.path.dirname(package), "schemas")


SCHEMAS_DIR = _schemas_dir()


# --------------------------------------------------------------------------- types

def _is_integer(value: object) -> bool:
    if type(value) is int:
        return True
    return type(value) is float and math.isfinite(value) and value.is_integer()


_TYPE_TESTS: dict[str, Callable[[object], bool]] = {
    "object": lambda value: type(value) is dict,
    "array": lambda value: type(value) is list,
    "string": lambda value: type(value) is str,
    "boolean": lambda value: type(value) is bool,
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": lambda value: type(value) in (int, float),
}


def json_equal(left: object, right: object) -> bool:
    """Equality as JSON Schema defines it: 1 == 1.0, but True != 1."""
    if isinstance(left, bool) or isinstance(right, bool):
        return type(left) is type(right) and left == right
    if type(left) is list and type(right) is list:
        return len(left) == len(right) and all(map(json_equal, left, right))
    if type(left) is dict and type(right) is dict:
        return left.keys() == right.keys() and all(json_equal(left[key], right[key]) for key in left)
    return left == right


# --------------------------------------------------------------------------- the fast reader

Check = Callable[[object], bool]


def _always(value) -> bool:
    return True


def _never(value) -> bool:
    return False


class Schema:
    """One schema document, compiled into nested closures: one per subschema.

    A subschema is compiled the first time a value reaches it, so a run pays only for
    the properties its templates use. Compiling refuses any keyword the fast reader does
    not implement (`check_keywords` compiles everything, for the tests), so the two
    readers cannot silently drift apart.
    """

    def __init__(self, document: dict, name: str):
        self.document = document
        self.name = name
        self._compiled: dict[int, Check] = {}
        self.is_valid: Check = self._compile(document)

    def check_keywords(self) -> None:
        """Compile every subschema now, raising on a keyword the fast reader does not know."""
        pending = [self.document]
        while pending:
            schema = pending.pop()
            if not isinstance(schema, dict):
                continue
            self._build(schema)
            for keyword, argument in schema.items():
                if keyword in ("properties", "$defs"):
                    pending.extend(argument.values())
                elif keyword in ("prefixItems", "allOf", "anyOf"):
                    pending.extend(argument)
                elif keyword in _SUBSCHEMA_KEYWORDS:
                    pending.append(argument)

    def _resolve(self, reference: str) -> dict:
        if not reference.startswith("#/"):
            raise ValueError(f"{self.name}: only local references are supported, not {reference!r}")
        node: object = self.document
        for part in reference[2:].split("/"):
            node = node[part]
        return node

    def _compile(self, schema) -> Check:
        """A check for `schema`, built on its first use (which also lets `$ref` recurse)."""
        if schema is True:
            return _always
        if schema is False:
            return _never
        compiled = self._compiled.get(id(schema))
        if compiled is None:
            built: list = []

            def compiled(value) -> bool:
                if not built:
                    built.append(self._build(schema))
                return built[0](value)
            self._compiled[id(schema)] = compiled
        return compiled

    def _build(self, schema: dict) -> Check:
        checks = []
        for keyword, argument in schema.items():
            if keyword in ANNOTATIONS or keyword in ("then", "else"):
                continue
            build = _BUILDERS.get(keyword)
            if build is None:
                raise ValueError(f"{self.name}: schema keyword {keyword!r} is not supported by samtransform.schema")
            checks.append(build(self, argument, schema))
        return _all_of(checks)


def _all_of(checks: list) -> Check:
    if not checks:
        return _always
    if len(checks) == 1:
        return checks[0]

    def every(value) -> bool:
        for check in checks:
            if not check(value):
                return False
        return True
    return every


def _build_type(schema: Schema, expected, parent) -> Check:
    if type(expected) is str:
        return _TYPE_TESTS[expected]
    tests = [_TYPE_TESTS[name] for name in expected]
    return lambda value: any(test(value) for test in tests)


def _build_enum(schema: Schema, options, parent) -> Check:
    if all(type(option) is str for option in options):
        choices = frozenset(options)
        return lambda value: type(value) is str and value in choices
    return lambda value: any(json_equal(value, option) for option in options)


def _build_properties(schema: Schema, properties, parent) -> Check:
    checks = [(name, schema._compile(subschema)) for name, subschema in properties.items()]

    def check(value) -> bool:
        if type(value) is dict:
            for name, valid in checks:
                if name in value and not valid(value[name]):
                    return False
        return True
    return check


def _build_additional(schema: Schema, additional, parent) -> Check:
    declared = frozenset(parent.get("properties", ()))
    if additional is False:
        return lambda value: type(value) is not dict or value.keys() <= declared
    valid = schema._compile(additional)
    return lambda value: type(value) is not dict or all(
        valid(item) for key, item in value.items() if key not in declared)


def _build_required(schema: Schema, names, parent) -> Check:
    return lambda value: type(value) is not dict or all(name in value for name in names)


def _build_property_names(schema: Schema, names, parent) -> Check:
    valid = schema._compile(names)
    return lambda value: type(value) is not dict or all(valid(key) for key in value)


def _build_items(schema: Schema, items, parent) -> Check:
    valid = schema._compile(items)
    skip = len(parent.get("prefixItems", ()))
    return lambda value: type(value) is not list or all(valid(item) for item in value[skip:])


def _build_prefix_items(schema: Schema, prefix, parent) -> Check:
    checks = [schema._compile(item) for item in prefix]
    return lambda value: type(value) is not list or all(valid(item) for valid, item in zip(checks, value))


def _build_unique(schema: Schema, unique, parent) -> Check:
    if not unique:
        return _always
    return lambda value: type(value) is not list or not any(
        json_equal(value[i], value[j]) for i in range(len(value)) for j in range(i))


def _build_if(schema: Schema, condition, parent) -> Check:
    test = schema._compile(condition)
    then = schema._compile(parent.get("then", True))
    otherwise = schema._compile(parent.get("else", True))
    return lambda value: then(value) if test(value) else otherwise(value)


def _sized(kind: type, at_least: bool):
    def build(schema: Schema, limit, parent) -> Check:
        if at_least:
            return lambda value: type(value) is not kind or len(value) >= limit
        return lambda value: type(value) is not kind or len(value) <= limit
    return build


def _bound(at_least: bool):
    def build(schema: Schema, limit, parent) -> Check:
        if at_least:
            return lambda value: type(value) not in (int, float) or value >= limit
        return lambda value: type(value) not in (int, float) or value <= limit
    return build


def _build_pattern(schema: Schema, source, parent) -> Check:
    search = re.compile(source).search
    return lambda value: type(value) is not str or search(value) is not None


def _build_ref(schema: Schema, reference, parent) -> Check:
    return schema._compile(schema._resolve(reference))


def _build_const(schema: Schema, expected, parent) -> Check:
    return lambda value: json_equal(value, expected)


def _build_all_of(schema: Schema, schemas, parent) -> Check:
    return _all_of([schema._compile(each) for each in schemas])


def _build_any_of(schema: Schema, schemas, parent) -> Check:
    checks = [schema._compile(each) for each in schemas]
    return lambda value: any(check(value) for check in checks)


def _build_not(schema: Schema, negated, parent) -> Check:
    check = schema._compile(negated)
    return lambda value: not check(value)


_SUBSCHEMA_KEYWORDS = frozenset({"additionalProperties", "propertyNames", "items", "if", "then", "else", "not"})
_BUILDERS: dict[str, Callable[[Schema, object, dict], Check]] = {
    "type": _build_type,
    "enum": _build_enum,
    "const": _build_const,
    "properties": _build_properties,
    "additionalProperties": _build_additional,
    "required": _build_required,
    "propertyNames": _build_property_names,
    "minProperties": _sized(dict, True),
    "maxProperties": _sized(dict, False),
    "items": _build_items,
    "prefixItems": _build_prefix_items,
    "minItems": _sized(list, True),
    "maxItems": _sized(list, False),
    "uniqueItems": _build_unique,
    "minLength": _sized(str, True),
    "maxLength": _sized(str, False),
    "pattern": _build_pattern,
    "minimum": _bound(True),
    "maximum": _bound(False),
    "$ref": _build_ref,
    "if": _build_if,
    "allOf": _build_all_of,
    "anyOf": _build_any_of,
    "not": _build_not,
}


@lru_cache(maxsize=None)
def load_schema(relative: str) -> Schema:
    with open(os.path.join(SCHEMAS_DIR, relative), encoding="utf-8") as handle:
        return Schema(json.load(handle), relative)
