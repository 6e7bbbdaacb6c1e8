"""Events -> the resources that start the state machine: EventBridge rules, schedules, API roles.

Rules:
- as AWS SAM: event `<EventId>` of state machine `<Id>` makes `<Id><EventId>`, an
  `AWS::Events::Rule` for Schedule (schedule.py) and for CloudWatchEvent and
  EventBridgeRule (eventbridge_rule.py), or an `AWS::Scheduler::Schedule` for ScheduleV2
  (schedule_v2.py); each may have the role `<Id><EventId>Role` (event_role.py) and a
  dead-letter queue (dead_letter_config.py);
- as AWS SAM: with `UseAliasAsEventTarget: true` every event targets the alias
  (`!Ref <Id>Alias<Name>`), otherwise the state machine (`!Ref <Id>`);
- beyond SAM: a role whose events target the alias is allowed to start the alias
  (event_role.py); SAM's role is refused by Step Functions;
- as AWS SAM: the generated resources carry the state machine's Condition,
  DeletionPolicy and UpdateReplacePolicy, and with PropagateTags its tags wherever they
  take tags (roles and queues);
- Api events add the role here; their methods go into their REST API, the shared
  implicit one or the one RestApiId names (expansion/api/rest_apis.py);
- beyond SAM: a logical ID that one state machine would generate twice (an event named
  `Role` beside the state machine's own role) is an error; SAM silently keeps the last.
  Events that name the same QueueLogicalId share that queue, as in SAM.
The shapes of events (types, required and unknown keys, literal values CloudFormation
rejects) are checked by the input schema; the modules check what spans properties.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.problems import Problem
from ...core.logical_ids import event_generated, event_id, is_valid
from . import api, eventbridge_rule, schedule, schedule_v2
from .start_target import StartTarget, start_target

__all__ = ["StartTarget", "build", "iter_errors", "start_target"]

# SAM event Type -> the module that expands it.
EVENT_TYPES = {
    "Schedule": schedule,
    "ScheduleV2": schedule_v2,
    "CloudWatchEvent": eventbridge_rule,
    "EventBridgeRule": eventbridge_rule,
    "Api": api,
}
QUEUE_TYPE = "AWS::SQS::Queue"


def _events(properties: dict) -> Iterator[tuple[str, str, dict]]:
    for name, event in (properties.get("Events") or {}).items():
        yield name, event["Type"], event.get("Properties") or {}


def iter_errors(path: tuple, logical_id: str, properties: dict,
                owners: dict[str, str]) -> Iterator[Problem]:
    """Checks across an event's properties, and IDs it would generate twice.

    `owners` names what the state machine itself generates: logical ID -> a description.
    """
    owners = dict(owners)
    queues: set[str] = set()
    for name, kind, event_properties in _events(properties):
        event_path = path + ("Events", name)
        yield from EVENT_TYPES[kind].iter_errors(event_path + ("Properties",), event_id(logical_id, name),
                                                 event_properties)
        event_queues = set()
        for made in event_generated(logical_id, name, {"Type": kind, "Properties": event_properties}, event_path):
            if made.type == QUEUE_TYPE:
                event_queues.add(made.logical_id)
                if made.logical_id in queues:
                    continue  # one queue serves both events, as in SAM
            yield from _id_errors(event_path, name, made.logical_id, owners)
            owners.setdefault(made.logical_id, made.owner)
        queues |= event_queues


def _id_errors(path: tuple, name: str, candidate: str, owners: dict[str, str]) -> Iterator[Problem]:
    if not is_valid(candidate):
        yield Problem(path, f"event {name!r} would generate the logical ID {candidate!r}, which is longer "
                                   "than CloudFormation's 255 characters")
    elif candidate in owners:
        yield Problem(path, f"event {name!r} and {owners[candidate]} would both generate a resource with id "
                                   f"[{candidate}]; rename one of them")


def build(logical_id: str, properties: dict, target: StartTarget, sources: dict | None = None) -> dict:
    """Every event's resources, in the order of Events. Assumes `iter_errors` found nothing.
    Where each value came from goes into `sources` (expansion/provenance.py)."""
    generated: dict = {}
    for name, kind, event_properties in _events(properties):
        path = ("Resources", logical_id, "Properties", "Events", name, "Properties")
        generated.update(EVENT_TYPES[kind].build(event_id(logical_id, name), event_properties, target, path, sources))
    return generated
