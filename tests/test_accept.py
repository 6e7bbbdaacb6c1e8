"""Templates that deploy today expand: each class, through the command and through the library.

The classes (issue 10): a key repeated in one mapping; CloudFormation's value conversions;
dynamic references (here); optional properties left null and what SAM ignores
(tests/features/test_sam_ignores.py); definition files that are JSON only after substitution
(tests/features/test_definition_substitutions.py); embedded Connectors
(tests/features/test_connectors.py). What deploys but is probably a mistake is a
warning: `expand` succeeds and says so on stderr (under a W rule), `--strict` makes it an error.
The fixtures hold each class's full output, compared with AWS SAM's in test_differential.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands import run

from samtransform import expand_template, load, load_with_warnings
from samtransform.expansion import expand

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MACHINE = ("Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
           "      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}\n")


# --------------------------------------------------------------------------- repeated keys

def test_a_repeated_key_keeps_its_last_value_with_a_warning_naming_both_lines(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "yaml_duplicate_keys" / "template.yaml")
    assert code == 0
    assert "MachineAliasprod" in json.loads(out)["Resources"]
    assert err == (f"{FIXTURES / 'yaml_duplicate_keys' / 'template.yaml'}:7:7: W9001 "
                   "duplicate key 'AutoPublishAlias' (first at line 5, "
                   "again at line 7); CloudFormation keeps the last value, so the first is ignored\n")


def test_a_repeated_key_in_json_is_a_warning_too_and_json_errors_carry_the_severity(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "json_duplicate_keys" / "template.json", "--errors-format", "json")
    assert code == 0
    assert json.loads(out)["Resources"]["Machine"]["Type"] == "AWS::StepFunctions::StateMachine"
    reported = json.loads(err)
    assert [(entry["severity"], entry["line"], entry["path"]) for entry in reported] == [
        ("warning", 5, "Resources/Machine"), ("warning", 10, "Resources/Machine/Properties/AutoPublishAlias")]


def test_strict_makes_a_warning_an_error_and_writes_nothing(tmp_path, capsys):
    out_file = tmp_path / "out.json"
    code, out, err = run(capsys, "expand", FIXTURES / "yaml_duplicate_keys" / "template.yaml", "--strict",
                         "-o", out_file)
    assert (code, out) == (1, "")
    assert ":7:7: W9001 duplicate key 'AutoPublishAlias'" in err
    assert not out_file.exists()


def test_the_library_gives_the_loaders_warnings_and_expand_still_returns_the_template():
    template, warnings = load_with_warnings(FIXTURES / "yaml_duplicate_keys" / "template.yaml")
    assert template["Resources"]["Machine"]["Properties"]["AutoPublishAlias"] == "prod"
    assert [(warning.path, warning.severity, warning.origin.line) for warning in warnings] == [
        (("Resources", "Machine", "Properties", "AutoPublishAlias"), "warning", 7)]
    assert "MachineAliasprod" in expand(template)["Resources"]


def test_a_key_repeated_through_a_merge_key_is_not_a_warning_but_a_repeated_own_key_is():
    text = ("Base: &base {Type: AWS::SNS::Topic}\nResources:\n  Topic:\n    <<: *base\n    Type: AWS::SQS::Queue\n"
            "  Other:\n    Type: AWS::SNS::Topic\n    Type: AWS::SQS::Queue\n")
    template, warnings = load_with_warnings(text)
    assert template["Resources"] == {"Topic": {"Type": "AWS::SQS::Queue"}, "Other": {"Type": "AWS::SQS::Queue"}}
    assert [warning.path for warning in warnings] == [("Resources", "Other", "Type")]


# --------------------------------------------------------------------------- value conversions

def test_values_cloudformation_converts_are_accepted_and_string_tracing_gets_the_xray_policy(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "value_conversions" / "template.yaml")
    assert (code, err) == (0, "")
    resources = json.loads(out)["Resources"]
    assert resources["MachineRole"]["Properties"]["ManagedPolicyArns"] == [
        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]
    assert resources["UntracedRole"]["Properties"]["ManagedPolicyArns"] == []
    preference = resources["MachineAliaslive"]["Properties"]["DeploymentPreference"]
    assert (preference["Percentage"], preference["Interval"], preference["Alarms"]) == ("10", "5", [404])


@pytest.mark.parametrize("value, accepted", [
    ("'true'", True), ("'False'", True), ("'TRUE'", True), ("'yes'", False), ("'1'", False),
])
def test_boolean_strings_are_the_ones_cloudformation_converts(value, accepted):
    template = load(MACHINE + f"      Tracing: {{Enabled: {value}}}\n")
    assert not expand_template(template).errors == accepted


@pytest.mark.parametrize("percentage, accepted", [("'1'", True), ("'99'", True), ("'0'", False), ("'100'", False),
                                                  ("'10.5'", False), ("'ten'", False)])
def test_digit_strings_keep_the_range(percentage, accepted):
    template = load(MACHINE + f"      AutoPublishAlias: live\n      DeploymentPreference: "
                              f"{{Type: CANARY, Percentage: {percentage}, Interval: '2100'}}\n")
    assert not expand_template(template).errors == accepted


def test_a_string_where_sam_itself_reads_the_value_is_still_refused():
    errors = expand_template(load(MACHINE + "      PropagateTags: 'true'\n")).errors
    assert [error.path[-1] for error in errors] == ["PropagateTags"]


# --------------------------------------------------------------------------- dynamic references

def test_dynamic_references_stand_wherever_a_value_may_be_given(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "dynamic_references" / "template.yaml")
    assert (code, err) == (0, "")
    resources = json.loads(out)["Resources"]
    assert resources["MachineRole"]["Properties"]["ManagedPolicyArns"] == [
        "{{resolve:ssm:/policies/orders-arn}}", "arn:aws:iam::{{resolve:ssm:/accounts/shared}}:policy/orders",
        "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]
    assert resources["Machine"]["Properties"]["StateMachineName"] == "{{resolve:ssm:/machines/orders/name}}"


def test_a_policy_name_that_only_looks_like_a_reference_is_still_unknown():
    errors = expand_template(load(MACHINE + "      Policies: ['{{resolve:ssm}}']\n")).errors
    assert [error.path[-1] for error in errors] == [0]


def test_check_does_not_judge_dynamic_references(capsys):
    code, out, _ = run(capsys, "check", FIXTURES / "dynamic_references" / "template.yaml")
    assert (code, out) == (0, "")
