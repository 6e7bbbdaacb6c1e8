"""A null top-level section (a key with nothing under it) is W9002, in expand and check alike, at its line."""

from __future__ import annotations

import json

import pytest

from samtransform import cli
from samtransform.rules import check_text

TEMPLATE = """\
Transform: AWS::Serverless-2016-10-31
{section}:
  # nothing here yet
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      Role: arn:aws:iam::123456789012:role/machine
      Definition: {{StartAt: Done, States: {{Done: {{Type: Succeed}}}}}}
"""
WARNING = ("{file}:2:1: W9002 {section} is null (a key with nothing under it): CloudFormation rejects a null value "
           "('null' values are not allowed in templates); give it entries or remove the key\n")


@pytest.mark.parametrize("section", ["Parameters", "Outputs", "Conditions", "Mappings", "Metadata", "Rules"])
def test_a_null_section_is_a_warning_at_its_line(tmp_path, capsys, section):
    template = tmp_path / "template.yaml"
    template.write_text(TEMPLATE.format(section=section))
    assert cli.main(["expand", str(template)]) == 0
    out, err = capsys.readouterr()
    assert err == WARNING.format(file=template, section=section)
    assert json.loads(out)[section] is None  # written as AWS SAM writes it
    assert cli.main(["check", str(template)]) == 0
    assert capsys.readouterr().out == WARNING.format(file=template, section=section)
    assert cli.main(["expand", str(template), "--strict"]) == 1


def test_an_empty_mapping_is_not_a_null_section():
    text = TEMPLATE.format(section="Parameters").replace("Parameters:\n  # nothing here yet\n", "Outputs: {}\n")
    assert [problem.rule for problem in check_text(text)] == []
