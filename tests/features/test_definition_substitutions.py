"""expansion/definition_substitutions.py: a local definition file that is JSON only once its
DefinitionSubstitutions are applied is inlined as written; a placeholder it lacks is an error where it
breaks the JSON, a warning within a string; a file broken for another reason keeps its precise error."""

from __future__ import annotations

import json

from cases import FIXTURES, expansion_of
from commands import run


def test_a_definition_file_json_only_after_substitution_is_inlined_as_written(capsys):
    folder = FIXTURES / "definition_uri_substituted"
    code, out, err = run(capsys, "expand", folder / "template.yaml")
    assert code == 0
    properties = json.loads(out)["Resources"]["Tuner"]["Properties"]
    assert properties["DefinitionString"] == (folder / "statemachine" / "tuner.asl.json").read_text()
    assert properties["DefinitionSubstitutions"]["timeout"] == {"Ref": "Timeout"}
    assert err == ""


def test_a_missing_substitution_that_breaks_the_json_is_an_error_one_within_a_string_a_warning():
    expansion = expansion_of("error_definition_substituted_missing")
    assert [error.message for error in expansion.errors] == [
        "local definition file 'statemachine/tuner.asl.json' is JSON only once its placeholders are substituted, "
        "and DefinitionSubstitutions has no 'timeout'; Step Functions would reject the definition"]
    assert [warning.message for warning in expansion.warnings] == [
        "local definition file 'statemachine/tuner.asl.json' uses ${Region}, which DefinitionSubstitutions does not "
        "define; the state machine gets the text '${Region}' as written"]


def test_a_file_broken_for_another_reason_keeps_the_precise_error_at_its_position(capsys):
    folder = FIXTURES / "error_local_definition_placeholder_invalid"
    code, _, err = run(capsys, "expand", folder / "template.yaml")
    assert code == 1
    assert err.startswith(f"{folder / 'statemachine' / 'tuner.asl.json'}:4:72: ")  # the trailing comma's brace
    assert err.rstrip().endswith("invalid JSON: Expecting property name enclosed in double quotes")
