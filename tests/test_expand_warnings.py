"""`samtransform expand` warns about the definition errors Step Functions refuses at creation.

The warnings are check's own findings of the rules in rules/creation.py, word for word and at
the same FILE:LINE:COL (in the ASL file for a local DefinitionUri); `--strict` makes them
errors; the template written is AWS SAM's, unchanged; the library's expand gives none of them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from commands import run
from oracle import translate
from rule_fixtures import FIXTURES, expected_findings, rule_ids

from samtransform import expand_template, load
from samtransform.rules.creation import REJECTED_AT_CREATION

ASL_RULES = [rule_id for rule_id in rule_ids() if (FIXTURES / rule_id / "trigger.asl.json").is_file()]
CASES = [(rule_id, case) for rule_id in ASL_RULES for case in ("trigger", "near_miss", "trigger_file",
                                                                "near_miss_file")]


def expected_lines(rule_id: str, case: str) -> list[str]:
    """check's findings on the fixture, of the rules expand warns with, as expand prints them."""
    folder = FIXTURES / rule_id
    return [f"{folder / name}:{line}:{column}: {rule} {message}"
            for name, line, column, rule, message in expected_findings(rule_id, case) if rule in REJECTED_AT_CREATION]


@pytest.mark.parametrize("rule_id, case", CASES)
def test_expand_warns_with_checks_findings(rule_id, case, capsys):
    template = FIXTURES / rule_id / f"{case}.yaml"
    code, out, err = run(capsys, "expand", str(template))
    assert code == 0
    assert err.splitlines() == expected_lines(rule_id, case)
    assert json.loads(out) == expand_template(load(template), base_dir=template.parent).template


@pytest.mark.parametrize("rule_id", [rule_id for rule_id in ASL_RULES
                                     if any(finding[3] in REJECTED_AT_CREATION
                                            for finding in expected_findings(rule_id, "trigger"))])
def test_strict_makes_them_errors_and_writes_nothing(rule_id, tmp_path, capsys):
    output = tmp_path / "out.json"
    code, out, err = run(capsys, "expand", "--strict", str(FIXTURES / rule_id / "trigger_file.yaml"), "-o",
                         str(output))
    assert (code, out) == (1, "")
    assert err.splitlines() == expected_lines(rule_id, "trigger_file")
    assert not output.exists()


def test_the_rules_expand_does_not_warn_with():
    """W9742's text deploys; E9701's ${Name} is CloudFormation's; for E9725, E9733 and E9734 no source was
    found that Step Functions refuses them at creation."""
    assert {"E9701", "W9702", "E9725", "E9733", "E9734", "W9742"} & set(REJECTED_AT_CREATION) == set()
    assert {"E9711", "E9714", "E9716", "E9741", "E9743"} <= set(REJECTED_AT_CREATION)


@pytest.mark.parametrize("rule_id", ["E9711", "E9714", "E9741", "E9743", "E9745", "E9747"])
def test_the_template_written_is_aws_sams(rule_id, capsys):
    template = FIXTURES / rule_id / "trigger.yaml"
    code, out, err = run(capsys, "expand", str(template))
    assert code == 0 and err
    assert json.loads(out) == translate(load(template))


def test_json_errors_format_marks_them_warnings(capsys):
    code, _, err = run(capsys, "expand", str(FIXTURES / "E9711" / "trigger_file.yaml"), "--errors-format", "json")
    assert code == 0
    entries = [(Path(entry["file"]).name, entry["line"], entry["column"], entry["rule_id"], entry["severity"])
               for entry in json.loads(err)]
    assert entries == [("trigger.asl.json", 15, 11, "E9711", "warning"), ("trigger.asl.json", 23, 5, "W9713", "warning")]


def test_the_library_expansion_has_none_of_them():
    template = FIXTURES / "E9711" / "trigger.yaml"
    assert expand_template(load(template)).warnings == ()


def test_a_suppressed_rule_is_not_warned_about(tmp_path, capsys):
    text = (FIXTURES / "E9711" / "trigger.yaml").read_text().replace(
        "    Type: AWS::Serverless::StateMachine\n",
        "    Type: AWS::Serverless::StateMachine\n    Metadata:\n      cfn-lint:\n        config:\n"
        "          ignore_checks: [E9711]\n", 1)
    template = tmp_path / "template.yaml"
    template.write_text(text)
    code, _, err = run(capsys, "expand", str(template))
    assert code == 0
    assert [line.split(": ", 1)[1].split()[0] for line in err.splitlines()] == ["W9713"]


def test_warnings_of_the_expansion_and_of_the_definition_in_document_order(tmp_path, capsys):
    template = tmp_path / "template.yaml"
    template.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n"
                        "    Type: AWS::Serverless::StateMachine\n    Condtion: IsProd\n    Properties:\n"
                        "      Role: arn:aws:iam::123456789012:role/machine\n"
                        "      Definition:\n        StartAt: Work\n        States:\n"
                        "          Work: {Type: Pass, Next: Don}\n          Done: {Type: Succeed}\n")
    code, _, err = run(capsys, "expand", str(template))
    assert code == 0
    assert err.splitlines() == [
        f"{template}:5:5: W9001 unknown property 'Condtion' is ignored, as AWS SAM ignores it, did you mean "
        "'Condition'?",
        f"{template}:11:30: E9711 Next 'Don' names no state in this scope; did you mean 'Done'?",
        f"{template}:12:11: W9713 state 'Done' is unreachable: no transition from StartAt 'Work' leads to it"]
