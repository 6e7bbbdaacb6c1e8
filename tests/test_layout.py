"""The tests mirror the code: a test file under tests/rules/, tests/features/ or tests/models/
names the module it tests, and every rule family has its file (docs/ARCHITECTURE.md, "Where the
tests are")."""

from __future__ import annotations

from pathlib import Path

from samtransform.rules.registry import FAMILIES

TESTS = Path(__file__).resolve().parent
PACKAGE = TESTS.parent / "samtransform"


def named_by(folder: str) -> set[str]:
    """X of every tests/<folder>/test_X.py."""
    return {path.stem.removeprefix("test_") for path in (TESTS / folder).glob("test_*.py")}


def modules(package: Path) -> set[str]:
    """The names of a package's modules and subpackages, at every depth."""
    return ({path.stem for path in package.rglob("*.py") if path.stem != "__init__"}
            | {path.parent.name for path in package.rglob("__init__.py")})


def test_every_rule_family_has_its_test_file_and_no_other_file_is_there():
    assert named_by("rules") == {family.__name__.rsplit(".", 1)[1] for family in FAMILIES}


def test_every_feature_test_names_a_module_of_the_expansion():
    # A module of expansion/events/ may be named with the events it builds: test_api_events.py
    # tests events/api.py, test_function_api_events.py events/function_api.py.
    events = {f"{path.stem}_events" for path in (PACKAGE / "expansion" / "events").glob("*.py")}
    assert named_by("features") - modules(PACKAGE / "expansion") - events == set()


def test_every_model_test_names_a_model():
    assert named_by("models") - modules(PACKAGE / "models") == set()
