"""One decision and one report per problem: `expand`, `check` and the cfn-lint plugin agree.

Over every fixture that fails (fixtures/error_*/ and fixtures/checks/*/trigger*), each
problem `expand` reports, `check` reports with the same rule ID, line, column and words;
what `check` adds comes only from rules that `expand` never decides (the workflow, the
alarms' wiring, ...), never a second opinion on expand's problem; and a consequence of a
problem already reported (a key missing because it is misspelt) is not reported again.
The plugin reports what `check` reports.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import re

import pytest

from samtransform import InvalidTemplateError, cli, load
from samtransform.expansion.state_machine import RESOURCE_TYPE
from samtransform.rules import check_text

ROOT = Path(__file__).resolve().parent.parent
FAILING = sorted(str(path.relative_to(ROOT)) for path in [*ROOT.glob("fixtures/error_*/template.*"),
                                                          *ROOT.glob("fixtures/checks/*/trigger*.yaml")])
IN_ANOTHER_FILE = re.compile(r" \(at [^()]+:\d+:\d+\)$")  # the plugin's words for a finding in an ASL file
TRIGGER = """\
Resources:
  Machine:
    Type: AWS::Serverless::StateMachine
    Properties:
      AutoPublishAlias: live
      Role: arn:aws:iam::123456789012:role/machine
      Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}
      DeploymentPreference:
        Type: LINEAR
"""


def _parameters(fixture: str) -> list[str]:
    case = ROOT / fixture
    case = case.parent / "case.json"
    values = json.loads(case.read_text()).get("parameters", {}) if case.exists() else {}
    return [argument for key, value in values.items() for argument in ("--parameter-overrides", f"{key}={value}")]


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


def _key(finding: dict) -> tuple:
    return finding["file"], finding["line"], finding["column"], finding["rule_id"], finding["message"]


def expand_problems(fixture: str) -> set[tuple]:
    _, _, err = _run("expand", fixture, "--errors-format", "json", *_parameters(fixture))
    return {_key(problem) for problem in json.loads(err or "[]")}


def check_findings(fixture: str) -> set[tuple]:
    _, out, _ = _run("check", fixture, "--format", "json", *_parameters(fixture))
    return {_key(finding) for finding in json.loads(out)}


@pytest.fixture(scope="module")
def reports(request) -> dict[str, tuple[set, set]]:
    with contextlib.chdir(ROOT):
        return {fixture: (expand_problems(fixture), check_findings(fixture)) for fixture in FAILING}


def test_every_fixture_that_fails_is_compared(reports):
    failing = [fixture for fixture, (expanded, checked) in reports.items() if expanded or checked]
    assert len(failing) == len(FAILING) > 100


@pytest.mark.parametrize("fixture", FAILING)
def test_check_reports_what_expand_reports_in_the_same_words(reports, fixture):
    expanded, checked = reports[fixture]
    assert expanded - checked == set()


def test_what_check_adds_comes_from_rules_expand_never_decides(reports):
    """A rule whose problems expand reports (E9000, W9001, the schema's rules, E9108, E9109, the
    rollback alarms' warnings) reads them from expand: in check it adds nothing."""
    decided_by_expand = {rule for expanded, _ in reports.values() for *_, rule, _ in expanded}
    assert {"E9000", "W9001", "E9106", "E9108", "E9109"} <= decided_by_expand
    second_opinions = {(fixture, finding) for fixture, (expanded, checked) in reports.items()
                       for finding in checked - expanded if finding[3] in decided_by_expand}
    assert second_opinions == set()


def test_deployment_preference_without_alias_is_one_report_at_the_property(reports):
    fixture = "fixtures/checks/E9108/trigger.yaml"
    expected = {(fixture, 6, 7, "E9108", "'UseAliasAsEventTarget' requires 'AutoPublishAlias' property to be specified."),
                (fixture, 12, 7, "E9108", "'DeploymentPreference' requires 'AutoPublishAlias' property to be specified.")}
    assert reports[fixture] == (expected, expected)


@pytest.mark.parametrize("misspelt, missing", [("Percentge", "Percentage"), ("Intervall", "Interval")])
def test_a_misspelt_key_is_one_error_not_also_a_missing_one(misspelt, missing):
    present = "Interval" if missing == "Percentage" else "Percentage"
    text = TRIGGER + f"        {present}: 10\n        {misspelt}: 10\n"
    findings = sorted((problem.rule, problem.message) for problem in check_text(text))
    assert findings == [("E9106", f"unknown DeploymentPreference key {misspelt!r}, did you mean {missing!r}?"),
                        ("W9402", "a LINEAR deployment without Alarms never rolls back: it shifts all traffic to "
                                  "the new version whatever happens")]


def test_a_missing_key_beside_an_unknown_one_that_is_not_it_is_still_reported():
    findings = sorted(problem.rule for problem in check_text(TRIGGER + "        Interval: 10\n        Bake: 10\n"))
    assert findings == ["E9104", "E9106", "W9402"]


def test_a_rollback_alarm_that_collides_is_one_error(reports):
    expanded, checked = reports["fixtures/error_rollback_alarms/template.yaml"]
    assert checked == expanded


def test_an_alias_error_is_reported_once_whatever_else_is_wrong(tmp_path):
    template = tmp_path / "template.yaml"
    template.write_text("Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n"
                        "      AutoPublishAlias: 5\n      Name: 5\n      Role: arn:aws:iam::123456789012:role/r\n"
                        "      Definition: {StartAt: A, States: {A: {Type: Pass, End: true}}}\n")
    expected = {(str(template), 5, 7, "E9000", "5 is not an alias name (a string) or a Ref to a parameter"),
                (str(template), 6, 7, "E9000", "5 is not of type 'string'")}
    assert expand_problems(str(template)) == check_findings(str(template)) == expected
    template.write_text(template.read_text().replace("AutoPublishAlias: 5", "AutoPublishAlias: my-alias"))
    alias = (str(template), 5, 7, "E9109", "alias name 'my-alias' would make the logical ID 'MAliasmy-alias', "
                                           "which is not alphanumeric (or longer than 255 characters); use letters "
                                           "and digits only")
    assert expand_problems(str(template)) == check_findings(str(template)) == {
        alias, (str(template), 6, 7, "E9000", "5 is not of type 'string'")}


def test_cfn_lint_plugin_reports_what_check_reports(reports):
    """In-process cfn-lint (the installed release) with the plugin, over every fixture that fails.

    Left out: what cfn-lint reads itself (a template it cannot parse, one without a state
    machine), and a finding inside a local ASL file, which the plugin places at the
    DefinitionUri (tests/test_cfn_lint_plugin.py covers those)."""
    api = pytest.importorskip("cfnlint.api")
    with contextlib.chdir(ROOT):
        matches = api.lint_by_config(api.ManualArgs(templates=FAILING, regions=["us-east-1"],
                                                    append_rules=["samtransform.cfnlint_rules"]))
    plugin: dict[str, set] = {fixture: set() for fixture in FAILING}
    for match in matches:
        if match.rule.id[1] == "9" and not IN_ANOTHER_FILE.search(match.message):
            plugin[match.filename].add((match.filename, match.linenumber, match.columnnumber, match.rule.id,
                                        match.message))
    from samtransform.cfnlint_rules import CFN_LINT_OPTIONS  # advice names cfn-lint's own options

    def in_cfn_lint_words(finding: tuple) -> tuple:
        message = finding[4]
        for ours, theirs in CFN_LINT_OPTIONS.items():
            message = message.replace(ours, theirs)
        return (*finding[:4], message)

    compared = 0
    for fixture, (_, checked) in reports.items():
        in_template = {in_cfn_lint_words(finding) for finding in checked if finding[0] == fixture}
        if not _has_state_machine(fixture):
            continue  # cfn-lint's own: a template it cannot read, or one without a state machine
        assert plugin[fixture] == in_template, fixture
        compared += 1
    assert compared > 90


def _has_state_machine(fixture: str) -> bool:
    try:
        resources = load(ROOT / fixture).get("Resources")
    except InvalidTemplateError:
        return False
    return isinstance(resources, dict) and any(isinstance(resource, dict) and resource.get("Type") == RESOURCE_TYPE
                                               for resource in resources.values())
