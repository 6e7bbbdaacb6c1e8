"""rules/deployment_preference.py (E9101, E9102, E9103, E9104, E9106, E9107, E9108, E9109, W9105): checks of each
state machine's DeploymentPreference and AutoPublishAlias.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import ALARM_ENTRY, PREFERENCE, findings_of, variant, write

from samtransform.rules import deployment_preference as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


MORE_CASES = {
    "a deployment preference without Type": (
        variant(("        Type: LINEAR\n", "")),
        [(12, 7, "E9101", "DeploymentPreference needs a Type: LINEAR, CANARY or ALL_AT_ONCE")]),
    "a lowercase type": (
        variant(("Type: LINEAR", "Type: canary")),
        [(13, 9, "E9101", "Type 'canary' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'CANARY'?")]),
    "a Lambda-style canary type": (
        variant(("Type: LINEAR", "Type: Canary10Percent5Minutes")),
        [(13, 9, "E9101", "Type 'Canary10Percent5Minutes' is not LINEAR, CANARY or ALL_AT_ONCE; for a state machine, "
                          "Canary10Percent5Minutes is written Type: CANARY, Percentage: 10, Interval: 5")]),
    "a Lambda-style linear type": (
        variant(("Type: LINEAR", "Type: Linear10PercentEvery1Minute")),
        [(13, 9, "E9101", "Type 'Linear10PercentEvery1Minute' is not LINEAR, CANARY or ALL_AT_ONCE; for a state "
                          "machine, Linear10PercentEvery1Minute is written Type: LINEAR, Percentage: 10, Interval: 1")]),
    "Lambda's AllAtOnce": (
        variant(("Type: LINEAR", "Type: AllAtOnce"), ("        Percentage: 20\n", "")),
        [(13, 9, "E9101", "Type 'AllAtOnce' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'ALL_AT_ONCE'?")]),
    "a percentage given as a digit string, which CloudFormation converts": (
        variant(("Percentage: 20", "Percentage: '20'")),
        []),
    "a percentage given as a string out of range": (
        variant(("Percentage: 20", "Percentage: '200'")),
        [(14, 9, "E9102", "Percentage '200' is not an integer from 1 to 99")]),
    "values known only at deploy time are not judged": (
        variant(("Type: LINEAR", "Type: !Ref DeployType"), ("Percentage: 20", "Percentage: !Ref Share"),
                ("Transform:", "Parameters:\n  DeployType: {Type: String}\n  Share: {Type: Number}\nTransform:")),
        []),
    "a user-given StateMachineVersionArn: overwritten, as AWS SAM does, with expand's warning": (
        variant(("Interval: 10", "Interval: 10\n        StateMachineVersionArn: !Ref MachineVersion")),
        [(16, 9, "W9001", "StateMachineVersionArn is generated (!Ref MachineVersion); AWS SAM overwrites the given "
                          "value, and so does samtransform")]),
    "an empty Alarms list": (
        variant((ALARM_ENTRY, ""), ("Alarms:\n", "Alarms: []\n")),
        [(16, 9, "E9107", "Alarms is empty; list at least one alarm name, or remove Alarms")]),
    "101 alarms": (
        variant((ALARM_ENTRY, "".join(f"          - alarm-{index}\n" for index in range(101)))),
        [(16, 9, "E9107", "Alarms lists 101 alarms; CloudFormation allows at most 100")]
        + [(17 + index, 13, "W9204", f"no alarm in this template is named 'alarm-{index}'; CloudWatch treats an "
                                     "alarm that does not exist as OK") for index in range(101)]),
    "an alarm name too long, and one that is not a name": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - " + "a" * 257 + "\n          - [x]\n")),
        [(18, 13, "E9107", "alarm name is 257 characters long; CloudFormation allows at most 256"),
         (18, 13, "W9204", f"no alarm in this template is named {'a' * 257!r}; CloudWatch treats an alarm that does "
                           "not exist as OK"),
         (19, 13, "E9107", "['x'] is not an alarm name")]),
    "Fn::If around the deployment preference: each branch": (
        variant((PREFERENCE, "          - IsProd\n          - {Type: LINEARR, Percentage: 20, Interval: 10, Alarms: "
                             "[!Ref FailedExecutions]}\n          - !Ref AWS::NoValue\n"),
                ("      DeploymentPreference:\n", "      DeploymentPreference:\n        Fn::If:\n"),
                ("Transform:", "Conditions:\n  IsProd: !Equals [!Ref AWS::AccountId, '123456789012']\nTransform:")),
        [(17, 14, "E9101", "Type 'LINEARR' is not LINEAR, CANARY or ALL_AT_ONCE; did you mean 'LINEAR'?")]),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected_findings = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected_findings
