"""rules/alarm_wiring.py (W9301, W9302, W9303): checks that each alarm a deployment waits on watches the alias that
deployment shifts.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings_of, variant, write

from samtransform.rules import alarm_wiring as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


MORE_CASES = {
    "no dimensions at all": (
        variant(("      Dimensions:\n        - Name: StateMachineArn\n          Value: !Ref Machine\n"
                 "        - Name: Alias\n          Value: live\n", "")),
        [(20, 5, "W9302", "alarm FailedExecutions has no StateMachineArn dimension, so it does not watch Machine"),
         (20, 5, "W9303", "alarm FailedExecutions has no Alias dimension, so it does not watch the executions that "
                          "the alias 'live' of Machine sends to the new version")]),
    "a metric-math alarm is not judged": (
        variant(("      Namespace: AWS/States\n", "      Metrics: []\n")),
        []),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected_findings = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected_findings
