"""Properties of the checks on generated templates: nothing escapes, nothing is lost, nothing changes."""

from __future__ import annotations

import copy
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from differences import rollback_alarm_ids
from strategies import PARTITION_REGIONS, definition_values, mutated_templates, templates
from test_fuzz import mutated_template_text

from samtransform import InvalidTemplateError, cli
from samtransform.core.catalog import BY_ID as RULES_BY_ID
from samtransform.expansion import expand
from samtransform.plan import plan_template
from samtransform.rules import CHECKS, check_template

SCHEMA_RULES = {rule_id for rule_id in RULES_BY_ID if rule_id not in CHECKS}  # reported from expand's errors
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


@given(templates())
def test_check_finds_nothing_wrong_with_rollback_alarms(drawn):
    # The generated alarms are judged by W9301-W9303 and W9401 like the user's (findings about
    # them would point at RollbackAlarms), and they count as Alarms for W9402.
    opted_in = {logical_id for logical_id in drawn.template["Resources"]
                if drawn.template["Resources"][logical_id]["Type"] == "AWS::Serverless::StateMachine"
                and rollback_alarm_ids(drawn.template, logical_id)}
    about_alarms = [finding for finding in _check(drawn)
                    if (finding.logical_id in opted_in or finding.path[:1] == ("Metadata",))
                    and finding.rule_id in ("W9301", "W9302", "W9303", "W9401", "W9402")]
    assert about_alarms == []


@given(mutated_templates())
def test_every_expand_error_is_reported_once(drawn):
    errors = _expand_errors(drawn)
    findings = _check(drawn)
    assert bool(errors) <= any(finding.severity == "error" for finding in findings)
    # each expand error is a finding of the rule it names (E9000 when it names none), in expand's words
    reported = {(finding.rule_id, finding.logical_id, finding.message) for finding in findings}
    assert {(error.rule_id or "E9000", error.logical_id, error.message) for error in errors} <= reported
    assert not [finding for finding in findings if finding.severity == "error"
                and finding.rule_id != "E9000" and finding.rule_id in SCHEMA_RULES
                and (finding.path, finding.message) not in {(error.path, error.message) for error in errors}]
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


# Every place a rule reads, with odd values there: intrinsics with arguments of the wrong
# shape, lists where names go, names that are not strings.
SLOTS = [
    ("Resources", "Machine", "Properties", "AutoPublishAlias"),
    ("Resources", "Machine", "Properties", "DeploymentPreference"),
    ("Resources", "Machine", "Properties", "DeploymentPreference", "Type"),
    ("Resources", "Machine", "Properties", "DeploymentPreference", "Percentage"),
    ("Resources", "Machine", "Properties", "DeploymentPreference", "Alarms"),
    ("Resources", "Machine", "Properties", "DeploymentPreference", "Alarms", 0),
    ("Resources", "Alarm", "Properties", "Period"),
    ("Resources", "Alarm", "Properties", "Namespace"),
    ("Resources", "Alarm", "Properties", "AlarmName"),
    ("Resources", "Alarm", "Properties", "Dimensions"),
    ("Resources", "Alarm", "Properties", "Dimensions", 0),
    ("Resources", "Alarm", "Properties", "Dimensions", 0, "Value"),
    ("Resources", "Alarm", "DependsOn"),
    ("Outputs", "Out", "Value"),
]
ODD = st.one_of(definition_values, st.builds(lambda key, value: {key: value}, st.sampled_from(
    ["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Condition"]), definition_values))


def _base() -> dict:
    return {"Resources": {
        "Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": {
            "AutoPublishAlias": "live", "Role": "arn:aws:iam::123456789012:role/r", "Definition": {"StartAt": "A"},
            "DeploymentPreference": {"Type": "LINEAR", "Percentage": 50, "Interval": 2,
                                     "Alarms": [{"Ref": "Alarm"}]}}},
        "Alarm": {"Type": "AWS::CloudWatch::Alarm", "Properties": {
            "Namespace": "AWS/States", "AlarmName": "a", "Period": 300, "EvaluationPeriods": 1,
            "Dimensions": [{"Name": "StateMachineArn", "Value": {"Ref": "Machine"}}]}}},
        "Outputs": {"Out": {"Value": {"Ref": "MachineAliaslive"}}}}


@given(slot=st.sampled_from(SLOTS), value=ODD)
def test_odd_values_anywhere_a_rule_reads_give_findings_not_exceptions(slot, value):
    template = _base()
    parent = template
    for step in slot[:-1]:
        parent = parent[step]
    parent[slot[-1]] = value
    findings = check_template(template)
    assert all(finding.rule_id in RULES_BY_ID for finding in findings)
    try:  # plan reads the same places: the same odd values give it errors or a plan, never an exception
        plan_template(template)
    except InvalidTemplateError as failure:
        assert failure.errors
