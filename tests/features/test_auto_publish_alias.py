"""expansion/auto_publish_alias.py: the alias name, the version and the alias."""

from pathlib import Path

import pytest

from samtransform.core.context import Context
from samtransform.expansion.auto_publish_alias import build_version, resolve

CONTEXT = Context("us-east-1", "aws", Path("."), {"Env": "prod", "Count": 2, "Flag": True, "Version": "v2"},
                  frozenset({"Env", "Count", "Flag", "Empty", "Version"}))


@pytest.mark.parametrize("value, name", [
    ("live", "live"), ("", ""), (None, None), ({"Ref": "Env"}, "prod"), ({"Ref": "Version"}, "v2"),
    ({"Fn::Sub": "${Env}Blue"}, "prodBlue"),
])
def test_resolve(value, name):
    assert resolve(("p",), "M", value, CONTEXT) == (name, [])


@pytest.mark.parametrize("value, message", [
    ({"Ref": "Nope"}, "Ref 'Nope' names no parameter"),
    ({"Ref": "Empty"}, "parameter 'Empty' has no Default"),
    ({"Ref": "Flag"}, "which is not an alias name"),
    ({"Fn::GetAtt": ["A", "B"]}, "must be a string, a Ref to a parameter"),
    ({"Ref": "Count"}, "must contain at least one letter"),
])
def test_unresolvable_or_invalid_names(value, message):
    _, errors = resolve(("p",), "M", value, CONTEXT)
    assert len(errors) == 1 and message in errors[0].message


@pytest.mark.parametrize("name, ok", [
    ("live", True), ("v2", True), ("1", False), ("a-b", False), ("a" * 80, True), ("a" * 81, False), ("é", False),
])
def test_name_rules(name, ok):
    resolved, errors = resolve(("p",), "M", name, CONTEXT)
    assert resolved == name and (errors == []) is ok


def test_version_retains_unless_the_state_machine_says_otherwise():
    assert build_version("M", {})["DeletionPolicy"] == "Retain"
    version = build_version("M", {"DeletionPolicy": "Delete", "Condition": "C"})
    assert (version["DeletionPolicy"], version["UpdateReplacePolicy"], version["Condition"]) == ("Delete", "Retain", "C")
    assert version["Properties"] == {"StateMachineArn": {"Ref": "M"},
                                     "StateMachineRevisionId": {"Fn::GetAtt": ["M", "StateMachineRevisionId"]}}
