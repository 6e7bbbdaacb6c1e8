"""What a deploy changes compared with the template as last deployed (`plan --previous`).

A new version is published when the state machine's revision changes: the version's
`StateMachineRevisionId` (`!GetAtt <Id>.StateMachineRevisionId`) is create-only, so a new
revision replaces the version resource, and the alias's new `StateMachineVersionArn` starts
the traffic shift. What a revision holds, from Step Functions' "State machine versions"
(https://docs.aws.amazon.com/step-functions/latest/dg/concepts-state-machine-version.html):
the definition, the IAM role, the tracing configuration and the logging configuration may
differ between revisions; the type and the name are the same for all versions, and "tags
apply globally to state machines", so a tag change is no new revision. `UpdateStateMachine`
also changes the encryption configuration; whether that is part of a revision is not stated,
so plan counts it as one (the cautious reading: it may publish a version).

The definition is compared after `DefinitionSubstitutions` are applied, as CloudFormation
does before it calls Step Functions: renaming a substitution changes nothing, changing its
value changes the definition.

`StateMachineName` and `StateMachineType` are create-only: changing either replaces the
state machine, whose versions and aliases then start over.
"""

from __future__ import annotations

import json
import re

from .facts import MachineFacts

TYPE_CHECKING = False
if TYPE_CHECKING:  # typing costs milliseconds at start-up, and annotations are strings (PEP 563)
    from typing import Any, Callable

# Expanded StateMachine property -> the reason plan gives when it changes.
REVISION_PROPERTIES = {
    "RoleArn": "role",
    "LoggingConfiguration": "logging",
    "TracingConfiguration": "tracing",
    "EncryptionConfiguration": "encryption",
}
REPLACING_PROPERTIES = {"StateMachineName": "Name", "StateMachineType": "Type"}
DEFINITION_PROPERTIES = ("DefinitionString", "Definition", "DefinitionS3Location", "DefinitionSubstitutions")
_VARIABLE = re.compile(r"\$\{([^}]*)\}")


def compare(current: MachineFacts, previous: MachineFacts | None, literal: Callable[[Any], Any],
            previous_literal: Callable[[Any], Any]) -> dict:
    """publishes_version, reasons, shifts_traffic, replacement, warnings and other_changes of one machine."""
    if previous is None:
        return _result(True, ["new"], None, [], [], [], ["a new state machine: its alias starts on version 1"])
    if previous.version_logical_id is None:
        return _result(True, ["first_version"], None, [], [], [],
                       ["AutoPublishAlias is new here: the first version is published and the alias created"])
    if not current.revision_linked:
        return _unlinked(current, previous)
    new, old = current.resource, previous.resource
    replacement = [{"property": name, "previous": _shown(previous_literal(old.get(key))),
                    "current": _shown(literal(new.get(key)))}
                   for key, name in REPLACING_PROPERTIES.items()
                   if _normal(literal(new.get(key)), key) != _normal(previous_literal(old.get(key)), key)]
    reasons = []
    if effective_definition(new, literal) != effective_definition(old, previous_literal):
        reasons.append("definition")
    reasons += [reason for key, reason in REVISION_PROPERTIES.items()
                if _canonical(literal(new.get(key))) != _canonical(previous_literal(old.get(key)))]
    reasons += [change["property"].lower() for change in replacement]
    known = set(REVISION_PROPERTIES) | set(REPLACING_PROPERTIES) | set(DEFINITION_PROPERTIES)
    others = sorted(key for key in (set(new) | set(old)) - known
                    if _canonical(literal(new.get(key))) != _canonical(previous_literal(old.get(key))))
    warnings = [f"changing {change['property']} ({_or_default(change['previous'], change['property'])} -> "
                f"{_or_default(change['current'], change['property'])}) replaces state "
                f"machine {current.logical_id}: its versions and aliases start over, and executions of the old "
                "one are not moved" for change in replacement]
    if previous.alias_name and current.alias_name != previous.alias_name:
        warnings.append(f"the alias is renamed from {previous.alias_name} to {current.alias_name}: "
                        f"{previous.alias_logical_id} is deleted and {current.alias_logical_id} created, so whatever "
                        "starts executions through the old alias ARN fails")
    notes = []
    if not reasons:
        notes.append("no revision-relevant property changed: no new version, the deploy shifts no traffic")
        if _canonical(current.preference) != _canonical(previous.preference):
            notes.append("the DeploymentPreference changed: it takes effect with the next new version")
    if current.role and previous.role and current.role[0] == previous.role[0] \
            and _canonical(current.role[1]) != _canonical(previous.role[1]):
        notes.append(f"the role {current.role[0]} changed: its policies are not part of a revision and apply to "
                     "every version at once, the one still serving traffic included")
    if others:
        notes.append(f"{', '.join(others)} changed: not part of a revision, applied to the state machine in place")
    published = bool(reasons)
    return _result(published, reasons, None if replacement else published, replacement, warnings, others, notes)


def _unlinked(current: MachineFacts, previous: MachineFacts) -> dict:
    """A plain version without `StateMachineRevisionId: !GetAtt <Id>.StateMachineRevisionId`.

    StateMachineArn and StateMachineRevisionId require replacement (the StateMachineVersion
    reference, https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-stepfunctions-statemachineversion.html),
    so without a revision ID that follows the state machine, a new version is published only
    when the version resource itself changes.
    """
    changed = _canonical(current.version) != _canonical(previous.version)
    note = (f"{current.version_logical_id} has no StateMachineRevisionId: !GetAtt {current.logical_id}."
            "StateMachineRevisionId, so a change of the state machine publishes no new version; only a change of "
            "the version resource does")
    return _result(changed, ["version"] if changed else [], changed, [], [], [], [note])


def _result(published: bool, reasons: list, shifts: bool | None, replacement: list, warnings: list,
            others: list, notes: list) -> dict:
    return {"publishes_version": published, "reasons": reasons, "shifts_traffic": shifts,
            "replacement": replacement, "warnings": warnings, "other_changes": others, "change_notes": notes}


def effective_definition(properties: dict, literal: Callable[[Any], Any]) -> Any:
    """The definition Step Functions receives: the definition text with its substitutions applied.

    A value still unknown offline (an intrinsic such as `!GetAtt Function.Arn`) stays as a
    marker of itself, so two definitions are equal only when they certainly are.
    """
    substitutions = properties.get("DefinitionSubstitutions")
    substitutions = substitutions if isinstance(substitutions, dict) else {}
    resolved = _canonical({key: literal(value) for key, value in substitutions.items()})
    body = properties.get("DefinitionString", properties.get("Definition"))
    if body is None:  # an S3 definition: its content is not known offline, only where it is
        return ("s3", _canonical(literal(properties.get("DefinitionS3Location"))), resolved)
    text = _joined(body)
    if not isinstance(text, str):
        return ("intrinsic", _canonical(body), resolved)
    pieces, position = [], 0
    for match in _VARIABLE.finditer(text):
        if match.group(1) in substitutions:
            pieces += [text[position:match.start()], _substituted(literal(substitutions[match.group(1)]))]
            position = match.end()
    return "".join(pieces + [text[position:]])


def _joined(body: Any) -> Any:
    """The text of a `DefinitionString` (SAM writes it as an Fn::Join of lines); None if not literal."""
    if isinstance(body, str):
        return body
    if isinstance(body, dict) and "Fn::Join" in body:
        separator, parts = (body["Fn::Join"] + [None, None])[:2]
        if isinstance(separator, str) and isinstance(parts, list) and all(isinstance(part, str) for part in parts):
            return separator.join(parts)
    if isinstance(body, dict) and not any(key.startswith("Fn::") or key == "Ref" for key in body):
        return json.dumps(body, sort_keys=True)  # `Definition` as an object
    return None


def _substituted(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        return json.dumps(value)
    return "\0" + json.dumps(value, sort_keys=True) + "\0"  # unknown until deploy time


def _normal(value: Any, key: str) -> Any:
    if key == "StateMachineType" and value is None:
        value = "STANDARD"  # CloudFormation's default
    return _canonical(value)


def _or_default(value: Any, name: str) -> Any:
    if value is not None:
        return value
    return "STANDARD, the default" if name == "Type" else "a name CloudFormation generates"


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def _shown(value: Any) -> Any:
    return value if value is None or isinstance(value, str) else json.dumps(value, sort_keys=True)
