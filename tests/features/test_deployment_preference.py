"""expansion/deployment_preference.py: the alias's DeploymentPreference."""

from samtransform.expansion.deployment_preference import alias_needed, build

VERSION = {"Ref": "MVersion"}


def test_no_preference_shifts_all_at_once():
    assert build(None, "MVersion") == {"Type": "ALL_AT_ONCE", "StateMachineVersionArn": VERSION}
    assert build({}, "MVersion") == {"Type": "ALL_AT_ONCE", "StateMachineVersionArn": VERSION}


def test_the_users_keys_are_kept_and_not_modified():
    preference = {"Type": "LINEAR", "Percentage": 10, "Interval": 1, "Alarms": [{"Ref": "A"}]}
    assert build(preference, "MVersion") == {**preference, "StateMachineVersionArn": VERSION}
    assert "StateMachineVersionArn" not in preference


def test_fn_if_gets_the_version_in_each_branch_and_no_value_becomes_the_default():
    preference = {"Fn::If": ["C", {"Type": "CANARY", "Percentage": 5, "Interval": 2},
                             {"Fn::If": ["D", {"Ref": "AWS::NoValue"}, {"Type": "LINEAR"}]}]}
    assert build(preference, "MVersion") == {"Fn::If": [
        "C", {"Type": "CANARY", "Percentage": 5, "Interval": 2, "StateMachineVersionArn": VERSION},
        {"Fn::If": ["D", {"Type": "ALL_AT_ONCE", "StateMachineVersionArn": VERSION},
                    {"Type": "LINEAR", "StateMachineVersionArn": VERSION}]}]}


def test_a_preference_needs_an_alias():
    found = list(alias_needed(("P",), {"DeploymentPreference": {"Type": "LINEAR"}, "UseAliasAsEventTarget": True}, None))
    assert [(error.path, error.message, error.rule) for error in found] == [
        (("P", "DeploymentPreference"), "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.",
         "E9108"),
        (("P", "UseAliasAsEventTarget"), "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be "
                                         "specified.", "E9108")]
    assert list(alias_needed(("P",), {"DeploymentPreference": {}}, None)) == []
    assert list(alias_needed(("P",), {"DeploymentPreference": {"Type": "LINEAR"}}, "live")) == []
