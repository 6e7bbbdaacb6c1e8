"""Validate generated resources against the CloudFormation provider schemas bundled in cfn-lint.

Intrinsic functions and dynamic references cannot be checked against a property's type
without deploying, so errors at (or under) an intrinsic, or at a string holding a dynamic
reference, are left out. CloudFormation's value conversions ('true' for a boolean, a digit
string for a number, a number for a string) are accepted, as CloudFormation and cfn-lint do.
"""

from __future__ import annotations

from functools import lru_cache

import regex
from jsonschema import Draft7Validator, ValidationError, validators

from samtransform.core.conversions import as_boolean, as_integer
from samtransform.core.intrinsics import has_dynamic_reference, is_intrinsic


def _pattern(validator, pattern, instance, schema):
    # Provider schemas use Java-style classes such as \p{L}, which `re` lacks.
    if isinstance(instance, str) and not regex.search(pattern, instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _is_string(checker, instance) -> bool:
    # CloudFormation converts numbers to strings for string properties (cfn-lint agrees).
    return isinstance(instance, str) or (isinstance(instance, (int, float)) and not isinstance(instance, bool))


def _length(keyword):
    base = Draft7Validator.VALIDATORS[keyword]

    def validate(validator, limit, instance, schema):
        if isinstance(instance, str):  # a number standing in for a string has no length to check
            yield from base(validator, limit, instance, schema)
    return validate


def _bound(keyword):
    base = Draft7Validator.VALIDATORS[keyword]

    def validate(validator, limit, instance, schema):
        # A digit string is checked as the number CloudFormation converts it to.
        yield from base(validator, limit, as_integer(instance) if isinstance(instance, str) else instance, schema)
    return validate


def _converted(kind: str, convert):
    base = Draft7Validator.TYPE_CHECKER
    return lambda checker, instance: base.is_type(instance, kind) or (
        isinstance(instance, str) and convert(instance) is not None)


ProviderSchemaValidator = validators.extend(
    Draft7Validator,
    {"pattern": _pattern, "minLength": _length("minLength"), "maxLength": _length("maxLength"),
     "minimum": _bound("minimum"), "maximum": _bound("maximum")},
    type_checker=Draft7Validator.TYPE_CHECKER.redefine_many({
        "string": _is_string,
        "boolean": _converted("boolean", as_boolean),
        "integer": _converted("integer", as_integer),
        "number": _converted("number", as_integer),
    }),
)


@lru_cache(maxsize=None)
def _validator(resource_type: str, region: str):
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    return ProviderSchemaValidator(PROVIDER_SCHEMA_MANAGER.get_resource_schema(region, resource_type).schema)


def _under_intrinsic(properties, path) -> bool:
    node = properties
    for step in path:
        if is_intrinsic(node):
            return True
        try:
            node = node[step]
        except (KeyError, IndexError, TypeError):
            return False
    return is_intrinsic(node)


def schema_errors(resource: dict, region: str = "us-east-1") -> list[str]:
    properties = resource.get("Properties", {})
    validator = _validator(resource["Type"], region)
    return [
        f"{resource['Type']} {'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(properties)
        if not _under_intrinsic(properties, error.absolute_path) and not has_dynamic_reference(error.instance)
    ]


def generated_resource_errors(template: dict, output: dict, region: str) -> list[str]:
    """Schema errors of every resource the expansion generated (not the user's own)."""
    errors = []
    for logical_id, resource in output["Resources"].items():
        original = template["Resources"].get(logical_id)
        if original is resource or str(resource.get("Type", "")).startswith("AWS::Serverless::"):
            continue
        errors += [f"{logical_id}: {message}" for message in schema_errors(resource, region)]
    return errors
