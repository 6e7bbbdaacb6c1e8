"""The rule fixtures and their expected findings: fixtures/checks/<RULE>/<case>.<yaml|json> and <case>.expected.

A case's `.expected` file holds exactly the lines `samtransform check <case file>` prints when
run inside the rule's folder (fixtures/checks/README.md): `FILE:LINE:COL: RULE message`, as
the CLI escapes them, one finding a line; an empty file when nothing is found. Each rule's
cases run from the test file of the family that owns the rule (tests/rules/test_<family>.py):
the family whose `CHECKS` names it, or, for a rule whose constraint expand decides (no check
function), the family whose docstring says it reports that rule.
"""

from __future__ import annotations

from pathlib import Path

from samtransform import cli
from samtransform.rules.registry import FAMILIES

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "checks"
TEMPLATE_SUFFIXES = (".yaml", ".json")


def rule_ids() -> list[str]:
    """Every rule with a fixture folder."""
    return sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())


def cases(rule_id: str) -> list[str]:
    """The cases of one rule: each `.expected` file's name without the suffix."""
    return sorted(path.stem for path in (FIXTURES / rule_id).glob("*.expected"))


def template_of(rule_id: str, case: str) -> Path:
    """The template of a case: <case>.yaml or <case>.json (a definition file, *.asl.json, is not one)."""
    (path,) = [FIXTURES / rule_id / f"{case}{suffix}" for suffix in TEMPLATE_SUFFIXES
               if (FIXTURES / rule_id / f"{case}{suffix}").is_file()]
    return path


def expected(rule_id: str, case: str) -> list[str]:
    """The reviewed findings of a case, as the CLI prints them."""
    return (FIXTURES / rule_id / f"{case}.expected").read_text(encoding="utf-8").splitlines()


def expected_findings(rule_id: str, case: str) -> list[tuple[str, int, int, str, str]]:
    """The expected lines split into (file, line, column, rule, message)."""
    found = []
    for line in expected(rule_id, case):
        place, rule_and_message = line.split(": ", 1)
        file, row, column = place.rsplit(":", 2)
        rule, message = rule_and_message.split(" ", 1)
        found.append((file, int(row), int(column), rule, message))
    return found


def printed(rule_id: str, case: str, monkeypatch, capsys) -> list[str]:
    """What `samtransform check <case file>` prints, run inside the rule's folder."""
    monkeypatch.chdir(FIXTURES / rule_id)
    cli.main(["check", template_of(rule_id, case).name])
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out.splitlines()


def family_name(family) -> str:
    return family.__name__.rsplit(".", 1)[1]


def owner(rule_id: str) -> str:
    """The family that owns a rule: its CHECKS names it, or (a rule expand decides) its docstring does.

    rules/expansion.py names some expand-decided rules only as examples of what it does not
    claim, so it owns just the rules of its own CHECKS."""
    owners = [family_name(family) for family in FAMILIES if rule_id in family.CHECKS]
    if not owners:
        owners = [family_name(family) for family in FAMILIES
                  if family_name(family) != "expansion" and rule_id in (family.__doc__ or "")]
    (name,) = owners
    return name


def family_cases(family) -> list[tuple[str, str]]:
    """(rule, case) of every fixture case of the rules `family` owns: the parameters of its test file."""
    name = family_name(family)
    return [(rule_id, case) for rule_id in rule_ids() if owner(rule_id) == name for case in cases(rule_id)]
