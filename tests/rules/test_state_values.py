"""rules/state_values.py (E9741, E9743, E9744, E9745, E9746, E9747, E9748, W9742): checks of the values of each
state against the States Language model (`samtransform.models`).

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings, template

from samtransform.rules import state_values as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


CASES = {
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
    text, expected_findings = CASES[name]
    assert findings(tmp_path, text) == expected_findings
