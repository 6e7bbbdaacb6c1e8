"""Templates that deploy today expand: each class, through the command and through the library.

The classes (issue 10): a key repeated in one mapping; CloudFormation's value conversions;
optional properties left null; dynamic references; definition files that are JSON only
after substitution; embedded Connectors. What deploys but is probably a mistake is a
warning: `expand` succeeds and says so on stderr, `--strict` makes it an error.
The fixtures hold each class's full output, compared with AWS SAM's in test_differential.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samtransform import Expansion, cli, expand_template, load, load_with_warnings
from samtransform.expansion import expand

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
MACHINE = ("Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
           "      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}\n")


def run(capsys, *argv):
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err


def expansion_of(folder: str) -> Expansion:
    template_path = next((FIXTURES / folder).glob("template.*"))
    template, load_warnings = load_with_warnings(template_path)
    expansion = expand_template(template, base_dir=template_path.parent)
    return expansion._replace(warnings=load_warnings + expansion.warnings)


# --------------------------------------------------------------------------- repeated keys

def test_a_repeated_key_keeps_its_last_value_with_a_warning_naming_both_lines(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "yaml_duplicate_keys" / "template.yaml")
    assert code == 0
    assert "MachineAliasprod" in json.loads(out)["Resources"]
    assert err == (f"{FIXTURES / 'yaml_duplicate_keys' / 'template.yaml'}:7:7: warning: "
                   "Resources/Machine/Properties/AutoPublishAlias: duplicate key 'AutoPublishAlias' (first at line 5, "
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
    assert ": Resources/Machine/Properties/AutoPublishAlias: duplicate key" in err and "warning:" not in err
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


# --------------------------------------------------------------------------- nulls

def test_optional_properties_left_null_are_absent(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "null_properties" / "template.yaml")
    assert (code, err) == (0, "")
    resources = json.loads(out)["Resources"]
    assert sorted(resources) == ["Machine", "MachineRole", "Scheduled", "ScheduledNightly", "ScheduledNightlyRole",
                                 "ScheduledRole"]
    assert "DependsOn" not in resources["Machine"]


def test_a_null_sam_would_copy_is_an_error_saying_cloudformation_rejects_it():
    errors = expansion_of("error_null_values").errors
    assert {error.path[-1] for error in errors} == {"Condition", "Enabled", "Level", "Alarms"}
    assert all("'null' values are not allowed in templates" in error.message for error in errors)


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


# --------------------------------------------------------------------------- substituted definition files

def test_a_definition_file_json_only_after_substitution_is_inlined_as_written(capsys):
    folder = FIXTURES / "definition_uri_substituted"
    code, out, err = run(capsys, "expand", folder / "template.yaml")
    assert code == 0
    properties = json.loads(out)["Resources"]["Tuner"]["Properties"]
    assert properties["DefinitionString"] == (folder / "statemachine" / "tuner.asl.json").read_text()
    assert properties["DefinitionSubstitutions"]["timeout"] == {"Ref": "Timeout"}
    assert err == ""


def test_a_missing_substitution_that_breaks_the_json_is_an_error_one_within_a_string_a_warning():
    expansion = expansion_of("error_definition_substituted_missing")
    assert [error.message for error in expansion.errors] == [
        "local definition file 'statemachine/tuner.asl.json' is JSON only once its placeholders are substituted, "
        "and DefinitionSubstitutions has no 'timeout'; Step Functions would reject the definition"]
    assert [warning.message for warning in expansion.warnings] == [
        "local definition file 'statemachine/tuner.asl.json' uses ${Region}, which DefinitionSubstitutions does not "
        "define; the state machine gets the text '${Region}' as written"]


def test_a_file_broken_for_another_reason_keeps_the_precise_error_at_its_position(capsys):
    folder = FIXTURES / "error_local_definition_placeholder_invalid"
    code, _, err = run(capsys, "expand", folder / "template.yaml")
    assert code == 1
    assert err.startswith(f"{folder / 'statemachine' / 'tuner.asl.json'}:4:72: ")  # the trailing comma's brace
    assert err.rstrip().endswith("invalid JSON: Expecting property name enclosed in double quotes")


# --------------------------------------------------------------------------- connectors

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


# --------------------------------------------------------------------------- what SAM ignores

def test_what_sam_ignores_expands_as_sam_does_with_a_warning_each(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml")
    assert code == 0
    assert err.count(": warning: ") == 10
    resources = json.loads(out)["Resources"]
    assert resources["MisspeltToggled"]["Properties"]["State"] == "ENABLED"
    assert "Condition" not in resources["Misspelt"]


def test_check_reports_expands_warnings_as_w9001(capsys):
    code, out, _ = run(capsys, "check", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml", "--format", "json")
    assert code == 0
    findings = [finding for finding in json.loads(out) if finding["rule_id"] == "W9001"]
    assert len(findings) == 10 and {finding["severity"] for finding in findings} == {"warning"}
    code, _, _ = run(capsys, "check", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml", "--strict")
    assert code == 1
