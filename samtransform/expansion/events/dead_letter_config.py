"""DeadLetterConfig of an event -> its target's DeadLetterConfig, and the queue made for `Type: SQS`.

Rules, as AWS SAM applies them (the input schema checks `Arn` xor `Type: SQS`):
- `Arn` is used as given;
- `Type: SQS` makes an `AWS::SQS::Queue` named `QueueLogicalId`, or `<Id><EventId>Queue`,
  carrying the state machine's resource attributes and propagated tags;
- a rule's queue also gets `<Id><EventId>QueuePolicy`, which lets events.amazonaws.com send
  to it from this rule only; EventBridge Scheduler sends with the schedule's role instead,
  so a schedule's role gets `sqs:SendMessage` (schedule_v2.py).
QueueLogicalId beside Arn does nothing, as in AWS SAM: a warning says so (sam_ignores.py).
"""

from __future__ import annotations

from ...core.intrinsics import get_att, ref
from ...core.logical_ids import queue_id
from .start_target import StartTarget


def queue_arn(event_logical_id: str, config: dict):
    generated = queue_id(event_logical_id, config)
    return get_att(generated, "Arn") if generated else config["Arn"]


def build_queue(target: StartTarget) -> dict:
    properties = {"Tags": target.tags} if target.tags else {}
    return {"Type": "AWS::SQS::Queue", **target.attributes, "Properties": properties}


def build_queue_policy(rule_logical_id: str, queue_logical_id: str, target: StartTarget) -> dict:
    statement = {
        "Action": "sqs:SendMessage",
        "Effect": "Allow",
        "Principal": {"Service": "events.amazonaws.com"},
        "Resource": get_att(queue_logical_id, "Arn"),
        "Condition": {"ArnEquals": {"aws:SourceArn": get_att(rule_logical_id, "Arn")}},
    }
    return {
        "Type": "AWS::SQS::QueuePolicy",
        **target.attributes,
        "Properties": {
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [statement]},
            "Queues": [ref(queue_logical_id)],
        },
    }
