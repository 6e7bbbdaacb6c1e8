"""The event pattern model: what EventBridge accepts in an event pattern."""

from __future__ import annotations

import pytest

from model_corpus import events, resources

from samtransform.models.event_patterns import pattern_problems


def test_every_pattern_of_the_corpus_is_valid():
    patterns = [properties.get("Pattern") for *_, properties in events("EventBridgeRule", "CloudWatchEvent")]
    patterns += [properties.get("EventPattern") for *_, properties in resources("AWS::Events::Rule")]
    assert len([pattern for pattern in patterns if pattern]) >= 10
    assert [pattern for pattern in patterns if list(pattern_problems(pattern))] == []


@pytest.mark.parametrize("pattern", [
    {"source": ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"],
     "detail": {"state": ["terminated"]}},
    {"detail": {"state": [{"prefix": {"equals-ignore-case": "Run"}}, {"suffix": ".png"}, {"anything-but": ["a", "b"]},
                          {"anything-but": {"prefix": "us-"}}, {"anything-but": 123}, {"numeric": [">", 0, "<=", 5]},
                          {"exists": False}, {"cidr": "10.0.0.0/24"}, {"equals-ignore-case": "x"},
                          {"wildcard": "*/lib/*"}, None, 1, True, ""]}},
    {"$or": [{"source": ["a"]}, {"detail-type": ["b"]}]},
    {"source": {"Ref": "Sources"}, "detail": {"id": [{"Fn::Sub": "${AWS::AccountId}"}]}},
])
def test_valid(pattern):
    assert list(pattern_problems(pattern)) == []


@pytest.mark.parametrize("pattern, expected", [
    ({"source": "aws.ec2"},
     [(("source",), "EventBridge refuses a bare value in an event pattern: 'source' takes an array of values to "
                    "match, or an object of fields; write [\"aws.ec2\"]")]),
    ({"detail": {"count": 5}},
     [(("detail", "count"), "EventBridge refuses a bare value in an event pattern: 'count' takes an array of values "
                            "to match, or an object of fields; write [5]")]),
    ({"source": ["a"], "detail-type": []},
     [(("detail-type",), "EventBridge refuses an empty array in an event pattern; give 'detail-type' a value to "
                         "match, or remove it")]),
    ({"source": ["a"], "detail": {}},
     [(("detail",), "EventBridge refuses an empty object in an event pattern; give 'detail' a value to match, or "
                    "remove it")]),
    ({"detail": {"state": [{"prefx": "run"}]}},
     [(("detail", "state", 0, "prefx"), "'prefx' is not an event pattern comparison; did you mean 'prefix'?")]),
    ({"detail": {"n": [{"numeric": [">", "5"]}]}},
     [(("detail", "n", 0, "numeric"), "numeric takes [operator, number] or [operator, number, operator, number], "
                                      "operators = < <= > >=")]),
    ({"detail": {"e": [{"exists": "true"}]}},
     [(("detail", "e", 0, "exists"), "exists takes true or false")]),
    ({"detail": {"p": [{"prefix": 5}]}},
     [(("detail", "p", 0, "prefix"), "prefix takes a string, or {equals-ignore-case: string}")]),
    ({"detail": {"a": [{"anything-but": ["x", 1]}]}},
     [(("detail", "a", 0, "anything-but"), "anything-but takes a list of strings or a list of numbers, not both")]),
    ({"detail": {"m": [{"prefix": "a", "suffix": "b"}]}},
     [(("detail", "m", 0), "a comparison is an object with one operator (prefix, suffix, anything-but, numeric, "
                           "exists, cidr, equals-ignore-case, wildcard), not {'prefix', 'suffix'}")]),
    ({"$or": {"source": ["a"]}},
     [(("$or",), "$or takes an array of event patterns (objects)")]),
])
def test_invalid(pattern, expected):
    assert list(pattern_problems(pattern)) == expected
