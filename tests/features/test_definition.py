"""expansion/definition.py: Definition, DefinitionUri and DefinitionSubstitutions."""

import json
from pathlib import Path

import pytest

from samtransform.core.context import Context
from samtransform.expansion.definition import prepare

CONTEXT = Context(region="us-east-1", partition="aws", base_dir=Path("."))


def _prepare(properties, context=CONTEXT):
    return prepare(("Resources", "M", "Properties"), properties, context)


def _definition_text(prepared):
    join = prepared["DefinitionString"]["Fn::Join"]
    assert join[0] == "\n"
    return "\n".join(join[1])


def test_definition_without_intrinsics_has_no_substitutions():
    prepared, errors = _prepare({"Definition": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}})
    assert errors == []
    assert "DefinitionSubstitutions" not in prepared
    assert json.loads(_definition_text(prepared)) == {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}


def test_definition_string_is_sorted_json_indented_by_four_and_ascii():
    prepared, _ = _prepare({"Definition": {"b": "é", "a": [1, 2.5, True, None]}})
    assert prepared["DefinitionString"]["Fn::Join"][1] == [
        "{", '    "a": [', "        1,", "        2.5,", "        true,", "        null", "    ],",
        '    "b": "\\u00e9"', "}"]


def test_substitutions_are_numbered_in_sorted_depth_first_order():
    definition = {"z": {"Ref": "Z"}, "a": [{"Fn::GetAtt": ["A", "Arn"]}, {"b": "{{resolve:ssm:p}}"}],
                  "m": {"Ref": "M", "Extra": 1}}
    prepared, _ = _prepare({"Definition": definition, "DefinitionSubstitutions": {"Mine": "x"}})
    assert prepared["DefinitionSubstitutions"] == {
        "Mine": "x",
        "definition_substitution_1": {"Fn::GetAtt": ["A", "Arn"]},
        "definition_substitution_2": "{{resolve:ssm:p}}",
        "definition_substitution_3": {"Ref": "Z"},
    }
    assert json.loads(_definition_text(prepared))["m"] == {"Ref": "M", "Extra": 1}


def test_the_definition_is_not_modified():
    definition = {"a": {"Ref": "X"}}
    _prepare({"Definition": definition})
    assert definition == {"a": {"Ref": "X"}}


@pytest.mark.parametrize("uri, location", [
    ("s3://bucket/key.json", {"Bucket": "bucket", "Key": "key.json"}),
    ("s3://bucket/a/b.json?versionId=7", {"Bucket": "bucket", "Key": "a/b.json", "Version": "7"}),
    ("s3://bucket/k?versionId=1&versionId=2", {"Bucket": "bucket", "Key": "k"}),
    ({"Bucket": "b", "Key": "k", "Version": 3}, {"Bucket": "b", "Key": "k", "Version": 3}),
])
def test_s3_definition_uri(uri, location):
    prepared, errors = _prepare({"DefinitionUri": uri, "DefinitionSubstitutions": {"A": "b"}})
    assert errors == []
    assert prepared == {"DefinitionS3Location": location, "DefinitionSubstitutions": {"A": "b"}}


@pytest.mark.parametrize("uri", ["s3://bucket", "s3://bucket/", "https://example.com/x.json", "s3:///key"])
def test_malformed_s3_uri_is_sams_error(uri):
    _, errors = _prepare({"DefinitionUri": uri})
    assert [error.message for error in errors] == [
        "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter."]


@pytest.mark.parametrize("name, text", [
    ("m.asl.json", '{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}"}}}'),
    ("m.asl.yaml", "StartAt: A\nStates:\n  A: {Type: Task, Resource: '${Fn}'}\n"),
])
def test_local_definition_is_inlined(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    context = Context(region="us-east-1", partition="aws", base_dir=tmp_path)
    from_file, errors = _prepare({"DefinitionUri": name}, context)
    inline, _ = _prepare({"Definition": {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "${Fn}"}}}})
    assert errors == [] and from_file == inline


def test_local_json_definition_must_be_json(tmp_path):
    (tmp_path / "m.json").write_text('{"StartAt": "A",}')
    _, errors = _prepare({"DefinitionUri": "m.json"}, Context("us-east-1", "aws", tmp_path))
    assert errors[0].path == ("Resources", "M", "Properties", "DefinitionUri")
    assert (errors[0].origin.line, errors[0].origin.column) == (1, 17)


@pytest.mark.parametrize("properties, message", [
    ({}, "Either 'Definition' or 'DefinitionUri' property must be specified."),
    ({"Definition": {}}, "Either 'Definition' or 'DefinitionUri' property must be specified."),
    ({"Definition": {"a": 1}, "DefinitionUri": "s3://b/k"},
     "Specify either 'Definition' or 'DefinitionUri' property and not both."),
    ({"DefinitionUri": {"Bucket": "", "Key": "k"}}, "'DefinitionUri' requires Bucket and Key properties to be specified."),
])
def test_definition_source_rules(properties, message):
    _, errors = _prepare(properties)
    assert [error.message for error in errors] == [message]


def test_non_string_keys_are_refused():
    _, errors = _prepare({"Definition": {"States": {1: "x"}}})
    assert errors[0].path == ("Resources", "M", "Properties", "Definition", "States")


# --------------------------------------------------------------------------- the DefinitionString layout

from hypothesis import given  # noqa: E402

from strategies import definitions  # noqa: E402

from samtransform.expansion.definition_string import definition_lines  # noqa: E402
from samtransform.core.intrinsics import is_dynamic_reference, is_intrinsic  # noqa: E402


def _reference_lines(definition):
    """SAM's way, spelled out: substitute in key-sorted depth-first order, then json.dumps."""
    found = []

    def substitute(node):
        if isinstance(node, dict):
            items = sorted(node.items())
        elif isinstance(node, list):
            items = list(enumerate(node))
        else:
            return node
        copy = {} if isinstance(node, dict) else [None] * len(node)
        for key, value in items:
            if is_intrinsic(value) or is_dynamic_reference(value):
                found.append(value)
                copy[key] = "${definition_substitution_%d}" % len(found)
            else:
                copy[key] = substitute(value)
        return copy

    text = json.dumps(substitute(definition), sort_keys=True, indent=4, separators=(",", ": "))
    return text.split("\n"), found


@given(definitions())
def test_definition_lines_are_sams_json_layout(definition):
    assert definition_lines(definition) == _reference_lines(definition)
