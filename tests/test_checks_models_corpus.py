"""No false alarms: the rules wired to the AWS models (E9304-W9308, E9801-W9812) on every template of
the repository, on the 49 real public templates in ../shared/examples/realworld, and on valid
edge cases written here.

Every finding on these templates is a real mistake, named below; anything else is a false
alarm and fails the test. The rules' own trigger templates and the error fixtures built to
hold these mistakes are left out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from samtransform.cli.check import check_files
from samtransform.core.catalog import RULES
from samtransform.expansion import expand
from samtransform import load

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = next((folder for folder in (ROOT.parent / "shared" / "examples" / "realworld",
                                        ROOT.parent.parent / "shared" / "examples" / "realworld") if folder.is_dir()),
                 None)
MODEL_RULES = {rule.id for rule in RULES if rule.id[1:3] in ("98",) or rule.id[1:4] in ("930",)} - {
    "W9301", "W9302", "W9303"}
# Templates built to hold these mistakes: the rules' triggers, and expand's error fixture.
DELIBERATE = {"error_values_the_service_refuses", "name_logging_characters"}

# (template relative to its corpus, rule, message): each a real mistake. None so far.
KNOWN: set = set()


def test_the_model_rules_are_these():
    assert MODEL_RULES == {"E9304", "E9305", "E9306", "E9307", "W9308", "E9801", "E9802", "E9803", "E9804",
                           "E9805", "W9806", "E9807", "E9811", "W9812"}


def _templates(corpus: Path) -> list[Path]:
    found = []
    for path in sorted(corpus.rglob("*")):
        if path.suffix not in (".yaml", ".yml", ".json") or not path.is_file() or path.name.startswith("expected."):
            continue
        relative = path.relative_to(corpus).parts
        if relative[0] in DELIBERATE or (len(relative) > 2 and relative[0] == "checks"
                                          and relative[1] in MODEL_RULES):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        if "Resources" in text:
            found.append(path)
    return found


def _findings(corpus: Path) -> set:
    return {(path.relative_to(corpus).as_posix(), entry.problem.rule_id, entry.problem.message)
            for path in _templates(corpus) for entry in check_files([str(path)])
            if entry.problem.rule_id in MODEL_RULES}


def test_repository_fixtures():
    fixtures = ROOT / "fixtures"
    assert len(_templates(fixtures)) > 200
    assert _findings(fixtures) == {finding for finding in KNOWN if (fixtures / finding[0]).exists()}


@pytest.mark.skipif(REALWORLD is None, reason="../shared/examples/realworld is not beside the repository")
def test_realworld_templates():
    assert len([path for path in _templates(REALWORLD) if path.name.startswith("template")]) >= 49
    assert _findings(REALWORLD) == {finding for finding in KNOWN if (REALWORLD / finding[0]).exists()}


# --------------------------------------------------------------------------- valid edge cases

HEAD = """Transform: AWS::Serverless-2016-10-31
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/machine
      Definition:
        StartAt: Done
        States:
          Done: {Type: Succeed}
"""
ALARM = """  Failed:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: AWS/States
      MetricName: {metric}
      Dimensions:
        - Name: StateMachineArn
          Value: !Ref Machine
{extra}      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: {threshold}
      ComparisonOperator: {operator}
"""


def _schedule(kind: str, key: str, expression: str) -> str:
    return f"      Events:\n        Tick:\n          Type: {kind}\n          Properties:\n            {key}: {expression}\n"


VALID = {
    "rate(1 minute)": HEAD + _schedule("Schedule", "Schedule", "rate(1 minute)"),
    "rate(5 minutes)": HEAD + _schedule("Schedule", "Schedule", "rate(5 minutes)"),
    "rate(1 day) on Scheduler": HEAD + _schedule("ScheduleV2", "ScheduleExpression", "rate(1 day)"),
    "cron with ? in day-of-week": HEAD + _schedule("Schedule", "Schedule", "cron(0 10 * * ? *)"),
    "cron with ? in day-of-month, L and #": HEAD + _schedule("Schedule", "Schedule", "cron(15 10 ? * 6#3 2030)"),
    "cron with a last weekday": HEAD + _schedule("Schedule", "Schedule", "cron(0 18 LW * ? *)"),
    "a one-time schedule": HEAD + _schedule("ScheduleV2", "ScheduleExpression", "at(2030-02-28T09:00:00)"),
    "a schedule from a parameter is not judged": "Parameters:\n  Every: {Type: String, Default: rate(1 minutes)}\n"
        + HEAD + _schedule("Schedule", "Schedule", "!Ref Every"),
    "Logging Level OFF without Destinations": HEAD + '      Logging:\n        Level: "OFF"\n',
    "an 80-character name": HEAD + f"      Name: {'n' * 80}\n",
    "a name of every character logging takes, with logging": HEAD + "      Name: Orders_v2-final\n"
        "      Logging:\n        Level: ALL\n        Destinations:\n          - CloudWatchLogsLogGroup:\n"
        "              LogGroupArn: arn:aws:logs:us-east-1:123456789012:log-group:orders:*\n",
    "a name from Sub is not judged": HEAD + "      Name: !Sub '${AWS::StackName} orders'\n",
    "Input as JSON, and a pattern with every comparison": HEAD + """      Events:
        Changed:
          Type: EventBridgeRule
          Properties:
            Input: '{"source": "rule", "count": 1, "tags": [], "nested": {"a": null}}'
            Pattern:
              source: [aws.s3]
              detail:
                bucket: {name: [{prefix: logs-}, {suffix: .tmp}, {wildcard: "a*b"}]}
                size: [{numeric: [">", 0, "<=", 5]}]
                key: [{anything-but: {prefix: tmp/}}]
                owner: [{exists: true}]
                ip: [{cidr: 10.0.0.0/24}]
                name: [{equals-ignore-case: Alpha}]
                $or:
                  - kind: [a]
                  - kind: [b]
""",
    "alarms on every kind of execution metric, the right way round": HEAD + "".join(
        ALARM.replace("  Failed:", f"  Alarm{index}:").format(metric=metric, extra=extra, threshold=threshold,
                                                               operator=operator)
        for index, (metric, extra, threshold, operator) in enumerate([
            ("ExecutionsFailed", "", 1, "GreaterThanOrEqualToThreshold"),
            ("ExecutionsTimedOut", "", 0, "GreaterThanThreshold"),
            ("ExecutionThrottled", "", 1, "GreaterThanOrEqualToThreshold"),
            ("ExecutionsSucceeded", "", 1, "LessThanThreshold"),
            ("ExecutionsStarted", "        - Name: Version\n          Value: '1'\n", 1, "LessThanThreshold"),
        ])),
    "a custom metric with a sub-minute period": HEAD + """  Latency:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Namespace: Orders
      MetricName: Latency
      ExtendedStatistic: p99.9
      Period: 10
      EvaluationPeriods: 6
      Threshold: 250
      ComparisonOperator: GreaterThanUpperThreshold
      ThresholdMetricId: band
""",
    "types of every kind": HEAD + """  Helper:
    Type: Custom::Helper
    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:helper}
  Thing:
    Type: Acme::Service::Thing
  Queue:
    Type: AWS::SQS::Queue
  Function:
    Type: AWS::Serverless::Function
    Properties: {Handler: index.handler, Runtime: python3.12, InlineCode: "def handler(e, c): pass"}
""",
}


@pytest.mark.parametrize("name", list(VALID))
def test_valid_edge_case(name, tmp_path):
    path = tmp_path / "template.yaml"
    path.write_text(VALID[name])
    assert [(entry.problem.rule_id, entry.problem.message) for entry in check_files([str(path)])
            if entry.problem.rule_id in MODEL_RULES] == []
    expand(load(path), parameters={})  # and expand accepts it
