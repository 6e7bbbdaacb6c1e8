"""AutoPublishAlias -> `<Id>Version` (retained) and `<Id>Alias<Name>`.

Rules:
- as AWS SAM: an empty name publishes nothing; the version takes
  `StateMachineArn: !Ref <Id>` and `StateMachineRevisionId: !GetAtt <Id>.StateMachineRevisionId`,
  and both it and the alias carry the state machine's Condition, DeletionPolicy and
  UpdateReplacePolicy; the version's DeletionPolicy and UpdateReplacePolicy default to
  Retain;
- beyond SAM: `!Ref Parameter` (or `!Sub` over parameters) resolves from the parameter
  overrides, then the parameter's Default (SAM fails on any intrinsic here). The
  resolved name makes the logical ID; the alias's `Name` keeps the intrinsic, so a
  stack deployed with another parameter value still names its alias after it;
- beyond SAM: a name CloudFormation would reject (1-80 characters, at least one letter)
  or one that makes an invalid logical ID (letters and digits only) is an error.
"""

from __future__ import annotations

import re
from ..core.context import Context
from ..core.problems import Problem
from ..core.intrinsics import get_att, is_intrinsic, ref
from ..core.logical_ids import alias_id, is_valid

RULE_ID = "E9109"  # samtransform check's rule for the same problems
MAX_ALIAS_NAME_LENGTH = 80  # StateMachineAlias Name, 1-80
_SUB_VARIABLE = r"\$\{([^}]*)\}"  # compiled by re on first use, not at every start

# Why both policies default to Retain (SAM's reasoning): the version resource is
# replaced on every new revision, and CloudFormation would otherwise delete the
# previous version while the alias still shifts traffic away from it.
VERSION_DEFAULT_POLICIES = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}


def resolve(path: tuple, logical_id: str, value, context: Context) -> tuple[str | None, list[Problem]]:
    """The alias name `value` gives, and every reason it cannot name an alias.

    The one place an AutoPublishAlias is resolved (expand, check and plan read its result
    from the expansion model). The name is returned even when it is invalid, so the IDs
    it would make can still be compared with others; None when there is no alias or the
    value cannot be resolved. An empty name publishes nothing, as in SAM.
    """
    name, errors = _resolve_value(path, value, context)
    if name and not errors:
        errors = name_errors(path, logical_id, name)
    return name, [error._replace(rule_id=RULE_ID) for error in errors]


def literal_name(path: tuple, value, context: Context) -> tuple[str | None, list[Problem]]:
    """The literal name an AutoPublishAlias gives (Ref/Fn::Sub over parameters), without the checks a
    state machine's alias name gets: a function's alias is AWS SAM's to check."""
    return _resolve_value(path, value, context)


def _resolve_value(path: tuple, value, context: Context) -> tuple[str | None, list[Problem]]:
    """The literal alias name, resolving `Ref`/`Fn::Sub` over parameters."""
    if value is None or isinstance(value, str):
        return value, []
    if is_intrinsic(value) and "Ref" in value:
        return _resolve_ref(path, value["Ref"], context)
    if is_intrinsic(value) and "Fn::Sub" in value and isinstance(value["Fn::Sub"], str):
        return _resolve_sub(path, value["Fn::Sub"], context)
    return None, [Problem(path, "AutoPublishAlias must be a string, a Ref to a parameter, "
                                       "or an Fn::Sub string over parameters")]


def _parameter_value(path: tuple, name, context: Context) -> tuple[str | None, list[Problem]]:
    if not isinstance(name, str):
        return None, [Problem(path, f"{name!r} is not a parameter name")]
    if name not in context.declared_parameters:
        return None, [Problem(path, f"Ref {name!r} names no parameter of this template; AutoPublishAlias "
                                           "must be known when the template is expanded")]
    if name not in context.parameter_values:
        return None, [Problem(path, f"parameter {name!r} has no Default; give its value with "
                                           f"--parameter-overrides {name}=<alias name>")]
    value = context.parameter_values[name]
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return None, [Problem(path, f"parameter {name!r} has the value {value!r}, which is not an alias name")]
    return str(value), []


def _resolve_ref(path: tuple, name, context: Context):
    return _parameter_value(path + ("Ref",), name, context)


def _resolve_sub(path: tuple, text: str, context: Context):
    errors: list[Problem] = []

    def replace(match: re.Match) -> str:
        value, problems = _parameter_value(path + ("Fn::Sub",), match.group(1), context)
        errors.extend(problems)
        return value or ""

    resolved = re.sub(_SUB_VARIABLE, replace, text)
    return (None, errors) if errors else (resolved, [])


def name_errors(path: tuple, logical_id: str, name: str) -> list[Problem]:
    if len(name) > MAX_ALIAS_NAME_LENGTH:
        return [Problem(path, f"alias name {name!r} is {len(name)} characters long; CloudFormation "
                                     f"allows at most {MAX_ALIAS_NAME_LENGTH}")]
    generated = alias_id(logical_id, name)
    if not is_valid(generated):
        return [Problem(path, f"alias name {name!r} would make the logical ID {generated!r}, which is not "
                                     "alphanumeric (or longer than 255 characters); use letters and digits only")]
    if name.isdigit():
        return [Problem(path, f"alias name {name!r} must contain at least one letter "
                                     "(CloudFormation's StateMachineAlias Name pattern)")]
    return []


def build_version(logical_id: str, passthrough: dict) -> dict:
    return {
        "Type": "AWS::StepFunctions::StateMachineVersion",
        **passthrough,
        **{key: value for key, value in VERSION_DEFAULT_POLICIES.items() if key not in passthrough},
        "Properties": {
            "StateMachineArn": ref(logical_id),
            "StateMachineRevisionId": get_att(logical_id, "StateMachineRevisionId"),
        },
    }


def build_alias(name, passthrough: dict, deployment_preference) -> dict:
    """`name` is the literal alias name, or the user's Ref/Sub that resolved to it."""
    return {
        "Type": "AWS::StepFunctions::StateMachineAlias",
        **passthrough,
        "Properties": {"Name": name, "DeploymentPreference": deployment_preference},
    }
