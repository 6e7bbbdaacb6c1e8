"""Differential tests: every fixture, in three partitions, against AWS SAM's translator."""

import pytest

from cases import PARTITION_REGIONS, all_cases
from differential import check_against_oracle

CASES = [case for case in all_cases() if case.oracle]


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_agrees_with_sam(case, partition):
    outcome = check_against_oracle(case.template(), region=PARTITION_REGIONS[partition], parameters=case.parameters,
                                   base_dir=case.folder, differences=tuple(case.differences))
    assert outcome == ("rejected" if case.is_error else "expanded")


from hypothesis import event, given  # noqa: E402

from strategies import PARTITION_REGIONS as STRATEGY_REGIONS  # noqa: E402
from strategies import event_types, templates  # noqa: E402


@given(templates())
def test_generated_templates_agree_with_sam(drawn):
    # What was covered shows with `pytest --hypothesis-show-statistics`.
    for kind in sorted(event_types(drawn.template)) or ["none"]:
        event(f"event type: {kind}")
    for difference in sorted(drawn.differences):
        event(f"difference: {difference}")
    outcome = check_against_oracle(drawn.template, region=STRATEGY_REGIONS[drawn.partition],
                                   parameters=drawn.parameters, differences=tuple(sorted(drawn.differences)))
    assert outcome == "expanded"
