"""rules/rollout_timing.py (W9401, W9402): checks that a gradual deployment's alarms can stop it while there is
still something to stop.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed
from rules.inline import findings_of, variant, write

from samtransform.rules import rollout_timing as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)


MORE_CASES = {
    "CANARY timing: 20 % then the rest after 5 minutes": (
        variant(("Type: LINEAR", "Type: CANARY"), ("Interval: 10", "Interval: 5"),
                ("EvaluationPeriods: 1", "EvaluationPeriods: 11")),
        [(30, 7, "W9401", "alarm FailedExecutions needs 11 minutes of data to fire (Period 60 s x EvaluationPeriods "
                          "11), but the CANARY deployment (20 %, then the rest after 5 minutes) watches its alarms "
                          "for 10 minutes at most: a failing version gets all traffic before this alarm can fire")]),
    "CANARY timing at the bound": (
        variant(("Type: LINEAR", "Type: CANARY"), ("Interval: 10", "Interval: 5"),
                ("EvaluationPeriods: 1", "EvaluationPeriods: 10")),
        []),
}


@pytest.mark.parametrize("name", list(MORE_CASES))
def test_more_cases(name, tmp_path):
    text, expected_findings = MORE_CASES[name]
    assert findings_of(write(tmp_path, text)) == expected_findings
