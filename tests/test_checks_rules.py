"""Every check: a template that triggers it and a near miss that does not.

Each case runs through `samtransform check`'s own pipeline (read, check, locate) and
compares the whole list of findings: line, column, rule ID and the exact message.
The templates are fixtures/checks/<RULE>/{trigger,near_miss}.yaml; the limits rules,
which need big templates, build theirs below.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samtransform import load
from samtransform.core.catalog import BY_ID as RULES_BY_ID
from samtransform.cli.check import check_files
from samtransform.expansion import expand

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "checks"

EXPECTED = {
    "E9000": {
        "trigger": [(8, 7, "E9000", "5 is not of type 'string'")],
        # expand refuses Percentage 150 too; E9102 says so, and E9000 does not repeat it.
        "near_miss": [(14, 9, "E9102", "Percentage 150 is not an integer from 1 to 99")],
    },
    "W9001": {
        "trigger": [(5, 5, "W9001", "unknown property 'Condtion' is ignored, as AWS SAM ignores it, did you mean "
                                    "'Condition'?")],
        "near_miss": [],
    },
    "W9002": {
        "trigger": [(35, 1, "W9002", "Outputs is null (a key with nothing under it): CloudFormation rejects a null "
                                     "value ('null' values are not allowed in templates); give it entries or remove "
                                     "the key")],
        "near_miss": [],
    },
    "E9101": {
        "trigger": [(13, 9, "E9101", "Type 'LINEARR' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'LINEAR'?")],
        "near_miss": [],
    },
    "E9102": {
        "trigger": [(14, 9, "E9102", "Percentage 100 is not an integer from 1 to 99")],
        "near_miss": [],
    },
    "E9103": {
        "trigger": [(15, 9, "E9103", "Interval 2101 is not an integer from 1 to 2100 (minutes)")],
        "near_miss": [],
    },
    "E9104": {
        "trigger": [(12, 7, "E9104", "a CANARY deployment needs Interval: AWS documents no default")],
        "near_miss": [],  # ALL_AT_ONCE needs neither
    },
    "W9105": {
        "trigger": [(14, 9, "W9105", "Percentage is ignored by an ALL_AT_ONCE deployment, which shifts all traffic "
                                     "at once")],
        "near_miss": [],  # Interval is how long ALL_AT_ONCE is watched: allowed
    },
    "E9106": {
        "trigger": [
            (16, 9, "E9106", "unknown DeploymentPreference key 'Alrams', did you mean 'Alarms'?"),
            (17, 9, "E9106", "unknown DeploymentPreference key 'Bake' (expected one of: Type, Percentage, Interval, "
                             "Alarms)"),
        ],
        "near_miss": [],
    },
    "E9107": {
        "trigger": [(16, 9, "E9107", "Alarms lists !Ref FailedExecutions twice (entries 0 and 1)")],
        "near_miss": [],  # the same alarm by Ref and by name: two entries CloudFormation accepts
    },
    "E9108": {
        "trigger": [
            (6, 7, "E9108", "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified."),
            (12, 7, "E9108", "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified."),
        ],
        "near_miss": [],
    },
    "E9109": {
        "trigger": [(6, 7, "E9109", "alias name '1' must contain at least one letter (CloudFormation's "
                                    "StateMachineAlias Name pattern)")],
        "near_miss": [],
    },
    "E9201": {
        "trigger": [(17, 13, "E9201", "!GetAtt FailedExecutions.Arn is an ARN, but Alarms needs alarm names; use "
                                      "!Ref FailedExecutions, which gives the alarm's name")],
        "near_miss": [],
    },
    "E9202": {
        "trigger": [(17, 13, "E9202", "'arn:aws:cloudwatch:us-east-1:123456789012:alarm:machine-failed' is an ARN, "
                                      "but Alarms needs alarm names; use 'machine-failed'")],
        "near_miss": [],
    },
    "E9203": {
        "trigger": [(18, 13, "E9203", "!Ref Topic is an AWS::SNS::Topic, not a CloudWatch alarm; Alarms needs "
                                      "alarm names")],
        "near_miss": [],  # a parameter, and a composite alarm
    },
    "W9204": {
        "trigger": [(17, 13, "W9204", "no alarm in this template is named 'machine-faild' (did you mean "
                                      "'machine-failed'?); CloudWatch treats an alarm that does not exist as OK")],
        "near_miss": [],
    },
    "W9301": {
        "trigger": [(22, 7, "W9301", "alarm FailedExecutions watches namespace 'AWS/Lambda', not 'AWS/States', so "
                                     "it cannot see executions of Machine through alias 'live'")],
        "near_miss": [],
    },
    "W9302": {
        "trigger": [(26, 11, "W9302", "the StateMachineArn dimension of alarm FailedExecutions refers to "
                                      "OtherMachine, not Machine")],
        "near_miss": [],  # !GetAtt Machine.Arn is the same ARN as !Ref Machine
    },
    "W9303": {
        "trigger": [(28, 11, "W9303", "the Alias dimension of alarm FailedExecutions is 'prod', but the alias of "
                                      "Machine is 'live'")],
        "near_miss": [],  # the same !Ref AliasName as AutoPublishAlias
    },
    "E9304": {
        "trigger": [(22, 7, "E9304", "Step Functions publishes no metric 'ExecutionFailed' in AWS/States (did you mean "
                                     "'ExecutionsFailed'?); an alarm on it never has data, so it never fires")],
        "near_miss": [],  # ExecutionThrottled, not ExecutionsThrottled, is the metric's real name
    },
    "E9305": {
        "trigger": [
            (23, 7, "W9303", "alarm FailedExecutions has no Alias dimension, so it does not watch the executions that "
                             "the alias 'live' of Machine sends to the new version"),
            (26, 11, "E9305", "ExecutionsFailed is never published with a dimension 'AliasName'; an alarm with it "
                              "never has data, so it never fires"),
        ],
        "near_miss": [],  # StateMachineArn and Alias: a set the execution metrics are published with
    },
    "E9306": {
        "trigger": [(32, 7, "E9306", "ExecutionsFailed counts failed executions, so LessThanThreshold fires while the "
                                     "version is healthy and every deployment rolls back; use GreaterThanThreshold or "
                                     "GreaterThanOrEqualToThreshold")],
        "near_miss": [],  # LessThanThreshold on ExecutionsSucceeded: fewer successes is the bad sign
    },
    "E9307": {
        "trigger": [(28, 7, "E9307", "Statistic 'p99' is not one of SampleCount, Average, Sum, Minimum, Maximum; p99 is "
                                     "an extended statistic: give it as ExtendedStatistic")],
        "near_miss": [],  # ExtendedStatistic: p99
    },
    "W9308": {
        "trigger": [(29, 7, "W9308", "a Period of 10 seconds needs a high-resolution metric, and Step Functions "
                                     "publishes ExecutionsFailed once a minute: the alarm often lapses into "
                                     "INSUFFICIENT_DATA")],
        "near_miss": [],  # a 10-second period on the user's own (high-resolution) metric
    },
    "W9401": {
        "trigger": [(30, 7, "W9401", "alarm FailedExecutions needs 5 minutes of data to fire (Period 300 s x "
                                     "EvaluationPeriods 1), but the LINEAR deployment (50 % every 2 minutes) watches "
                                     "its alarms for 4 minutes at most: a failing version gets all traffic before "
                                     "this alarm can fire")],
        "near_miss": [],  # DatapointsToAlarm 2 of EvaluationPeriods 5: 2 minutes of data are enough
    },
    "W9402": {
        "trigger": [(12, 7, "W9402", "a CANARY deployment without Alarms never rolls back: it shifts all traffic to "
                                     "the new version whatever happens")],
        "near_miss": [],  # ALL_AT_ONCE shifts at once anyway
    },
    "W9403": {
        "trigger": [(15, 7, "W9403", "rollback alarms of Machine: an ALL_AT_ONCE deployment moves all traffic at "
                                     "once, and AWS does not document how long CloudFormation then watches the "
                                     "alarms, so they cannot be shown to fire in time; use LINEAR or CANARY for a "
                                     "rollout they can stop")],
        "near_miss": [],  # CANARY 10 % for 1 minute: the 60-second window fits
    },
    "W9404": {
        "trigger": [(7, 9, "W9404", "RollbackAlarms needs AutoPublishAlias: Machine publishes no alias, so there is "
                                    "no deployment to roll back and no alarm is generated")],
        "near_miss": [],  # the template-wide switch leaves a state machine without an alias out
    },
    "W9405": {
        "trigger": [(19, 9, "W9405", "Api event PlaceOrder starts Machine itself, not its alias: API requests run the "
                                     "latest version at once and the CANARY deployment of alias 'live' never sees "
                                     "them; set UseAliasAsEventTarget: true")],
        "near_miss": [],  # the API starts the alias
    },
    "E9501": {
        "trigger": [
            (36, 5, "E9501", "AWS SAM does not resolve !GetAtt Machine.Version.Arn for state machines; use "
                             "!GetAtt MachineVersion.Arn"),
            (38, 5, "E9501", "AWS SAM does not resolve ${Machine.Alias} for state machines; use ${MachineAliaslive}"),
        ],
        "near_miss": [],
    },
    "E9502": {
        "trigger": [(36, 5, "E9502", "DependsOn MachineAliaslve names no resource; did you mean MachineAliaslive?")],
        "near_miss": [],
    },
    "E9801": {
        "trigger": [
            (15, 13, "E9801", "'rate(1 minutes)': a value of 1 takes a singular unit: rate(1 minute)"),
            (19, 13, "E9801", "'cron(0 12 * * MON-FRI)' has 5 fields; a cron expression takes 6: minutes, hours, "
                              "day-of-month, month, day-of-week and year (did you mean cron(0 12 ? * MON-FRI *)?)"),
        ],
        "near_miss": [],  # rate(1 minute), and cron with ? and a year
    },
    "E9802": {
        "trigger": [(16, 15, "E9802", "EventBridge refuses a bare value in an event pattern: 'source' takes an array "
                                      "of values to match, or an object of fields; write [\"aws.ec2\"]")],
        "near_miss": [],  # source: [aws.ec2]
    },
    "E9803": {
        "trigger": [(16, 13, "E9803", "Input is not JSON text (Expecting property name enclosed in double quotes at "
                                      "line 1 column 2); the target gets Input as the execution's input, which must "
                                      "be JSON")],
        "near_miss": [],
    },
    "E9804": {
        "trigger": [(12, 9, "E9804", "Level ALL needs Destinations (a CloudWatch Logs log group): Step Functions "
                                     "refuses a logging configuration without one unless Level is OFF")],
        "near_miss": [],  # Level: "OFF" needs no destination
    },
    "E9805": {
        "trigger": [(11, 7, "E9805", "Name 'order pipeline' contains U+0020, which a state machine name must not "
                                     "contain (white space, < > { } [ ] ? * \" # % \\ ^ | ~ ` $ & , ; : / and control "
                                     "characters)")],
        "near_miss": [],  # an 80-character name
    },
    "W9806": {
        "trigger": [(11, 7, "W9806", "Name 'orders.v2' contains '.': with Logging, a state machine name should only "
                                     "contain 0-9, A-Z, a-z, - and _ (CreateStateMachine)")],
        "near_miss": [],  # the same name with logging off
    },
    "E9807": {
        "trigger": [(12, 7, "E9807", "'service-role' does not match '^(\\\\u002F)|(\\\\u002F[\\\\u0021-\\\\u007E]+\\\\u002F)$' "
                                     "(CloudFormation's schema, at MachineRole/Properties/Path of the expanded "
                                     "template)")],
        "near_miss": [],  # RolePath: /service-role/
    },
    "E9811": {
        "trigger": [(4, 5, "E9811", "'AWS::Serverless::Statemachine' is not a resource type (did you mean "
                                    "'AWS::Serverless::StateMachine'?); AWS SAM does not expand it and CloudFormation "
                                    "refuses it")],
        "near_miss": [],  # AWS::StepFunctions::Activity and a Custom:: type
    },
    "W9812": {
        "trigger": [(12, 5, "W9812", "'AWS::Quantum::Circuit' is not a resource type that CloudFormation or AWS SAM "
                                     "lists (pinned lists: cfn-lint's provider schemas and aws-sam-translator); "
                                     "CloudFormation refuses a type it does not know")],
        "near_miss": [],  # a registry type (Acme::...) is not judged
    },
}
BUILT_BELOW = {"E9601", "E9602", "W9603"}

# --------------------------------------------------------------------------- Amazon States Language rules
# Each ASL rule has four cases: the definition inline (trigger.yaml, near_miss.yaml) and the
# same definition in a local file (trigger_file.yaml naming trigger.asl.json, ...). Findings
# in a local file are reported in that file; the file is the first item of each tuple.
ASL_EXPECTED = {
    "E9701": {
        "trigger": [
            ('trigger.yaml', 8, 9, 'W9702', "substitution 'TopicArn' is not used: the definition has no ${TopicArn}"),
            ('trigger.yaml', 16, 15, 'E9701', "${topicArn} is not defined in DefinitionSubstitutions; did you mean 'TopicArn'?"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger_file.yaml', 8, 9, 'W9702', "substitution 'TopicArn' is not used: the definition file has no ${TopicArn}"),
            ('trigger.asl.json', 8, 9, 'E9701', "${topicArn} is not defined in DefinitionSubstitutions; did you mean 'TopicArn'?"),
        ],
        "near_miss_file": [],
    },
    "W9702": {
        "trigger": [
            ('trigger.yaml', 9, 9, 'W9702', "substitution 'Stage' is not used: the definition has no ${Stage}"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger_file.yaml', 9, 9, 'W9702', "substitution 'Stage' is not used: the definition file has no ${Stage}"),
        ],
        "near_miss_file": [],
    },
    "E9711": {
        "trigger": [
            ('trigger.yaml', 18, 15, 'E9711', "Next 'Faild' names no state in this scope; did you mean 'Failed'?"),
            ('trigger.yaml', 22, 11, 'W9713', "state 'Failed' is unreachable: no transition from StartAt 'Work' leads to it"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 15, 11, 'E9711', "Next 'Faild' names no state in this scope; did you mean 'Failed'?"),
            ('trigger.asl.json', 23, 5, 'W9713', "state 'Failed' is unreachable: no transition from StartAt 'Work' leads to it"),
        ],
        "near_miss_file": [],
    },
    "E9712": {
        "trigger": [
            ('trigger.yaml', 16, 13, 'E9712', "state 'Work' has both Next and End: true; a state either moves on or ends"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 11, 7, 'E9712', "state 'Work' has both Next and End: true; a state either moves on or ends"),
        ],
        "near_miss_file": [],
    },
    "W9713": {
        "trigger": [
            ('trigger.yaml', 16, 11, 'W9713', "state 'Cleanup' is unreachable: no transition from StartAt 'Work' leads to it"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 12, 5, 'W9713', "state 'Cleanup' is unreachable: no transition from StartAt 'Work' leads to it"),
        ],
        "near_miss_file": [],
    },
    "E9714": {
        "trigger": [
            ('trigger.yaml', 9, 9, 'E9714', 'no state ends the execution (End: true, Succeed or Fail); Step Functions refuses a workflow without a terminal state'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 3, 3, 'E9714', 'no state ends the execution (End: true, Succeed or Fail); Step Functions refuses a workflow without a terminal state'),
        ],
        "near_miss_file": [],
    },
    "E9715": {
        "trigger": [
            ('trigger.yaml', 11, 13, 'E9715', "Type 'Passs' is not a state type; did you mean 'Pass'?"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 5, 7, 'E9715', "Type 'Passs' is not a state type; did you mean 'Pass'?"),
        ],
        "near_miss_file": [],
    },
    "E9716": {
        "trigger": [
            ('trigger.yaml', 19, 11, 'E9716', "state name 'Done' is also used at States/Both/Branches/0/States/Done; state names must be unique in the whole state machine"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 19, 5, 'E9716', "state name 'Done' is also used at States/Both/Branches/0/States/Done; state names must be unique in the whole state machine"),
        ],
        "near_miss_file": [],
    },
    "E9721": {
        "trigger": [
            ('trigger.yaml', 12, 13, 'E9721', 'a Pass state has no Resource field'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9721', 'a Pass state has no Resource field'),
        ],
        "near_miss_file": [],
    },
    "E9722": {
        "trigger": [
            ('trigger.yaml', 10, 11, 'E9722', "Task state 'Work' needs Resource"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 4, 5, 'E9722', "Task state 'Work' needs Resource"),
        ],
        "near_miss_file": [],
    },
    "E9723": {
        "trigger": [
            ('trigger.yaml', 13, 13, 'E9723', 'a Wait state cannot have both Seconds and Timestamp'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 7, 7, 'E9723', 'a Wait state cannot have both Seconds and Timestamp'),
        ],
        "near_miss_file": [],
    },
    "E9724": {
        "trigger": [
            ('trigger.yaml', 16, 15, 'E9724', 'the retrier with States.ALL must be the last in Retry: the 1 after it can never match'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 12, 11, 'E9724', 'the retrier with States.ALL must be the last in Retry: the 1 after it can never match'),
        ],
        "near_miss_file": [],
    },
    "E9725": {
        "trigger": [
            ('trigger.yaml', 16, 13, 'E9725', 'HeartbeatSeconds 60 is not below TimeoutSeconds 60: the task would time out before a missing heartbeat is noticed'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 11, 7, 'E9725', 'HeartbeatSeconds 60 is not below TimeoutSeconds 60: the task would time out before a missing heartbeat is noticed'),
        ],
        "near_miss_file": [],
    },
    "E9726": {
        "trigger": [
            ('trigger.yaml', 14, 13, 'E9726', 'Parameters is a JSONPath field, but this state uses JSONata; use Arguments'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 8, 7, 'E9726', 'Parameters is a JSONPath field, but this state uses JSONata; use Arguments'),
        ],
        "near_miss_file": [],
    },
    "E9731": {
        "trigger": [
            ('trigger.yaml', 12, 13, 'E9731', "Step Functions has no optimized integration named 'lamda'; did you mean 'lambda'?"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9731', "Step Functions has no optimized integration named 'lamda'; did you mean 'lambda'?"),
        ],
        "near_miss_file": [],
    },
    "E9732": {
        "trigger": [
            ('trigger.yaml', 12, 13, 'E9732', 'lambda has no Run a Job (.sync) integration (it offers Request Response, Wait for Callback (.waitForTaskToken))'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9732', 'lambda has no Run a Job (.sync) integration (it offers Request Response, Wait for Callback (.waitForTaskToken))'),
        ],
        "near_miss_file": [],
    },
    "E9733": {
        "trigger": [
            ('trigger.yaml', 13, 13, 'E9733', "an EXPRESS state machine cannot use Wait for Callback (.waitForTaskToken): Express workflows support Request Response only; remove '.waitForTaskToken' or use Type: STANDARD"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9733', "an EXPRESS state machine cannot use Wait for Callback (.waitForTaskToken): Express workflows support Request Response only; remove '.waitForTaskToken' or use Type: STANDARD"),
        ],
        "near_miss_file": [],
    },
    "E9734": {
        "trigger": [
            ('trigger.yaml', 13, 13, 'E9734', 'an EXPRESS state machine cannot run activities; use Type: STANDARD'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9734', 'an EXPRESS state machine cannot run activities; use Type: STANDARD'),
        ],
        "near_miss_file": [],
    },
    "E9741": {
        "trigger": [
            ('trigger.yaml', 14, 15, 'E9741', "the JSONata expression '$sum($states.input.orders.price' does not parse: Expected ) before end of expression"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 8, 9, 'E9741', "the JSONata expression '$sum($states.input.orders.price' does not parse: Expected ) before end of expression"),
        ],
        "near_miss_file": [],
    },
    "W9742": {
        "trigger": [
            ('trigger.yaml', 14, 15, 'W9742', "'Order {% $states.input.id %} shipped' is not a JSONata expression, so Step Functions sends it as written: an expression is a whole string that starts with {% and ends with %}"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 8, 9, 'W9742', "'Order {% $states.input.id %} shipped' is not a JSONata expression, so Step Functions sends it as written: an expression is a whole string that starts with {% and ends with %}"),
        ],
        "near_miss_file": [],
    },
    "E9743": {
        "trigger": [
            ('trigger.yaml', 12, 13, 'E9743', "InputPath '$.orders[' is not a path: '[' at character 9 is never closed"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9743', "InputPath '$.orders[' is not a path: '[' at character 9 is never closed"),
        ],
        "near_miss_file": [],
    },
    "E9744": {
        "trigger": [
            ('trigger.yaml', 13, 15, 'E9744', 'States.Formatt is not an intrinsic function; did you mean States.Format?'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 7, 9, 'E9744', 'States.Formatt is not an intrinsic function; did you mean States.Format?'),
        ],
        "near_miss_file": [],
    },
    "E9745": {
        "trigger": [
            ('trigger.yaml', 14, 15, 'E9745', "'StringEqual' is not a field of a Choice rule; did you mean 'StringEquals'?"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 9, 11, 'E9745', "'StringEqual' is not a field of a Choice rule; did you mean 'StringEquals'?"),
        ],
        "near_miss_file": [],
    },
    "E9746": {
        "trigger": [
            ('trigger.yaml', 14, 15, 'E9746', 'a DISTRIBUTED Map needs ExecutionType in its ProcessorConfig: STANDARD or EXPRESS, the type of the child workflow that runs each item'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 8, 9, 'E9746', 'a DISTRIBUTED Map needs ExecutionType in its ProcessorConfig: STANDARD or EXPRESS, the type of the child workflow that runs each item'),
        ],
        "near_miss_file": [],
    },
    "E9747": {
        "trigger": [
            ('trigger.yaml', 18, 15, 'E9747', 'MaxAttempts -1 is not an integer of at least 0'),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 15, 11, 'E9747', 'MaxAttempts -1 is not an integer of at least 0'),
        ],
        "near_miss_file": [],
    },
    "E9748": {
        "trigger": [
            ('trigger.yaml', 12, 13, 'E9748', "'2026-03-14t01:59:00z' is not an RFC 3339 timestamp: T and Z must be uppercase ('2026-03-14T01:59:00Z')"),
        ],
        "near_miss": [],
        "trigger_file": [
            ('trigger.asl.json', 6, 7, 'E9748', "'2026-03-14t01:59:00z' is not an RFC 3339 timestamp: T and Z must be uppercase ('2026-03-14T01:59:00Z')"),
        ],
        "near_miss_file": [],
    },
}
ASL_CASES = ("trigger", "near_miss", "trigger_file", "near_miss_file")


def findings_of(path: Path) -> list[tuple]:
    return [(entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]


@pytest.mark.parametrize("rule_id, case", [(rule_id, case) for rule_id in EXPECTED
                                           for case in ("trigger", "near_miss")])
def test_rule_fixture(rule_id, case):
    assert findings_of(FIXTURES / rule_id / f"{case}.yaml") == EXPECTED[rule_id][case]


def test_every_rule_has_a_trigger_and_a_near_miss():
    assert set(EXPECTED) | set(ASL_EXPECTED) | BUILT_BELOW == set(RULES_BY_ID)
    assert sorted(path.name for path in FIXTURES.iterdir()) == sorted(set(EXPECTED) | set(ASL_EXPECTED))
    for rule_id, cases in EXPECTED.items():
        assert any(finding[2] == rule_id for finding in cases["trigger"]), rule_id
        assert not any(finding[2] == rule_id for finding in cases["near_miss"]), rule_id
    for rule_id, cases in ASL_EXPECTED.items():
        for trigger, near_miss in (("trigger", "near_miss"), ("trigger_file", "near_miss_file")):
            assert any(finding[3] == rule_id for finding in cases[trigger]), (rule_id, trigger)
            assert not any(finding[3] == rule_id for finding in cases[near_miss]), (rule_id, near_miss)


def findings_with_files(path: Path) -> list[tuple]:
    return [(Path(entry.file).name, entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]


@pytest.mark.parametrize("rule_id, case", [(rule_id, case) for rule_id in ASL_EXPECTED for case in ASL_CASES])
def test_asl_rule_fixture(rule_id, case):
    assert findings_with_files(FIXTURES / rule_id / f"{case}.yaml") == ASL_EXPECTED[rule_id][case]


def test_asl_file_cases_hold_the_inline_definitions():
    """The local-file case of each rule checks the very definition of its inline case."""
    for rule_id in ASL_EXPECTED:
        for case in ("trigger", "near_miss"):
            inline = load(FIXTURES / rule_id / f"{case}.yaml")["Resources"]["Machine"]["Properties"]
            in_file = load(FIXTURES / rule_id / f"{case}_file.yaml")["Resources"]["Machine"]["Properties"]
            assert json.loads((FIXTURES / rule_id / f"{case}.asl.json").read_text()) == inline.pop("Definition")
            assert in_file.pop("DefinitionUri") == f"{case}.asl.json"
            assert in_file == inline


def test_near_misses_expand():
    """A near miss is a template expand accepts (except E9000's, which is about a covered error)."""
    for rule_id in EXPECTED:
        if rule_id != "E9000":
            expand(load(FIXTURES / rule_id / "near_miss.yaml"))
    for rule_id in ASL_EXPECTED:
        expand(load(FIXTURES / rule_id / "near_miss.yaml"))
        expand(load(FIXTURES / rule_id / "near_miss_file.yaml"), base_dir=FIXTURES / rule_id)


# --------------------------------------------------------------------------- limits: built templates

def machines(count: int, definition_states: int = 1, state_padding: str = "") -> str:
    """`count` state machines with an alias, each generating 3 resources (no role: Role is given)."""
    states = "".join(f"          S{index}: {{Type: Pass, Comment: '{state_padding}', Next: S{index + 1}}}\n"
                     for index in range(definition_states - 1))
    states += f"          S{definition_states - 1}: {{Type: Succeed}}\n"
    lines = ["Transform: AWS::Serverless-2016-10-31", "Resources:"]
    for index in range(count):
        lines += [f"  Machine{index}:", "    Type: AWS::Serverless::StateMachine", "    Properties:",
                  "      AutoPublishAlias: live", "      Role: arn:aws:iam::123456789012:role/machine",
                  "      Definition:", "        StartAt: S0", "        States:"]
        lines.append(states.rstrip("\n"))
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return path


def compact_size(path: Path) -> int:
    return len(json.dumps(expand(load(path)), separators=(",", ":"), ensure_ascii=False).encode())


def count_findings(path: Path) -> list[tuple]:
    return [finding for finding in findings_of(path) if finding[2] == "E9601"]  # W9603 too: 500 resources are big


def test_e9601_too_many_resources(tmp_path):
    path = write(tmp_path, machines(167))  # 167 x 3 = 501
    assert count_findings(path) == [(2, 1, "E9601", "the expanded template has 501 resources (334 generated); "
                                                    "CloudFormation allows at most 500 in a stack")]


def test_e9601_near_miss_exactly_500(tmp_path):
    text = machines(166) + "  Topic1:\n    Type: AWS::SNS::Topic\n  Topic2:\n    Type: AWS::SNS::Topic\n"
    assert count_findings(write(tmp_path, text)) == []  # 166 x 3 + 2 = 500


def test_w9603_needs_s3(tmp_path):
    path = write(tmp_path, machines(1, definition_states=400))
    size = compact_size(path)
    assert 51_200 < size <= 1_048_576
    assert findings_of(path) == [(1, 1, "W9603", f"the expanded template is {size:,} bytes as compact JSON, over the "
                                                 "51,200 bytes CloudFormation accepts in a request; deploy it from S3 "
                                                 "(TemplateURL, or --s3-bucket)")]


def test_w9603_near_miss_small_enough(tmp_path):
    path = write(tmp_path, machines(1, definition_states=300))
    assert compact_size(path) <= 51_200
    assert findings_of(path) == []


def test_e9602_over_1_mb(tmp_path):
    # Two state machines: one definition over 1 MB is an error of its own (Step Functions' limit).
    path = write(tmp_path, machines(2, definition_states=1000, state_padding="x" * 500))
    size = compact_size(path)
    assert size > 1_048_576
    assert findings_of(path) == [(1, 1, "E9602", f"the expanded template is {size:,} bytes as compact JSON; "
                                                 "CloudFormation accepts at most 1 MB (1,048,576 bytes) even from S3")]


def test_e9602_near_miss_under_1_mb_is_only_w9603(tmp_path):
    path = write(tmp_path, machines(1, definition_states=1500, state_padding="x" * 500))
    assert 51_200 < compact_size(path) <= 1_048_576
    assert [finding[2] for finding in findings_of(path)] == ["W9603"]


def test_limits_leave_templates_without_state_machines_to_cfn_lint(tmp_path):
    text = "Resources:\n" + "".join(f"  Topic{index}:\n    Type: AWS::SNS::Topic\n" for index in range(501))
    assert findings_of(write(tmp_path, text)) == []


# --------------------------------------------------------------------------- more cases, inline

BASE = (FIXTURES / "E9106" / "near_miss.yaml").read_text()  # the clean template every fixture varies


def variant(*replacements: tuple[str, str], append: str = "") -> str:
    text = BASE
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text + append


PREFERENCE = ("        Type: LINEAR\n        Percentage: 20\n        Interval: 10\n        Alarms:\n"
              "          - !Ref FailedExecutions\n")
ALARM_ENTRY = "          - !Ref FailedExecutions\n"
TOPIC = "  Topic:\n    Type: AWS::SNS::Topic\n"

MORE_CASES = {
    "a deployment preference without Type": (
        variant(("        Type: LINEAR\n", "")),
        [(12, 7, "E9101", "DeploymentPreference needs a Type: LINEAR, CANARY or ALL_AT_ONCE")]),
    "a lowercase type": (
        variant(("Type: LINEAR", "Type: canary")),
        [(13, 9, "E9101", "Type 'canary' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'CANARY'?")]),
    "a Lambda-style canary type": (
        variant(("Type: LINEAR", "Type: Canary10Percent5Minutes")),
        [(13, 9, "E9101", "Type 'Canary10Percent5Minutes' is not LINEAR, CANARY or ALL_AT_ONCE; for a state machine, "
                          "Canary10Percent5Minutes is written Type: CANARY, Percentage: 10, Interval: 5")]),
    "a Lambda-style linear type": (
        variant(("Type: LINEAR", "Type: Linear10PercentEvery1Minute")),
        [(13, 9, "E9101", "Type 'Linear10PercentEvery1Minute' is not LINEAR, CANARY or ALL_AT_ONCE; for a state "
                          "machine, Linear10PercentEvery1Minute is written Type: LINEAR, Percentage: 10, Interval: 1")]),
    "Lambda's AllAtOnce": (
        variant(("Type: LINEAR", "Type: AllAtOnce"), ("        Percentage: 20\n", "")),
        [(13, 9, "E9101", "Type 'AllAtOnce' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'ALL_AT_ONCE'?")]),
    "a percentage given as a digit string, which CloudFormation converts": (
        variant(("Percentage: 20", "Percentage: '20'")),
        []),
    "a percentage given as a string out of range": (
        variant(("Percentage: 20", "Percentage: '200'")),
        [(14, 9, "E9102", "Percentage '200' is not an integer from 1 to 99")]),
    "values known only at deploy time are not judged": (
        variant(("Type: LINEAR", "Type: !Ref DeployType"), ("Percentage: 20", "Percentage: !Ref Share"),
                ("Transform:", "Parameters:\n  DeployType: {Type: String}\n  Share: {Type: Number}\nTransform:")),
        []),
    "a user-given StateMachineVersionArn: overwritten, as AWS SAM does, with expand's warning": (
        variant(("Interval: 10", "Interval: 10\n        StateMachineVersionArn: !Ref MachineVersion")),
        [(16, 9, "W9001", "StateMachineVersionArn is generated (!Ref MachineVersion); AWS SAM overwrites the given "
                          "value, and so does samtransform")]),
    "an empty Alarms list": (
        variant((ALARM_ENTRY, ""), ("Alarms:\n", "Alarms: []\n")),
        [(16, 9, "E9107", "Alarms is empty; list at least one alarm name, or remove Alarms")]),
    "101 alarms": (
        variant((ALARM_ENTRY, "".join(f"          - alarm-{index}\n" for index in range(101)))),
        [(16, 9, "E9107", "Alarms lists 101 alarms; CloudFormation allows at most 100")]
        + [(17 + index, 13, "W9204", f"no alarm in this template is named 'alarm-{index}'; CloudWatch treats an "
                                     "alarm that does not exist as OK") for index in range(101)]),
    "an alarm name too long, and one that is not a name": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - " + "a" * 257 + "\n          - [x]\n")),
        [(18, 13, "E9107", "alarm name is 257 characters long; CloudFormation allows at most 256"),
         (18, 13, "W9204", f"no alarm in this template is named {'a' * 257!r}; CloudWatch treats an alarm that does "
                           "not exist as OK"),
         (19, 13, "E9107", "['x'] is not an alarm name")]),
    "Fn::If around the deployment preference: each branch": (
        variant((PREFERENCE, "          - IsProd\n          - {Type: LINEARR, Percentage: 20, Interval: 10, Alarms: "
                             "[!Ref FailedExecutions]}\n          - !Ref AWS::NoValue\n"),
                ("      DeploymentPreference:\n", "      DeploymentPreference:\n        Fn::If:\n"),
                ("Transform:", "Conditions:\n  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']\nTransform:")),
        [(17, 14, "E9101", "Type 'LINEARR' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'LINEAR'?")]),
    "GetAtt Arn of another resource": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !GetAtt Topic.Arn\n"), append=TOPIC),
        [(18, 13, "E9201", "!GetAtt Topic.Arn is an ARN, but Alarms needs alarm names")]),
    "an ARN made with Sub": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !Sub 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:"
                                            "${AWS::AccountId}:alarm:machine-failed'\n")),
        [(18, 13, "E9202", "!Sub 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:"
                           "machine-failed' makes an ARN, but Alarms needs alarm names")]),
    "a Ref to nothing": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !Ref Missing\n")),
        [(18, 13, "E9203", "!Ref Missing names no resource or parameter of this template")]),
    "an alarm's logical ID as its name": (
        variant((ALARM_ENTRY, "          - FailedExecutions\n")),
        [(17, 13, "W9204", "'FailedExecutions' is the logical ID of an alarm, not its name; use !Ref "
                           "FailedExecutions")]),
    "a name an AlarmName Sub can make": (
        variant(("AlarmName: machine-failed", "AlarmName: !Sub '${AWS::StackName}-failed'"),
                (ALARM_ENTRY, "          - prod-failed\n")),
        []),
    "no dimensions at all": (
        variant(("      Dimensions:\n        - Name: StateMachineArn\n          Value: !Ref Machine\n"
                 "        - Name: Alias\n          Value: live\n", "")),
        [(20, 5, "W9302", "alarm FailedExecutions has no StateMachineArn dimension, so it does not watch Machine"),
         (20, 5, "W9303", "alarm FailedExecutions has no Alias dimension, so it does not watch the executions that "
                          "the alias 'live' of Machine sends to the new version")]),
    "a metric-math alarm is not judged": (
        variant(("      Namespace: AWS/States\n", "      Metrics: []\n")),
        []),
    "CANARY timing: 20 % then the rest after 5 minutes": (
        variant(("Type: LINEAR", "Type: CANARY"), ("Interval: 10", "Interval: 5"),
                ("EvaluationPeriods: 1", "EvaluationPeriods: 11")),
        [(30, 7, "W9401", "alarm FailedExecutions needs 11 minutes of data to fire (Period 60 s x EvaluationPeriods "
                          "11), but the CANARY deployment (20 %, then the rest after 5 minutes) watches its alarms "
                          "for 10 minutes at most: a failing version gets all traffic before this alarm can fire")]),
    "CANARY timing at the bound": (
        variant(("Type: LINEAR", "Type: CANARY"), ("Interval: 10", "Interval: 5"),
                ("EvaluationPeriods: 1", "EvaluationPeriods: 10")),
        []),
    "Ref to Version of a state machine without an alias": (
        variant(("      AutoPublishAlias: live\n", ""), ("      DeploymentPreference:\n" + PREFERENCE, ""),
                append="Outputs:\n  Version:\n    Value: !Ref Machine.Version\n"),
        [(29, 5, "E9501", "AWS SAM does not resolve !Ref Machine.Version for state machines, and Machine has no "
                          "AutoPublishAlias, so no version is generated")]),
    "a misspelt alias is offered an alias, not the generated role": (
        variant(append="Outputs:\n  Alias:\n    Value: !Ref MachineAliasRole\n"),
        [(36, 5, "E9502", "!Ref MachineAliasRole names no resource; did you mean MachineAliaslive?")]),
    "a misspelt version is offered a version": (
        variant(append="Outputs:\n  Version:\n    Value: !GetAtt MachineVersionn.Arn\n"),
        [(36, 5, "E9502", "!GetAtt MachineVersionn.Arn names no resource; did you mean MachineVersion?")]),
    "Ref to an alias that is not generated": (
        variant(("      AutoPublishAlias: live\n", ""), ("      DeploymentPreference:\n" + PREFERENCE, ""),
                append="Outputs:\n  Alias:\n    Value: !GetAtt MachineAliaslive.Arn\n"),
        [(29, 5, "E9502", "!GetAtt MachineAliaslive.Arn names no resource; Machine has no AutoPublishAlias, so no "
                          "alias or version is generated")]),
    # check skips walking an inline definition whose deployed substitutions hold no such reference:
    # these show it still finds them there, at the line in the definition.
    "references inside an inline definition": (
        variant(("          Done: {Type: Succeed}\n",
                 "          Done:\n            Type: Pass\n            Parameters:\n"
                 "              alias: !Ref Machine.Alias\n"
                 "              version: !Sub 'arn:${AWS::Partition}:x:${MachineVersion1}'\n"
                 "            End: true\n")),
        [(14, 15, "E9501", "AWS SAM does not resolve !Ref Machine.Alias for state machines; use !Ref "
                           "MachineAliaslive"),
         (15, 15, "E9502", "${MachineVersion1} names no resource; did you mean MachineVersion?")]),
    "the generated IDs named inside an inline definition": (
        variant(("          Done: {Type: Succeed}\n",
                 "          Done:\n            Type: Pass\n            Parameters:\n"
                 "              alias: !Ref MachineAliaslive\n"
                 "              version: !Sub '${MachineVersion}'\n"
                 "            End: true\n")),
        []),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected
