"""rules/alarms.py (E9201, E9202, E9203, W9204): checks that each entry of DeploymentPreference `Alarms` is an
alarm *name*.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import ALARM_ENTRY, TOPIC, findings_of, variant, write

from samtransform.rules import alarms as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


MORE_CASES = {
    "GetAtt Arn of another resource": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !GetAtt Topic.Arn\n"), append=TOPIC),
        [(18, 13, "E9201", "!GetAtt Topic.Arn is an ARN, but Alarms needs alarm names")]),
    "an ARN made with Sub": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !Sub 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:"
                                            "${AWS::AccountId}:alarm:machine-failed'\n")),
        [(18, 13, "E9202", "!Sub 'arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:"
                           "machine-failed' makes an ARN, but Alarms needs alarm names")]),
    "a Ref to nothing": (
        variant((ALARM_ENTRY, ALARM_ENTRY + "          - !Ref Missing\n")),
        [(18, 13, "E9203", "!Ref Missing names no resource or parameter of this template")]),
    "an alarm's logical ID as its name": (
        variant((ALARM_ENTRY, "          - FailedExecutions\n")),
        [(17, 13, "W9204", "'FailedExecutions' is the logical ID of an alarm, not its name; use !Ref "
                           "FailedExecutions")]),
    "a name an AlarmName Sub can make": (
        variant(("AlarmName: machine-failed", "AlarmName: !Sub '${AWS::StackName}-failed'"),
                (ALARM_ENTRY, "          - prod-failed\n")),
        []),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected_findings = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected_findings
