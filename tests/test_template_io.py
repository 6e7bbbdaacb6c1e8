"""load() and dump(): JSON and YAML, CloudFormation short forms both ways."""

from __future__ import annotations

import pytest

from samtransform import InvalidTemplateError, dump, load
from samtransform.io.yaml_loader import SHORT_FORM_TAGS
from samtransform.io.template_io import parse

SHORT_FORMS = [
    ("!Ref Bucket", {"Ref": "Bucket"}),
    ("!Condition IsProd", {"Condition": "IsProd"}),
    ("!GetAtt Bucket.Arn", {"Fn::GetAtt": ["Bucket", "Arn"]}),
    ("!GetAtt Stack.Outputs.Name", {"Fn::GetAtt": ["Stack", "Outputs.Name"]}),
    ("!GetAtt [Bucket, Arn]", {"Fn::GetAtt": ["Bucket", "Arn"]}),
    ("!Sub '${AWS::Region}-x'", {"Fn::Sub": "${AWS::Region}-x"}),
    ("!Sub ['${A}', {A: !Ref B}]", {"Fn::Sub": ["${A}", {"A": {"Ref": "B"}}]}),
    ("!If [C, a, !Ref AWS::NoValue]", {"Fn::If": ["C", "a", {"Ref": "AWS::NoValue"}]}),
    ("!Join ['-', [a, b]]", {"Fn::Join": ["-", ["a", "b"]]}),
    ("!Select [0, !GetAZs '']", {"Fn::Select": [0, {"Fn::GetAZs": ""}]}),
    ("!Split [',', 'a,b']", {"Fn::Split": [",", "a,b"]}),
    ("!FindInMap [M, K, V]", {"Fn::FindInMap": ["M", "K", "V"]}),
    ("!Base64 text", {"Fn::Base64": "text"}),
    ("!Cidr [10.0.0.0/16, 4, 8]", {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}),
    ("!GetAZs us-east-1", {"Fn::GetAZs": "us-east-1"}),
    ("!ImportValue shared-vpc", {"Fn::ImportValue": "shared-vpc"}),
    ("!Equals [a, b]", {"Fn::Equals": ["a", "b"]}),
    ("!And [!Condition A, !Condition B]", {"Fn::And": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Or [!Condition A, !Condition B]", {"Fn::Or": [{"Condition": "A"}, {"Condition": "B"}]}),
    ("!Not [!Condition A]", {"Fn::Not": [{"Condition": "A"}]}),
    ("!Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}",
     {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}}),
]


@pytest.mark.parametrize("source, expected", SHORT_FORMS, ids=[source.split()[0] for source, _ in SHORT_FORMS])
def test_short_form_loads_as_long_form(source, expected):
    assert load(f"Resources:\n  X:\n    Value: {source}\n")["Resources"]["X"]["Value"] == expected


def test_every_issue_listed_short_form_is_known():
    for tag in ["Ref", "GetAtt", "Sub", "If", "Join", "Select", "Split", "FindInMap", "Base64", "Cidr", "GetAZs",
                "ImportValue", "Equals", "And", "Or", "Not", "Condition", "Transform"]:
        assert tag in SHORT_FORM_TAGS


@pytest.mark.parametrize("source, expected", SHORT_FORMS, ids=[source.split()[0] for source, _ in SHORT_FORMS])
def test_yaml_output_writes_short_forms_that_load_back(source, expected):
    text = dump({"Resources": {"X": {"Value": expected}}}, "yaml")
    tag = "!" + source.split()[0][1:]
    assert tag in text
    assert load(text)["Resources"]["X"]["Value"] == expected


def test_yaml_output_keeps_key_order_and_has_no_anchors():
    shared = {"Key": "a", "Value": "b"}
    text = dump({"Resources": {"B": {"Tags": [shared]}, "A": {"Tags": [shared]}}}, "yaml")
    assert text.index("B:") < text.index("A:")
    assert "&id" not in text and "*id" not in text


def test_unquoted_dates_and_versions_stay_strings():
    template = load("AWSTemplateFormatVersion: 2010-09-09\nResources: {A: {Type: X, Properties: {V: 2020-01-01}}}\n")
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    assert template["Resources"]["A"]["Properties"]["V"] == "2020-01-01"
    assert '"2010-09-09"' in dump(template)


def test_json_text_loads():
    assert load('{"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}') == {"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}


def test_json_looking_yaml_with_tags_loads():
    assert load('{"Resources": {"A": {"Value": !Ref B}}}')["Resources"]["A"]["Value"] == {"Ref": "B"}


def test_load_reads_a_path(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("Resources: {A: {Type: AWS::SNS::Topic}}\n")
    assert load(path) == load(str(path)) == {"Resources": {"A": {"Type": "AWS::SNS::Topic"}}}


@pytest.mark.parametrize("text, message", [
    ("Resources: !Bogus x\n", "unknown tag !Bogus"),
    ("", "template is empty"),
    ("- a\n- b\n", "template must be a mapping, not a list"),
    ("Resources: [\n", "invalid YAML"),
    ('{"Resources": [}', "invalid JSON"),
])
def test_unreadable_templates_are_invalid_template_errors(text, message):
    with pytest.raises(InvalidTemplateError) as failure:
        parse(text, "t.yaml")
    assert message in failure.value.errors[0].message
    assert failure.value.errors[0].origin.file == "t.yaml"


def test_a_missing_template_file_is_named(tmp_path):
    with pytest.raises(InvalidTemplateError) as failure:
        load(tmp_path / "missing.yaml")
    assert failure.value.errors[0].message == "file not found"
    assert str(failure.value) == f"{tmp_path / 'missing.yaml'}: file not found"  # the exception alone says which


def test_json_output_is_utf8_and_ends_with_a_newline():
    text = dump({"Description": "héllo ☃"})
    assert "héllo ☃" in text and text.endswith("\n")


def test_compact_json_has_no_whitespace():
    assert dump({"A": [1, 2]}, compact=True) == '{"A":[1,2]}\n'


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from strategies import definition_values, templates  # noqa: E402

from samtransform.expansion import expand  # noqa: E402
from samtransform.io.json_output import pretty_json  # noqa: E402

json_keys = st.one_of(st.text(max_size=5), st.integers(), st.booleans(), st.none(), st.floats(allow_nan=False))


@given(st.one_of(definition_values, st.dictionaries(json_keys, definition_values, max_size=4)))
def test_pretty_json_is_json_dumps_indented_by_two(value):
    import json

    assert pretty_json(value) == json.dumps(value, indent=2, ensure_ascii=False)
    assert dump(value) == json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    assert dump(value, compact=True) == json.dumps(value, separators=(",", ":"), ensure_ascii=False) + "\n"


@given(templates())
def test_pretty_json_of_expanded_templates_is_json_dumps(drawn):
    import json

    output = expand(drawn.template)
    assert pretty_json(output) == json.dumps(output, indent=2, ensure_ascii=False)
    assert dump(output) == json.dumps(output, indent=2, ensure_ascii=False) + "\n"
    assert dump(output, compact=True) == json.dumps(output, separators=(",", ":"), ensure_ascii=False) + "\n"


def test_yaml_output_keeps_unicode_line_breaks():
    template = {"Resources": {"A": {"Type": "X", "Properties": {"Description": "a\x85b\u2028c\u2029d"}}}}
    assert load(dump(template, "yaml")) == template
