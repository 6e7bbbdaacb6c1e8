"""expansion/rollback_alarms.py: opt-in alarms that roll the alias's deployment back."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from samtransform import InvalidTemplateError, expand_template
from samtransform.expansion import expand
from samtransform.core.catalog import BY_ID as RULES_BY_ID
from samtransform.rules import check_template, problems_of
from samtransform.rules.subject import make_subject
from samtransform.expansion.rollback_alarms_table import METRICS
from samtransform.core.rollout import all_traffic_minute, fires_in_time, watch_bound_minutes

ROOT = Path(__file__).resolve().parents[2]
DEFINITION = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
ALARM_IDS = ["MachineExecutionsFailedAlarm", "MachineExecutionsTimedOutAlarm", "MachineExecutionsAbortedAlarm",
             "MachineExecutionThrottledAlarm"]


def _template(properties=None, metadata=None, template_metadata=None, **attributes) -> dict:
    machine = {"Type": "AWS::Serverless::StateMachine", **attributes,
               "Properties": {"AutoPublishAlias": "live", "Role": "arn:aws:iam::123456789012:role/r",
                              "Definition": DEFINITION,
                              "DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2},
                              **(properties or {})}}
    if metadata is not None:
        machine["Metadata"] = metadata
    template = {"Transform": "AWS::Serverless-2016-10-31",
                "Parameters": {"AliasName": {"Type": "String", "Default": "blue"},
                               "Minutes": {"Type": "Number"}, "Share": {"Type": "Number"},
                               "AlarmNames": {"Type": "CommaDelimitedList", "Default": "a,b"}},
                "Conditions": {"IsProd": {"Fn::Equals": ["a", "b"]}},
                "Resources": {"Machine": machine, "Failures": {"Type": "AWS::CloudWatch::Alarm"}}}
    if template_metadata is not None:
        template["Metadata"] = template_metadata
    return template


def _on(value=True) -> dict:
    return {"samtransform": {"RollbackAlarms": value}}


def _alarms(output: dict) -> list[str]:
    return [logical_id for logical_id, resource in output["Resources"].items()
            if resource["Type"] == "AWS::CloudWatch::Alarm" and logical_id != "Failures"]


def _preference(output: dict) -> dict:
    return next(resource for resource in output["Resources"].values()
                if resource["Type"] == "AWS::StepFunctions::StateMachineAlias")["Properties"]["DeploymentPreference"]


def _warnings(template: dict, parameters=None) -> list[str]:
    return [warning.message for warning in expand_template(template, parameters=parameters).warnings]


# --------------------------------------------------------------------------- opting in

def test_a_state_machine_that_opts_in_gets_one_alarm_per_metric():
    assert _alarms(expand(_template(metadata=_on()))) == ALARM_IDS


def test_rollback_alarms_noop_without_the_setting_or_when_false():
    assert _alarms(expand(_template())) == []
    assert _alarms(expand(_template(metadata=_on(False)))) == []
    assert _alarms(expand(_template(metadata={"Owner": "me"}))) == []


def test_the_template_wide_switch_turns_it_on_for_every_state_machine_with_an_alias():
    template = _template(template_metadata=_on())
    template["Resources"]["NoAlias"] = {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Definition": DEFINITION, "Role": "arn:aws:iam::123456789012:role/r"}}
    assert _alarms(expand(template)) == ALARM_IDS
    assert _warnings(template) == []  # a state machine without an alias is simply left out


def test_a_state_machines_own_setting_replaces_the_templates():
    assert _alarms(expand(_template(metadata=_on(False), template_metadata=_on()))) == []
    own = _on({"Metrics": ["ExecutionsAborted"]})
    assert _alarms(expand(_template(metadata=own, template_metadata=_on({"Metrics": ["ExecutionsFailed"]})))) == [
        "MachineExecutionsAbortedAlarm"]


def test_opting_in_without_an_alias_is_a_warning_and_generates_nothing():
    template = _template(metadata=_on())
    del template["Resources"]["Machine"]["Properties"]["AutoPublishAlias"]
    del template["Resources"]["Machine"]["Properties"]["DeploymentPreference"]
    assert _alarms(expand(template)) == []
    assert _warnings(template) == ["RollbackAlarms needs AutoPublishAlias: Machine publishes no alias, so there is no "
                                   "deployment to roll back and no alarm is generated"]


def test_the_samtransform_metadata_is_removed_and_other_metadata_kept():
    output = expand(_template(metadata={**_on(), "Owner": "me"}, template_metadata={**_on(False), "Team": "t"}))
    assert output["Resources"]["Machine"]["Metadata"] == {"Owner": "me"}
    assert output["Metadata"] == {"Team": "t"}
    output = expand(_template(metadata=_on(), template_metadata=_on()))
    assert "Metadata" not in output["Resources"]["Machine"] and "Metadata" not in output


# --------------------------------------------------------------------------- the alarms

def test_each_alarm_watches_the_alias_through_its_dimensions_with_sum_over_one_minute():
    alarm = expand(_template(metadata=_on()))["Resources"]["MachineExecutionsTimedOutAlarm"]
    assert alarm == {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": "Rolls back the deployment of Machine through its alias when timed-out executions reach 1 "
                            "within 60 seconds (generated by samtransform)",
        "Namespace": "AWS/States", "MetricName": "ExecutionsTimedOut",
        "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": "Machine"}}, {"Name": "Alias", "Value": "live"}],
        "Statistic": "Sum", "Period": 60, "EvaluationPeriods": 1, "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold", "TreatMissingData": "notBreaching"}}


def test_an_alias_from_a_parameter_gives_the_alias_dimension_the_same_expression_as_the_alias_name():
    output = expand(_template({"AutoPublishAlias": {"Ref": "AliasName"}}, metadata=_on()),
                    parameters={"AliasName": "green"})
    alias = output["Resources"]["MachineAliasgreen"]["Properties"]
    dimensions = output["Resources"]["MachineExecutionsFailedAlarm"]["Properties"]["Dimensions"]
    assert dimensions[1] == {"Name": "Alias", "Value": alias["Name"]} == {"Name": "Alias", "Value": {"Ref": "AliasName"}}


def test_the_mapping_overrides_metrics_and_thresholds():
    output = expand(_template(metadata=_on({"Metrics": ["ExecutionThrottled", "ExecutionsFailed"],
                                            "Thresholds": {"ExecutionsFailed": 5}})))
    assert _alarms(output) == ["MachineExecutionThrottledAlarm", "MachineExecutionsFailedAlarm"]
    assert output["Resources"]["MachineExecutionsFailedAlarm"]["Properties"]["Threshold"] == 5
    assert output["Resources"]["MachineExecutionThrottledAlarm"]["Properties"]["Threshold"] == 1


def test_a_threshold_for_a_metric_left_out_is_a_warning():
    template = _template(metadata=_on({"Metrics": ["ExecutionsFailed"], "Thresholds": {"ExecutionsAborted": 2}}))
    assert _warnings(template) == ["a threshold for ExecutionsAborted, but Metrics leaves ExecutionsAborted out, so "
                                   "no alarm uses it"]


def test_the_alarms_carry_the_state_machines_condition_and_policies():
    output = expand(_template(metadata=_on(), Condition="IsProd", DeletionPolicy="Retain"))
    alarm = output["Resources"]["MachineExecutionsFailedAlarm"]
    assert (alarm["Condition"], alarm["DeletionPolicy"]) == ("IsProd", "Retain")


# --------------------------------------------------------------------------- wiring

def test_the_alarms_are_listed_by_ref_after_the_users_own():
    output = expand(_template({"DeploymentPreference": {"Type": "CANARY", "Percentage": 10, "Interval": 5,
                                                       "Alarms": [{"Ref": "Failures"}, "other-stack-alarm"]}},
                              metadata=_on()))
    assert _preference(output)["Alarms"] == [{"Ref": "Failures"}, "other-stack-alarm"] + [
        {"Ref": alarm_id} for alarm_id in ALARM_IDS]


def test_an_alarm_the_user_already_lists_is_not_listed_twice():
    output = expand(_template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                                       "Alarms": [{"Ref": "MachineExecutionsAbortedAlarm"}]}},
                              metadata=_on()))
    assert _preference(output)["Alarms"] == [{"Ref": "MachineExecutionsAbortedAlarm"}, {"Ref": ALARM_IDS[0]},
                                             {"Ref": ALARM_IDS[1]}, {"Ref": ALARM_IDS[3]}]


def test_each_branch_of_an_fn_if_gets_the_alarms_and_no_value_becomes_all_at_once_with_them():
    preference = {"Fn::If": ["IsProd", {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                        "Alarms": {"Fn::If": ["IsProd", [{"Ref": "Failures"}], {"Ref": "AWS::NoValue"}]}},
                             {"Ref": "AWS::NoValue"}]}
    output = expand(_template({"DeploymentPreference": preference}, metadata=_on({"Metrics": ["ExecutionsFailed"]})))
    ours = {"Ref": "MachineExecutionsFailedAlarm"}
    condition, linear, default = _preference(output)["Fn::If"]
    assert linear["Alarms"] == {"Fn::If": ["IsProd", [{"Ref": "Failures"}, ours], [ours]]}
    assert default == {"Type": "ALL_AT_ONCE", "StateMachineVersionArn": {"Ref": "MachineVersion"}, "Alarms": [ours]}


def test_alarms_given_as_a_deploy_time_list_are_an_error():
    template = _template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                                   "Alarms": {"Ref": "AlarmNames"}}}, metadata=_on())
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    [error] = failure.value.errors
    assert error.path == ("Resources", "Machine", "Properties", "DeploymentPreference", "Alarms")
    assert "known only at deploy time" in error.message


def test_more_than_100_alarms_in_all_is_an_error():
    alarms = [f"alarm-{index}" for index in range(97)]
    template = _template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                                   "Alarms": alarms}}, metadata=_on())
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    assert [error.message for error in failure.value.errors] == [
        "Alarms lists 97 alarms and RollbackAlarms adds 4, but a deployment preference takes at most 100"]
    template["Resources"]["Machine"]["Properties"]["DeploymentPreference"]["Alarms"] = alarms[:96]
    assert len(_preference(expand(template))["Alarms"]) == 100


def test_an_event_that_would_generate_an_alarms_id_is_an_error():
    template = _template({"Events": {"ExecutionsFailedAlarm": {"Type": "Schedule", "Properties": {
        "Schedule": "rate(1 day)"}}}}, metadata=_on())
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    assert "RollbackAlarms" in failure.value.errors[0].message


def test_a_resource_with_an_alarms_id_is_an_error():
    template = _template(metadata=_on())
    template["Resources"]["MachineExecutionsFailedAlarm"] = {"Type": "AWS::SNS::Topic"}
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    assert failure.value.errors[0].path == ("Resources", "MachineExecutionsFailedAlarm")


def test_a_logical_id_that_would_be_too_long_is_an_error():
    template = _template(metadata=_on())
    long_id = "M" * 235
    template["Resources"] = {long_id: template["Resources"]["Machine"]}
    with pytest.raises(InvalidTemplateError) as failure:
        expand(template)
    assert [(error.path, error.message[:60]) for error in failure.value.errors] == [
        (("Resources", long_id, "Metadata", "samtransform", "RollbackAlarms"),
         f"the rollback alarm '{long_id}ExecutionsFailedAlarm' would have a logical ID longer than "[:60])]


@pytest.mark.parametrize("settings, path, message", [
    ({"RollbackAlarm": True}, ("RollbackAlarm",), "unknown property 'RollbackAlarm', did you mean 'RollbackAlarms'?"),
    ({"RollbackAlarms": "yes"}, ("RollbackAlarms",), "'yes' is not true, false or a mapping with Metrics and Thresholds"),
    ({"RollbackAlarms": {"Metrics": []}}, ("RollbackAlarms", "Metrics"),
     "Metrics lists no metric; to generate no alarm, write RollbackAlarms: false"),
    ({"RollbackAlarms": {"Metrics": ["ExecutionsStarted"]}}, ("RollbackAlarms", "Metrics", 0),
     "'ExecutionsStarted' is not one of the metrics samtransform generates rollback alarms for: ExecutionsFailed, "
     "ExecutionsTimedOut, ExecutionsAborted, ExecutionThrottled"),
    ({"RollbackAlarms": {"Thresholds": {"ExecutionsFailed": 2.5}}}, ("RollbackAlarms", "Thresholds", "ExecutionsFailed"),
     "2.5 is not a whole number of executions"),
    ({"RollbackAlarms": {"Thresholds": {"ExecutionFailed": 2}}}, ("RollbackAlarms", "Thresholds", "ExecutionFailed"),
     "unknown property 'ExecutionFailed', did you mean 'ExecutionsFailed'?"),
])
def test_invalid_settings_are_errors_with_their_path(settings, path, message):
    for template, base in ((_template(metadata={"samtransform": settings}), ("Resources", "Machine", "Metadata")),
                           (_template(template_metadata={"samtransform": settings}), ("Metadata",))):
        with pytest.raises(InvalidTemplateError) as failure:
            expand(template)
        assert [(error.path, error.message) for error in failure.value.errors] == [
            (base + ("samtransform",) + path, message)]


# --------------------------------------------------------------------------- the window

def test_no_warning_for_linear_and_canary_rollouts():
    assert _warnings(_template(metadata=_on())) == []
    assert _warnings(_template({"DeploymentPreference": {"Type": "CANARY", "Percentage": 99, "Interval": 1}},
                               metadata=_on())) == []


@pytest.mark.parametrize("preference", [None, {"Type": "ALL_AT_ONCE"}, {"Type": "ALL_AT_ONCE", "Interval": 30}])
def test_all_at_once_is_a_warning_but_the_alarms_are_still_generated(preference):
    template = _template(metadata=_on())
    properties = template["Resources"]["Machine"]["Properties"]
    if preference is None:
        del properties["DeploymentPreference"]
    else:
        properties["DeploymentPreference"] = preference
    assert _warnings(template) == [
        "rollback alarms of Machine: an ALL_AT_ONCE deployment moves all traffic at once, and AWS does not document "
        "how long CloudFormation then watches the alarms, so they cannot be shown to fire in time; use LINEAR or "
        "CANARY for a rollout they can stop"]
    assert _alarms(expand(template)) == ALARM_IDS
    assert _preference(expand(template))["Alarms"] == [{"Ref": alarm_id} for alarm_id in ALARM_IDS]


def test_values_known_only_at_deploy_time_are_a_warning_and_parameters_with_values_are_resolved():
    template = _template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": 10, "Interval": {"Ref": "Minutes"}}},
                         metadata=_on())
    assert _warnings(template) == [
        "rollback alarms of Machine: Interval not known at expansion time, so the 60-second alarm window cannot be "
        "shown to end before all traffic has moved; give the parameters a Default or --parameter-overrides"]
    assert _warnings(template, {"Minutes": "3"}) == []


def test_a_parameter_value_that_moves_all_traffic_at_once_is_a_warning():
    # CloudFormation refuses Percentage 100 too; the timing model says no window can fit it.
    template = _template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": {"Ref": "Share"}, "Interval": 5}},
                         metadata=_on())
    assert _warnings(template, {"Share": "100"}) == [
        "rollback alarms of Machine: the LINEAR deployment moves all traffic after 0 minutes, before a 60-second "
        "alarm window can end"]
    assert _warnings(template, {"Share": "99"}) == []


def test_the_window_fits_every_rollout_cloudformation_accepts_by_the_timing_model():
    # The fastest rollouts: every Percentage with Interval 1, for both gradual types. A window that
    # fits all traffic moving also fits W9401's later bound, so check never flags these alarms.
    for kind in ("LINEAR", "CANARY"):
        for percentage in range(1, 100):
            minute = all_traffic_minute(kind, percentage, 1)
            assert fires_in_time(60, minute) and fires_in_time(60, watch_bound_minutes(kind, percentage, 1))


# --------------------------------------------------------------------------- what check sees

def test_check_judges_the_generated_alarms_and_finds_nothing_wrong():
    template = _template({"DeploymentPreference": {"Type": "CANARY", "Percentage": 10, "Interval": 1}},
                         metadata=_on(), template_metadata=_on(False))
    assert check_template(template) == []  # W9402 too: the generated alarms count as Alarms
    subject = make_subject(template)
    assert subject.state_machine("Machine").rollback_alarm_ids == tuple(ALARM_IDS)
    # Were an alarm generated too slow, or watching something else, W9401 and W9303 would say so,
    # at the RollbackAlarms setting.
    properties = subject.alarm_properties("MachineExecutionsFailedAlarm")
    properties["Period"] = 180  # W9401 allows a CANARY with Interval 1 two minutes
    properties["Dimensions"][1]["Value"] = "other"
    findings = [finding for rule_id in ("W9401", "W9303") for finding in problems_of(RULES_BY_ID[rule_id], subject)]
    assert [(finding.rule_id, finding.path) for finding in findings] == [
        ("W9401", ("Resources", "Machine", "Metadata", "samtransform", "RollbackAlarms")),
        ("W9303", ("Resources", "Machine", "Metadata", "samtransform", "RollbackAlarms"))]


def test_the_template_wide_setting_is_where_findings_about_its_alarms_point():
    subject = make_subject(_template(template_metadata=_on()))
    assert subject.state_machine("Machine").rollback_alarms.path == ("Metadata", "samtransform", "RollbackAlarms")


# --------------------------------------------------------------------------- tables

def test_the_schema_names_the_metrics_of_the_table():
    schema = json.loads((ROOT / "schemas" / "samtransform" / "metadata.json").read_text())
    assert tuple(schema["$defs"]["Metric"]["enum"]) == METRICS
    assert tuple(schema["$defs"]["RollbackAlarms"]["properties"]["Thresholds"]["properties"]) == METRICS


def test_the_input_is_never_modified():
    template = _template({"DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                                   "Alarms": [{"Ref": "Failures"}]}},
                         metadata={**_on(), "Owner": "me"}, template_metadata=_on())
    before = copy.deepcopy(template)
    expand(template)
    assert template == before
