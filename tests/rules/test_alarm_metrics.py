"""rules/alarm_metrics.py (E9304, E9305, E9306, E9307, W9308): checks each CloudWatch alarm against the CloudWatch
model (samtransform/models/cloudwatch.py).

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed

from samtransform.rules import alarm_metrics as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)
