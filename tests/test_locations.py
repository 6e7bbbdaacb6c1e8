"""Source positions of paths, in YAML and JSON, and errors sorted by them."""

from pathlib import Path

import pytest

from samtransform.core.problems import Origin, TransformError
from samtransform.io.locations import SourceMap, locate_errors

YAML = """\
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: !GetAtt Role.Arn
      Policies:
        - AWSLambdaRole
        - Statement: []
      DeploymentPreference: {Type: LINEAR, Percentage: 150}
"""

JSON = """\
{
  "Resources": {
    "Machine": {
      "Type": "AWS::Serverless::StateMachine",
      "Properties": {
        "Policies": ["AWSLambdaRole", {"Statement": []}],
        "DeploymentPreference": {"Type": "LINEAR", "Percentage": 150}
      }
    }
  }
}
"""

PROPERTIES = ("Resources", "Machine", "Properties")


@pytest.mark.parametrize("path, position", [
    ((), (1, 1)),
    (("Resources", "Machine"), (2, 3)),
    (PROPERTIES + ("Role",), (5, 7)),
    (PROPERTIES + ("Role", "Fn::GetAtt"), (5, 7)),
    (PROPERTIES + ("Role", "Fn::GetAtt", 1), (5, 7)),
    (PROPERTIES + ("Policies", 1), (8, 11)),
    (PROPERTIES + ("Policies", 1, "Statement"), (8, 11)),
    (PROPERTIES + ("DeploymentPreference", "Percentage"), (9, 44)),
    (PROPERTIES + ("Definition",), (4, 5)),
    (PROPERTIES + ("Policies", 7), (6, 7)),
])
def test_yaml_positions(path, position):
    assert SourceMap(YAML).position(path) == position


@pytest.mark.parametrize("path, position", [
    ((), (1, 1)),
    (("Resources", "Machine"), (3, 5)),
    (PROPERTIES + ("Policies", 0), (6, 22)),
    (PROPERTIES + ("Policies", 1, "Statement"), (6, 40)),
    (PROPERTIES + ("DeploymentPreference", "Percentage"), (7, 52)),
    (PROPERTIES + ("Definition",), (5, 7)),
])
def test_json_positions(path, position):
    assert SourceMap(JSON).position(path) == position


def test_merge_keys_are_found_in_their_source():
    text = "base: &base\n  Type: X\nResources:\n  A:\n    <<: *base\n    Properties: {}\n"
    assert SourceMap(text).position(("Resources", "A", "Type")) == (2, 3)


def test_errors_are_sorted_by_position_and_keep_other_files_positions():
    errors = [
        TransformError(PROPERTIES + ("DeploymentPreference", "Percentage"), "too big"),
        TransformError(PROPERTIES + ("Role",), "in another file", Origin("machine.asl.json", 3, 4)),
        TransformError(("Resources", "Machine"), "first"),
    ]
    located = locate_errors(YAML, "t.yaml", errors)
    assert [str(error) for error in located] == [
        "t.yaml:2:3: Resources/Machine: first",
        "machine.asl.json:3:4: Resources/Machine/Properties/Role: in another file",
        "t.yaml:9:44: Resources/Machine/Properties/DeploymentPreference/Percentage: too big",
    ]


def test_an_error_without_a_path_is_at_its_origin():
    located = locate_errors(None, "t.yaml", [TransformError((), "file not found", Origin("t.yaml", 1, 1))])
    assert str(located[0]) == "t.yaml:1:1: file not found"


def test_a_top_level_key_found_without_composing_is_where_composing_finds_it():
    root = Path(__file__).resolve().parent.parent
    texts = [path.read_bytes().decode("utf-8", "replace") for path in sorted(root.glob("fixtures/**/*.yaml"))]
    texts += ["'Resources': {}\n", '"Resources" : {}\n', "# Resources: no\nResources:\n  A: 1\n",
              "A: |\n  Resources: inside a block scalar\nResources: {}\n", "{Resources: {}}\n",
              'x: 1\n"Resources": {}\n', 'x: "Resources"\nResources: {}\n', "x: 'Resources:'\nResources: {}\n",
              "Resources: {}\nOutputs:\n  O: {Value: Resources}\n", "Resources:\r\n  A: 1\r\n"]
    compared = 0
    for text in texts:
        for key in ("Resources", "Parameters", "Outputs", "Transform", "Missing"):
            composed = SourceMap(text)
            if composed._yaml_root is None:  # composed first, so span() does not take the short cut
                continue  # not YAML that composes: nothing to compare with
            assert SourceMap(text).span((key,)) == composed.span((key,)), (key, text[:200])
            compared += 1
    assert compared > 300
