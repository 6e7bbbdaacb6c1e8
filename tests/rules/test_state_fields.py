"""rules/state_fields.py (E9721, E9722, E9723, E9724, E9725, E9726): checks of the fields of each state, and of the
definition's and its scopes' top levels.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings, template

from samtransform.rules import state_fields as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


CASES = {
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
}


@pytest.mark.parametrize("name", list(CASES))
def test_case(name, tmp_path):
    text, expected_findings = CASES[name]
    assert findings(tmp_path, text) == expected_findings
