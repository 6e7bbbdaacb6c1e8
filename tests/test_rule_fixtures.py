"""The rule fixtures hold together: every rule has a trigger and a near miss, each case has its
expected findings beside it (fixtures/checks/<RULE>/<case>.expected), and each case runs once,
from the test file of the family that owns the rule (tests/rules/test_<family>.py).

The findings themselves are compared there; E9601-W9603 need big templates, built in
tests/rules/test_limits.py.
"""

from __future__ import annotations

import importlib
import json

from rule_fixtures import FIXTURES, cases, expected_findings, owner, rule_ids, template_of

from samtransform import load
from samtransform.core.catalog import BY_ID as RULES_BY_ID
from samtransform.expansion import expand
from samtransform.rules.limits import CHECKS as BUILT_IN_TESTS
from samtransform.rules.registry import FAMILIES

ASL_CASES = ("trigger", "near_miss", "trigger_file", "near_miss_file")


def asl_rules() -> list[str]:
    """The rules whose cases include a definition in a local file."""
    return [rule_id for rule_id in rule_ids() if (FIXTURES / rule_id / "trigger.asl.json").is_file()]


def test_every_rule_has_a_trigger_and_a_near_miss():
    assert set(rule_ids()) | set(BUILT_IN_TESTS) == set(RULES_BY_ID)
    assert sorted(path.name for path in FIXTURES.iterdir() if not path.is_dir()) == ["README.md"]  # folders: rules
    for rule_id in rule_ids():
        pairs = (("trigger", "near_miss"), ("trigger_file", "near_miss_file")) if rule_id in asl_rules() else (
            ("trigger", "near_miss"),)
        for trigger, near_miss in pairs:
            assert any(finding[3] == rule_id for finding in expected_findings(rule_id, trigger)), (rule_id, trigger)
            assert not any(finding[3] == rule_id for finding in expected_findings(rule_id, near_miss)), (
                rule_id, near_miss)


def test_every_case_has_its_template_and_every_template_its_case():
    for rule_id in rule_ids():
        templates = sorted(path.name for path in (FIXTURES / rule_id).iterdir()
                           if path.suffix in (".yaml", ".json") and not path.name.endswith(".asl.json"))
        assert sorted(template_of(rule_id, case).name for case in cases(rule_id)) == templates, rule_id
        if rule_id in asl_rules():
            assert set(ASL_CASES) <= set(cases(rule_id)), rule_id


def test_asl_file_cases_hold_the_inline_definitions():
    """The local-file case of each rule checks the very definition of its inline case."""
    for rule_id in asl_rules():
        for case in ("trigger", "near_miss"):
            inline = load(FIXTURES / rule_id / f"{case}.yaml")["Resources"]["Machine"]["Properties"]
            in_file = load(FIXTURES / rule_id / f"{case}_file.yaml")["Resources"]["Machine"]["Properties"]
            assert json.loads((FIXTURES / rule_id / f"{case}.asl.json").read_text()) == inline.pop("Definition")
            assert in_file.pop("DefinitionUri") == f"{case}.asl.json"
            assert in_file == inline


def test_near_misses_expand():
    """A near miss is a template expand accepts (except E9000's, which is about a covered error)."""
    for rule_id in rule_ids():
        for case in cases(rule_id):
            if case.startswith("near_miss") and rule_id != "E9000":
                expand(load(template_of(rule_id, case)), base_dir=FIXTURES / rule_id)


def test_each_rule_s_cases_run_once_from_its_family_s_test_file():
    for rule_id in rule_ids():
        owner(rule_id)  # exactly one family owns each rule
    for family in FAMILIES:
        name = family.__name__.rsplit(".", 1)[1]
        tests = importlib.import_module(f"rules.test_{name}")
        owns_cases = any(owner(rule_id) == name for rule_id in rule_ids())
        assert hasattr(tests, "test_rule_fixture") == owns_cases, name
        if owns_cases:  # the file's cases are its own family's (family_cases(family))
            assert tests.family is family, name
