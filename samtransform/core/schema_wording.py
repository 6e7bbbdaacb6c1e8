"""Schema errors worded for a person, with paths from the template root.

Runs only when the fast reader (`schema.Schema.is_valid`) said no: jsonschema, the
reference implementation, finds every error; this words each one. `errorMessage` in a
schema is samtransform's annotation for a custom wording (`{value}` is the offending
value; for an unknown key, `{name}` is the key unquoted); an unknown key gets a "did you mean".
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .problems import Problem
from .intrinsics import show
from .schema import Schema, json_equal
from .suggestions import did_you_mean


NULL_MESSAGE = ("null is not allowed here: CloudFormation rejects a template with a null value "
                "('null' values are not allowed in templates); give a value or remove the key")


# Lambda's (CodeDeploy's) predefined deployment types: a state machine alias says the same
# with Type, Percentage and Interval.
LAMBDA_STYLE_TYPE = re.compile(r"(?i)^(canary|linear)(\d+)percent(?:every)?(\d+)minutes?$")


def type_hint(kind: object) -> str | None:
    """`Canary10Percent5Minutes` -> its spelling for a state machine; None for any other value."""
    match = LAMBDA_STYLE_TYPE.match(kind) if isinstance(kind, str) else None
    if match is None:
        return None
    family, percentage, interval = match.groups()
    return (f"; for a state machine, {kind} is written Type: {family.upper()}, Percentage: {int(percentage)}, "
            f"Interval: {int(interval)}")


def iter_errors(schema: Schema, instance: object, base_path: tuple) -> Iterator[Problem]:
    """Every schema error in `instance`, worded for a person, with paths from the template root."""
    from jsonschema import Draft202012Validator  # imported only when something is wrong

    validator = Draft202012Validator(schema.document)
    for error in validator.iter_errors(instance):
        yield from _explain(error, base_path)


def _explain(error, base_path: tuple) -> Iterator[Problem]:
    path = base_path + tuple(error.absolute_path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    custom = schema.get("errorMessage", {})
    rule_id = _rule_id(schema, error.validator)
    if error.validator == "additionalProperties":
        for key_path, message in _unknown_properties(error, path, custom):
            yield Problem(key_path, message, rule_id=rule_id)
        return
    if error.validator == "propertyNames":
        # jsonschema reports the mapping; name the offending key instead.
        for key in error.instance:
            if isinstance(key, str) and not re.search(error.validator_value.get("pattern", ""), key):
                template = custom.get("propertyNames", "{value} is not a valid key")
                yield Problem(path + (key,), template.replace("{value}", repr(key)), rule_id=rule_id)
        return
    if error.instance is None and error.validator in ("type", "enum", "const"):
        # A key left without a value that AWS SAM does not treat as absent: SAM copies it,
        # and CloudFormation then refuses the whole template.
        yield Problem(path, NULL_MESSAGE, rule_id=rule_id)
        return
    template = custom.get(error.validator)
    message = _fill(template, error) if template else error.message
    yield Problem(path, message, rule_id=rule_id)


def _rule_id(schema: dict, keyword: str) -> str | None:
    """The check rule a schema's `ruleId` annotation names: for every keyword, or per keyword."""
    rule_id = schema.get("ruleId")
    return rule_id.get(keyword) if isinstance(rule_id, dict) else rule_id


def _fill(template: str, error) -> str:
    """An `errorMessage` with its placeholders filled in: {value}, {count}, {type_hint}, {did_you_mean}, {duplicate}."""
    instance = error.instance
    if "{value}" in template:
        template = template.replace("{value}", _short_repr(instance))
    if "{count}" in template:
        template = template.replace("{count}", str(len(instance)) if hasattr(instance, "__len__") else "?")
    if "{type_hint}" in template:  # a DeploymentPreference Type written as for a Lambda function
        hint = type_hint(instance)
        template = template.replace("{type_hint}", "" if hint is None else hint)
        if hint is not None:
            template = template.replace("{did_you_mean}", "")
    if "{did_you_mean}" in template:
        choices = error.validator_value if error.validator == "enum" else ()
        template = template.replace("{did_you_mean}", _did_you_mean(instance, choices))
    if "{duplicate}" in template:
        template = template.replace("{duplicate}", _duplicate(instance))
    return template


def _did_you_mean(value: object, choices) -> str:
    if not isinstance(value, str):
        return ""
    # Case first: 'canary' is CANARY; then spelling, whatever the case ('Schedul' is Schedule).
    match = did_you_mean(value, choices)
    return f"; did you mean {match!r}?" if match else ""


def _duplicate(items) -> str:
    """The first entry a list repeats, and where: "!Ref X twice (entries 0 and 1)"."""
    for index, item in enumerate(items):
        first = next(earlier for earlier in range(index + 1) if json_equal(items[earlier], item))
        if first != index:
            return f"{show(item)} twice (entries {first} and {index})"
    return "an entry twice"


def _unknown_properties(error, path: tuple, custom: dict) -> Iterator[tuple[tuple, str]]:
    declared = [key for key, value in error.schema.get("properties", {}).items() if value != {"not": {}}
                and "not" not in value]
    for key in error.instance:
        if key in error.schema.get("properties", {}):
            continue
        suggestion = did_you_mean(str(key), declared)
        if suggestion:
            hint = f", did you mean {suggestion!r}?"
        elif declared:
            hint = f" (expected one of: {', '.join(declared)})"
        else:
            hint = ""
        template = custom.get("additionalProperties", "unknown property {value}{did_you_mean}")
        # {name}: the key as written, for a message in AWS SAM's words, which do not quote it.
        yield path + (key,), (template.replace("{value}", repr(key)).replace("{name}", str(key))
                              .replace("{did_you_mean}", hint))


def _short_repr(value: object, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."
