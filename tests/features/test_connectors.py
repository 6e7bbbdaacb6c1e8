"""Embedded Connectors: the order of the generated policies in DependsOn, as AWS SAM writes it."""

from __future__ import annotations

import itertools

import pytest

from differential import check_against_oracle
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
