"""Local files are read from the template's own folder whenever the library knows it.

`load(path)` remembers the file's folder (a LoadedTemplate); `expand_template(...,
base_dir=)` takes it for a parsed dict; standard input and template text have no folder,
so the current one is used, and the message about a missing file says so.
"""

from __future__ import annotations

import copy
import io
import json
import pickle
import sys
from pathlib import Path

import pytest

import samtransform
from samtransform import cli, dump, expand, expand_template, load
from samtransform.io.template_io import parse

ROOT = Path(__file__).resolve().parent.parent
LOCAL = ROOT / "fixtures" / "definition_uri_local_yaml"
TEMPLATE = LOCAL / "template.yaml"
SEED = ROOT / "fixtures" / "seed" / "template.yaml"
NOT_FOUND_HERE = ("local definition file 'machines/orders.asl.yaml' not found (the template's folder is not "
                  "known, as for standard input or template text: paths are relative to the current folder)")


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """Work from a folder that is not the template's."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def expected() -> dict:
    return json.loads((LOCAL / "expected.aws.json").read_text())


def test_a_loaded_template_finds_its_local_files_from_another_folder(elsewhere):
    assert json.loads(dump(expand(load(str(TEMPLATE))))) == expected()
    assert json.loads(dump(expand(load(TEMPLATE)))) == expected()  # a Path too


def test_a_relative_path_from_another_folder(elsewhere):
    relative = Path(*[".."] * len(elsewhere.parts)) / TEMPLATE.relative_to(TEMPLATE.anchor)
    assert json.loads(dump(expand(load(str(relative))))) == expected()


def test_check_and_plan_read_the_loaded_templates_folder_too(elsewhere):
    findings = samtransform.check_template(load(TEMPLATE))
    assert [problem for problem in findings if "not found" in problem.message] == []
    plan = samtransform.plan_template(load(TEMPLATE))
    assert plan["state_machines_without_alias"] == ["Orders"]  # expanded: the local file was found


def test_a_parsed_dict_takes_base_dir(elsewhere):
    template = parse(TEMPLATE.read_text(), "template.yaml")
    assert json.loads(dump(expand_template(template, base_dir=LOCAL).template)) == expected()
    failed = expand_template(template)
    assert [error.message for error in failed.errors] == [NOT_FOUND_HERE]


def test_an_explicit_base_dir_wins_over_the_loaded_folder(elsewhere):
    (elsewhere / "machines").mkdir()
    (elsewhere / "machines" / "orders.asl.yaml").write_text("StartAt: Other\nStates:\n  Other: {Type: Succeed}\n")
    expansion = expand_template(load(TEMPLATE), base_dir=elsewhere)
    assert expansion.errors == ()
    assert "Other" in json.dumps(expansion.template)


def test_template_text_uses_the_current_folder_and_says_so(elsewhere):
    with pytest.raises(samtransform.InvalidTemplateError) as failure:
        expand(load(TEMPLATE.read_text()))
    assert str(failure.value) == f"Resources/Orders/Properties/DefinitionUri: {NOT_FOUND_HERE}"


def test_standard_input_uses_the_current_folder_and_says_so(elsewhere, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": io.BytesIO(TEMPLATE.read_bytes())}))
    assert cli.main(["expand", "-"]) == 1
    assert capsys.readouterr().err == f"<stdin>:19:7: E9000 {NOT_FOUND_HERE}\n"


def test_standard_input_in_the_templates_folder_works(monkeypatch, capsys):
    monkeypatch.chdir(LOCAL)
    monkeypatch.setattr(sys, "stdin", type("Stdin", (), {"buffer": io.BytesIO(TEMPLATE.read_bytes())}))
    assert cli.main(["expand", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == expected()


READABLE = [path for path in sorted(ROOT.glob("fixtures/*/template.*")) if not path.parent.name.startswith("error_")]


@pytest.mark.parametrize("path", READABLE, ids=lambda path: path.parent.name)
def test_a_loaded_template_is_the_dict_of_its_file(path):
    """The folder is an attribute, never a key: the same dict, the same text written."""
    loaded, parsed = load(path), parse(path.read_text(), str(path))
    assert loaded == parsed and list(loaded) == list(parsed)
    assert loaded.base_dir == str(path.parent)
    for output_format in ("json", "yaml"):
        assert dump(loaded, output_format) == dump(parsed, output_format)
    assert dump(loaded, compact=True) == dump(parsed, compact=True)


def test_the_folder_survives_copies_and_pickling():
    loaded = load(TEMPLATE)
    for copied in (copy.copy(loaded), copy.deepcopy(loaded), pickle.loads(pickle.dumps(loaded))):
        assert copied == loaded and copied.base_dir == str(LOCAL)
    assert not hasattr(dict(loaded), "base_dir")  # a new dict is the user's own


def test_the_input_is_not_modified():
    loaded = load(TEMPLATE)
    before = copy.deepcopy(loaded)
    expand(loaded)
    samtransform.check_template(loaded)
    assert loaded == before and type(loaded) is type(before)
