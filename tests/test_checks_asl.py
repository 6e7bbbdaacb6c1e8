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

from samtransform.checks.command import check_files

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
    from samtransform.checks.command import run

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
