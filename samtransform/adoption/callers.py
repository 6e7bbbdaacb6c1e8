"""Who else in the template names a state machine's ARN, and whether `adopt` may route it through the alias.

Rules (the sources are in docs/adopt.md):
- a reference is `!Ref SM`, `!GetAtt SM.Arn`, or `${SM}` / `${SM.Arn}` in a `!Sub`
  (`!GetAtt SM.Name` only inside an IAM policy, where it names the state machine too);
  the state machine's own resource and CloudWatch alarms (whose `StateMachineArn`
  dimension is the state machine's ARN by design) are not callers;
- routed, the reference naming the alias instead (`SM` -> `SMAlias<name>`, nothing else of
  the text changes), where the caller calls StartExecution with what it is given and AWS
  itself targets aliases so: an `AWS::Events::Rule` target's `Arn` and an
  `AWS::Scheduler::Schedule`'s `Target.Arn` (what AWS SAM writes for
  `UseAliasAsEventTarget`), and another state machine's `states:startExecution` task
  (fire and forget, or `.waitForTaskToken`) naming it in `StateMachineArn`, inline or
  through a `DefinitionSubstitutions` entry used nowhere else (StartExecution takes an
  alias ARN);
- kept, with the reason: IAM grants (Step Functions authorises a call on an alias against
  the state machine's ARN, so a grant on that ARN already covers the alias); `Outputs`
  that export the ARN (other stacks may import it; `adopt` adds an output for the alias);
- listed for a person to decide, with the reason: EventBridge Pipes (AWS does not say
  whether a pipe can start an alias), `.sync` tasks (AWS does not say whether their
  DescribeExecution and StopExecution grants cover an execution started through an
  alias), a substitution used elsewhere than a StartExecution's `StateMachineArn`, and
  anything else (a function's environment variable, an API integration): they may start
  executions with the state machine's ARN, which no deployment shifts.
"""

from __future__ import annotations

import re
from collections import namedtuple
from collections.abc import Iterator

from ..core.intrinsics import is_intrinsic

ALARM_TYPES = ("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm")
# A Task that only calls StartExecution (what the alias's ARN may be given to); `.sync` also waits.
START_EXECUTION = re.compile(r"arn:[^:]*:states:::states:startExecution(?:\.waitForTaskToken)?")
SYNC_START_EXECUTION = re.compile(r"arn:[^:]*:states:::states:startExecution\.sync(?::2)?")
ARGUMENT_KEYS = ("Parameters", "Arguments")  # JSONPath and JSONata states

# What to do with a reference: "route" (name the alias), "keep" (nothing to change, said so),
# "output" (an output exporting the ARN: kept, and an output for the alias is added) or
# "list" (left for a person, with the reason).
Verdict = namedtuple("Verdict", "action reason")


class Reference(namedtuple("Reference", "path value_path kind exact")):
    """One reference to the state machine: `path` leads to the name itself (what a rename
    changes), `value_path` to the intrinsic function; `kind` is "arn", "name" or "sub";
    `exact` when the intrinsic gives exactly the ARN (`!Ref`, `!GetAtt .Arn`, `!Sub '${SM}'`)."""

    __slots__ = ()


def references(template: dict, logical_id: str) -> Iterator[Reference]:
    """Every reference to `logical_id` outside its own resource, in document order."""
    for section in ("Resources", "Globals", "Outputs"):  # Globals: a function's environment for one
        values = template.get(section)
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            if section == "Resources" and key == logical_id:
                continue
            yield from _walk(value, (section, key), logical_id)


def _walk(value, path: tuple, logical_id: str) -> Iterator[Reference]:
    stack = [(value, path)]
    while stack:
        node, where = stack.pop()
        if isinstance(node, dict):
            found = _reference(node, where, logical_id) if is_intrinsic(node) else None
            if found is not None:
                yield found
            stack.extend((child, where + (key,)) for key, child in reversed(list(node.items())))
        elif isinstance(node, list):
            stack.extend((child, where + (index,)) for index, child in reversed(list(enumerate(node))))


def _reference(node: dict, path: tuple, logical_id: str) -> Reference | None:
    (name, argument), = node.items()
    if name == "Ref" and argument == logical_id:
        return Reference(path + ("Ref",), path, "arn", True)
    if name == "Fn::GetAtt":
        if isinstance(argument, list) and len(argument) == 2 and argument[0] == logical_id:
            attribute, name_path = argument[1], path + ("Fn::GetAtt", 0)
        elif isinstance(argument, str) and argument.startswith(logical_id + "."):
            attribute, name_path = argument[len(logical_id) + 1:], path + ("Fn::GetAtt",)
        else:
            return None
        if attribute in ("Arn", "Name"):
            return Reference(name_path, path, "arn" if attribute == "Arn" else "name", attribute == "Arn")
        return None
    if name == "Fn::Sub":
        text, text_path = (argument, path + ("Fn::Sub",)) if isinstance(argument, str) else (
            (argument[0], path + ("Fn::Sub", 0)) if isinstance(argument, list) and argument
            and isinstance(argument[0], str) else (None, None))
        if text is not None and re.search(r"\$\{%s(?:\.Arn)?\}" % re.escape(logical_id), text):
            return Reference(text_path, path, "sub", text in (f"${{{logical_id}}}", f"${{{logical_id}.Arn}}"))
    return None


# --------------------------------------------------------------------------- verdicts

def verdict(template: dict, reference: Reference, definitions: dict) -> Verdict | None:
    """What to do with one reference (None: it is no caller); `definitions` maps a state
    machine's logical ID to its definition document (None when it cannot be read offline)."""
    path = reference.value_path
    resource = template["Resources"].get(path[1]) if path[0] == "Resources" else None
    kind = resource.get("Type") if isinstance(resource, dict) else None
    if kind in ALARM_TYPES:
        return None
    if _in_iam_policy(kind, path):
        return Verdict("keep", "an IAM grant on the state machine's ARN also allows starting its alias (Step Functions "
                               "authorises a call on an alias against the state machine's ARN): nothing to change")
    if reference.kind == "name":
        return None
    where = path[2:]
    if reference.exact and kind == "AWS::Events::Rule" and len(where) == 4 and where[:2] == ("Properties", "Targets") \
            and where[3] == "Arn":
        return Verdict("route", f"target {where[2]} of the EventBridge rule starts the alias")
    if reference.exact and kind == "AWS::Scheduler::Schedule" and where == ("Properties", "Target", "Arn"):
        return Verdict("route", "the schedule starts the alias")
    if kind == "AWS::Serverless::StateMachine" and where[:2] == ("Properties", "DefinitionSubstitutions"):
        return _substitution(reference, where, definitions.get(path[1]))
    if kind == "AWS::Serverless::StateMachine" and where[:2] == ("Properties", "Definition"):
        return _inline_task(reference, resource["Properties"]["Definition"], where[2:])
    if kind == "AWS::Pipes::Pipe" and where in (("Properties", "Target"), ("Properties", "Enrichment")):
        return Verdict("list", "AWS does not document whether an EventBridge pipe can start a state machine alias, "
                               "so the pipe still starts the state machine itself")
    if path[0] == "Outputs" and reference.exact and path[2:] == ("Value",):
        return Verdict("output", "kept: other stacks may import the state machine's ARN, which no deployment "
                                 "shifts")
    return Verdict("list", "names the state machine's ARN: if it starts executions, they run the latest "
                           "version at once; give it the alias's ARN instead")


def _in_iam_policy(kind, path: tuple) -> bool:
    return (isinstance(kind, str) and kind.startswith("AWS::IAM::")) or "PolicyDocument" in path or (
        kind in ("AWS::Serverless::Function", "AWS::Serverless::StateMachine") and path[2:4] == ("Properties",
                                                                                                 "Policies"))


def _substitution(reference: Reference, where: tuple, document) -> Verdict:
    if not reference.exact or len(where) != 3:
        return Verdict("list", "a definition substitution that names the state machine's ARN within a longer value")
    if not isinstance(document, dict):
        return Verdict("list", "the definition that uses this substitution cannot be read offline")
    placeholder = "${%s}" % where[2]
    uses = [use for use in _strings(document, ()) if placeholder in use[1]]
    if not uses:
        return Verdict("list", f"the definition does not use {placeholder}")
    for use_path, text in uses:
        refusal = _task_refusal(document, use_path, text == placeholder)
        if refusal:
            return Verdict("list", f"{placeholder} {refusal}")
    return Verdict("route", f"its definition starts the alias ({placeholder} is the StateMachineArn of a "
                            "StartExecution task)")


def _inline_task(reference: Reference, definition, where: tuple) -> Verdict:
    refusal = _task_refusal(definition, where, reference.exact)
    if refusal:
        return Verdict("list", f"the definition's reference {refusal}")
    return Verdict("route", "its definition starts the alias (the StateMachineArn of a StartExecution task)")


def _task_refusal(document, path: tuple, exact: bool) -> str | None:
    """Why the value at `path` of a definition is not the StateMachineArn of a StartExecution task (None: it is)."""
    if not exact or len(path) < 3 or path[-1] != "StateMachineArn" or path[-2] not in ARGUMENT_KEYS:
        return "is not the StateMachineArn of a StartExecution task"
    state = _get(document, path[:-2])
    resource = state.get("Resource") if isinstance(state, dict) and state.get("Type") == "Task" else None
    if isinstance(resource, str) and START_EXECUTION.fullmatch(resource):
        return None
    if isinstance(resource, str) and SYNC_START_EXECUTION.fullmatch(resource):
        return ("is started by a .sync task, which also describes and stops the execution; AWS does not document "
                "whether those grants cover an execution started through an alias")
    return "is not the StateMachineArn of a StartExecution task"


def _strings(value, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _strings(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, path + (index,))
    elif isinstance(value, str):
        yield path, value


def _get(value, path: tuple):
    for step in path:
        if isinstance(value, dict) and step in value:
            value = value[step]
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value
