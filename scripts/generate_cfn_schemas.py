#!/usr/bin/env python3
"""Regenerate schemas/cfn/ (the resource types samtransform generates) and the list of every
CloudFormation resource type, from a pinned cfn-lint's bundled provider schemas.

    python scripts/generate_cfn_schemas.py            # write the files
    python scripts/generate_cfn_schemas.py --check    # exit 1 if the committed files differ

Source: cfn-lint's package data, `cfnlint/data/schemas/providers/<region>.json` (type -> file
hash) and `cfnlint/data/schemas/resources/<hash>.json` (CloudFormation's resource provider
schema, already patched by cfn-lint). Only data files are read; cfn-lint is not imported.

Each schema is rewritten into the JSON Schema keywords that samtransform.core.schema reads fast
(and that jsonschema's Draft 2020-12 reads the same way), keeping its meaning for a
resource's resolved Properties:
- a value that CloudFormation resolves at deploy time (an intrinsic function) is not judged:
  each property, item and map value becomes `if Deferred then true else <its schema>` (a
  string with a dynamic reference is left to the reader, samtransform.models.cloudformation);
- CloudFormation's value conversions are accepted, as cfn-lint accepts them: a string of
  digits for an integer, a numeric string for a number, 'true'/'false' (any of three
  cases) for a boolean, a number for a string;
- cfn-lint's keywords become standard ones: `requiredOr` (at least one), `requiredXor`
  (exactly one), `dependentExcluded`, `maxUniqueItems` (on a unique list, `maxItems`);
  `oneOf` over `required` becomes "at least one and no two"; `patternProperties` with
  `additionalProperties: false` becomes `propertyNames` and `additionalProperties`;
- `definitions` becomes `$defs`; a `$ref`'s siblings are dropped (draft-07 ignores them);
- Java-style classes in patterns (\\p{L}, \\p{N}, \\p{Z}) become classes Python's `re`
  reads; the script checks every code point matches as the `regex` package says;
- what does not validate a value is dropped: descriptions, `format` (cfn-lint's own
  formats), `insertionOrder`, `arrayType`, `relationshipRef`, handlers, tagging, and the
  read-only/create-only/primary-identifier lists.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

import pinned_outputs  # scripts/: run as `python scripts/<name>.py`

PACKAGE = "cfn-lint"
PINNED_VERSION = "1.58.0"
LICENCE = "MIT-0"
REGION = "us-east-1"
SAM_PREFIX = "AWS::Serverless::"
ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = ROOT / "schemas" / "cfn"
TYPES_FILE = ROOT / "samtransform" / "data" / "cfn_resource_types.json"

# Exactly the types samtransform's expansion generates (samtransform/features).
GENERATED_TYPES = (
    "AWS::StepFunctions::StateMachine",
    "AWS::StepFunctions::StateMachineVersion",
    "AWS::StepFunctions::StateMachineAlias",
    "AWS::IAM::Role",
    "AWS::IAM::ManagedPolicy",
    "AWS::Events::Rule",
    "AWS::Scheduler::Schedule",
    "AWS::SQS::Queue",
    "AWS::SQS::QueuePolicy",
    "AWS::CloudWatch::Alarm",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
)

# Keywords that say nothing about whether a value is valid.
DROPPED = frozenset({
    "description", "format", "insertionOrder", "arrayType", "relationshipRef", "handlers", "tagging",
    "permissions", "readOnlyProperties", "writeOnlyProperties", "createOnlyProperties",
    "conditionalCreateOnlyProperties", "primaryIdentifier", "additionalIdentifiers", "sourceUrl", "typeName",
    "propertyTransform", "deprecatedProperties", "replacementStrategy", "$schema", "default", "examples",
    "$comment", "title", "propertyPath", "cfnSchema",
})
KEPT = frozenset({
    "type", "enum", "const", "properties", "additionalProperties", "required", "items", "minItems", "maxItems",
    "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum", "$ref", "anyOf", "allOf",
    "minProperties", "maxProperties", "not",
})

# What CloudFormation resolves at deploy time: `{"Ref": ...}`, `{"Fn::...": ...}`, `{"Condition": ...}`,
# as samtransform.core.intrinsics.is_intrinsic reads them. (A string holding a dynamic reference is
# left to the reader: testing every string for one would double the cost of a valid resource.)
DEFERRED = {"type": "object", "minProperties": 1, "maxProperties": 1,
            "propertyNames": {"pattern": "^(Ref|Condition|Fn::.*)$"}}
BOOLEANS = [True, False, "true", "True", "TRUE", "false", "False", "FALSE"]
INTEGER_TEXT = r"^[0-9]+$"
NUMBER_TEXT = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"


# --------------------------------------------------------------------------- reading the package

def _data(relative: str) -> bytes:
    return resources.files("cfnlint").joinpath("data/schemas/" + relative).read_bytes()


def _providers() -> dict[str, dict[str, str]]:
    """region -> {type: schema file hash}, for every region cfn-lint bundles."""
    folder = resources.files("cfnlint").joinpath("data/schemas/providers")
    return {entry.name[:-len(".json")]: json.loads(entry.read_bytes())
            for entry in sorted(folder.iterdir(), key=lambda entry: entry.name) if entry.name.endswith(".json")}


def _schema_date() -> str:
    return json.loads(_data("version.json"))["schema_date"]


# --------------------------------------------------------------------------- rewriting a schema

def _java_class(pattern: str) -> str:
    """A pattern with \\p{L}/\\p{N}/\\p{Z} rewritten for Python's `re` (checked by `_same_pattern`)."""
    if "\\p{" not in pattern:
        return pattern

    def rewrite(match: re.Match) -> str:
        body = match.group(1)
        if "\\p{L}" in body and "\\p{N}" in body and "_" in body:
            # In `re`, \w is every letter and number, and the underscore.
            body = body.replace("\\p{L}", "\\w").replace("\\p{N}", "")
        if "\\p{Z}" in body:
            body = body.replace("\\p{Z}", _category_class("Z"))
        if "\\p{" in body:
            raise ValueError(f"no rewrite for {pattern!r}")
        return f"[{body}]"
    return re.sub(r"\[((?:\\.|[^\]\\])*)\]", rewrite, pattern)


def _category_class(prefix: str) -> str:
    """Every code point of a Unicode general category, as class members (`\\uXXXX` escapes)."""
    points = [point for point in range(sys.maxunicode + 1) if unicodedata.category(chr(point)).startswith(prefix)]
    return "".join(f"\\u{point:04x}" for point in points)


def _same_pattern(java: str, python: str) -> None:
    """Every assigned code point, alone, matches the Python pattern exactly when it matches the Java one
    (per `regex`). Unassigned ones are left out: `regex` may know a newer Unicode than this Python."""
    import regex

    java_re, python_re = regex.compile(java), re.compile(python)
    for point in range(sys.maxunicode + 1):
        char = chr(point)
        if unicodedata.category(char) == "Cn":
            continue
        if (java_re.search(char) is None) != (python_re.search(char) is None):
            raise ValueError(f"{python!r} and {java!r} disagree on U+{point:04X}")


class Rewriter:
    """One provider schema rewritten as the module docstring says."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def resource(self, source: dict) -> dict:
        result = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                  "$id": f"cfn/{file_name(self.type_name)}",
                  "title": f"{self.type_name} Properties"}
        body = self.schema(source, deferrable=False)
        result.update(body)
        definitions = {name: self.schema(schema, deferrable=False)
                       for name, schema in sorted(source.get("definitions", {}).items())}
        definitions["Deferred"] = DEFERRED
        result["$defs"] = definitions
        return result

    def schema(self, source, *, deferrable: bool = True):
        if source is True or source is False:
            return source
        result: dict = {}
        extra: list = []
        if "$ref" in source:
            result["$ref"] = source["$ref"].replace("#/definitions/", "#/$defs/")
            return _deferred(result) if deferrable else result
        for keyword, argument in source.items():
            if keyword in DROPPED or keyword == "definitions":
                continue
            if keyword == "properties":
                result["properties"] = {name: self.schema(value) for name, value in argument.items()}
            elif keyword == "items":
                if not isinstance(argument, dict):
                    raise ValueError(f"{self.type_name}: items as a list is draft-07's tuple form")
                result["items"] = self.schema(argument)
            elif keyword == "additionalProperties":
                if "patternProperties" in source:
                    continue  # `_pattern_properties` rewrites the pair
                result["additionalProperties"] = argument if isinstance(argument, bool) else self.schema(argument)
            elif keyword == "patternProperties":
                extra.append(self._pattern_properties(source))
            elif keyword in ("anyOf", "allOf", "oneOf"):
                extra.append(self._combination(keyword, argument))
            elif keyword == "not":
                result["not"] = self.schema(argument, deferrable=False)
            elif keyword == "requiredOr":
                extra.append(_at_least_one(argument))
            elif keyword == "requiredXor":
                extra.append(_exactly_one(argument))
            elif keyword == "dependentExcluded":
                extra += [_excludes(name, excluded) for name, excluded in argument.items()]
            elif keyword == "maxUniqueItems":
                if source.get("uniqueItems") is True:
                    result["maxItems"] = min(argument, source.get("maxItems", argument))
            elif keyword == "pattern":
                python = _java_class(argument)
                if python != argument:
                    _same_pattern(argument, python)
                result["pattern"] = python
            elif keyword in KEPT:
                result[keyword] = argument
            else:
                raise ValueError(f"{self.type_name}: keyword {keyword!r} has no rewrite")
        _converted(result)
        extra = [item for item in extra if item is not None]
        if extra:
            result["allOf"] = result.get("allOf", []) + extra
        return _deferred(result) if deferrable else result

    def _pattern_properties(self, source: dict) -> dict:
        patterns = source["patternProperties"]
        if len(patterns) != 1 or "properties" in source or source.get("additionalProperties") is not False:
            raise ValueError(f"{self.type_name}: patternProperties with no rewrite")
        ((pattern, value),) = patterns.items()
        if pattern == ".*":  # every key
            return {"additionalProperties": self.schema(value)}
        return {"propertyNames": {"pattern": _java_class(pattern)}, "additionalProperties": self.schema(value)}

    def _combination(self, keyword: str, schemas: list):
        rewritten = [self.schema(each, deferrable=False) for each in schemas]
        rewritten = [each for each in rewritten if each != {}]  # a branch that was only a `format`
        if not rewritten:
            return None
        if all(list(each) == ["required"] and len(each["required"]) == 1 for each in rewritten):
            names = [each["required"][0] for each in rewritten]
            return _exactly_one(names) if keyword == "oneOf" else _at_least_one(names) if keyword == "anyOf" \
                else {keyword: rewritten}
        if keyword == "oneOf":
            names = [each.get("required") for each in rewritten]
            if not all(isinstance(name, list) and len(name) == 1 and len(each) == 1
                       for name, each in zip(names, rewritten)):
                raise ValueError(f"{self.type_name}: oneOf with no rewrite")
            return _exactly_one([name[0] for name in names])
        return {keyword: rewritten}


def _deferred(schema: dict) -> dict:
    return {"if": {"$ref": "#/$defs/Deferred"}, "then": True, "else": schema}


def _converted(schema: dict) -> None:
    """Accept what CloudFormation converts to the declared type (see the module docstring)."""
    kind = schema.get("type")
    if kind is None:
        return
    kinds = [kind] if isinstance(kind, str) else list(kind)
    if kinds == ["boolean"]:
        del schema["type"]
        schema["enum"] = BOOLEANS
        schema["errorMessage"] = {"enum": "{value} is not true or false"}
        return
    accepted = list(kinds)
    text_patterns = []
    if "string" in kinds:
        accepted += [extra for extra in ("number",) if extra not in accepted]
    if "integer" in kinds and "string" not in kinds:
        accepted.append("string")
        text_patterns.append(INTEGER_TEXT)
    if "number" in kinds and "string" not in kinds:
        accepted.append("string")
        text_patterns.append(NUMBER_TEXT)
    if "boolean" in kinds:
        raise ValueError(f"boolean among {kinds}: no rewrite")
    schema["type"] = accepted[0] if len(accepted) == 1 else accepted
    if text_patterns:
        if "pattern" in schema:
            raise ValueError("a numeric type with a pattern: no rewrite")
        schema["pattern"] = text_patterns[-1] if len(text_patterns) == 1 else NUMBER_TEXT
        what = "an integer" if schema["pattern"] == INTEGER_TEXT else "a number"
        schema["errorMessage"] = {"type": f"{{value}} is not {what}", "pattern": f"{{value}} is not {what}"}


def _at_least_one(names: list) -> dict:
    return {"anyOf": [{"required": [name]} for name in names],
            "errorMessage": {"anyOf": f"one of {_or(names)} is required"}}


def _exactly_one(names: list) -> dict:
    pairs = [[first, second] for index, first in enumerate(names) for second in names[index + 1:]]
    both = {"anyOf": [{"required": pair} for pair in pairs]} if len(pairs) > 1 else {"required": pairs[0]}
    return {"anyOf": [{"required": [name]} for name in names], "not": both,
            "errorMessage": {"anyOf": f"one of {_or(names)} is required",
                             "not": f"only one of {_or(names)} may be given"}}


def _excludes(name: str, excluded: list) -> dict:
    others = {"anyOf": [{"required": [other]} for other in excluded]} if len(excluded) > 1 \
        else {"required": excluded}
    return {"if": {"required": [name]},
            "then": {"not": others, "errorMessage": {"not": f"{name} excludes {_or(excluded)}"}}}


def _or(names: list) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def file_name(type_name: str) -> str:
    return type_name.replace("::", "-").lower() + ".json"


# --------------------------------------------------------------------------- outputs

def outputs() -> dict[Path, str]:
    providers = _providers()
    hashes = providers[REGION]
    files: dict[Path, str] = {}
    sources = []
    for type_name in GENERATED_TYPES:
        relative = f"resources/{hashes[type_name]}.json"
        raw = _data(relative)
        files[SCHEMAS_DIR / file_name(type_name)] = render(Rewriter(type_name).resource(json.loads(raw)))
        sources.append((type_name, f"cfnlint/data/schemas/{relative}", hashlib.sha256(raw).hexdigest()))
    # cfn-lint lists AWS SAM's types too; they come from AWS SAM (scripts/generate_sam_model.py).
    every_type = sorted({type_name for table in providers.values() for type_name in table
                         if not type_name.startswith(SAM_PREFIX)})
    provider_files = b"".join(_data(f"providers/{region}.json") for region in sorted(providers))
    files[TYPES_FILE] = render({
        "provenance": _provenance("cfnlint/data/schemas/providers/*.json (every region, in name order)",
                                  provider_files),
        "schema_date": _schema_date(),
        "types": every_type,
    })
    files[SCHEMAS_DIR / "README.md"] = _readme(sources)
    return files


def _provenance(file: str, raw: bytes) -> dict:
    return {"package": PACKAGE, "version": metadata.version(PACKAGE), "license": LICENCE, "file": file,
            "sha256": hashlib.sha256(raw).hexdigest(), "generator": "scripts/generate_cfn_schemas.py"}


def _readme(sources: list) -> str:
    lines = [
        "# CloudFormation resource schemas of the resources samtransform generates",
        "",
        "Generated by `scripts/generate_cfn_schemas.py`; do not edit. Source: the resource provider",
        f"schemas bundled in the {PACKAGE} wheel, version {metadata.version(PACKAGE)} ({LICENCE}), region",
        f"`{REGION}`, schema date {_schema_date()} (cfn-lint's `data/schemas/version.json`). The script's",
        "docstring lists how each schema is rewritten for samtransform.core.schema (intrinsics and dynamic",
        "references are not judged, CloudFormation's value conversions are accepted, cfn-lint's",
        "keywords become standard ones, `format` and annotations are dropped).",
        "",
        "| resource type | schema | source file | SHA-256 |",
        "|---|---|---|---|",
    ]
    lines += [f"| {type_name} | {file_name(type_name)} | {path} | {digest} |" for type_name, path, digest in sources]
    lines += ["", "`samtransform/data/cfn_resource_types.json` lists every resource type of every region's "
                  "provider list (names only), but AWS SAM's `AWS::Serverless::*`, which come from AWS SAM.", ""]
    return "\n".join(lines)


def render(table: dict) -> str:
    return json.dumps(table, indent=1, ensure_ascii=True) + "\n"


if __name__ == "__main__":
    sys.exit(pinned_outputs.main(__doc__, PACKAGE, PINNED_VERSION, outputs, "scripts/generate_cfn_schemas.py"))
