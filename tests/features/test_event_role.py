"""expansion/events/event_role.py: the role that starts the state machine, and the alias permission fix."""

from samtransform.expansion.events import start_target
from samtransform.expansion.events.event_role import build, start_execution_policy

STATEMENT = {"Action": "states:StartExecution", "Effect": "Allow", "Resource": {"Ref": "M"}}


def test_the_policy_allows_the_state_machine_as_sam_writes_it():
    target = start_target("M", {}, None, {}, None)
    assert start_execution_policy("P", target) == {"PolicyName": "P", "PolicyDocument": {"Statement": [STATEMENT]}}


def test_with_an_alias_target_the_policy_allows_the_unqualified_arn_scoped_to_the_alias():
    target = start_target("M", {"AutoPublishAlias": "live", "UseAliasAsEventTarget": True}, "live", {}, None)
    statement = start_execution_policy("P", target)["PolicyDocument"]["Statement"][0]
    assert statement == {**STATEMENT, "Condition": {"StringEquals": {"states:StateMachineQualifier": "live"}}}
    assert target.arn == {"Ref": "MAliaslive"}  # the target itself stays the alias


def test_the_role_trusts_the_principal_and_takes_a_boundary_only_when_given():
    target = start_target("M", {}, None, {"Condition": "C"}, None)
    role = build("events.amazonaws.com", ["policy"], None, target)
    assert role["Condition"] == "C"
    assert role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": ["events.amazonaws.com"]}
    assert "PermissionsBoundary" not in role["Properties"] and "Tags" not in role["Properties"]
    assert build("x", [], "arn:b", target)["Properties"]["PermissionsBoundary"] == "arn:b"
