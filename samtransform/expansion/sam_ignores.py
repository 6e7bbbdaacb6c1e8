"""A state machine read as AWS SAM reads it: what SAM treats as absent, ignores or overrides.

A YAML key left without a value (`Events:` whose events are all commented out) is null.
SAM treats a null optional property, resource attribute `DependsOn` or `IgnoreGlobals`, and
a null optional property of an event as absent, and so does samtransform, silently. Other
nulls (inside `Logging`, `Tracing`, `DeploymentPreference`, ...) SAM copies into its output,
and CloudFormation rejects any null in a template ("'null' values are not allowed in
templates"), so they stay, for the schema to refuse.

For the rest the template deploys as SAM expands it, but the user most likely meant
something else, so each is a warning (`--strict` makes it an error), and the value is
handled exactly as SAM handles it:
- an unknown resource attribute (`Condtion`), an unknown key of an event (`Condition`
  beside `Type`), of an S3 `DefinitionUri` mapping (`Versoin`), of an event's `Target`
  (`Arn`) or `DeadLetterConfig` (`Visibility`): SAM ignores it, so it is dropped;
- `QueueLogicalId` beside `Arn` in a `DeadLetterConfig`: SAM uses the given queue and
  ignores the name, so it is dropped;
- a Schedule event's `Enabled`, or `PropagateTags`, given as an intrinsic function: SAM
  takes any of them for true (`State: ENABLED`; tags propagated), so it becomes `true`;
- a `DeploymentPreference` that is an empty list or string: SAM takes it for none (an
  ALL_AT_ONCE alias), so it is dropped;
- `StateMachineVersionArn` in a `DeploymentPreference` (or a branch of its `Fn::If`): SAM
  overwrites it with `!Ref <Id>Version`, so it is dropped (and then generated).
Unknown keys elsewhere are errors: SAM refuses them, or copies them to CloudFormation,
which refuses them.
"""

from __future__ import annotations


from ..core.problems import Problem
from ..core.intrinsics import is_intrinsic
from ..core.suggestions import did_you_mean
from ..core.logical_ids import version_id

RESOURCE_KEYS = ("Type", "Properties", "Condition", "DependsOn", "DeletionPolicy", "UpdateReplacePolicy",
                 "UpdatePolicy", "Metadata", "IgnoreGlobals", "Connectors")
S3_LOCATION_KEYS = ("Bucket", "Key", "Version")
EVENT_KEYS = ("Type", "Properties")
TARGET_KEYS = ("Id",)
DEAD_LETTER_KEYS = ("Arn", "Type", "QueueLogicalId")
ENABLED_MESSAGE = ("AWS SAM makes Enabled given as an intrinsic function State: ENABLED, whatever its value; "
                   "use State to decide at deploy time")
VERSION_ARN_MESSAGE = ("StateMachineVersionArn is generated (!Ref {version}); AWS SAM overwrites the given value, "
                       "and so does samtransform")
PROPAGATE_MESSAGE = ("AWS SAM takes PropagateTags given as an intrinsic function for true, whatever its value, "
                     "and so does samtransform")
EMPTY_PREFERENCE_MESSAGE = ("an empty DeploymentPreference is taken for none (ALL_AT_ONCE), as AWS SAM takes it; "
                            "remove it, or give a mapping")
QUEUE_NAME_MESSAGE = "QueueLogicalId names the queue generated for Type: SQS; with Arn it is ignored, as AWS SAM ignores it"


# Resource attributes that AWS SAM treats as absent when null (it copies the others, null
# included, and CloudFormation then rejects the template).
NULL_AS_ABSENT = ("DependsOn", "IgnoreGlobals")


def apply(logical_id: str, resource: dict) -> tuple[dict, list[Problem]]:
    """The resource as SAM reads it (a new dict only when something is dropped), and the warnings."""
    path = ("Resources", logical_id)
    warnings: list[Problem] = []
    resource = _known(without_null_properties(resource), RESOURCE_KEYS, path, warnings)
    properties = resource.get("Properties")
    if not isinstance(properties, dict):
        return resource, warnings
    new_properties = _properties(logical_id, properties, path + ("Properties",), warnings)
    if new_properties is not properties:
        resource = {**resource, "Properties": new_properties}
    return resource, warnings


def _properties(logical_id: str, properties: dict, path: tuple, warnings: list) -> dict:
    changed = {}
    uri = properties.get("DefinitionUri")
    if isinstance(uri, dict):
        changed["DefinitionUri"] = _known(uri, S3_LOCATION_KEYS, path + ("DefinitionUri",), warnings)
    if is_intrinsic(properties.get("PropagateTags")):
        warnings.append(Problem(path + ("PropagateTags",), PROPAGATE_MESSAGE, severity="warning"))
        changed["PropagateTags"] = True
    if properties.get("DeploymentPreference") in ([], ""):
        warnings.append(Problem(path + ("DeploymentPreference",), EMPTY_PREFERENCE_MESSAGE, severity="warning"))
    if isinstance(properties.get("DeploymentPreference"), dict):
        changed["DeploymentPreference"] = _without_version_arn(
            properties["DeploymentPreference"], path + ("DeploymentPreference",), version_id(logical_id), warnings)
    events = properties.get("Events")
    if isinstance(events, dict):
        changed["Events"] = {name: _event(event, path + ("Events", name), warnings) for name, event in events.items()}
    if properties.get("DeploymentPreference") in ([], ""):
        return {key: value for key, value in {**properties, **changed}.items() if key != "DeploymentPreference"}
    if all(changed[key] is properties[key] for key in changed):
        return properties
    return {**properties, **changed}


def _without_version_arn(preference, path: tuple, version: str, warnings: list):
    """The deployment preference (or each branch of its Fn::If) without StateMachineVersionArn."""
    if not isinstance(preference, dict):
        return preference
    arguments = preference.get("Fn::If")
    if len(preference) == 1 and isinstance(arguments, list) and len(arguments) == 3:
        branches = [_without_version_arn(arguments[index], path + ("Fn::If", index), version, warnings)
                    for index in (1, 2)]
        if branches[0] is arguments[1] and branches[1] is arguments[2]:
            return preference
        return {"Fn::If": [arguments[0], *branches]}
    if "StateMachineVersionArn" not in preference:
        return preference
    warnings.append(Problem(path + ("StateMachineVersionArn",), VERSION_ARN_MESSAGE.format(version=version),
                                   severity="warning"))
    return {key: value for key, value in preference.items() if key != "StateMachineVersionArn"}


def _event(event, path: tuple, warnings: list):
    if not isinstance(event, dict):
        return event
    event = _known(event, EVENT_KEYS, path, warnings)
    settings = event.get("Properties")
    if not isinstance(settings, dict):
        return event
    path = path + ("Properties",)
    changed = {}
    if isinstance(settings.get("Target"), dict):
        changed["Target"] = _known(settings["Target"], TARGET_KEYS, path + ("Target",), warnings)
    dead_letter = settings.get("DeadLetterConfig")
    if isinstance(dead_letter, dict):
        dead_letter = _known(dead_letter, DEAD_LETTER_KEYS, path + ("DeadLetterConfig",), warnings)
        if "Arn" in dead_letter and "QueueLogicalId" in dead_letter:
            warnings.append(Problem(path + ("DeadLetterConfig", "QueueLogicalId"), QUEUE_NAME_MESSAGE,
                                           severity="warning"))
            dead_letter = {key: value for key, value in dead_letter.items() if key != "QueueLogicalId"}
        changed["DeadLetterConfig"] = dead_letter
    if event.get("Type") == "Schedule" and is_intrinsic(settings.get("Enabled")):
        warnings.append(Problem(path + ("Enabled",), ENABLED_MESSAGE, severity="warning"))
        changed["Enabled"] = True
    if all(changed[key] is settings[key] for key in changed):
        return event
    return {**event, "Properties": {**settings, **changed}}


def _known(mapping: dict, keys: tuple, path: tuple, warnings: list) -> dict:
    """`mapping` without the keys SAM ignores there, each with a warning."""
    unknown = [key for key in mapping if key not in keys]
    if not unknown:
        return mapping
    for key in unknown:
        close = did_you_mean(str(key), keys)
        hint = f", did you mean {close!r}?" if close else f" (expected one of: {', '.join(keys)})"
        warnings.append(Problem(path + (key,), f"unknown property {key!r} is ignored, as AWS SAM ignores "
                                                      f"it{hint}", severity="warning"))
    return {key: value for key, value in mapping.items() if key not in unknown}


def without_null_properties(resource: dict) -> dict:
    """The resource without the nulls AWS SAM treats as absent (a new dict only when there are some)."""
    properties = resource.get("Properties")
    if None not in resource.values() and not _has_nulls(properties):
        return resource
    cleaned = {key: value for key, value in resource.items() if value is not None or key not in NULL_AS_ABSENT}
    if isinstance(properties, dict):
        cleaned["Properties"] = {key: value for key, value in properties.items() if value is not None}
        events = cleaned["Properties"].get("Events")
        if isinstance(events, dict):
            cleaned["Properties"]["Events"] = {name: _event_without_nulls(event) for name, event in events.items()}
    return cleaned


def _has_nulls(properties) -> bool:
    if not isinstance(properties, dict):
        return False
    if None in properties.values():
        return True
    events = properties.get("Events")
    return isinstance(events, dict) and any(
        isinstance(event, dict) and isinstance(event.get("Properties"), dict) and None in event["Properties"].values()
        for event in events.values())


def _event_without_nulls(event):
    if not isinstance(event, dict) or not isinstance(event.get("Properties"), dict):
        return event
    return {**event, "Properties": {key: value for key, value in event["Properties"].items() if value is not None}}
