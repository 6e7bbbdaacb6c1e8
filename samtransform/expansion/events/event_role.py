"""The role an event source assumes to start the state machine, `<Id><EventId>Role`.

Rules:
- as AWS SAM: the role trusts the event source's service principal and has inline
  policies: one allowing `states:StartExecution`, plus whatever its event type adds;
  roles of rules take the state machine's PermissionsBoundary, roles of schedules the
  event's own (schedule_v2.py); with PropagateTags they take the user's tags;
- as AWS SAM: when the events target the state machine, the statement allows
  `states:StartExecution` on `!Ref <Id>`;
- beyond SAM: when the events target the alias (`UseAliasAsEventTarget`), the statement
  still allows the unqualified ARN `!Ref <Id>`, scoped to the alias by the condition
  `StringEquals: {states:StateMachineQualifier: <alias name>}`. Step Functions
  authorises StartExecution on a version or alias against the unqualified state machine
  ARN, so SAM's statement on the alias ARN never matches and every event fails
  (aws/serverless-application-model#3720;
  https://docs.aws.amazon.com/step-functions/latest/dg/auth-version-alias.html).
"""

from __future__ import annotations

from ...core.intrinsics import ref
from ..provenance import copied, derived, record
from .start_target import StartTarget

QUALIFIER_CONDITION_KEY = "states:StateMachineQualifier"


def assume_role_policy(principal: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Action": ["sts:AssumeRole"], "Effect": "Allow", "Principal": {"Service": [principal]}}],
    }


def start_execution_policy(policy_name: str, target: StartTarget) -> dict:
    statement: dict = {"Action": "states:StartExecution", "Effect": "Allow", "Resource": ref(target.logical_id)}
    if target.alias_name is not None:
        statement["Condition"] = {"StringEquals": {QUALIFIER_CONDITION_KEY: target.alias_name}}
    return {"PolicyName": policy_name, "PolicyDocument": {"Statement": [statement]}}


def record_sources(sources: dict | None, role_logical_id: str, boundary_path: tuple, given_boundary: bool,
                   target: StartTarget, properties_path: tuple) -> None:
    """Where an event role's values came from (provenance.py): its PermissionsBoundary at `boundary_path`
    when one is given, and the state machine's Tags (at `properties_path`) that PropagateTags gives it."""
    if given_boundary:
        record(sources, role_logical_id, ("PermissionsBoundary",), copied(boundary_path))
    if target.tags:
        record(sources, role_logical_id, ("Tags",), derived(properties_path + ("Tags",)))


def build(principal: str, policies: list, permissions_boundary, target: StartTarget) -> dict:
    properties: dict = {"AssumeRolePolicyDocument": assume_role_policy(principal), "Policies": policies}
    if permissions_boundary:
        properties["PermissionsBoundary"] = permissions_boundary
    if target.tags:
        properties["Tags"] = target.tags
    return {"Type": "AWS::IAM::Role", **target.attributes, "Properties": properties}
