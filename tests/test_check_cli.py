"""`samtransform check`: output formats, exit codes, and templates that cannot be read."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from commands import run

from samtransform.core.catalog import BY_ID as RULES_BY_ID
from samtransform.core.catalog import RULES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "seed" / "template.yaml"
CHECKS = ROOT / "fixtures" / "checks"
SEED_WARNING = ("W9401 alarm AliasStateMachineFailureAlarm needs 5 minutes of data to fire (Period 300 s x "
                "EvaluationPeriods 1), but the LINEAR deployment (50 % every 2 minutes) watches its alarms for "
                "4 minutes at most: a failing version gets all traffic before this alarm can fire")


def test_seed_prints_the_alarm_window_warning_at_period(capsys):
    code, out, err = run(capsys, "check", str(SEED))
    assert (code, err) == (0, "")  # a warning alone does not fail
    assert out == f"{SEED}:79:7: {SEED_WARNING}\n"


def test_strict_fails_on_warnings(capsys):
    assert run(capsys, "check", "--strict", str(SEED))[0] == 1


def test_ignore_checks_by_prefix(capsys):
    code, out, _ = run(capsys, "check", "--strict", str(SEED), "--ignore-checks", "W94")
    assert (code, out) == (0, "")


def test_errors_exit_1_and_clean_templates_print_nothing(capsys):
    assert run(capsys, "check", str(CHECKS / "E9101" / "near_miss.yaml")) == (0, "", "")
    code, out, _ = run(capsys, "check", str(CHECKS / "E9101" / "trigger.yaml"))
    assert code == 1 and ": E9101 Type 'LINEARR'" in out


def test_several_templates_in_order(capsys):
    first, second = CHECKS / "E9108" / "trigger.yaml", CHECKS / "E9102" / "trigger.yaml"
    _, out, _ = run(capsys, "check", str(first), str(second))
    assert [line.split(": ")[0] for line in out.splitlines()] == [f"{first}:6:7", f"{first}:12:7", f"{second}:14:9"]


def test_json_format(capsys):
    code, out, _ = run(capsys, "check", "--format", "json", str(SEED))
    assert code == 0
    assert json.loads(out) == [{
        "file": str(SEED), "line": 79, "column": 7, "end_line": 79, "end_column": 13, "rule_id": "W9401",
        "severity": "warning", "message": SEED_WARNING.split(" ", 1)[1],
        "path": "Resources/AliasStateMachineFailureAlarm/Properties/Period",
        "logical_id": "AliasStateMachineFailureAlarm",
        "doc_url": RULES_BY_ID["W9401"].doc_url,
    }]


def test_sarif_format(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    code, out, _ = run(capsys, "check", "--format", "sarif", "fixtures/seed/template.yaml",
                       str(CHECKS / "E9101" / "trigger.yaml"))
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "samtransform" and driver["version"]
    assert [rule["id"] for rule in driver["rules"]] == [rule.id for rule in RULES]
    # No web address the project does not have: the help names the section of docs/rules.md.
    assert "helpUri" not in json.dumps(log) and "http" not in json.dumps(driver).replace(log["$schema"], "")
    assert all(f"docs/rules.md#{rule.anchor}" in entry["help"]["text"] for rule, entry in zip(RULES, driver["rules"]))
    seed, error = run_["results"]
    assert seed == {
        "ruleId": "W9401", "ruleIndex": [rule.id for rule in RULES].index("W9401"), "level": "warning",
        "message": {"text": SEED_WARNING.split(" ", 1)[1]},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": "fixtures/seed/template.yaml"},
            "region": {"startLine": 79, "startColumn": 7, "endLine": 79, "endColumn": 13}}}],
    }
    assert error["level"] == "error" and error["ruleId"] == "E9101"
    assert error["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("file:///")


def test_unreadable_templates_are_e9000_and_the_rest_is_still_checked(tmp_path, capsys):
    (tmp_path / "syntax.yaml").write_text("Resources:\n  M:\n    Type: [\n")
    (tmp_path / "broken.asl.json").write_text('{"StartAt": "A",\n "States": {"A": {"Type": "Pass" "End": true}}}\n')
    (tmp_path / "definition.yaml").write_text(
        "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
        "      DefinitionUri: broken.asl.json\n      Role: arn:aws:iam::123456789012:role/r\n")
    code, out, _ = run(capsys, "check", str(tmp_path / "syntax.yaml"), str(tmp_path / "missing.yaml"),
                       str(tmp_path / "definition.yaml"), str(SEED))
    assert code == 1
    assert out.splitlines() == [
        f"{tmp_path / 'syntax.yaml'}:4:1: E9000 invalid YAML: did not find expected node content",
        f"{tmp_path / 'missing.yaml'}:1:1: E9000 file not found",
        # an error inside a local definition file is reported in that file
        f"{tmp_path / 'broken.asl.json'}:2:34: E9000 in local definition file 'broken.asl.json': invalid JSON: "
        "Expecting ',' delimiter",
        f"{SEED}:79:7: {SEED_WARNING}",
    ]


def test_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO((CHECKS / "E9102" / "trigger.yaml").read_bytes())))
    code, out, _ = run(capsys, "check", "-")
    assert (code, out) == (1, "<stdin>:14:9: E9102 Percentage 100 is not an integer from 1 to 99\n")


def test_parameter_overrides_resolve_the_alias(tmp_path, capsys):
    template = tmp_path / "t.yaml"
    template.write_text("Parameters:\n  Alias:\n    Type: String\nResources:\n  M:\n"
                        "    Type: AWS::Serverless::StateMachine\n    Properties:\n      AutoPublishAlias: !Ref Alias\n"
                        "      Role: arn:aws:iam::123456789012:role/r\n"
                        "      Definition: {StartAt: A, States: {A: {Type: Succeed}}}\n")
    code, out, _ = run(capsys, "check", str(template))
    assert (code, out) == (1, f"{template}:8:7: E9109 parameter 'Alias' has no Default; give its value with "
                              "--parameter-overrides Alias=<alias name>\n")
    assert run(capsys, "check", str(template), "--parameter-overrides", "Alias=live") == (0, "", "")


def test_usage_errors_exit_2(capsys):
    code, out, err = run(capsys, "check")
    assert (code, out) == (2, "") and "TEMPLATE" in err
    assert run(capsys, "check", str(SEED), "--format", "xml")[0] == 2


def test_expand_imports_only_the_definition_rules(tmp_path):
    """`samtransform expand` stays lean: of the rules, only those it warns with (rules/creation.py), and only
    for a template with a definition; no check command, no other rule family, no cfn-lint, no jsonschema."""
    script = ("import sys; from samtransform.cli import main; "
              "code = main(['expand', sys.argv[1], '-o', sys.argv[2]]); "
              "print(code, sorted(name for name in sys.modules if name.startswith(("
              "'samtransform.rules', 'samtransform.cfnlint_rules', 'cfnlint', 'jsonschema', 'jsonata'))))")

    def imported(template: Path) -> str:
        return subprocess.run([sys.executable, "-c", script, str(template), str(tmp_path / "out.json")],
                              capture_output=True, text=True, cwd=ROOT, check=True).stdout.strip()

    assert imported(SEED) == ("0 ['samtransform.rules', "
                              "'samtransform.rules.creation', 'samtransform.rules.definitions', "
                              "'samtransform.rules.integrations', 'samtransform.rules.state_fields', "
                              "'samtransform.rules.state_graph', 'samtransform.rules.state_values', "
                              "'samtransform.rules.subject', 'samtransform.rules.suppressions']")
    in_s3 = tmp_path / "in_s3.yaml"
    in_s3.write_text("Transform: AWS::Serverless-2016-10-31\nResources:\n  Machine:\n"
                     "    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                     "      Role: arn:aws:iam::123456789012:role/machine\n"
                     "      DefinitionUri: s3://bucket/machine.asl.json\n")
    assert imported(in_s3) == "0 []"


def test_pre_commit_hook_runs_check():
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    import yaml

    (hook,) = yaml.safe_load(hooks)
    assert hook["id"] == "samtransform-check" and hook["entry"] == "samtransform check"
    assert hook["language"] == "python" and hook["types_or"] == ["yaml", "json"]
    files = re.compile(hook["files"])
    assert all(files.search(name) for name in ("template.yaml", "app/template.yml", "samtemplate.json"))
    assert not any(files.search(name) for name in (".github/workflows/ci.yaml", "my-template.yaml.bak"))


@pytest.mark.parametrize("option", ["--format=json", "--format=sarif", "--format=text"])
def test_every_format_reports_read_errors(option, tmp_path, capsys):
    code, out, _ = run(capsys, "check", option, str(tmp_path / "missing.yaml"))
    assert code == 1 and "file not found" in out


def _seed_with_metadata(tmp_path, template_level: str = "", alarm_level: str = "") -> str:
    shutil.copytree(SEED.parent, tmp_path / "app")
    text = SEED.read_text()
    if template_level:
        text = f"Metadata:\n  cfn-lint:\n    config:\n      ignore_checks: {template_level}\n" + text
    if alarm_level:
        text = text.replace("  AliasStateMachineFailureAlarm:\n    Type: AWS::CloudWatch::Alarm\n",
                            "  AliasStateMachineFailureAlarm:\n    Type: AWS::CloudWatch::Alarm\n    Metadata:\n"
                            f"      cfn-lint:\n        config:\n          ignore_checks: {alarm_level}\n")
    (tmp_path / "app" / "template.yaml").write_text(text)
    return str(tmp_path / "app" / "template.yaml")


@pytest.mark.parametrize("template_level, alarm_level, reported", [
    ("", "", True),
    ("[W94]", "", False),  # template level: by prefix, as --ignore-checks
    ("[W9401]", "", False),
    ("[E9101]", "", True),
    ("", "[W9401]", False),  # on the resource the finding is in
    ("", "[W94]", True),  # resource level: whole IDs, as cfn-lint
    ("", "[W9402]", True),
])
def test_check_honours_cfn_lint_metadata_suppressions(tmp_path, capsys, template_level, alarm_level, reported):
    template = _seed_with_metadata(tmp_path, template_level, alarm_level)
    code, out, _ = run(capsys, "check", "--strict", template)
    assert ("W9401" in out, code) == (reported, 1 if reported else 0)


def test_resource_suppression_does_not_reach_other_resources(tmp_path, capsys):
    text = (CHECKS / "E9102" / "trigger.yaml").read_text()
    (tmp_path / "t.yaml").write_text(text + "  Other:\n    Type: AWS::SNS::Topic\n    Metadata:\n      cfn-lint:\n"
                                            "        config:\n          ignore_checks: [E9102]\n")
    assert "E9102" in run(capsys, "check", str(tmp_path / "t.yaml"))[1]
