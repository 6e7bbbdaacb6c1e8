"""The CloudWatch model: Step Functions' metrics (AWS/States) and what PutMetricAlarm accepts."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from model_corpus import cloudformation, templates

from samtransform.expansion.rollback_alarms_table import FIXED_PROPERTIES, METRICS, PERIOD_SECONDS
from samtransform.models.cloudwatch import (
    FAILURE, NAMESPACE, SUCCESS, alarm_problems, is_extended_statistic, kind_of, metric, metrics, rollback_problems)
from samtransform.core.tables import DATA_DIR

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import generate_api_facts  # noqa: E402

TABLE = json.loads((Path(DATA_DIR) / "aws_states_metrics.json").read_text(encoding="utf-8"))


@pytest.mark.skipif(metadata.version("botocore") != generate_api_facts.PINNED_VERSION,
                    reason="the API facts are generated from the pinned botocore only")
def test_api_facts_are_regenerated_from_the_pinned_package():
    result = subprocess.run([sys.executable, "scripts/generate_api_facts.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_metrics_table_cites_a_source_for_every_entry():
    sources = TABLE["provenance"]["sources"]
    assert TABLE["provenance"]["hand_written"] is True
    for group in TABLE["groups"].values():
        assert group["source"] in sources and group["dimension_sets"]
    for name, entry in TABLE["metrics"].items():
        assert entry["source"] in sources, name
        assert entry["kind"] in TABLE["kinds"], name
        assert set(entry["groups"]) <= set(TABLE["groups"]), name


def test_the_execution_metrics_and_their_dimensions():
    failed = metric("ExecutionsFailed")
    assert failed.kind == FAILURE and failed.unit == "Count"
    assert failed.dimension_sets == (("StateMachineArn",), ("StateMachineArn", "Version"),
                                     ("StateMachineArn", "Alias"))
    assert kind_of("ExecutionsSucceeded") == SUCCESS
    assert kind_of("ExecutionsStarted") == "volume"
    assert kind_of("Errors") is None  # AWS/Lambda's, not Step Functions'
    assert "ExecutionsThrottled" not in metrics()  # the guide's name is ExecutionThrottled


def test_rollback_alarms_watch_failure_counts_published_per_alias():
    assert FIXED_PROPERTIES["Namespace"] == NAMESPACE
    for name in METRICS:
        assert metric(name).kind == FAILURE
        assert ("StateMachineArn", "Alias") in metric(name).dimension_sets
    alarm = {**FIXED_PROPERTIES, "MetricName": "ExecutionsFailed", "Period": PERIOD_SECONDS, "EvaluationPeriods": 1,
             "Threshold": 1, "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": "Machine"}},
                                            {"Name": "Alias", "Value": "live"}]}
    assert list(alarm_problems(alarm)) == list(rollback_problems(alarm)) == []


def _alarms():
    for name, template in cloudformation() + tuple((name, template) for name, template, _ in templates()):
        for logical_id, resource in template["Resources"].items():
            if isinstance(resource, dict) and resource.get("Type") == "AWS::CloudWatch::Alarm":
                yield name, logical_id, resource.get("Properties", {})


def test_every_alarm_of_the_corpus_is_valid():
    found = list(_alarms())
    assert len(found) >= 40  # the fixtures' own alarms and the rollback alarms expansion generates
    assert [(name, logical_id, problem) for name, logical_id, properties in found
            for problem in [*alarm_problems(properties), *rollback_problems(properties)]] == []


# ------------------------------------------------------------------ valid edge cases

ALARM = {"Namespace": "AWS/States", "MetricName": "ExecutionsFailed", "Statistic": "Sum", "Period": 60,
         "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanOrEqualToThreshold", "Threshold": 1,
         "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": "Machine"}}, {"Name": "Alias", "Value": "live"}]}


def _alarm(**changes) -> dict:
    alarm = {**ALARM, **changes}
    return {key: value for key, value in alarm.items() if value is not None}


@pytest.mark.parametrize("properties", [
    _alarm(),
    _alarm(Dimensions=[{"Name": "StateMachineArn", "Value": "arn"}, {"Name": "Version", "Value": "3"}]),
    _alarm(Dimensions=[{"Name": "StateMachineArn", "Value": "arn"}]),
    _alarm(Dimensions=[{"Name": {"Ref": "DimensionName"}, "Value": "x"}]),  # known at deploy time only
    _alarm(Statistic=None, ExtendedStatistic="p99.9"),
    _alarm(Statistic=None, ExtendedStatistic="TM(10%:90%)"),
    _alarm(Statistic=None, ExtendedStatistic="PR(:300)"),
    _alarm(Statistic=None, ExtendedStatistic="IQM"),
    _alarm(Period="300"),  # CloudFormation converts it
    _alarm(Period=60, EvaluationPeriods=1440),  # exactly a day
    _alarm(Period=3600, EvaluationPeriods=168),  # exactly seven days
    _alarm(Namespace="MyApp", MetricName="Errors", Period=10),  # a custom high-resolution metric
    _alarm(MetricName={"Ref": "MetricToWatch"}),
    _alarm(ComparisonOperator="GreaterThanThreshold", Threshold=0),  # any failure at all
    _alarm(MetricName="ExecutionsSucceeded", ComparisonOperator="LessThanThreshold", Threshold=1),
    _alarm(MetricName="ExecutionTime", ComparisonOperator="GreaterThanThreshold", Threshold=5000,
           Statistic=None, ExtendedStatistic="p99"),
    _alarm(ComparisonOperator="GreaterThanUpperThreshold", ThresholdMetricId="band", Threshold=None),
    {"Metrics": [{"Id": "failed", "ReturnData": False, "MetricStat": {
        "Metric": {"Namespace": "AWS/States", "MetricName": "ExecutionsFailed",
                   "Dimensions": [{"Name": "StateMachineArn", "Value": "arn"}]}, "Period": 60, "Stat": "Sum"}},
        {"Id": "rate", "Expression": "failed / 10", "ReturnData": True}],
     "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 0.1},
])
def test_valid(properties):
    assert list(alarm_problems(properties)) == []
    assert list(rollback_problems(properties)) == []


def test_a_parameter_value_is_judged_through_literal():
    values = {"Metric": "ExecutionFailed"}
    properties = _alarm(MetricName={"Ref": "Metric"})
    resolve = lambda value: values.get(value["Ref"], value) if isinstance(value, dict) and "Ref" in value else value  # noqa: E731
    assert [path for path, _ in alarm_problems(properties, resolve)] == [("MetricName",)]
    assert list(alarm_problems(properties)) == []


@pytest.mark.parametrize("text, valid", [
    ("p99", True), ("p0", True), ("p99.9999999999", True), ("p99.99999999999", False), ("tm90", True),
    ("wm98", True), ("tc90", True), ("ts90", True), ("TM(2%:98%)", True), ("TM(150:1000)", True),
    ("TS(80%:)", True), ("PR(100:2000)", True), ("IQM", True), ("p", False), ("TM()", False), ("Sum", False),
    ("p99 ", False), ("percentile99", False),
])
def test_extended_statistics(text, valid):
    assert is_extended_statistic(text) is valid


# ------------------------------------------------------------------ invalid, word for word

NEVER = "never has data, so it never fires"


@pytest.mark.parametrize("properties, expected", [
    (_alarm(MetricName="ExecutionFailed"),
     [(("MetricName",), "Step Functions publishes no metric 'ExecutionFailed' in AWS/States (did you mean "
                        f"'ExecutionsFailed'?); an alarm on it {NEVER}")]),
    (_alarm(MetricName="executionsfailed"),
     [(("MetricName",), "Step Functions publishes no metric 'executionsfailed' in AWS/States (did you mean "
                        f"'ExecutionsFailed'?); an alarm on it {NEVER}")]),
    (_alarm(MetricName="Errors"),
     [(("MetricName",), f"Step Functions publishes no metric 'Errors' in AWS/States; an alarm on it {NEVER}")]),
    (_alarm(Namespace="AWS/State"),
     [(("Namespace",), "namespace 'AWS/State' is not AWS/States, where Step Functions publishes ExecutionsFailed "
                       f"(did you mean 'AWS/States'?); an alarm on it {NEVER}")]),
    (_alarm(Dimensions=[{"Name": "StateMachineARN", "Value": "arn"}]),
     [(("Dimensions", 0, "Name"), "ExecutionsFailed is never published with a dimension 'StateMachineARN' (did "
                                  f"you mean 'StateMachineArn'?); an alarm with it {NEVER}")]),
    (_alarm(Dimensions=[{"Name": "Alias", "Value": "live"}]),
     [(("Dimensions",), "ExecutionsFailed is never published with the dimension Alias alone (only with "
                        "StateMachineArn alone; StateMachineArn and Version; StateMachineArn and Alias); an alarm on "
                        f"this set {NEVER}")]),
    (_alarm(Dimensions=[{"Name": "StateMachineArn", "Value": "a"}, {"Name": "Alias", "Value": "live"},
                        {"Name": "Version", "Value": "3"}]),
     [(("Dimensions",), "ExecutionsFailed is never published with the dimensions StateMachineArn, Alias and Version "
                        "(only with StateMachineArn alone; StateMachineArn and Version; StateMachineArn and Alias); "
                        f"an alarm on this set {NEVER}")]),
    (_alarm(Statistic="sum"),
     [(("Statistic",), "Statistic 'sum' is not one of SampleCount, Average, Sum, Minimum, Maximum; did you mean "
                       "'Sum'?")]),
    (_alarm(Statistic="p99"),
     [(("Statistic",), "Statistic 'p99' is not one of SampleCount, Average, Sum, Minimum, Maximum; p99 is an "
                       "extended statistic: give it as ExtendedStatistic")]),
    (_alarm(Statistic=None, ExtendedStatistic="p99x"),
     [(("ExtendedStatistic",), "ExtendedStatistic 'p99x' is not a statistic CloudWatch knows: a percentile such as "
                               "p99, tm90, wm90, tc90, ts90, TM(10%:90%), WM, TC or TS with bounds, PR(:300), or "
                               "IQM")]),
    (_alarm(Period=45),
     [(("Period",), "Period 45 is not 10, 20, 30 or a multiple of 60 seconds")]),
    (_alarm(Period=10),
     [(("Period",), "a Period of 10 seconds needs a high-resolution metric, and Step Functions publishes "
                    "ExecutionsFailed once a minute: the alarm often lapses into INSUFFICIENT_DATA")]),
    (_alarm(EvaluationPeriods=1441),
     [(("EvaluationPeriods",), "Period 60 x EvaluationPeriods 1441 is 86460 seconds; CloudWatch evaluates at most "
                               "86400 seconds (a day for a Period under an hour)")]),
    (_alarm(Period=3600, EvaluationPeriods=169),
     [(("EvaluationPeriods",), "Period 3600 x EvaluationPeriods 169 is 608400 seconds; CloudWatch evaluates at "
                               "most 604800 seconds (seven days)")]),
    (_alarm(ComparisonOperator="GreaterThan"),
     [(("ComparisonOperator",), "ComparisonOperator 'GreaterThan' is not a CloudWatch comparison; did you mean "
                                "'GreaterThanThreshold'?")]),
    (_alarm(ComparisonOperator="GreaterThanUpperThreshold"),
     [(("ComparisonOperator",), "GreaterThanUpperThreshold is only for an alarm on an anomaly detection band "
                                "(ThresholdMetricId); this alarm has none")]),
    ({"EvaluationPeriods": 1, "Metrics": [{"Id": "m", "ReturnData": True, "MetricStat": {
        "Metric": {"Namespace": "AWS/States", "MetricName": "ExecutionFailed"}, "Period": 45, "Stat": "Summ"}}]},
     [(("Metrics", 0, "MetricStat", "Metric", "MetricName"), "Step Functions publishes no metric 'ExecutionFailed' "
       f"in AWS/States (did you mean 'ExecutionsFailed'?); an alarm on it {NEVER}"),
      (("Metrics", 0, "MetricStat", "Stat"), "Stat 'Summ' (did you mean 'Sum'?) is not a statistic CloudWatch knows: "
       "SampleCount, Average, Sum, Minimum, Maximum, a percentile such as p99, tm90, wm90, tc90, ts90, TM(10%:90%), WM, "
       "TC or TS with bounds, PR(:300), or IQM"),
      (("Metrics", 0, "MetricStat", "Period"), "Period 45 is not 1, 5, 10, 20, 30, 60 or a multiple of 60 seconds")]),
])
def test_invalid(properties, expected):
    assert list(alarm_problems(properties)) == expected


@pytest.mark.parametrize("properties, expected", [
    (_alarm(ComparisonOperator="LessThanThreshold"),
     [(("ComparisonOperator",), "ExecutionsFailed counts failed executions, so LessThanThreshold fires while the "
                                "version is healthy and every deployment rolls back; use GreaterThanThreshold or "
                                "GreaterThanOrEqualToThreshold")]),
    (_alarm(MetricName="ExecutionsSucceeded"),
     [(("ComparisonOperator",), "ExecutionsSucceeded counts successful executions, so GreaterThanOrEqualToThreshold "
                                "fires while the version is healthy and every deployment rolls back; use "
                                "LessThanThreshold or LessThanOrEqualToThreshold")]),
    (_alarm(MetricName="ExecutionsStarted", ComparisonOperator="LessThanThreshold", Threshold=0),
     [(("Threshold",), "ExecutionsStarted is a count, never below 0, so LessThanThreshold 0 never fires")]),
    (_alarm(Threshold=0),
     [(("Threshold",), "ExecutionsFailed is a count, never below 0, so GreaterThanOrEqualToThreshold 0 holds for "
                       "every datapoint, 0 included: the alarm fires whenever there is data, healthy or not")]),
    (_alarm(ComparisonOperator="GreaterThanThreshold", Threshold="-0.5"),
     [(("Threshold",), "ExecutionsFailed is a count, never below 0, so GreaterThanThreshold -0.5 holds for every "
                       "datapoint, 0 included: the alarm fires whenever there is data, healthy or not")]),
])
def test_alarms_that_cannot_roll_back_a_bad_version(properties, expected):
    assert list(rollback_problems(properties)) == expected
    assert list(alarm_problems(properties)) == []  # nothing CloudWatch refuses: only the intent is wrong
