"""Recognising and building CloudFormation intrinsic functions."""

from __future__ import annotations

import re
# `{{resolve:service:key}}`; the same test SAM applies before turning a value in a
# Definition into a DefinitionSubstitution (re.match with `$`, so a final newline passes).
# Compiled on first use: most templates have none, and compiling costs at every start.
_DYNAMIC_REFERENCE = r"^{{resolve:([a-z-]+):(.+)}}$"
# The same pattern as the schema's DynamicReference: a reference within a longer string.
_ANY_DYNAMIC_REFERENCE = r"\{\{resolve:[a-z-]+:[^}]+\}\}"


def is_intrinsic(value) -> bool:
    """A one-key mapping whose key is `Ref`, `Condition` or `Fn::*`."""
    if type(value) is not dict or len(value) != 1:
        return False
    key = next(iter(value))
    return key == "Ref" or key == "Condition" or (isinstance(key, str) and key.startswith("Fn::"))


def is_dynamic_reference(value) -> bool:
    return isinstance(value, str) and value.startswith("{{resolve:") and re.match(_DYNAMIC_REFERENCE, value) is not None


def has_dynamic_reference(value) -> bool:
    """A string that holds a dynamic reference anywhere (CloudFormation resolves each one)."""
    return isinstance(value, str) and "{{resolve:" in value and re.search(_ANY_DYNAMIC_REFERENCE, value) is not None


def is_fn_if(value) -> bool:
    return is_intrinsic(value) and "Fn::If" in value


def is_no_value(value) -> bool:
    return is_intrinsic(value) and value.get("Ref") == "AWS::NoValue"


def ref(logical_id: str) -> dict:
    return {"Ref": logical_id}


def get_att(logical_id: str, attribute: str) -> dict:
    return {"Fn::GetAtt": [logical_id, attribute]}


def show(value) -> str:
    """An intrinsic as the user wrote it in YAML short form (`!Ref X`), anything else as repr."""
    if is_intrinsic(value):
        key, argument = next(iter(value.items()))
        tag = "!" + (key[4:] if key.startswith("Fn::") else key)
        if key == "Fn::GetAtt" and isinstance(argument, list) and all(isinstance(part, str) for part in argument):
            return f"{tag} {'.'.join(argument)}"
        if isinstance(argument, str):
            return f"{tag} {argument}"
        return f"{tag} {argument!r}"
    return repr(value)
