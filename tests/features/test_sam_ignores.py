"""expansion/sam_ignores.py: a state machine read as AWS SAM reads it. Optional properties left null
are absent; a null SAM would copy is an error (CloudFormation rejects it); what SAM ignores or
overrides expands as SAM does, with a warning each (W9001 in check)."""

from __future__ import annotations

import json
import re

from cases import FIXTURES, expansion_of
from commands import run


def test_optional_properties_left_null_are_absent(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "null_properties" / "template.yaml")
    assert (code, err) == (0, "")
    resources = json.loads(out)["Resources"]
    assert sorted(resources) == ["Machine", "MachineRole", "Scheduled", "ScheduledNightly", "ScheduledNightlyRole",
                                 "ScheduledRole"]
    assert "DependsOn" not in resources["Machine"]


def test_a_null_sam_would_copy_is_an_error_saying_cloudformation_rejects_it():
    errors = expansion_of("error_null_values").errors
    assert {error.path[-1] for error in errors} == {"Condition", "Enabled", "Level", "Alarms"}
    assert all("'null' values are not allowed in templates" in error.message for error in errors)


def test_what_sam_ignores_expands_as_sam_does_with_a_warning_each(capsys):
    code, out, err = run(capsys, "expand", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml")
    assert code == 0
    assert len(re.findall(r":\d+:\d+: W9\d{3} ", err)) == 10
    resources = json.loads(out)["Resources"]
    assert resources["MisspeltToggled"]["Properties"]["State"] == "ENABLED"
    assert "Condition" not in resources["Misspelt"]


def test_check_reports_expands_warnings_as_w9001(capsys):
    code, out, _ = run(capsys, "check", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml", "--format", "json")
    assert code == 0
    findings = [finding for finding in json.loads(out) if finding["rule_id"] == "W9001"]
    assert len(findings) == 10 and {finding["severity"] for finding in findings} == {"warning"}
    code, _, _ = run(capsys, "check", FIXTURES / "unknown_keys_sam_ignores" / "template.yaml", "--strict")
    assert code == 1
