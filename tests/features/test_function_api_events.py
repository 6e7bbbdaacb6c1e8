"""Functions' Api events on a REST API that state machine Api events feed, compared with AWS SAM's translator.

samtransform builds such an API whole and takes the functions' Api events out of them, so
each case is compared twice: samtransform's resources with SAM's (one stage), and SAM run
on samtransform's output with SAM run on the template (two stages: the functions SAM still
expands at deploy time must come out the same, without building the API again).
"""

from __future__ import annotations

import string
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from differential import check_against_oracle, check_two_stage  # noqa: E402
from oracle import PARTITION_REGIONS, OracleError, translate  # noqa: E402

from samtransform import InvalidTemplateError, expand  # noqa: E402

DEFINITION = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
KEPT = ("other-serverless-resources-kept",)


def machine(events: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::StateMachine",
            "Properties": {"Role": "arn:aws:iam::123456789012:role/states", "Definition": DEFINITION,
                           **properties, "Events": events}}


def function(events: dict, **properties) -> dict:
    return {"Type": "AWS::Serverless::Function",
            "Properties": {"Runtime": "python3.12", "Handler": "index.handler", "InlineCode": "def handler(e, c): pass",
                           **properties, "Events": events}}


def api(path: str, method: str, **properties) -> dict:
    return {"Type": "Api", "Properties": {"Path": path, "Method": method, **properties}}


def explicit(stage="v1", **properties) -> dict:
    return {"Type": "AWS::Serverless::Api", "Properties": {"StageName": stage, **properties}}


def template(resources: dict, **sections) -> dict:
    return {"Transform": "AWS::Serverless-2016-10-31", **sections, "Resources": resources}


def compare(case: dict, region: str = "us-east-1", differences: tuple = ()) -> None:
    assert check_against_oracle(case, region=region, differences=KEPT + differences) == "expanded"
    assert check_two_stage(case, region=region, differences=differences) == "expanded"


NAMES = st.text(string.ascii_letters + string.digits, min_size=1, max_size=6)
PATHS = st.lists(st.sampled_from(["orders", "{id}", "items", "a", "b-c", "{proxy+}"]), min_size=0,
                 max_size=3).map(lambda parts: "/" + "/".join(parts))
METHODS = st.sampled_from(["get", "POST", "put", "delete", "ANY", "patch", "options"])
APIS = st.sampled_from([None, "MyApi", {"Ref": "MyApi"}])


@st.composite
def shared_templates(draw) -> dict:
    """State machines and functions with Api events on the implicit API and on MyApi."""
    event_lists = st.dictionaries(NAMES, st.tuples(PATHS, METHODS, APIS), min_size=1, max_size=4)
    machines = draw(st.dictionaries(NAMES.map(lambda name: "M" + name), event_lists, min_size=1, max_size=2))
    functions = draw(st.dictionaries(NAMES.map(lambda name: "F" + name), event_lists, min_size=1, max_size=3))
    resources = {"MyApi": explicit(draw(st.sampled_from(["v1", "Prod", "v1-beta"])))}
    for logical_id, events in machines.items():
        resources[logical_id] = machine({name: _event(path, method, rest_api)
                                         for name, (path, method, rest_api) in events.items()})
    for logical_id, events in functions.items():
        extra = draw(st.fixed_dictionaries({}, optional={
            "AutoPublishAlias": st.sampled_from(["live", {"Ref": "Alias"}]),
            "FunctionName": st.sampled_from(["named", {"Ref": "Alias"}, {"Fn::Sub": "${AWS::StackName}-fn"}]),
            "Tags": st.just({"team": "a"}), "PropagateTags": st.booleans()}))
        resource = function({name: _event(path, method, rest_api) for name, (path, method, rest_api) in events.items()},
                            **extra)
        condition = draw(st.sampled_from([None, "IsProd", "IsTest"]))
        if condition:
            resource["Condition"] = condition
        resource.update(draw(st.fixed_dictionaries({}, optional={
            "DeletionPolicy": st.sampled_from(["Retain", "Delete"]),
            "UpdateReplacePolicy": st.sampled_from(["Retain", "Snapshot", "Delete"])})))
        resources[logical_id] = resource
    order = draw(st.permutations(list(resources)))
    return template({key: resources[key] for key in order},
                    Parameters={"Alias": {"Type": "String", "Default": "blue"}},
                    Conditions={"IsProd": {"Fn::Equals": ["a", "a"]}, "IsTest": {"Fn::Equals": ["a", "b"]}})


def _event(path, method, rest_api) -> dict:
    return api(path, method) if rest_api is None else api(path, method, RestApiId=rest_api)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shared_templates())
def test_generated_shared_apis_expand_as_sam_does(case):
    try:
        output = expand(case)
    except InvalidTemplateError:
        assert check_against_oracle(case, region="us-east-1", differences=KEPT) == "rejected"
        return
    try:
        translate(case)
    except OracleError:
        # What SAM refuses lies in what samtransform leaves to it (a method twice on an API no
        # state machine feeds): SAM refuses samtransform's output too.
        with pytest.raises(OracleError):
            translate(output)
        return
    # Two stages only: SAM's one-stage output also holds what it builds for APIs no state
    # machine feeds (their Conditions too), which samtransform leaves to it.
    assert check_two_stage(case, region="us-east-1") == "expanded"
