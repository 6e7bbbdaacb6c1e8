"""The ASL rules beyond their fixtures: every level, what is skipped, and the exact substitutions.

Each case is a whole template run through `samtransform check`'s pipeline; the expected
findings are (line, column, rule, message) in the template, or with the file name first when
the definition is a local file.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samtransform.cli.check import check_files

HEAD = ("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n    Type: AWS::Serverless::StateMachine\n"
        "    Properties:\n      Role: arn:aws:iam::123456789012:role/machine\n")


def template(definition: str, *properties: str) -> str:
    """A template whose Definition (line 8 on) is the given YAML, indented by 8."""
    body = "".join(f"      {line}\n" for line in properties)
    lines = definition.strip("\n").split("\n")
    return HEAD + body + "      Definition:\n" + "".join(f"        {line}\n" for line in lines)


def findings(tmp_path: Path, text: str, files: dict | None = None) -> list[tuple]:
    for name, content in (files or {}).items():
        (tmp_path / name).write_text(content)
    path = tmp_path / "template.yaml"
    path.write_text(text)
    return [((Path(entry.file).name,) if Path(entry.file).name != "template.yaml" else ())
            + (entry.line, entry.column, entry.problem.rule_id, entry.problem.message)
            for entry in check_files([str(path)])]


TASK = "{Type: Task, Resource: 'arn:aws:states:::lambda:invoke', Parameters: {FunctionName: f}, End: true}"

CASES = {
    "a Choice rule and Default in a Map's ItemProcessor": (
        template("""
StartAt: Each
States:
  Each:
    Type: Map
    ItemProcessor:
      StartAt: Check
      States:
        Check:
          Type: Choice
          Choices:
            - {Variable: $.ok, BooleanEquals: true, Next: Fine}
          Default: Broken
        Fine: {Type: Succeed}
        Broke: {Type: Fail}
    End: true
"""),
        [(19, 19, "E9711", "Default 'Broken' names no state in this scope; did you mean 'Broke'?"),
         (21, 17, "W9713", "state 'Broke' is unreachable: no transition from StartAt 'Check' leads to it")]),
    "a transition out of its Parallel branch": (
        template("""
StartAt: Both
States:
  Both:
    Type: Parallel
    Branches:
      - StartAt: Left
        States:
          Left: {Type: Pass, Next: Done}
    Next: Done
  Done: {Type: Succeed}
"""),
        [(14, 17, "E9714", "no state ends the execution (End: true, Succeed or Fail); Step Functions refuses a "
                           "workflow without a terminal state"),
         (15, 38, "E9711", "Next 'Done' names no state in this scope: 'Done' is in another scope, and transitions "
                           "cannot leave theirs")]),
    "End on a Choice, Next on a Fail, a Task with neither": (
        template("""
StartAt: Check
States:
  Check:
    Type: Choice
    Choices:
      - {Variable: $.ok, BooleanEquals: true, Next: Work}
    Default: Failed
    End: true
  Work: {Type: Task, Resource: 'arn:aws:states:::lambda:invoke'}
  Failed: {Type: Fail, Next: Check}
"""),
        [(15, 13, "E9712", "a Choice state cannot have End: it moves on through Choices and Default"),
         (16, 11, "E9712", "Task state 'Work' has neither Next nor End: true"),
         (17, 32, "E9712", "a Fail state cannot have Next: it ends the execution")]),
    "an unknown field with a did-you-mean, and one at the top level": (
        template("""
StartAt: Work
Timeout: 30
States:
  Work: {Type: Pass, Nextt: Done}
  Done: {Type: Succeed}
"""),
        [(9, 9, "E9721", "unknown field 'Timeout' in the definition; did you mean 'TimeoutSeconds'?"),
         (11, 11, "E9712", "Pass state 'Work' has neither Next nor End: true"),
         (11, 30, "E9721", "unknown field 'Nextt' in Pass state 'Work'; did you mean 'Next'?"),
         (12, 11, "W9713", "state 'Done' is unreachable: no transition from StartAt 'Work' leads to it")]),
    "a missing Type, a Wait without a time, a Map without a processor": (
        template("""
StartAt: First
States:
  First: {Next: Pause}
  Pause: {Type: Wait, Next: Each}
  Each: {Type: Map, End: true}
"""),
        [(10, 11, "E9722", "state 'First' needs a Type"),
         (11, 11, "E9722", "Wait state 'Pause' needs one of Seconds, Timestamp, SecondsPath, TimestampPath"),
         (12, 11, "E9722", "Map state 'Each' needs one of ItemProcessor, Iterator")]),
    "States.ALL beside another error, in a Catch": (
        template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Catch:
      - {ErrorEquals: [States.Timeout, States.ALL], Next: Done}
    End: true
  Done: {Type: Succeed}
"""),
        [(14, 48, "E9724", "States.ALL must be alone in ErrorEquals: it matches every error")]),
    "JSONata fields in a JSONPath state, and a JSONPath state in a JSONata machine": (
        template("""
StartAt: Work
States:
  Work: {Type: Pass, Output: '{% $states.input %}', Next: Old}
  Old: {Type: Pass, QueryLanguage: JSONPath, End: true}
"""),
        [(10, 30, "E9726", "Output is a JSONata field, but this state uses JSONPath; set QueryLanguage: JSONata "
                           "to use it")]),
    "a JSONPath state in a JSONata state machine": (
        template("""
QueryLanguage: JSONata
StartAt: Old
States:
  Old: {Type: Pass, QueryLanguage: JSONPath, End: true}
"""),
        [(11, 29, "E9726", "a state cannot use JSONPath when the state machine's QueryLanguage is JSONata")]),
    "a JSONPath state in a Distributed Map's processor of a JSONata state machine is not judged": (
        template("""
QueryLanguage: JSONata
StartAt: Each
States:
  Each:
    Type: Map
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED, ExecutionType: EXPRESS}
      StartAt: Call
      States:
        Call: {Type: Task, QueryLanguage: JSONPath, Resource: 'arn:aws:states:::lambda:invoke',
               OutputPath: $.Payload, End: true}
    End: true
"""),
        []),
    "a QueryLanguage that is neither": (
        template("""
QueryLanguage: JSONATA
StartAt: Work
States:
  Work: {Type: Pass, End: true}
"""),
        [(8, 9, "E9726", "QueryLanguage 'JSONATA' is not JSONPath or JSONata; did you mean 'JSONata'?")]),
    "a state of a JSONata Map's processor under a JSONPath machine is not judged": (
        template("""
StartAt: Each
States:
  Each:
    Type: Map
    QueryLanguage: JSONata
    Items: '{% $states.input.items %}'
    ItemProcessor:
      StartAt: One
      States:
        One: {Type: Pass, Output: '{% $states.input %}', End: true}
    End: true
"""),
        []),
    "QueryLanguage written among the states: the mistake, not its symptoms (JSONata fields in JSONPath states)": (
        template("""
StartAt: Work
States:
  QueryLanguage: JSONata
  TimeoutSeconds: 300
  Work: {Type: Pass, Output: '{% $states.input %}', End: true}
"""),
        [(10, 11, "E9721", "QueryLanguage belongs at the top level of the definition, beside StartAt and States, not "
                           "among the states"),
         (11, 11, "E9721", "TimeoutSeconds belongs at the top level of the definition, beside StartAt and States, not "
                           "among the states")]),
    "a Comment among a branch's states, and an entry of States that is not a state": (
        template("""
StartAt: Both
States:
  Both:
    Type: Parallel
    Branches:
      - StartAt: Left
        States:
          Comment: the left branch
          Left: {Type: Succeed}
    Next: Pause
  Pause: 5
"""),
        [(15, 19, "E9721", "Comment belongs beside StartAt and States, not among the states"),
         (18, 11, "E9721", "state 'Pause' is 5, not a mapping: a state is an object with a Type")]),
    "near miss: QueryLanguage at the top level, and a state named Comment": (
        template("""
QueryLanguage: JSONata
Comment: the order flow
StartAt: Comment
States:
  Comment: {Type: Pass, Output: '{% $states.input %}', End: true}
"""),
        []),
    "aws-sdk has no .sync, an unknown pattern, .sync:2 of Step Functions": (
        template("""
StartAt: Copy
States:
  Copy: {Type: Task, Resource: 'arn:aws:states:::aws-sdk:s3:copyObject.sync', Next: Wait}
  Wait: {Type: Task, Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskTokens', Next: Child}
  Child: {Type: Task, Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true}
"""),
        [(10, 30, "E9732", "aws-sdk has no Run a Job (.sync) integration (it offers Request Response, Wait for "
                           "Callback (.waitForTaskToken))"),
         (11, 30, "E9732", "unknown integration pattern '.waitForTaskTokens'; did you mean '.waitForTaskToken'?")]),
    "a service Step Functions does not integrate with": (
        template("""
StartAt: Put
States:
  Put: {Type: Task, Resource: 'arn:aws:states:::s3:putObject', End: true}
"""),
        [(10, 29, "E9731", "Step Functions has no optimized integration named 's3'; for other AWS services use "
                           "arn:aws:states:::aws-sdk:s3:<action>")]),
    "EXPRESS with .sync in a nested branch, and a Distributed Map": (
        template("""
StartAt: Both
States:
  Both:
    Type: Parallel
    Branches:
      - StartAt: Build
        States:
          Build: {Type: Task, Resource: 'arn:aws:states:::codebuild:startBuild.sync', End: true}
    Next: Each
  Each:
    Type: Map
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED, ExecutionType: EXPRESS}
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    End: true
""", "Type: EXPRESS"),
        [(16, 39, "E9733", "an EXPRESS state machine cannot use Run a Job (.sync): Express workflows support Request "
                           "Response only; remove '.sync' or use Type: STANDARD"),
         (21, 33, "E9734", "an EXPRESS state machine cannot run a Distributed Map; use Type: STANDARD, or Mode: "
                           "INLINE")]),
    "Type given by a parameter's Default": (
        template("StartAt: Ask\nStates:\n  Ask: {Type: Task, Resource: 'arn:aws:states:::sqs:sendMessage"
                 ".waitForTaskToken', End: true}", "Type: !Ref Kind").replace(
            "Resources:", "Parameters:\n  Kind: {Type: String, Default: EXPRESS}\nResources:"),
        [(13, 29, "E9733", "an EXPRESS state machine cannot use Wait for Callback (.waitForTaskToken): Express "
                           "workflows support Request Response only; remove '.waitForTaskToken' or use Type: "
                           "STANDARD")]),
    "JSONata that does not parse, and JSONata that reads the input document": (
        template("""
QueryLanguage: JSONata
StartAt: Work
States:
  Work:
    Type: Pass
    Output:
      a: '{% $states.input. %}'
      b: '{% $.total %}'
      c: '{% total + 1 %}'
      d: '{% $$.Execution.Id %}'
    End: true
"""),
        [(14, 15, "E9741", "the JSONata expression '$states.input.' does not parse: Unexpected end of expression"),
         (15, 15, "E9741", "$ at the top level of a JSONata expression is the input document, which Step Functions "
                           "does not provide; use $states.input"),
         (16, 15, "E9741", "'total' at the top level of a JSONata expression is a field of the input document, "
                           "which Step Functions does not provide; use $states.input.total"),
         (17, 15, "E9741", "$$ in a JSONata expression is the input document, which Step Functions does not "
                           "provide; use $states.input")]),
    "paths that are not paths, and reference paths that select more than one node": (
        template("""
StartAt: Work
States:
  Work:
    Type: Pass
    Parameters:
      all.$: $.items[*]
      id: 5
      count.$: 5
    ResultPath: $$.result
    OutputPath: $.a.
    Next: Both
  Both:
    Type: Map
    ItemsPath: $.items[*]
    ItemProcessor:
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    ResultPath: $.items[?(@.ok)]
    End: true
"""),
        [(15, 15, "E9743", 'count.$ must be a path or an intrinsic function (a string), not 5'),
         (16, 13, "E9743", "ResultPath '$$.result' is not a reference path: a result cannot be written into the "
                           "context object ($$)"),
         (17, 13, "E9743", "OutputPath '$.a.' is not a path: a path cannot end with '.'"),
         (21, 13, "E9743", "ItemsPath '$.items[*]' is not a reference path: [*] selects every element, but a "
                           "reference path must identify a single node"),
         (26, 13, "E9743", "ResultPath '$.items[?(@.ok)]' is not a reference path: a filter selects nodes, but "
                           "ResultPath must name the single node to write")]),
    "intrinsic functions: arguments, placeholders, algorithms, a call that does not parse": (
        template("""
StartAt: Work
States:
  Work:
    Type: Pass
    Parameters:
      sum.$: States.MathAdd($.a)
      text.$: States.Format('{} and {}', $.a)
      hash.$: States.Hash($.a, 'SHA256')
      uuid.$: States.UUID(
    End: true
"""),
        [(13, 15, "E9744", 'States.MathAdd takes 2 arguments, not 1'),
         (14, 15, "E9744", "States.Format's template has 2 {} but 1 value follows it; there must be one value for "
                           "each {}"),
         (15, 15, "E9744", "States.Hash has no algorithm 'SHA256' (it has MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
         (16, 15, "E9744", "'States.UUID(' is not an intrinsic function call: an argument is expected at the end")]),
    "Choice rules: operand types, timestamps, combinators, two operators, Next inside Not": (
        template("""
StartAt: Check
States:
  Check:
    Type: Choice
    Choices:
      - Variable: $.count
        NumericEquals: '5'
        Next: Done
      - Variable: $.when
        TimestampEquals: '2026-02-30T00:00:00Z'
        Next: Done
      - Or: []
        Next: Done
      - Variable: $.a
        StringEquals: x
        IsPresent: true
        Next: Done
      - Not:
          Variable: $.b
          IsNull: true
          Next: Done
        Next: Done
    Default: Done
  Done: {Type: Succeed}
"""),
        [(14, 17, "E9745", "NumericEquals compares with a number, not '5'"),
         (17, 17, "E9745", "TimestampEquals: '2026-02-30T00:00:00Z' is not an RFC 3339 timestamp: there is no such "
                           "date"),
         (19, 17, "E9745", 'Or holds a non-empty list of Choice rules, not []'),
         (23, 17, "E9745", 'a Choice rule has one comparison operator, but this one has StringEquals and IsPresent'),
         (28, 19, "E9745", 'a Choice rule inside And, Or or Not cannot have Next: only the rules of Choices move on')]),
    "a Map mode with a did-you-mean, and a Distributed Map's field on an INLINE Map": (
        template("""
StartAt: Each
States:
  Each:
    Type: Map
    ItemProcessor:
      ProcessorConfig: {Mode: Distributed}
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    Next: Inline
  Inline:
    Type: Map
    ItemReader:
      Parameters: {Bucket: b}
    ItemProcessor:
      StartAt: Two
      States:
        Two: {Type: Pass, End: true}
    End: true
"""),
        [(13, 33, "E9746", "Mode 'Distributed' is not INLINE or DISTRIBUTED; did you mean 'DISTRIBUTED'?"),
         (20, 13, "E9746", "ItemReader is a field of a Distributed Map, but this Map runs INLINE; set "
                           "ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED to use it"),
         (20, 13, "E9746", "ItemReader needs Resource, the API that reads the items (such as "
                           "arn:aws:states:::s3:getObject)")]),
    "retriers and catchers: empty ErrorEquals, ranges, JitterStrategy, unknown fields, no Next": (
        template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters: {FunctionName: f}
    Retry:
      - ErrorEquals: []
        BackoffRate: 0.5
        JitterStrategy: full
      - MaxAttempt: 3
    Catch:
      - ErrorEquals: [States.ALL]
    End: true
"""),
        [(15, 17, "E9747", 'ErrorEquals is a non-empty list of error names, not []'),
         (16, 17, "E9747", 'BackoffRate 0.5 is not a number of at least 1.0'),
         (17, 17, "E9747", "JitterStrategy 'full' is not FULL or NONE; did you mean 'FULL'?"),
         (18, 17, "E9747", 'a retrier needs ErrorEquals, the errors it handles'),
         (18, 17, "E9747", "unknown field 'MaxAttempt' in a retrier; did you mean 'MaxAttempts'?"),
         (20, 17, "E9747", 'a catcher needs Next, the state to go to')]),
    "numbers out of range: E9748 says so, and E9725 does not compare them": (
        template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters: {FunctionName: f}
    TimeoutSeconds: 0
    HeartbeatSeconds: 0
    Next: Pause
  Pause:
    Type: Wait
    Seconds: -1
    Next: Each
  Each:
    Type: Map
    MaxConcurrency: -1
    ItemProcessor:
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    End: true
"""),
        [(14, 13, "E9748", 'TimeoutSeconds 0 is not an integer of at least 1'),
         (15, 13, "E9748", 'HeartbeatSeconds 0 is not an integer of at least 1'),
         (19, 13, "E9748", 'Seconds -1 is not an integer from 0 to 99999999'),
         (23, 13, "E9748", 'MaxConcurrency -1 is not an integer of at least 0')]),
    "HeartbeatSeconds compared with a TimeoutSeconds written as 60.0": (
        template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    Parameters: {FunctionName: f}
    TimeoutSeconds: 60.0
    HeartbeatSeconds: 60
    End: true
"""),
        [(15, 13, "E9725", "HeartbeatSeconds 60 is not below TimeoutSeconds 60.0: the task would time out before a "
                           "missing heartbeat is noticed")]),
    "a QueryLanguage and a state Type misspelt: one did-you-mean for both": (
        template("""
QueryLanguage: JSONPth
StartAt: Work
States:
  Work: {Type: pass, End: true}
"""),
        [(8, 9, "E9726", "QueryLanguage 'JSONPth' is not JSONPath or JSONata; did you mean 'JSONPath'?"),
         (11, 18, "E9715", "Type 'pass' is not a state type; did you mean 'Pass'?")]),
    "near miss: JSONata with nested braces, functions, regular expressions and a % in a string": (
        template("""
QueryLanguage: JSONata
StartAt: Total
States:
  Total:
    Type: Pass
    Assign:
      count: '{% $count($states.input.items) %}'
    Output:
      summary: '{% {"total": $sum($states.input.items.(price * qty)), "meta": {"n": $count($states.input.items)}} %}'
      doubled: '{% $map($states.input.items, function($item) { {"id": $item.id, "twice": $item.qty * 2} }) %}'
      label: '{% "50% off {" & $states.input.code & "}" %}'
      execution: '{% $states.context.Execution.Id %}'
      matched: '{% $contains($states.input.name, /ab+c/i) %}'
      plain: 'no expression here'
    Next: Check
  Check:
    Type: Choice
    Choices:
      - Condition: '{% $count > 2 and $states.input.ok = true %}'
        Next: Pause
    Default: Pause
  Pause:
    Type: Wait
    Seconds: '{% $count %}'
    Next: Each
  Each:
    Type: Map
    Items: '{% $states.input.items[price > 10] %}'
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED, ExecutionType: EXPRESS}
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    ItemBatcher: {MaxItemsPerBatch: 10}
    ToleratedFailurePercentage: 100
    Label: Orders
    End: true
"""),
        []),
    "near miss: filters, brackets, escapes, the context object, variables and nested intrinsic functions": (
        template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: arn:aws:states:::lambda:invoke
    InputPath: $..book[0]
    Parameters:
      FunctionName: f
      cheap.$: $.items[?(@.price < 10)].id
      first.$: $['store'][0]['book']
      spaced.$: $.abc.['def ghi']
      escaped.$: $.foo\\@bar.baz
      execution.$: $$.Execution.Id
      variable.$: $orderId
      label.$: States.Format('{} of {}', States.ArrayLength($.items), $.total)
      hash.$: States.Hash($.id, 'SHA-256')
      random.$: States.MathRandom(1, 10)
      templated.$: $.${Field}
    ResultSelector:
      body.$: $.Payload
    ResultPath: $.result
    OutputPath: $
    TimeoutSeconds: 60
    HeartbeatSeconds: 10
    Retry:
      - ErrorEquals: [States.Timeout]
        Comment: back off
        MaxAttempts: 0
        IntervalSeconds: 1
        BackoffRate: 1.0
        MaxDelaySeconds: 5
        JitterStrategy: FULL
    Catch:
      - ErrorEquals: [States.ALL]
        ResultPath: null
        Next: Pause
    Next: Pause
  Pause:
    Type: Wait
    Timestamp: '2026-03-14T01:59:00.123+02:00'
    Next: Short
  Short:
    Type: Wait
    Seconds: 0
    Next: Check
  Check:
    Type: Choice
    Choices:
      - And:
          - Variable: $.count
            NumericGreaterThanEqualsPath: $.limit
          - Not:
              Variable: $.when
              TimestampLessThan: '2026-01-01T00:00:00Z'
        Next: Each
      - Variable: $.items[0].name
        StringMatches: 'order-*'
        Next: Each
    Default: Each
  Each:
    Type: Map
    ItemsPath: $.items[?(@.price > 10)]
    MaxConcurrency: 0
    ItemProcessor:
      ProcessorConfig: {Mode: DISTRIBUTED, ExecutionType: STANDARD}
      StartAt: One
      States:
        One: {Type: Pass, End: true}
    ItemReader:
      Resource: arn:aws:states:::s3:getObject
      ReaderConfig: {InputType: CSV, CSVHeaderLocation: FIRST_ROW, MaxItemsPath: $.max}
      Parameters: {Bucket: b, Key.$: $.key}
    ToleratedFailureCount: 0
    ResultPath: null
    End: true
""", "DefinitionSubstitutions:", "  Field: price"),
        []),
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, tmp_path):
    text, expected = CASES[name]
    assert findings(tmp_path, text) == expected


# --------------------------------------------------------------------------- substitutions


def test_numbered_substitutions_are_expands_own(tmp_path):
    """SAM turns each intrinsic into ${definition_substitution_N}; the definition's own ${...}
    in an Fn::Sub is CloudFormation's, not a placeholder; a user name beside them is checked."""
    text = template("""
StartAt: Work
States:
  Work:
    Type: Task
    Resource: !GetAtt Worker.Arn
    Parameters:
      Queue: !Sub '${Queue}'
      Url: '${QueueUrl}'
      Typo: '${definition_substitution_3}'
    End: true
""", "DefinitionSubstitutions:", "  QueueUrl: https://example.com").replace(
        "Resources:", "Resources:\n  Worker: {Type: AWS::SNS::Topic}\n  Queue: {Type: AWS::SQS::Queue}")
    assert findings(tmp_path, text) == [
        (20, 15, "E9701", "${definition_substitution_3} is not defined in DefinitionSubstitutions")]


def test_no_substitutions_at_all(tmp_path):
    text = template("StartAt: Work\nStates:\n  Work: {Type: Task, Resource: '${ModuloFunctionName}', End: true}")
    assert findings(tmp_path, text) == [
        (10, 30, "E9701", "${ModuloFunctionName} is not defined: the state machine has no DefinitionSubstitutions, "
                          "so Step Functions receives the text ${ModuloFunctionName}")]


@pytest.mark.parametrize("properties", [
    ("DefinitionUri: s3://bucket/machine.asl.json", "DefinitionSubstitutions:", "  Unused: x"),
    ("Definition: !Sub '{\"StartAt\": \"${Start}\", \"States\": {}}'",),
    ("DefinitionSubstitutions: !If [IsProd, {A: b}, {A: c}]",
     "Definition: {StartAt: Work, States: {Work: {Type: Pass, Result: '${B}', End: true}}}"),
])
def test_what_cannot_be_known_is_skipped(tmp_path, properties):
    text = HEAD + "".join(f"      {line}\n" for line in properties)
    text = text.replace("Resources:", "Conditions:\n  IsProd: !Equals [!Ref AWS::Region, us-east-1]\nResources:")
    assert [finding for finding in findings(tmp_path, text) if finding[-2][1:3] == "97"] == []


def test_a_local_yaml_file_is_reported_in_that_file(tmp_path):
    text = HEAD + "      DefinitionUri: machine.asl.yaml\n      DefinitionSubstitutions:\n        Topic: t\n"
    asl = "StartAt: Notify\nStates:\n  Notify:\n    Type: Task\n    Resource: arn:aws:states:::sns:publish\n" \
          "    Parameters: {TopicArn: '${topic}'}\n    Next: Don\n  Done: {Type: Succeed}\n"
    # Listed in the template's order: the ASL file's findings at its DefinitionUri (line 8), in the file's order.
    assert findings(tmp_path, text, {"machine.asl.yaml": asl}) == [
        ("machine.asl.yaml", 6, 18, "E9701",
         "${topic} is not defined in DefinitionSubstitutions; did you mean 'Topic'?"),
        ("machine.asl.yaml", 7, 5, "E9711", "Next 'Don' names no state in this scope; did you mean 'Done'?"),
        ("machine.asl.yaml", 8, 3, "W9713", "state 'Done' is unreachable: no transition from StartAt 'Notify' leads "
                                            "to it"),
        (9, 9, "W9702", "substitution 'Topic' is not used: the definition file has no ${Topic}"),
    ]


def test_a_misplaced_field_in_a_local_file_is_reported_in_that_file(tmp_path):
    text = HEAD + "      DefinitionUri: machine.asl.json\n"
    asl = json.dumps({"StartAt": "Work", "States": {"QueryLanguage": "JSONata",
                                                    "Work": {"Type": "Pass", "Output": "{% $states.input %}",
                                                             "End": True}}}, indent=2)
    assert findings(tmp_path, text, {"machine.asl.json": asl}) == [
        ("machine.asl.json", 4, 5, "E9721", "QueryLanguage belongs at the top level of the definition, beside StartAt "
                                            "and States, not among the states")]
    near_miss = json.dumps({"QueryLanguage": "JSONata", "StartAt": "Work",
                            "States": {"Work": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}}})
    assert findings(tmp_path, text, {"machine.asl.json": near_miss}) == []


def test_json_output_names_the_asl_file(tmp_path, capsys):
    from samtransform.cli.check import run

    (tmp_path / "m.asl.json").write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Passs", "End": True}}}))
    (tmp_path / "template.yaml").write_text(HEAD + "      DefinitionUri: m.asl.json\n")
    assert run([str(tmp_path / "template.yaml")], output_format="json") == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert (Path(entry["file"]).name, entry["line"], entry["column"], entry["rule_id"]) == ("m.asl.json", 1, 35,
                                                                                             "E9715")
    assert entry["path"] == "Resources/Machine/Properties/DefinitionUri/States/A/Type"


# --------------------------------------------------------------------------- robustness

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "checks"
SAMPLES = [json.loads(path.read_text()) for path in sorted(FIXTURES.glob("[EW]97*/*.asl.json"))]


def _places(node, path=()):
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _places(child, path + (key,))


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_value_anywhere_in_a_definition_is_a_finding_not_a_crash(data):
    from strategies import definition_values

    from samtransform.rules import check_template

    definition = copy.deepcopy(data.draw(st.sampled_from(SAMPLES)))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_places(definition))[1:]))
        parent = definition
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = copy.deepcopy(data.draw(definition_values))  # never a node twice
    properties = {"Role": "arn:aws:iam::123456789012:role/r", "Definition": definition,
                  "Type": data.draw(st.sampled_from(["STANDARD", "EXPRESS"]))}
    template = {"Transform": "AWS::Serverless-2016-10-31",
                "Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": properties}}}
    before = copy.deepcopy(template)
    assert all(finding.rule_id[0] in "EW" for finding in check_template(template))
    assert template == before
