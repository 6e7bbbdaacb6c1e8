"""rules/aws_values.py (E9801, E9802, E9803, E9804, E9805, E9807, E9811, W9806, W9812): checks the values
CloudFormation or the service refuses at deploy time, with the AWS models.

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed

from samtransform.rules import aws_values as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)
