"""`adopt` on every template it may meet: the 49 real public templates and the repository's fixtures.

For each template that expands, the adopted template must expand, pass `check` with no
error it did not have, get no new warning (except where a deployment preference has a branch
that moves all traffic at once, see KNOWN_WARNINGS), be accepted by AWS SAM's translator
wherever the original was, differ from the original only on the lines adopt reports, and be
left as it is by a second run.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest
from corpus import REALWORLD, example_folder
from differences import inline_local_definitions
from oracle import OracleError, translate

from samtransform import InvalidTemplateError, adopt
from samtransform.rules import check_text
from samtransform.io.template_io import parse

ROOT = Path(__file__).resolve().parent.parent
# The three real templates whose DefinitionUri differs in letter case from the file (see the
# corpus README): they do not expand on Linux, so adopt refuses them.
NOT_EXPANDING = {"sfn-lambda/template.yaml", "sfn-log-export/template.yaml", "sfn-sns/template.yaml"}
# A deployment preference with an Fn::If branch that moves all traffic at once still gets the
# rollback alarms (they stop the gradual branch); W9403 says they cannot stop the other one.
KNOWN_WARNINGS = {"deployment_preference_if/template.yaml": {"W9403"}}


def _fixture_templates() -> list[Path]:
    found = []
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.suffix in (".yaml", ".yml", ".json") and path.is_file() and not path.name.startswith("expected"):
            text = path.read_bytes()
            if b"AWS::Serverless::StateMachine" in text and not path.name.endswith(".asl.json"):
                found.append(path)
    return found


def _realworld_templates() -> list[Path]:
    return sorted(REALWORLD.rglob("template.yaml")) if REALWORLD else []


def _parameters(path: Path) -> dict:
    case = path.parent / "case.json"
    return json.loads(case.read_text()).get("parameters", {}) if case.exists() else {}


def _adopted(path: Path):
    try:
        text = path.read_bytes().decode("utf-8")
        parse(text, str(path))
    except UnicodeDecodeError:
        return None, None
    except InvalidTemplateError:
        return text, None
    try:
        return text, adopt(text, str(path), base_dir=path.parent, parameters=_parameters(path))
    except InvalidTemplateError:
        return text, None


def test_the_corpora_are_there():
    assert len(_realworld_templates()) == (49 if REALWORLD else 0)
    assert len(_fixture_templates()) > 150


@pytest.mark.skipif(REALWORLD is None, reason="../shared/examples/realworld is not beside the repository")
@pytest.mark.parametrize("path", _realworld_templates(), ids=lambda path: path.relative_to(REALWORLD).parent.as_posix())
def test_realworld_template(path, monkeypatch):
    monkeypatch.chdir(example_folder(path))  # as its user runs it: its definitions may sit beside the template's folder
    name = path.relative_to(REALWORLD).as_posix()
    text, adoption = _adopted(path)
    if name in NOT_EXPANDING:
        assert adoption is None
        return
    assert adoption is not None and adoption.text != text
    _check_adoption(path, text, adoption, name)
    assert not [entry for entry in check_text(adoption.text, str(path), base_dir=path.parent)
                if entry.severity == "error"]


@pytest.mark.parametrize("path", _fixture_templates(), ids=lambda path: path.relative_to(ROOT / "fixtures").as_posix())
def test_fixture(path):
    text, adoption = _adopted(path)
    if adoption is None:
        return  # does not expand (an error fixture): adopt refuses, which test_adopt.py checks
    _check_adoption(path, text, adoption, path.relative_to(ROOT / "fixtures").as_posix())


def _check_adoption(path: Path, text: str, adoption, name: str) -> None:
    assert {entry.problem.rule_id for entry in adoption.findings} == KNOWN_WARNINGS.get(name, set())
    _only_reported_lines_differ(text, adoption)
    again = adopt(adoption.text, str(path), base_dir=path.parent, parameters=_parameters(path))
    assert again.text == adoption.text
    assert [change for change in again.changes if change.action != "left"] == []
    if not _parameters(path):
        _sam_accepts(text, adoption.text, path)


def _only_reported_lines_differ(old: str, adoption) -> None:
    """Every line the diff adds or replaces is one adopt reports, and no line is removed."""
    reported = {line for change in adoption.changes if change.action != "left"
                for line in range(change.line, change.last_line + 1)}
    old_lines, new_lines = old.splitlines(keepends=True), adoption.text.splitlines(keepends=True)
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        assert tag != "delete" and i2 - i1 <= j2 - j1, (tag, old_lines[i1:i2])
        assert set(range(j1 + 1, j2 + 1)) <= reported, (tag, new_lines[j1:j2], sorted(reported))


def _sam_accepts(old: str, new: str, path: Path) -> None:
    """AWS SAM's translator accepts the adopted template wherever it accepts the original, both
    given what `sam deploy` would upload in place of local paths."""
    try:
        translate(_packaged(old, path))
    except OracleError:
        return  # SAM cannot read the original offline (a difference listed in tests/differences.py)
    translate(_packaged(new, path))


def _packaged(text: str, path: Path) -> dict:
    template = parse(text, str(path))
    inline_local_definitions(template, path.parent)
    for resource in template["Resources"].values():
        properties = resource.get("Properties") if isinstance(resource, dict) else None
        for key in ("CodeUri", "ContentUri", "DefinitionUri"):
            value = properties.get(key) if isinstance(properties, dict) else None
            if isinstance(value, str) and not value.startswith("s3://"):
                properties[key] = "s3://packaged/" + os.path.normpath(value).lstrip("./")
    return template
