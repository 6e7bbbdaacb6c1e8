"""samtransform.expand_template: the expansion model that expand, check, the plugin and plan read."""

from __future__ import annotations

import pytest
from hypothesis import given
from strategies import PARTITION_REGIONS, templates

from samtransform import Expansion, InvalidTemplateError, Problem, check_template, expand_template, load
from samtransform.expansion import expand

DEFINITION = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}


def _template(**properties) -> dict:
    return {
        "Parameters": {"Stage": {"Type": "String", "Default": "prod"}},
        "Resources": {
            "Failures": {"Type": "AWS::CloudWatch::Alarm", "Properties": {}},
            "Machine": {"Type": "AWS::Serverless::StateMachine",
                        "Properties": {"Definition": DEFINITION, **properties}},
        },
    }


def test_a_valid_template_gives_the_template_expand_gives_and_the_facts():
    template = _template(
        AutoPublishAlias={"Ref": "Stage"}, UseAliasAsEventTarget=True,
        DeploymentPreference={"Type": "LINEAR", "Percentage": 50, "Interval": 2, "Alarms": [{"Ref": "Failures"}]},
        Events={"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)",
                                                                "DeadLetterConfig": {"Type": "SQS"}}}})
    expansion = expand_template(template, region="eu-west-1")
    assert isinstance(expansion, Expansion)
    assert (expansion.errors, expansion.warnings) == ((), ())
    assert expansion.template == expand(template, region="eu-west-1")
    machine = expansion.state_machine("Machine")
    assert (machine.alias_name, machine.version_logical_id, machine.alias_logical_id) == (
        "prod", "MachineVersion", "MachineAliasprod")
    assert [(made.logical_id, made.type, made.owner) for made in machine.generated] == [
        ("Machine", "AWS::StepFunctions::StateMachine", "the state machine itself"),
        ("MachineRole", "AWS::IAM::Role", "the state machine's role"),
        ("MachineVersion", "AWS::StepFunctions::StateMachineVersion", "AutoPublishAlias"),
        ("MachineAliasprod", "AWS::StepFunctions::StateMachineAlias", "AutoPublishAlias"),
        ("MachineNightly", "AWS::Events::Rule", "event 'Nightly'"),
        ("MachineNightlyRole", "AWS::IAM::Role", "event 'Nightly'"),
        ("MachineNightlyQueuePolicy", "AWS::SQS::QueuePolicy", "event 'Nightly'"),
        ("MachineNightlyQueue", "AWS::SQS::Queue", "event 'Nightly'"),
    ]
    # the model names exactly what the expansion generates
    assert {made.logical_id for made in machine.generated} == set(expansion.template["Resources"]) - {"Failures"}
    assert [(target.name, target.logical_id, target.target) for target in machine.event_targets()] == [
        ("Nightly", "MachineNightly", "MachineAliasprod")]
    assert [(alarm.path[-3:], alarm.entry) for alarm in machine.alarms()] == [
        (("DeploymentPreference", "Alarms", 0), {"Ref": "Failures"})]
    assert machine.definition.document == DEFINITION and machine.definition.local_path is None


def test_a_failed_resource_keeps_what_could_be_worked_out():
    template = _template(AutoPublishAlias="live", Events={"Odd": {"Type": "Api",
                                                                 "Properties": {"Path": "/", "Method": "get"}}},
                         DeploymentPreference={"Type": "LINEAR", "Percentage": 150, "Interval": 2})
    expansion = expand_template(template)
    assert expansion.template is None
    assert [(error.path[-1], error.rule_id) for error in expansion.errors] == [("Percentage", "E9102")]
    machine = expansion.state_machines[0]
    assert machine.resources is None and machine.errors == expansion.errors
    assert machine.alias_logical_id == "MachineAliaslive"
    assert "MachineOddRole" in {made.logical_id for made in machine.generated}  # an Api event makes its role
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    assert failure.value.errors == expansion.errors


def test_alias_errors_are_reported_whatever_else_the_schema_finds():
    """One decision: expand reports E9109 beside the schema's error, as check does (it reads expand's)."""
    expansion = expand_template(_template(AutoPublishAlias="1", Tracing="yes"))
    machine = expansion.state_machines[0]
    assert machine.alias_name is None and not machine.alias_missing
    assert [error.rule_id for error in machine.alias_errors] == ["E9109"]
    assert [error.rule for error in expansion.errors] == ["E9109", "E9000"]


def test_globals_are_applied_before_the_facts():
    template = _template(AutoPublishAlias="live")
    template["Globals"] = {"StateMachine": {"PropagateTags": True}}
    assert expand_template(template).state_machines[0].properties["PropagateTags"] is True


def test_a_template_that_is_not_a_mapping_is_an_error_not_an_exception():
    expansion = expand_template(["not", "a", "template"])
    assert expansion.template is None and expansion.state_machines == ()
    assert expansion.errors == (Problem((), "template must be a mapping"),)


def test_local_definition_facts(tmp_path):
    (tmp_path / "machine.asl.yaml").write_text("StartAt: A\nStates: {A: {Type: Succeed}}\n")
    template = load("Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n"
                    "    Properties: {DefinitionUri: machine.asl.yaml, Role: arn:aws:iam::1:role/r}\n")
    machine = expand_template(template, base_dir=tmp_path).state_machines[0]
    assert machine.definition.document == DEFINITION
    assert machine.definition.local_path == str(tmp_path / "machine.asl.yaml")


@given(templates())
def test_the_model_names_exactly_the_resources_expand_generates(drawn):
    expansion = expand_template(drawn.template, region=PARTITION_REGIONS[drawn.partition],
                                parameters=drawn.parameters)
    if expansion.template is None:
        return
    written = set(drawn.template["Resources"])
    added = set(expansion.template["Resources"]) - written
    named = {made.logical_id: made.type for made in expansion.generated().values()}
    assert set(named) - written == added
    assert all(expansion.template["Resources"][logical_id]["Type"] == named[logical_id] for logical_id in added)


@pytest.mark.parametrize("substitutions", ["text", True, [1], 5])
@pytest.mark.parametrize("definition", [{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}}, [1], "x"])
def test_a_definition_of_the_wrong_shape_beside_a_schema_error_is_reported_not_a_crash(definition, substitutions):
    # The definition of a resource that fails the input schema is still prepared for the check
    # rules, only when its properties have the types preparing reads (a regression: a string
    # DefinitionSubstitutions crashed expand and check).
    template = {"Resources": {"M": {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Name": 5, "Definition": definition, "DefinitionSubstitutions": substitutions}}}}
    expansion = expand_template(template)
    assert expansion.template is None
    assert ("Resources", "M", "Properties", "Name") in [error.path for error in expansion.errors]
    assert {problem.rule for problem in check_template(template)} == {"E9000"}
