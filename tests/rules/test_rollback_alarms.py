"""rules/rollback_alarms.py (W9403, W9404): warnings about the rollback alarms that expansion generates
(samtransform/expansion/rollback_alarms.py).

Its rules' fixture cases (fixtures/checks/<RULE>/<case>.expected), then its behaviour beyond them.
"""

from __future__ import annotations

import pytest
from rule_fixtures import expected, family_cases, printed

from samtransform.rules import rollback_alarms as family


@pytest.mark.parametrize("rule_id, case", family_cases(family))
def test_rule_fixture(rule_id, case, monkeypatch, capsys):
    assert printed(rule_id, case, monkeypatch, capsys) == expected(rule_id, case)
