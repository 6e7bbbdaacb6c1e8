"""The expanded fixtures are valid CloudFormation: provider schemas, and cfn-lint with no errors."""

import json

import pytest

from cases import PARTITION_REGIONS, all_cases
from cfn_schemas import generated_resource_errors

VALID_CASES = [case for case in all_cases() if not case.is_error]


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("case", VALID_CASES, ids=[case.name for case in VALID_CASES])
def test_generated_resources_match_cloudformation_schemas(case, partition):
    region = PARTITION_REGIONS[partition]
    assert generated_resource_errors(case.template(), case.run(partition), region) == []


LINTED = [case for case in VALID_CASES if case.lint]


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("case", LINTED, ids=[case.name for case in LINTED])
def test_cfn_lint_reports_no_errors(case, partition):
    from cfnlint.api import lint

    region = PARTITION_REGIONS[partition]
    matches = lint(json.dumps(case.run(partition)), regions=[region])
    errors = [f"{match.rule.id} {'/'.join(map(str, match.path))}: {match.message}"
              for match in matches if match.rule.id.startswith("E")]
    assert errors == []
