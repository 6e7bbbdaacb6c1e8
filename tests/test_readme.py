"""The README keeps its promises: the differences table, and the two commands at the top."""

import re
from pathlib import Path

from differences import DIFFERENCES

from cases import all_cases

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _readme_difference_ids() -> list[str]:
    section = README.split("## Differences from AWS SAM", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([a-z-]+)` \|", section, flags=re.MULTILINE)


def test_readme_differences_table_is_the_tested_table():
    assert sorted(_readme_difference_ids()) == sorted(DIFFERENCES)


def test_every_difference_is_exercised_by_a_fixture():
    exercised = {name for case in all_cases() for name in case.differences}
    assert exercised == set(DIFFERENCES)


def _commands() -> list[str]:
    return re.findall(r"```sh\n(.+?)\n```", README, flags=re.DOTALL)


def test_readme_opens_with_the_setup_and_test_commands():
    setup, tests = _commands()[:2]
    assert "pip install" in setup and "samtransform expand fixtures/seed/template.yaml" in setup
    assert "'.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    test_command = _commands()[1].split("&& ", 2)[2]
    assert test_command in (ROOT / ".ci" / "run").read_text()


def test_the_seed_fixture_is_the_users_example():
    seed = ROOT.parent / "shared" / "examples" / "seed"
    if seed.exists():  # beside ../shared, as on CI and in development
        for name in ("template.yaml", "statemachine/alias.asl.json"):
            assert (ROOT / "fixtures" / "seed" / name).read_bytes() == (seed / name).read_bytes()
