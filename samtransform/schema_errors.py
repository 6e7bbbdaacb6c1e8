"""Schema errors worded for a person, with paths from the template root.

Runs only when the fast reader (`schema.Schema.is_valid`) said no: jsonschema, the
reference implementation, finds every error; this words each one. `errorMessage` in a
schema is samtransform's annotation for a custom wording (`{value}` is the offending
value); an unknown key gets a "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .errors import TransformError
from .schema import Schema


NULL_MESSAGE = ("null is not allowed here: CloudFormation rejects a template with a null value "
                "('null' values are not allowed in templates); give a value or remove the key")


def iter_errors(schema: Schema, instance: object, base_path: tuple) -> Iterator[TransformError]:
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
    if error.instance is None and error.validator in ("type", "enum", "const"):
        # A key left without a value that AWS SAM does not treat as absent: SAM copies it,
        # and CloudFormation then refuses the whole template.
        yield TransformError(path, NULL_MESSAGE)
        return
    template = custom.get(error.validator)
    message = template.replace("{value}", _short_repr(error.instance)) if template else error.message
    yield TransformError(path, message)


def _unknown_properties(error, path: tuple, custom: dict) -> Iterator[TransformError]:
    import difflib  # only a failing run needs suggestions

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


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
