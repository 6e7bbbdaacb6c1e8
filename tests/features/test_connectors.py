"""expansion/connectors.py: embedded Connectors become policies on the state machine's role, in the order
AWS SAM writes them in DependsOn; what SAM refuses is an error, an ignored key a warning."""

from __future__ import annotations

import itertools
import json

import pytest
from cases import FIXTURES, expansion_of
from commands import run
from differential import check_against_oracle

from samtransform import expand_template, load
from samtransform.expansion import expand

DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}


def template(names: tuple[str, str], reverse: bool, api_event: bool) -> dict:
    """A state machine with two connectors that its DependsOn must list, in either order."""
    destination = {"Type": "AWS::Serverless::StateMachine",
                   "Properties": {"Definition": DEFINITION, "Role": "arn:aws:iam::123456789012:role/r"}}
    shipping = {**destination, "Properties": {**destination["Properties"]}}
    if api_event:
        shipping["Properties"]["Events"] = {"Get": {"Type": "Api", "Properties": {"Path": "/o", "Method": "get"}}}
    connectors = {names[0]: {"Properties": {"Destination": {"Id": "Billing"}, "Permissions": ["Read"]}},
                  names[1]: {"Properties": {"Destination": {"Id": "Shipping"}, "Permissions": ["Read"]}}}
    if reverse:
        connectors = dict(reversed(connectors.items()))
    return {"Transform": "AWS::Serverless-2016-10-31", "Resources": {
        "Orders": {"Type": "AWS::Serverless::StateMachine", "Properties": {"DefinitionUri": "s3://bucket/key.json"},
                   "Connectors": connectors},
        "Billing": destination, "Shipping": shipping}}


CASES = list(itertools.product([("To1", "To2"), ("Zed", "Abc"), ("A", "B"), ("Con1", "Con2")], [False, True],
                               [False, True]))


@pytest.mark.parametrize("names, reverse, api_event", CASES)
def test_depends_on_lists_the_policies_in_the_order_sam_translates_the_connectors(names, reverse, api_event):
    check_against_oracle(template(names, reverse, api_event), region="us-east-1")


def test_without_an_api_the_policies_follow_the_connectors_order():
    depends_on = expand(template(("Zed", "Abc"), False, False))["Resources"]["Orders"]["DependsOn"]
    assert depends_on == ["OrdersZedPolicy", "OrdersAbcPolicy"]


def test_with_an_api_the_order_is_the_replayed_python_2_7_table_whatever_the_template_order():
    # SAM rebuilds a template with an API as a Python 2.7 dict: the order no longer follows the template.
    orders = {tuple(expand(template(("A", "B"), reverse, True))["Resources"]["Orders"]["DependsOn"])
              for reverse in (False, True)}
    assert orders == {("OrdersBPolicy", "OrdersAPolicy")}


# --------------------------------------------------------------------------- through the command and the library

MACHINE = ("Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
           "      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}\n")


def test_embedded_connectors_become_policies_on_the_state_machine_role(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "connectors" / "template.yaml", "--region", "cn-north-1")
    assert (code, err) == (0, "")
    resources = json.loads(out)["Resources"]
    policy = resources["OrdersToQueuePolicy"]
    assert policy["Type"] == "AWS::IAM::ManagedPolicy"
    assert policy["Properties"]["Roles"] == [{"Ref": "OrdersRole"}]
    assert policy["Properties"]["PolicyDocument"]["Statement"] == [
        {"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": [{"Fn::GetAtt": ["Backlog", "Arn"]}]}]
    assert resources["Orders"]["DependsOn"] == ["OrdersToChildPolicy", "OrdersToOtherPolicy"]
    assert resources["Waiter"]["DependsOn"] == ["Notices", "OrdersToQueuePolicy"]
    assert resources["ChildToRawMachinePolicy"]["Properties"]["Roles"] == [{"Ref": "ChildRoleGiven"}]
    assert {"OrdersToExternalPolicyDestination0", "OrdersToExternalPolicyDestination1"} <= set(resources)


def test_connector_problems_sam_refuses_are_errors_and_an_ignored_key_a_warning():
    assert len(expansion_of("error_connectors").errors) == 8
    template = load(MACHINE.replace("    Properties:\n", "    Connectors:\n      ToQueue:\n        Condtion: IsProd\n"
                                    "        Properties: {Destination: {Id: Queue}, Permissions: [Write]}\n"
                                    "    Properties:\n", 1) + "  Queue:\n    Type: AWS::SQS::Queue\n")
    expansion = expand_template(template)
    assert expansion.errors == ()
    assert [warning.path[-1] for warning in expansion.warnings] == ["Condtion"]
    assert "did you mean 'Condition'?" in expansion.warnings[0].message
    assert "Condition" not in expansion.template["Resources"]["MachineToQueuePolicy"]
