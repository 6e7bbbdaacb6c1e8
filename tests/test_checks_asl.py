"""The ASL rules across their families: a definition in a local file (YAML or JSON) is reported in that
file, in every output format; and any value anywhere in a definition is a finding, never a crash.

Each family's own cases are in tests/rules/test_<family>.py.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rules.inline import HEAD, findings


def test_a_local_yaml_file_is_reported_in_that_file(tmp_path):
    text = HEAD + "      DefinitionUri: machine.asl.yaml\n      DefinitionSubstitutions:\n        Topic: t\n"
    asl = "StartAt: Notify\nStates:\n  Notify:\n    Type: Task\n    Resource: arn:aws:states:::sns:publish\n" \
          "    Parameters: {TopicArn: '${topic}'}\n    Next: Don\n  Done: {Type: Succeed}\n"
    # Listed in the template's order: the ASL file's findings at its DefinitionUri (line 8), in the file's order.
    assert findings(tmp_path, text, {"machine.asl.yaml": asl}) == [
        ("machine.asl.yaml", 6, 18, "E9701",
         "${topic} is not defined in DefinitionSubstitutions; did you mean 'Topic'?"),
        ("machine.asl.yaml", 7, 5, "E9711", "Next 'Don' names no state in this scope; did you mean 'Done'?"),
        ("machine.asl.yaml", 8, 3, "W9713", "state 'Done' is unreachable: no transition from StartAt 'Notify' leads "
                                            "to it"),
        (9, 9, "W9702", "substitution 'Topic' is not used: the definition file has no ${Topic}"),
    ]


def test_a_misplaced_field_in_a_local_file_is_reported_in_that_file(tmp_path):
    text = HEAD + "      DefinitionUri: machine.asl.json\n"
    asl = json.dumps({"StartAt": "Work", "States": {"QueryLanguage": "JSONata",
                                                    "Work": {"Type": "Pass", "Output": "{% $states.input %}",
                                                             "End": True}}}, indent=2)
    assert findings(tmp_path, text, {"machine.asl.json": asl}) == [
        ("machine.asl.json", 4, 5, "E9721", "QueryLanguage belongs at the top level of the definition, beside StartAt "
                                            "and States, not among the states")]
    near_miss = json.dumps({"QueryLanguage": "JSONata", "StartAt": "Work",
                            "States": {"Work": {"Type": "Pass", "Output": "{% $states.input %}", "End": True}}})
    assert findings(tmp_path, text, {"machine.asl.json": near_miss}) == []


def test_json_output_names_the_asl_file(tmp_path, capsys):
    from samtransform.cli.check import run

    (tmp_path / "m.asl.json").write_text(json.dumps({"StartAt": "A", "States": {"A": {"Type": "Passs", "End": True}}}))
    (tmp_path / "template.yaml").write_text(HEAD + "      DefinitionUri: m.asl.json\n")
    assert run([str(tmp_path / "template.yaml")], output_format="json") == 1
    (entry,) = json.loads(capsys.readouterr().out)
    assert (Path(entry["file"]).name, entry["line"], entry["column"], entry["rule_id"]) == ("m.asl.json", 1, 35,
                                                                                             "E9715")
    assert entry["path"] == "Resources/Machine/Properties/DefinitionUri/States/A/Type"


# --------------------------------------------------------------------------- robustness

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "checks"
SAMPLES = [json.loads(path.read_text()) for path in sorted(FIXTURES.glob("[EW]97*/*.asl.json"))]


def _places(node, path=()):
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in children:
        yield from _places(child, path + (key,))


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_value_anywhere_in_a_definition_is_a_finding_not_a_crash(data):
    from strategies import definition_values

    from samtransform.rules import check_template

    definition = copy.deepcopy(data.draw(st.sampled_from(SAMPLES)))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_places(definition))[1:]))
        parent = definition
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = copy.deepcopy(data.draw(definition_values))  # never a node twice
    properties = {"Role": "arn:aws:iam::123456789012:role/r", "Definition": definition,
                  "Type": data.draw(st.sampled_from(["STANDARD", "EXPRESS"]))}
    template = {"Transform": "AWS::Serverless-2016-10-31",
                "Resources": {"Machine": {"Type": "AWS::Serverless::StateMachine", "Properties": properties}}}
    before = copy.deepcopy(template)
    assert all(finding.rule_id[0] in "EW" for finding in check_template(template))
    assert template == before
