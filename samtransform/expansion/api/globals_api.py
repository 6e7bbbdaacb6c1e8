"""Globals.Api -> properties merged into every REST API samtransform builds (implicit and explicit).

Rules, as AWS SAM applies them:
- only the properties SAM lists for `Api` may be set; another is SAM's error;
- merging: a mapping merges key by key (the API's own keys win), two lists are joined
  (the global entries first), anything else is the API's own value when it has one; an
  intrinsic function counts as a single value;
- an explicit API's `IgnoreGlobals: "*"` ignores them all, a list the named ones.
Refused when they would reach an API samtransform builds, because it does not build
them: see explicit_api.UNSUPPORTED.
"""

from __future__ import annotations

from ...core.problems import TransformError
from ...core.intrinsics import is_intrinsic
from ...core.py27_dict import Py2Dict, from_template
from ...core.schema import load_schema
from . import explicit_api

SECTION = "Api"
SCHEMA = "sam/globals-api.json"  # the values an AWS::Serverless::Api takes, StageName aside
# The properties AWS SAM accepts in Globals.Api.
SUPPORTED = ("Auth", "Name", "DefinitionUri", "CacheClusterEnabled", "CacheClusterSize", "MergeDefinitions",
             "Variables", "EndpointConfiguration", "MethodSettings", "BinaryMediaTypes", "MinimumCompressionSize",
             "Cors", "GatewayResponses", "AccessLogSetting", "CanarySetting", "TracingEnabled", "OpenApiVersion",
             "Domain", "AlwaysDeploy", "PropagateTags", "SecurityPolicy", "EndpointAccessMode")
INVALID = "'Globals' section is invalid. "


def api_globals(template: dict, first_event: str) -> tuple[dict, list[TransformError]]:
    """Globals.Api, or the errors that keep samtransform from applying it."""
    section = template.get("Globals")
    if not isinstance(section, dict) or SECTION not in section:
        return {}, []
    values = section[SECTION]
    if not isinstance(values, dict):
        return {}, [TransformError(("Globals", SECTION), INVALID + "Value of Api must be a dictionary")]
    errors = []
    for key in values:
        path = ("Globals", SECTION, key)
        if key not in SUPPORTED:
            errors.append(TransformError(path, INVALID + f"'{key}' is not a supported property of 'Api'. "
                                                         f"Must be one of the following values - {list(SUPPORTED)}"))
        elif key in explicit_api.UNSUPPORTED:
            errors.append(TransformError(path, explicit_api.unsupported_message(key, "Globals.Api", first_event)))
    schema = load_schema(SCHEMA)
    if not errors and not schema.is_valid(values):
        from ...core.schema_wording import iter_errors

        errors += iter_errors(schema, values, ("Globals", SECTION))
    return ({} if errors else values), errors


def merge(global_value, own_value):
    """SAM's Globals merge of one value."""
    if isinstance(global_value, dict) and isinstance(own_value, dict) and not (
            is_intrinsic(global_value) or is_intrinsic(own_value)):
        merged = dict(global_value)
        for key, value in own_value.items():
            merged[key] = merge(merged[key], value) if key in merged else value
        return merged
    if isinstance(global_value, list) and isinstance(own_value, list):
        return global_value + own_value
    return own_value


def body_value(values: dict, properties: dict, key: str, ignore=None):
    """A setting that goes into the OpenAPI body, as SAM holds it for the Deployment's hash: read from
    the template as Python 2.7 tables, and merged with Globals.Api the way SAM merges them (a copy
    of the global table, then the API's own keys in their table order)."""
    if ignore == "*" or (isinstance(ignore, list) and key in ignore):
        values = {}
    if key not in values:
        return from_template(properties.get(key))
    if key not in properties:
        return from_template(values[key])
    return _merge_tables(from_template(values[key]), from_template(properties[key]))


def _merge_tables(global_value, own_value):
    if isinstance(global_value, Py2Dict) and isinstance(own_value, Py2Dict) and not (
            _intrinsic(global_value) or _intrinsic(own_value)):
        merged = Py2Dict()
        merged.merge({key: global_value[key] for key in global_value})  # dict.copy() in Python 2.7
        for key in own_value:
            merged[key] = _merge_tables(merged[key], own_value[key]) if key in merged else own_value[key]
        return merged
    if isinstance(global_value, list) and isinstance(own_value, list):
        return global_value + own_value
    return own_value


def _intrinsic(table: Py2Dict) -> bool:
    return is_intrinsic(dict(table.items()))


def apply(values: dict, properties: dict, ignore=None) -> dict:
    if ignore == "*":
        return properties
    if isinstance(ignore, list):
        values = {key: value for key, value in values.items() if key not in ignore}
    return merge(values, properties) if values else properties
