"""`samtransform plan`: the rollout, the alarms, the findings and the --previous comparison."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from samtransform.rules import check_template
from samtransform.io.template_io import load
from samtransform.plan import PreviousTemplateError, plan_template, plan_text
from samtransform.plan.mermaid import render_mermaid
from samtransform.plan.render import render_json, render_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "template.yaml"


def seed_plan(**options) -> dict:
    return plan_text(SEED.read_text(), str(SEED.relative_to(ROOT)), base_dir=SEED.parent, **options)


def template(preference: dict | None = None, *, alarm: dict | None = None, **properties) -> dict:
    """One state machine with alias `live`, and (when `alarm` is given) the alarm its preference watches."""
    machine = {"AutoPublishAlias": "live",
               "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}},
               "Policies": ["AWSXrayWriteOnlyAccess"]}
    if preference is not None:
        machine["DeploymentPreference"] = dict(preference)
    machine.update(properties)
    resources = {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": machine}}
    if alarm is not None:
        machine["DeploymentPreference"]["Alarms"] = [{"Ref": "Failures"}]
        resources["Failures"] = {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "Namespace": "AWS/States", "MetricName": "ExecutionsFailed", "Statistic": "Sum",
            "ComparisonOperator": "GreaterThanOrEqualToThreshold", "Threshold": 1,
            "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": "Machine"}},
                           {"Name": "Alias", "Value": "live"}], **alarm}}
    return {"Transform": "AWS::Serverless-2016-10-31", "Resources": resources}


def only_machine(plan: dict) -> dict:
    [machine] = plan["state_machines"]
    return machine


# --- the seed example, in all three formats ------------------------------------------------------

def test_seed_plan_as_data():
    machine = only_machine(seed_plan())
    assert machine["alias"] == "main"
    assert machine["deployment"] == {"type": "LINEAR", "percentage": 50, "interval_minutes": 2}
    assert machine["steps"] == [{"at_minute": 0, "percent": 50}, {"at_minute": 2, "percent": 100}]
    assert machine["all_traffic_at_minute"] == 2
    [alarm] = machine["alarms"]
    assert (alarm["logical_id"], alarm["metric"], alarm["namespace"]) == (
        "AliasStateMachineFailureAlarm", "ExecutionsFailed", "AWS/States")
    assert alarm["dimensions"] == [{"name": "StateMachineArn", "value": "!Ref AliasStateMachine"},
                                   {"name": "Alias", "value": "main"}]
    assert (alarm["window_minutes"], alarm["fires_in_time"]) == (5, False)
    assert [(finding["rule_id"], finding["line"]) for finding in machine["findings"]] == [("W9401", 79)]
    assert machine["publishes_version"] is None and machine["reasons"] == []


def test_seed_plan_as_json_has_the_documented_values():
    document = json.loads(render_json(seed_plan()))
    machine = only_machine(document)
    assert machine["steps"] == [{"at_minute": 0, "percent": 50}, {"at_minute": 2, "percent": 100}]
    assert [(alarm["window_minutes"], alarm["fires_in_time"]) for alarm in machine["alarms"]] == [(5, False)]
    assert "W9401" in [finding["rule_id"] for finding in machine["findings"]]
    assert machine["publishes_version"] is None


def test_seed_plan_as_text():
    text = render_text(seed_plan())
    assert re.search(r"^\s+0\s+50 %$", text, re.M) and re.search(r"^\s+2\s+100 %$", text, re.M)
    assert "all traffic on the new version at minute 2" in text
    assert re.search(r"AliasStateMachineFailureAlarm\s+AWS/States ExecutionsFailed\s+.*Alias=main\s+5 min\s+NO$",
                     text, re.M)
    assert "fixtures/seed/template.yaml:79:7: W9401 alarm AliasStateMachineFailureAlarm needs 5 minutes" in text


def test_seed_plan_as_mermaid():
    text = render_mermaid(seed_plan())
    gantt, flowchart = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    assert gantt.startswith("gantt\n")
    assert "50 % on the new version :s0, 2000-01-01 00:00, 2m" in gantt
    assert "100 % at minute 2 :milestone, s1, 2000-01-01 00:02, 0m" in gantt
    assert "AliasStateMachineFailureAlarm 5-minute window, too slow :crit, a0, 2000-01-01 00:00, 300s" in gantt
    assert flowchart.startswith("flowchart LR\n")
    assert re.search(r'(n\d+)\["AliasStateMachineFailureAlarm<br/>alarm: ExecutionsFailed, 5 min"\]', flowchart)
    assert "W9401" in text  # the findings are listed under the charts


def test_cli_prints_each_format(tmp_path):
    for output_format, marker in (("text", "W9401"), ("json", '"all_traffic_at_minute": 2'), ("mermaid", "gantt")):
        result = subprocess.run([sys.executable, "-m", "samtransform", "plan", str(SEED), "--format", output_format],
                                capture_output=True, text=True, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        assert marker in result.stdout


# --- each deployment type ------------------------------------------------------------------------

def test_linear_rollout_steps_until_all_traffic():
    machine = only_machine(plan_template(template({"Type": "LINEAR", "Percentage": 30, "Interval": 5},
                                                  alarm={"Period": 60, "EvaluationPeriods": 3})))
    assert [(step["at_minute"], step["percent"]) for step in machine["steps"]] == [(0, 30), (5, 60), (10, 90),
                                                                                   (15, 100)]
    assert (machine["all_traffic_at_minute"], machine["watch_bound_minutes"]) == (15, 20)
    assert [(alarm["window_minutes"], alarm["fires_in_time"]) for alarm in machine["alarms"]] == [(3, True)]
    assert machine["findings"] == []


def test_canary_rollout_moves_the_rest_after_one_interval():
    machine = only_machine(plan_template(template({"Type": "CANARY", "Percentage": 10, "Interval": 15},
                                                  alarm={"Period": 60, "EvaluationPeriods": 30,
                                                         "DatapointsToAlarm": 20})))
    assert machine["steps"] == [{"at_minute": 0, "percent": 10}, {"at_minute": 15, "percent": 100}]
    assert machine["all_traffic_at_minute"] == 15
    [alarm] = machine["alarms"]  # DatapointsToAlarm, not EvaluationPeriods, decides the window
    assert (alarm["datapoints"], alarm["window_minutes"], alarm["fires_in_time"]) == (20, 20, True)


def test_all_at_once_says_the_watch_time_is_unstated():
    machine = only_machine(plan_template(template({"Type": "ALL_AT_ONCE"}, alarm={"Period": 60,
                                                                                   "EvaluationPeriods": 1})))
    assert machine["steps"] == [{"at_minute": 0, "percent": 100}]
    assert machine["all_traffic_at_minute"] == 0
    assert machine["watch_bound_minutes"] is None
    [alarm] = machine["alarms"]
    assert (alarm["window_minutes"], alarm["fires_in_time"]) == (1, None)  # not invented
    assert any("does not document how long an ALL_AT_ONCE deployment watches" in note for note in machine["notes"])
    assert "not documented by AWS" in render_text(plan_template(template({"Type": "ALL_AT_ONCE"})))


def test_no_deployment_preference_is_all_at_once():
    machine = only_machine(plan_template(template()))
    assert machine["deployment"] == {"type": "ALL_AT_ONCE", "percentage": None, "interval_minutes": None}
    assert machine["steps"] == [{"at_minute": 0, "percent": 100}]


def test_gradual_deployment_without_alarms_shows_w9402():
    machine = only_machine(plan_template(template({"Type": "LINEAR", "Percentage": 50, "Interval": 1})))
    assert [finding["rule_id"] for finding in machine["findings"]] == ["W9402"]
    assert "nothing can roll this deployment back" in render_text(plan_template(template(
        {"Type": "LINEAR", "Percentage": 50, "Interval": 1})))


def test_values_from_parameters_are_resolved():
    document = template({"Type": {"Ref": "Kind"}, "Percentage": {"Ref": "Step"}, "Interval": 3})
    document["Parameters"] = {"Kind": {"Type": "String", "Default": "CANARY"}, "Step": {"Type": "Number"}}
    machine = only_machine(plan_template(document, parameters={"Kind": "LINEAR", "Step": "25"}))
    assert machine["deployment"] == {"type": "LINEAR", "percentage": 25, "interval_minutes": 3}
    assert machine["all_traffic_at_minute"] == 9


def test_conditional_preference_is_not_guessed():
    document = template()
    document["Conditions"] = {"IsProd": {"Fn::Equals": ["a", "b"]}}
    document["Resources"]["Machine"]["Properties"]["DeploymentPreference"] = {
        "Fn::If": ["IsProd", {"Type": "LINEAR", "Percentage": 50, "Interval": 2}, {"Ref": "AWS::NoValue"}]}
    machine = only_machine(plan_template(document))
    assert machine["deployment"] is None and machine["steps"] == [] and machine["all_traffic_at_minute"] is None
    assert any("IsProd" in note for note in machine["notes"])


def test_events_and_machines_without_alias_are_listed():
    document = template({"Type": "CANARY", "Percentage": 10, "Interval": 5}, UseAliasAsEventTarget=True,
                        Events={"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}})
    document["Resources"]["Plain"] = {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}, "Role": "arn:aws:iam::1:role/r"}}
    plan = plan_template(document)
    assert only_machine(plan)["events"] == [{"name": "Nightly", "logical_id": "MachineNightly",
                                             "type": "AWS::Events::Rule", "target": "alias"}]
    assert plan["state_machines_without_alias"] == ["Plain"]
    assert "n0 --> " not in render_mermaid(plan)  # sanity: the event node points at the alias
    assert re.search(r"(n\d+)\[\"MachineNightly<br/>AWS::Events::Rule\"\]\n  \1 --> n1", render_mermaid(plan))


@settings(max_examples=60, deadline=None)
@given(kind=st.sampled_from(["LINEAR", "CANARY"]), percentage=st.integers(1, 99), interval=st.integers(1, 30),
       period=st.sampled_from([10, 30, 60, 300, 900]), periods=st.integers(1, 10))
def test_plan_and_w9401_never_disagree(kind, percentage, interval, period, periods):
    document = template({"Type": kind, "Percentage": percentage, "Interval": interval},
                        alarm={"Period": period, "EvaluationPeriods": periods})
    [alarm] = only_machine(plan_template(document))["alarms"]
    warned = any(finding.rule_id == "W9401" for finding in check_template(document))
    assert alarm["fires_in_time"] is (not warned)


# --- --previous ----------------------------------------------------------------------------------

def compared(old: dict, new: dict, **options) -> dict:
    return only_machine(plan_template(new, previous=old, **options))


def changed(document: dict, **properties) -> dict:
    result = copy.deepcopy(document)
    result["Resources"]["Machine"]["Properties"].update(properties)
    return result


BASE = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2}, alarm={"Period": 60, "EvaluationPeriods": 1},
                Definition={"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": "${Delay}",
                                                                    "End": True}}},
                DefinitionSubstitutions={"Delay": "10"}, Tags={"team": "orders"})


def test_previous_identical_publishes_nothing():
    machine = compared(BASE, BASE)
    assert (machine["publishes_version"], machine["reasons"], machine["shifts_traffic"]) == (False, [], False)
    assert any("shifts no traffic" in note for note in machine["notes"])


def test_previous_definition_change_publishes_a_version():
    new = changed(BASE, Definition={"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": "${Delay}",
                                                                           "Next": "Done"},
                                                                  "Done": {"Type": "Succeed"}}})
    machine = compared(BASE, new)
    assert (machine["publishes_version"], machine["reasons"], machine["shifts_traffic"]) == (True, ["definition"],
                                                                                             True)
    assert "publishes a new version (definition changed)" in render_text(plan_template(new, previous=BASE))


def test_previous_substitution_only_change_publishes_a_version():
    machine = compared(BASE, changed(BASE, DefinitionSubstitutions={"Delay": "20"}))
    assert (machine["publishes_version"], machine["reasons"]) == (True, ["definition"])


def test_previous_substitution_renamed_with_the_same_value_publishes_nothing():
    new = changed(BASE, Definition={"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": "${Pause}",
                                                                           "End": True}}},
                  DefinitionSubstitutions={"Pause": "10"})
    assert compared(BASE, new)["publishes_version"] is False  # the definition Step Functions gets is the same


def test_previous_substitution_from_a_parameter_follows_its_value():
    old = changed(BASE, DefinitionSubstitutions={"Delay": {"Ref": "Delay"}})
    old["Parameters"] = {"Delay": {"Type": "String", "Default": "10"}}
    assert compared(old, old)["publishes_version"] is False
    assert compared(old, old, parameters={"Delay": "30"})["publishes_version"] is False  # same value for both
    new = copy.deepcopy(old)
    new["Parameters"]["Delay"]["Default"] = "30"
    assert compared(old, new)["reasons"] == ["definition"]


def test_previous_tag_only_change_publishes_nothing():
    machine = compared(BASE, changed(BASE, Tags={"team": "payments"}))
    assert (machine["publishes_version"], machine["reasons"], machine["shifts_traffic"]) == (False, [], False)
    assert machine["other_changes"] == ["Tags"]
    assert machine["warnings"] == []


def test_previous_deployment_preference_change_alone_publishes_nothing():
    new = copy.deepcopy(BASE)
    new["Resources"]["Machine"]["Properties"]["DeploymentPreference"].update(Percentage=10, Interval=1)
    machine = compared(BASE, new)
    assert machine["publishes_version"] is False
    assert any("takes effect with the next new version" in note for note in machine["notes"])


@pytest.mark.parametrize("properties, reason", [
    ({"Role": "arn:aws:iam::123456789012:role/other"}, "role"),
    ({"Logging": {"Level": "ERROR", "IncludeExecutionData": False, "Destinations": [
        {"CloudWatchLogsLogGroup": {"LogGroupArn": "arn:aws:logs:us-east-1:123456789012:log-group:g:*"}}]}},
     "logging"),
    ({"Tracing": {"Enabled": True}}, "tracing"),
])
def test_previous_revision_properties_publish_a_version(properties, reason):
    new = changed(BASE, **properties)
    if "Role" in properties:
        del new["Resources"]["Machine"]["Properties"]["Policies"]
    machine = compared(BASE, new)
    assert machine["publishes_version"] is True and reason in machine["reasons"]


def test_previous_name_change_replaces_the_state_machine():
    old = changed(BASE, Name="orders")
    machine = compared(old, changed(BASE, Name="orders-v2"))
    assert machine["publishes_version"] is True and "name" in machine["reasons"]
    assert machine["replacement"] == [{"property": "Name", "previous": "orders", "current": "orders-v2"}]
    assert machine["shifts_traffic"] is None  # what happens to the alias then is not documented
    [warning] = machine["warnings"]
    assert "replaces state machine Machine" in warning and "versions and aliases start over" in warning
    assert "WARNING changing Name" in render_text(plan_template(changed(BASE, Name="orders-v2"), previous=old))


def test_previous_type_change_replaces_but_standard_is_the_default():
    assert compared(BASE, changed(BASE, Type="STANDARD"))["replacement"] == []
    machine = compared(BASE, changed(BASE, Type="EXPRESS"))
    assert [change["property"] for change in machine["replacement"]] == ["Type"]


def test_previous_new_machine_and_expanded_resources_added_and_removed():
    old = copy.deepcopy(BASE)
    del old["Resources"]["Machine"]["Properties"]["AutoPublishAlias"]
    del old["Resources"]["Machine"]["Properties"]["DeploymentPreference"]
    plan = plan_template(BASE, previous=old)
    assert only_machine(plan)["reasons"] == ["first_version"]
    assert plan["resources_added"] == [{"logical_id": "MachineVersion", "type": "AWS::StepFunctions::StateMachineVersion"},
                                       {"logical_id": "MachineAliaslive", "type": "AWS::StepFunctions::StateMachineAlias"}]
    assert plan["resources_removed"] == []
    plan = plan_template(BASE, previous={"Resources": {"Other": {"Type": "AWS::SNS::Topic"}}})
    assert only_machine(plan)["reasons"] == ["new"]
    assert {"logical_id": "Other", "type": "AWS::SNS::Topic"} in plan["resources_removed"]


def test_cli_previous(tmp_path):
    old = tmp_path / "old.json"
    old.write_text(json.dumps(changed(BASE, Name="orders")))
    new = tmp_path / "new.json"
    new.write_text(json.dumps(changed(BASE, Name="orders-v2")))
    result = subprocess.run([sys.executable, "-m", "samtransform", "plan", str(new), "--previous", str(old),
                             "--format", "json"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    machine = only_machine(json.loads(result.stdout))
    assert machine["publishes_version"] is True and machine["replacement"][0]["property"] == "Name"


def test_cli_reports_errors_in_the_template_they_are_in(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("Resources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n    Properties: {Definition: [\n")
    for arguments, name in (([str(broken)], "broken.yaml"), ([str(SEED), "--previous", str(broken)], "broken.yaml"),
                            ([str(SEED), "--previous", str(tmp_path / "missing.yaml")], "missing.yaml")):
        result = subprocess.run([sys.executable, "-m", "samtransform", "plan", *arguments], capture_output=True,
                                text=True, cwd=ROOT)
        assert result.returncode == 1 and result.stdout == ""
        assert name in result.stderr and "Traceback" not in result.stderr


def test_library_raises_for_the_previous_template():
    with pytest.raises(PreviousTemplateError):
        plan_template(BASE, previous={"Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine",
                                                                "Properties": {}}}})


def test_plan_leaves_its_inputs_untouched():
    old, new = copy.deepcopy(BASE), changed(BASE, Tags={"a": "b"})
    before = json.dumps([old, new], sort_keys=True)
    plan_template(new, previous=old)
    assert json.dumps([old, new], sort_keys=True) == before


def test_seed_loads_as_the_library_documents():
    assert only_machine(plan_template(load(str(SEED)), base_dir=SEED.parent))["alias"] == "main"


# --- docs/plan.md documents the JSON keys and the seed output -----------------------------------

PLAN_DOC = (ROOT / "docs" / "plan.md").read_text(encoding="utf-8")


def _doc_section(title: str) -> str:
    return PLAN_DOC.split(f"\n{title}\n", 1)[1].split("\n#", 1)[0]


def _key_paths(value, prefix: str = "") -> set[str]:
    paths = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            paths |= {path} | _key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            paths |= _key_paths(item, f"{prefix}[]")
    return paths


def test_the_docs_document_exactly_the_json_keys():
    documented = re.findall(r"^\| `([a-z_\[\].]+)` \|", _doc_section("## JSON keys"), re.M)
    assert len(documented) == len(set(documented))
    old = changed(BASE, Name="orders", Events={"Nightly": {"Type": "Schedule", "Properties": {"Schedule": "rate(1 day)"}}})
    new = changed(BASE, Name="orders-v2", UseAliasAsEventTarget=True, Events={})
    new["Resources"]["Machine"]["Properties"]["Events"] = {"Hourly": {"Type": "ScheduleV2", "Properties": {
        "ScheduleExpression": "rate(1 hour)"}}}
    new["Resources"]["Plain"] = {"Type": "AWS::Serverless::StateMachine", "Properties": {
        "Definition": {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}, "Role": "arn:aws:iam::1:role/r"}}
    produced = _key_paths(json.loads(render_json(plan_template(new, previous=old))))
    produced |= _key_paths(seed_plan())  # findings
    assert set(documented) == produced


def test_the_docs_show_the_seed_plan_as_it_is():
    shown = re.search(r"```console\n\$ samtransform plan fixtures/seed/template.yaml\n(.*?)```", PLAN_DOC, re.S).group(1)
    assert shown == render_text(seed_plan())


def test_previous_policy_change_is_no_new_version_but_is_noted():
    machine = compared(BASE, changed(BASE, Policies=["AWSXrayWriteOnlyAccess", "AmazonSQSReadOnlyAccess"]))
    assert (machine["publishes_version"], machine["reasons"]) == (False, [])
    assert any("role MachineRole changed" in note and "every version at once" in note for note in machine["notes"])


def test_previous_alias_rename_is_a_warning():
    machine = compared(BASE, changed(BASE, AutoPublishAlias="prod"))
    [warning] = machine["warnings"]
    assert "renamed from live to prod" in warning and "MachineAliaslive is deleted" in warning


def test_alarms_named_literally_or_defined_elsewhere():
    document = template({"Type": "LINEAR", "Percentage": 50, "Interval": 2},
                        alarm={"Period": 60, "EvaluationPeriods": 2, "AlarmName": "machine-failed"})
    document["Resources"]["Machine"]["Properties"]["DeploymentPreference"]["Alarms"] = ["machine-failed",
                                                                                       "other-stack-alarm"]
    named, elsewhere = only_machine(plan_template(document))["alarms"]
    assert (named["logical_id"], named["name"], named["window_minutes"], named["fires_in_time"]) == (
        "Failures", "machine-failed", 2, True)
    assert (elsewhere["logical_id"], elsewhere["window_minutes"], elsewhere["fires_in_time"]) == (None, None, None)
    assert "not defined in this template" in elsewhere["note"]


def test_metric_math_alarm_is_not_judged():
    document = template({"Type": "CANARY", "Percentage": 10, "Interval": 5}, alarm={"EvaluationPeriods": 1})
    properties = document["Resources"]["Failures"]["Properties"]
    for key in ("Namespace", "MetricName", "Statistic", "Dimensions"):
        del properties[key]
    properties["Metrics"] = [{"Id": "failed", "Expression": "m1 + m2"}]
    [alarm] = only_machine(plan_template(document))["alarms"]
    assert (alarm["window_minutes"], alarm["fires_in_time"]) == (None, None) and "metric math" in alarm["note"]


def test_generated_rollback_alarms_are_shown():
    source = ROOT / "fixtures" / "rollback_alarms_seed" / "template.yaml"
    plan = plan_text(source.read_text(), "template.yaml", base_dir=source.parent)
    machine = only_machine(plan)
    assert [(alarm["metric"], alarm["generated"], alarm["window_minutes"], alarm["fires_in_time"])
            for alarm in machine["alarms"]] == [(metric, True, 1, True) for metric in (
                "ExecutionsFailed", "ExecutionsTimedOut", "ExecutionsAborted", "ExecutionThrottled")]
    assert "W9401" not in [finding["rule_id"] for finding in machine["findings"]]
    assert "AliasStateMachineExecutionsFailedAlarm (generated)" in render_text(plan)
    assert "generated alarm: ExecutionsFailed, 1 min" in render_mermaid(plan)
    assert only_machine(seed_plan())["alarms"][0]["generated"] is False


def test_api_events_name_their_rest_api():
    source = ROOT / "fixtures" / "events_api_implicit" / "template.yaml"
    plan = plan_text(source.read_text(), "template.yaml", base_dir=source.parent)
    events = only_machine(plan)["events"]
    assert {(event["logical_id"], event["type"], event["target"]) for event in events if event["type"] !=
            "AWS::Events::Rule"} == {("ServerlessRestApi", "AWS::ApiGateway::RestApi", "alias")}
    flowchart = render_mermaid(plan).split("flowchart LR", 1)[1]
    assert len(re.findall(r"^  n\d+ --> n1$", flowchart, re.M)) == 2  # the REST API and the rule, once each
