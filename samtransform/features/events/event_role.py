"""The role an event source assumes to start the state machine, `<Id><EventId>Role`.

Rules, as AWS SAM applies them:
- the role trusts the event source's service principal and has inline policies: one
  allowing `states:StartExecution` on what the events target, plus whatever its event
  type adds;
- roles of rules take the state machine's PermissionsBoundary, roles of schedules the
  event's own (schedule_v2.py); with PropagateTags they take the user's tags.
"""

from __future__ import annotations

from .start_target import StartTarget


def assume_role_policy(principal: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": [principal]}}],
    }


def start_execution_policy(policy_name: str, target: StartTarget) -> dict:
    statement = {"Action": "states:StartExecution", "Effect": "Allow", "Resource": target.arn}
    return {"PolicyName": policy_name, "PolicyDocument": {"Statement": [statement]}}


def build(principal: str, policies: list, permissions_boundary, target: StartTarget) -> dict:
    properties: dict = {"AssumeRolePolicyDocument": assume_role_policy(principal), "Policies": policies}
    if permissions_boundary:
        properties["PermissionsBoundary"] = permissions_boundary
    if target.tags:
        properties["Tags"] = target.tags
    return {"Type": "AWS::IAM::Role", **target.attributes, "Properties": properties}
