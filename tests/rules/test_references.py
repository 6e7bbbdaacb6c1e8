"""rules/references.py (E9501, E9502): checks of references to the resources a state machine generates.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rule_fixtures import expected, family_cases, printed
from rules.inline import PREFERENCE, findings_of, variant, write

from samtransform.rules import references as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


MORE_CASES = {
    "Ref to Version of a state machine without an alias": (
        variant(("      AutoPublishAlias: live\n", ""), ("      DeploymentPreference:\n" + PREFERENCE, ""),
                append="Outputs:\n  Version:\n    Value: !Ref Machine.Version\n"),
        [(29, 5, "E9501", "AWS SAM does not resolve !Ref Machine.Version for state machines, and Machine has no "
                          "AutoPublishAlias, so no version is generated")]),
    "a misspelt alias is offered an alias, not the generated role": (
        variant(append="Outputs:\n  Alias:\n    Value: !Ref MachineAliasRole\n"),
        [(36, 5, "E9502", "!Ref MachineAliasRole names no resource; did you mean MachineAliaslive?")]),
    "a misspelt version is offered a version": (
        variant(append="Outputs:\n  Version:\n    Value: !GetAtt MachineVersionn.Arn\n"),
        [(36, 5, "E9502", "!GetAtt MachineVersionn.Arn names no resource; did you mean MachineVersion?")]),
    "Ref to an alias that is not generated": (
        variant(("      AutoPublishAlias: live\n", ""), ("      DeploymentPreference:\n" + PREFERENCE, ""),
                append="Outputs:\n  Alias:\n    Value: !GetAtt MachineAliaslive.Arn\n"),
        [(29, 5, "E9502", "!GetAtt MachineAliaslive.Arn names no resource; Machine has no AutoPublishAlias, so no "
                          "alias or version is generated")]),
    # check skips walking an inline definition whose deployed substitutions hold no such reference:
    # these show it still finds them there, at the line in the definition.
    "references inside an inline definition": (
        variant(("          Done: {Type: Succeed}\n",
                 "          Done:\n            Type: Pass\n            Parameters:\n"
                 "              alias: !Ref Machine.Alias\n"
                 "              version: !Sub 'arn:${AWS::Partition}:x:${MachineVersion1}'\n"
                 "            End: true\n")),
        [(14, 15, "E9501", "AWS SAM does not resolve !Ref Machine.Alias for state machines; use !Ref "
                           "MachineAliaslive"),
         (15, 15, "E9502", "${MachineVersion1} names no resource; did you mean MachineVersion?")]),
    "the generated IDs named inside an inline definition": (
        variant(("          Done: {Type: Succeed}\n",
                 "          Done:\n            Type: Pass\n            Parameters:\n"
                 "              alias: !Ref MachineAliaslive\n"
                 "              version: !Sub '${MachineVersion}'\n"
                 "            End: true\n")),
        []),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected_findings = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected_findings


_TARGETS = st.sampled_from(["M1", "M2", "M1.Alias", "M2.Version", "M1Aliaslive", "M1Aliaslvie", "M2Version1",
                            "M1Version", "Topic", "Stage", "Other"])
_REFERENCES = st.one_of(
    st.builds(lambda name: {"Ref": name}, _TARGETS),
    st.builds(lambda name: {"Fn::GetAtt": [name.split(".")[0], "Arn"]}, _TARGETS),
    st.builds(lambda name: {"Fn::Sub": "x-${" + name + "}"}, _TARGETS),
    st.builds(lambda name: {"Fn::Join": ["-", ["a", {"Ref": name}]]}, _TARGETS),
)
_STATE_VALUES = st.recursive(st.one_of(st.text(max_size=3), _REFERENCES),
                             lambda children: st.dictionaries(st.sampled_from(["a", "b", "c"]), children, max_size=3),
                             max_leaves=6)


@st.composite
def _machines_with_references(draw) -> dict:
    resources: dict = {"Topic": {"Type": "AWS::SNS::Topic"}}
    for logical_id in ("M1", "M2"):
        resources[logical_id] = {"Type": "AWS::Serverless::StateMachine", "Properties": {
            "AutoPublishAlias": "live", "Role": "arn:aws:iam::123456789012:role/r",
            "Definition": {"StartAt": "S", "States": {"S": {
                "Type": "Pass", "Parameters": draw(st.dictionaries(st.sampled_from(["p", "q"]), _STATE_VALUES,
                                                                   max_size=2)), "End": True}}}}}
    return {"Transform": "AWS::Serverless-2016-10-31", "Parameters": {"Stage": {"Type": "String"}},
            "Resources": resources}


@given(_machines_with_references())
def test_reference_rules_see_every_reference_a_full_walk_sees(template):
    # E9501 and E9502 do not walk an inline definition whose deployed substitutions hold no
    # reference they report on (the states are most of a large template): checked against a walk
    # of everything, on definitions full of references to the state machines and their typos.
    from samtransform.rules import references
    from samtransform.rules.subject import make_subject

    subject = make_subject(template)
    wanted = references._about_state_machines(subject)
    skipped = references._definitions_without(subject, wanted)
    assert list(references.references(template, wanted, skipped)) == list(references.references(template, wanted))
