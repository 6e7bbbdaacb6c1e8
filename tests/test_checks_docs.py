"""docs/rules.md documents every rule: a section at the rule's link, with a real finding and its fix."""

from __future__ import annotations

import re
from pathlib import Path

from rule_fixtures import expected_findings, rule_ids

from samtransform.core.catalog import RULES
from samtransform.cli.check import check_files

ROOT = Path(__file__).resolve().parent.parent
CHECKS = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(r"^template\.yaml:(\d+):(\d+): ([EW]9\d{3}) (.+)$", re.MULTILINE)


def github_slug(heading: str) -> str:
    """The anchor GitHub gives a Markdown heading."""
    return re.sub(r"[^a-z0-9 _-]", "", heading.strip().lower()).replace(" ", "-")


def rule_sections() -> dict[str, str]:
    parts = re.split(r"^### (?=[EW]9\d{3} )", CHECKS, flags=re.MULTILINE)[1:]
    return {part.split(" ", 1)[0]: part.split("\n## ", 1)[0] for part in parts}


def test_every_rule_has_a_section_at_its_link():
    sections = rule_sections()
    assert list(sections) == [rule.id for rule in RULES]
    for rule in RULES:
        heading = sections[rule.id].splitlines()[0]
        assert heading == f"{rule.id} {rule.summary}"
        assert github_slug(heading) == rule.anchor
        assert rule.doc_url.endswith(f"docs/rules.md#{rule.anchor}")


def test_every_section_shows_a_finding_and_the_fix():
    for rule_id, section in rule_sections().items():
        examples = EXAMPLE.findall(section)
        assert [example[2] for example in examples] == [rule_id], rule_id
        assert "\nFix: " in section, rule_id


def test_examples_are_what_the_trigger_templates_give():
    for rule_id, section in rule_sections().items():
        line, column, _, message = EXAMPLE.search(section).groups()
        if rule_id in rule_ids():  # the trigger, shown as template.yaml
            assert ("trigger.yaml", int(line), int(column), rule_id, message) in expected_findings(rule_id, "trigger")


def test_the_seed_output_shown_is_the_real_one():
    (entry,) = check_files([str(ROOT / "fixtures" / "seed" / "template.yaml")])
    shown = f"fixtures/seed/template.yaml:{entry.line}:{entry.column}: {entry.problem.rule_id} {entry.problem.message}"
    assert f"$ samtransform check fixtures/seed/template.yaml\n{shown}\n" in CHECKS


def test_the_summary_table_is_what_list_rules_prints(capsys):
    from samtransform import cli
    from samtransform.rules import rules_table

    assert cli.main(["check", "--list-rules"]) == 0
    printed = capsys.readouterr().out
    assert printed == rules_table()
    assert [line.split()[:2] for line in printed.splitlines()[1:]] == [[rule.id, rule.severity] for rule in RULES]
    rules_part = CHECKS.split("\n## The rules\n", 1)[1]
    assert f"$ samtransform check --list-rules\n{printed}```" in rules_part.split("\n### ", 1)[0]
