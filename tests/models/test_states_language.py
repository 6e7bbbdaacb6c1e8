"""The States Language model of one state: its paths, intrinsic functions, JSONata, Map mode,
retriers and catchers, numbers and timestamps, and fields written among the states."""

from __future__ import annotations

import pytest

from samtransform.models import states_language as model
from samtransform.models.definition_fields import misplaced_field_problems

LAMBDA = "arn:aws:states:::lambda:invoke"


def task(**fields):
    return {"Type": "Task", "Resource": LAMBDA, "End": True, **fields}


# --------------------------------------------------------------------------- paths

def test_paths_of_a_jsonpath_state():
    state = task(InputPath="$.order", ResultPath="$.result", OutputPath=None, TimeoutSecondsPath="$.limits.timeout",
                 Parameters={"FunctionName": "f", "Payload.$": "$", "Nested": {"Id.$": "$$.Execution.Id",
                                                                              "List": [{"X.$": "$.items[0]"}]}},
                 ResultSelector={"Body.$": "$.Payload.body"},
                 Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}])
    assert list(model.path_problems(state, "JSONPath")) == []


def test_broken_paths_of_a_jsonpath_state():
    state = task(InputPath="$.orders[", ResultPath="$.a[*]", ItemsPath="$.x", OutputPath="$.",
                 Parameters={"Order.$": "$.orders[", "Id.$": 5, "Items": [{"First.$": "$.a]"}]},
                 Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$$.Error", "Next": "Failed"}])
    assert list(model.path_problems(state, "JSONPath")) == [
        (("InputPath",), "InputPath '$.orders[' is not a path: '[' at character 9 is never closed"),
        (("ResultPath",), "ResultPath '$.a[*]' is not a reference path: [*] selects every element, but a reference "
                          "path must identify a single node"),
        (("OutputPath",), "OutputPath '$.' is not a path: a path cannot end with '.'"),
        (("Catch", 0, "ResultPath"), "ResultPath '$$.Error' is not a reference path: a result cannot be written into "
                                     "the context object ($$)"),
        (("Parameters", "Order.$"), "Order.$ '$.orders[' is not a path: '[' at character 9 is never closed"),
        (("Parameters", "Id.$"), "Id.$ must be a path or an intrinsic function (a string), not 5"),
        (("Parameters", "Items", 0, "First.$"), "First.$ '$.a]' is not a path: ']' at character 4 closes nothing "
                                                "that is open"),
    ]


def test_null_and_non_string_paths():
    state = {"Type": "Wait", "SecondsPath": None, "Next": "X"}
    assert list(model.path_problems(state, "JSONPath")) == [(("SecondsPath",), "SecondsPath cannot be null")]
    state = {"Type": "Map", "ItemsPath": 3, "ItemProcessor": {}, "End": True}
    assert list(model.path_problems(state, "JSONPath")) == [
        (("ItemsPath",), "ItemsPath must be a reference path (a string starting with $), not 3")]


def test_paths_are_not_judged_under_jsonata_or_when_filled_in_later():
    assert list(model.path_problems(task(InputPath="$.orders["), "JSONata")) == []
    assert list(model.path_problems(task(InputPath="${Path}", Parameters={"A.$": {"Ref": "X"}}), "JSONPath")) == []


# --------------------------------------------------------------------------- intrinsic functions

def test_intrinsic_functions_of_payload_templates_and_fail_states():
    state = task(Parameters={"Greeting.$": "States.Format('Hi {}', $.name)", "Id.$": "States.UUID()",
                             "Typo.$": "States.Formatt('x')"},
                 Assign={"count.$": "States.MathAdd($count, 1)"},
                 Catch=[{"ErrorEquals": ["States.ALL"], "Assign": {"e.$": "States.JsonToString($)"}, "Next": "X"}])
    assert list(model.intrinsic_problems(state, "JSONPath")) == [
        (("Parameters", "Typo.$"), "States.Formatt is not an intrinsic function; did you mean States.Format?")]
    fail = {"Type": "Fail", "ErrorPath": "$.error", "CausePath": "States.Format('{} failed', $.step, $.x)"}
    assert list(model.intrinsic_problems(fail, "JSONPath")) == [
        (("CausePath",), "States.Format's template has 1 {} but 2 values follow it; there must be one value for each "
                         "{}")]
    assert list(model.path_problems({**fail, "ErrorPath": "$.a["}, "JSONPath")) == [
        (("ErrorPath",), "ErrorPath '$.a[' is not a reference path: '[' at character 4 is never closed")]


def test_the_result_of_a_pass_state_is_a_literal():
    state = {"Type": "Pass", "Result": {"template.$": "States.Formatt('x')", "path.$": "$.a["}, "End": True}
    assert list(model.intrinsic_problems(state, "JSONPath")) == []
    assert list(model.path_problems(state, "JSONPath")) == []


# --------------------------------------------------------------------------- JSONata

def test_jsonata_strings_anywhere_in_a_jsonata_state():
    state = task(Arguments={"Payload": {"id": "{% $states.input.id %}", "bad": ["{% $states.input. %}"]}},
                 Output="{% $states.result.Payload %}", Comment="{% not judged %}",
                 Catch=[{"ErrorEquals": ["States.ALL"], "Output": "{% $$.Error %}", "Next": "X"}])
    assert list(model.jsonata_problems(state, "JSONata")) == [
        (("Arguments", "Payload", "bad", 0), "the JSONata expression '$states.input.' does not parse: Unexpected end "
                                             "of expression"),
        (("Catch", 0, "Output"), "$$ in a JSONata expression is the input document, which Step Functions does not "
                                 "provide; use $states.input"),
    ]
    assert list(model.jsonata_problems(state, "JSONPath")) == []
    assert list(model.jsonata_literal_problems(state, "JSONata")) == []
    literal = {"Type": "Pass", "Output": {"note": "Order {% $states.input.id %} shipped"}, "End": True}
    assert list(model.jsonata_literal_problems(literal, "JSONata")) == [
        (("Output", "note"), "'Order {% $states.input.id %} shipped' is not a JSONata expression, so Step Functions "
                             "sends it as written: an expression is a whole string that starts with {% and ends with "
                             "%}")]
    assert list(model.jsonata_problems(literal, "JSONata")) == []


def test_nested_scopes_are_states_of_their_own():
    state = {"Type": "Map", "Items": "{% $states.input.items %}", "End": True,
             "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% $x. %}", "End": True}}}}
    assert list(model.jsonata_problems(state, "JSONata")) == []


# --------------------------------------------------------------------------- Map

def distributed(**config):
    return {"Mode": "DISTRIBUTED", **config}


def map_state(config=None, **fields):
    processor = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}
    if config is not None:
        processor["ProcessorConfig"] = config
    return {"Type": "Map", "ItemProcessor": processor, "End": True, **fields}


def test_map_modes():
    assert list(model.map_problems(map_state(), "JSONPath")) == []
    assert list(model.map_problems(map_state({"Mode": "INLINE"}, MaxConcurrency=0), "JSONPath")) == []
    full = map_state(distributed(ExecutionType="EXPRESS"), Label="Files", ToleratedFailurePercentage=5,
                     ItemReader={"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "CSV"}},
                     ItemBatcher={"MaxItemsPerBatch": 10}, ResultWriter={"Resource": "arn:aws:states:::s3:putObject"})
    assert list(model.map_problems(full, "JSONPath")) == []


@pytest.mark.parametrize("state, expected", [
    (map_state(distributed()),
     [(("ItemProcessor", "ProcessorConfig"), "a DISTRIBUTED Map needs ExecutionType in its ProcessorConfig: STANDARD "
                                             "or EXPRESS, the type of the child workflow that runs each item")]),
    (map_state({"Mode": "Distributed", "ExecutionType": "STANDARD"}),
     [(("ItemProcessor", "ProcessorConfig", "Mode"), "Mode 'Distributed' is not INLINE or DISTRIBUTED; did you mean "
                                                     "'DISTRIBUTED'?")]),
    (map_state(distributed(ExecutionType="EXPRES")),
     [(("ItemProcessor", "ProcessorConfig", "ExecutionType"), "ExecutionType 'EXPRES' is not STANDARD or EXPRESS; did "
                                                              "you mean 'EXPRESS'?")]),
    (map_state(None, ItemReader={"Resource": "arn:aws:states:::s3:listObjectsV2"}, ToleratedFailureCount=1),
     [(("ItemReader",), "ItemReader is a field of a Distributed Map, but this Map runs INLINE; set "
                        "ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED to use it"),
      (("ToleratedFailureCount",), "ToleratedFailureCount is a field of a Distributed Map, but this Map runs INLINE; "
                                   "set ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED to use it")]),
    (map_state(distributed(ExecutionType="STANDARD"), ItemReader={"ReaderConfig": {}}, ItemBatcher={"BatchInput": {}}),
     [(("ItemReader",), "ItemReader needs Resource, the API that reads the items (such as "
                        "arn:aws:states:::s3:getObject)"),
      (("ItemBatcher",), "ItemBatcher needs MaxItemsPerBatch or MaxInputBytesPerBatch (or their ...Path)")]),
])
def test_map_mistakes(state, expected):
    assert list(model.map_problems(state, "JSONPath")) == expected


def test_a_mode_filled_in_later_is_not_judged():
    assert list(model.map_problems(map_state({"Mode": "${Mode}"}, ItemReader={}), "JSONPath")) == []


# --------------------------------------------------------------------------- Retry and Catch

def test_retriers_and_catchers():
    state = task(Retry=[{"ErrorEquals": ["Lambda.TooManyRequestsException"], "IntervalSeconds": 2, "MaxAttempts": 0,
                         "BackoffRate": 1, "MaxDelaySeconds": 10, "JitterStrategy": "FULL", "Comment": "throttled"},
                        {"ErrorEquals": ["States.ALL"], "BackoffRate": 1.5, "IntervalSeconds": 3.0}],
                 Catch=[{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed", "Comment": "c"}])
    assert list(model.retry_catch_problems(state, "JSONPath")) == []


@pytest.mark.parametrize("handler, expected", [
    ({"ErrorEquals": ["States.ALL"], "MaxAttempts": -1},
     [(("Retry", 0, "MaxAttempts"), "MaxAttempts -1 is not an integer of at least 0")]),
    ({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 0},
     [(("Retry", 0, "IntervalSeconds"), "IntervalSeconds 0 is not an integer of at least 1")]),
    ({"ErrorEquals": ["States.ALL"], "IntervalSeconds": 1.5},
     [(("Retry", 0, "IntervalSeconds"), "IntervalSeconds 1.5 is not an integer of at least 1")]),
    ({"ErrorEquals": ["States.ALL"], "BackoffRate": 0.5},
     [(("Retry", 0, "BackoffRate"), "BackoffRate 0.5 is not a number of at least 1.0")]),
    ({"ErrorEquals": ["States.ALL"], "MaxDelaySeconds": "10"},
     [(("Retry", 0, "MaxDelaySeconds"), "MaxDelaySeconds '10' is not an integer of at least 1")]),
    ({"ErrorEquals": ["States.ALL"], "JitterStrategy": "full"},
     [(("Retry", 0, "JitterStrategy"), "JitterStrategy 'full' is not FULL or NONE; did you mean 'FULL'?")]),
    ({"ErrorEquals": []}, [(("Retry", 0, "ErrorEquals"), "ErrorEquals is a non-empty list of error names, not []")]),
    ({"MaxAttempts": 2}, [(("Retry", 0), "a retrier needs ErrorEquals, the errors it handles")]),
    ({"ErrorEquals": ["States.ALL"], "MaxAttempt": 2},
     [(("Retry", 0, "MaxAttempt"), "unknown field 'MaxAttempt' in a retrier; did you mean 'MaxAttempts'?")]),
    ({"ErrorEquals": ["States.ALL"], "MaxAttempts": True},
     [(("Retry", 0, "MaxAttempts"), "MaxAttempts True is not an integer of at least 0")]),
])
def test_retrier_mistakes(handler, expected):
    assert list(model.retry_catch_problems(task(Retry=[handler]), "JSONPath")) == expected


def test_catcher_mistakes():
    state = task(Catch=[{"ErrorEquals": "States.ALL", "Next": "X"}, {"ErrorEquals": ["States.ALL"]},
                        {"ErrorEquals": ["States.ALL"], "Output": "{% $states.errorOutput %}", "Next": "X"}])
    assert list(model.retry_catch_problems(state, "JSONPath")) == [
        (("Catch", 0, "ErrorEquals"), "ErrorEquals is a non-empty list of error names, not 'States.ALL'"),
        (("Catch", 1), "a catcher needs Next, the state to go to"),
        (("Catch", 2, "Output"), "Output is a JSONata field, but this state uses JSONPath; use ResultPath, or set "
                                 "QueryLanguage: JSONata"),
    ]
    assert list(model.retry_catch_problems(task(Retry={"ErrorEquals": []}), "JSONPath")) == [
        (("Retry",), "Retry is a list of retriers, not {'ErrorEquals': []}")]


# --------------------------------------------------------------------------- numbers and timestamps

@pytest.mark.parametrize("state, expected", [
    ({"Type": "Wait", "Seconds": 99999999, "Next": "X"}, []),
    ({"Type": "Wait", "Seconds": "{% $states.input.delay %}", "Next": "X"}, []),
    ({"Type": "Wait", "Seconds": -1, "Next": "X"}, [(("Seconds",), "Seconds -1 is not an integer from 0 to 99999999")]),
    ({"Type": "Wait", "Seconds": 100000000, "Next": "X"},
     [(("Seconds",), "Seconds 100000000 is not an integer from 0 to 99999999")]),
    ({"Type": "Wait", "Timestamp": "2024-08-18T17:33:00Z", "Next": "X"}, []),
    ({"Type": "Wait", "Timestamp": "2024-08-18 17:33", "Next": "X"},
     [(("Timestamp",), "'2024-08-18 17:33' is not an RFC 3339 timestamp such as '2016-03-14T01:59:00Z'")]),
    ({"Type": "Wait", "Timestamp": 1723999980, "Next": "X"},
     [(("Timestamp",), "Timestamp must be an RFC 3339 timestamp (a string), not 1723999980")]),
    (task(TimeoutSeconds=0, HeartbeatSeconds=-5),
     [(("TimeoutSeconds",), "TimeoutSeconds 0 is not an integer of at least 1"),
      (("HeartbeatSeconds",), "HeartbeatSeconds -5 is not an integer of at least 1")]),
    (map_state(None, MaxConcurrency=-1),
     [(("MaxConcurrency",), "MaxConcurrency -1 is not an integer of at least 0")]),
    (map_state(distributed(ExecutionType="STANDARD"), ToleratedFailurePercentage=101),
     [(("ToleratedFailurePercentage",), "ToleratedFailurePercentage 101 is not a number from 0 to 100")]),
    (map_state(distributed(ExecutionType="STANDARD"), ToleratedFailurePercentage=2.5, ToleratedFailureCount=0), []),
])
def test_values(state, expected):
    assert list(model.value_problems(state, "JSONPath")) == expected


# --------------------------------------------------------------------------- fields among the states

@pytest.mark.parametrize("field, value, top, message", [
    ("QueryLanguage", "JSONata", True, "QueryLanguage belongs at the top level of the definition, beside StartAt and "
                                       "States, not among the states"),
    ("TimeoutSeconds", 300, True, "TimeoutSeconds belongs at the top level of the definition, beside StartAt and "
                                  "States, not among the states"),
    ("Version", "1.0", True, "Version belongs at the top level of the definition, beside StartAt and States, not "
                             "among the states"),
    ("Comment", "the order flow", True, "Comment belongs at the top level of the definition, beside StartAt and "
                                        "States, not among the states"),
    ("StartAt", "First", True, "StartAt belongs beside States, not among the states"),
    ("Comment", "a branch", False, "Comment belongs beside StartAt and States, not among the states"),
    ("QueryLanguage", "JSONata", False, "QueryLanguage belongs at the top level of the definition, beside its StartAt "
                                        "and States, not among the states of a branch or processor"),
    ("Pause", 5, True, "state 'Pause' is 5, not a mapping: a state is an object with a Type"),
])
def test_fields_among_the_states(field, value, top, message):
    scope = {"StartAt": "First", "States": {"First": {"Type": "Succeed"}, field: value}}
    assert list(misplaced_field_problems(scope, top)) == [(("States", field), message)]


def test_a_state_named_like_a_field_is_a_state():
    scope = {"StartAt": "Comment", "States": {"Comment": {"Type": "Succeed"}}}
    assert list(misplaced_field_problems(scope, True)) == []
