"""YAML output: libyaml's writer gives today's YAML, short forms and quoting alike.

tests/yaml_reference.py is the pure-Python cfn-flip writer samtransform used up to 0.1.0.
On every fixture (the SAM input and the expected CloudFormation), both must emit the same
YAML events: the same scalars with the same tags (short forms) and the same quoting styles,
the same mappings and sequences. The documented differences are layout only: a block
sequence starts at its key's column (`Key:` / `- item`) instead of two spaces in, and a long
double-quoted string may wrap at another space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from yaml_reference import dump_yaml as reference_dump_yaml

from samtransform import dump, load
from samtransform.io import yaml_output
from samtransform.io.template_io import parse

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted([*ROOT.glob("fixtures/*/template.yaml"), *ROOT.glob("fixtures/*/expected.aws.json"),
                    *ROOT.glob("fixtures/checks/*/*.yaml")])


def events(text: str) -> list[tuple]:
    """What a YAML reader sees, indentation and line folding aside."""
    found = []
    for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        if isinstance(event, yaml.ScalarEvent):
            found.append(("scalar", event.tag, event.value, event.style or "", event.implicit))
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            found.append((type(event).__name__, event.tag, event.flow_style))
        else:
            found.append((type(event).__name__,))
    return found


def _document(path: Path):
    try:
        return parse(path.read_text(encoding="utf-8"), str(path))
    except Exception:  # noqa: BLE001 - fixtures of unreadable templates have nothing to write
        return None


CASES = [(path, document) for path in DOCUMENTS if (document := _document(path)) is not None]


@pytest.mark.parametrize("path, document", CASES, ids=[str(path.relative_to(ROOT)) for path, _ in CASES])
def test_libyaml_output_is_todays_yaml(path, document):
    ours, reference = yaml_output.dump_yaml(document), reference_dump_yaml(document)
    assert events(ours) == events(reference)
    assert load(ours) == document


def test_every_kind_of_fixture_is_compared():
    assert len(CASES) > 100
    assert any(path.name == "expected.aws.json" for path, _ in CASES)


@pytest.mark.parametrize("value", [
    "", "0123456789", "012", "a\nb", "x" * 250, "\n".join("line" for _ in range(12)), "a\u2028b", "yes", "null",
    "1.0", "- item", "key: value", "#", "@at", "tab\there", " leading", "trailing ", "'quoted'",
])
def test_strings_and_short_forms_read_back_exactly(value):
    template = {"Resources": {"X": {"Plain": value, "Ref": {"Ref": value}, "Sub": {"Fn::Sub": value},
                                    "List": [value, {"Fn::GetAtt": ["A", value or "B"]}]}}}
    for text in (yaml_output.dump_yaml(template), reference_dump_yaml(template)):
        assert json.dumps(load(text)) == json.dumps(template)
    assert events(yaml_output.dump_yaml(template)) == events(reference_dump_yaml(template))


def test_short_forms_are_plain():
    text = dump({"A": {"Ref": "Thing"}, "B": {"Fn::GetAtt": ["Thing", "Arn"]}, "C": {"Fn::Sub": "${X}-y"}}, "yaml")
    assert text == "A: !Ref Thing\nB: !GetAtt Thing.Arn\nC: !Sub ${X}-y\n"


def test_libyaml_writes_when_it_is_installed():
    if not hasattr(yaml, "CSafeDumper"):
        pytest.skip("PyYAML without libyaml: the pure-Python emitter writes the same text")
    assert issubclass(yaml_output.TemplateDumper, yaml.CSafeDumper)
