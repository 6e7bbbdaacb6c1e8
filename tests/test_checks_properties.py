"""Properties of the checks on generated templates: nothing escapes, nothing is lost, nothing changes."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings
from strategies import PARTITION_REGIONS, mutated_templates, templates
from test_fuzz import mutated_template_text

from samtransform import InvalidTemplateError, cli, expand
from samtransform.checks import RULES_BY_ID, check_template
from samtransform.checks.expansion import uncovered

FINDING_LINE = re.compile(r"^.+:\d+:\d+: [EW]9\d{3} .+$")


def _expand_errors(drawn) -> tuple:
    try:
        expand(drawn.template, region=PARTITION_REGIONS[drawn.partition], parameters=drawn.parameters)
    except InvalidTemplateError as failure:
        return failure.errors
    return ()


def _check(drawn):
    return check_template(drawn.template, region=PARTITION_REGIONS[drawn.partition], parameters=drawn.parameters)


@given(templates())
def test_valid_templates_have_no_e9000_and_stay_untouched(drawn):
    before = copy.deepcopy(drawn.template)
    findings = _check(drawn)
    assert drawn.template == before
    assert all(finding.rule_id in RULES_BY_ID for finding in findings)
    assert not [finding for finding in findings if finding.rule_id == "E9000"]


@given(mutated_templates())
def test_every_expand_error_is_reported_once(drawn):
    errors = _expand_errors(drawn)
    findings = _check(drawn)
    assert bool(errors) <= any(finding.severity == "error" for finding in findings)
    # each expand error is either E9000 itself or covered by an error finding at its place
    reported = {(finding.path, finding.message) for finding in findings if finding.rule_id == "E9000"}
    assert {(error.path, error.message) for error in uncovered(errors, findings)} <= reported
    assert len(findings) == len(set(findings))


@settings(suppress_health_check=list(HealthCheck))
@given(text=mutated_template_text())
def test_check_cli_on_mutated_template_text(tmp_path_factory, capsys, text):
    path = tmp_path_factory.mktemp("check") / "template.yaml"
    path.write_text(text)
    code = cli.main(["check", str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1) and err == ""
    assert all(FINDING_LINE.match(line) for line in out.splitlines()), out
    assert (code == 1) == any(": E9" in line for line in out.splitlines())
