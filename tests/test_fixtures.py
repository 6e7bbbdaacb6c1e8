"""Every fixture expands to its recorded output, in each partition.

`pytest --update-fixtures` rewrites the recorded outputs; review the diff.
"""

import pytest

from cases import OTHER_FIXTURE_FOLDERS, PARTITION_REGIONS, all_cases, render

CASES = all_cases()


@pytest.mark.parametrize("partition", sorted(PARTITION_REGIONS))
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_matches_recorded_output(case, partition, update_fixtures):
    expected_path = case.expected_path(partition)
    result, warnings = case.run_with_warnings(partition)
    actual = render(result)
    if update_fixtures:
        expected_path.write_text(actual, encoding="utf-8")
        if warnings:
            case.warnings_path.write_text(render(warnings), encoding="utf-8")
        elif case.warnings_path.exists():
            case.warnings_path.unlink()
        return
    assert expected_path.exists(), f"{expected_path} is missing; run pytest --update-fixtures"
    assert actual == expected_path.read_text(encoding="utf-8")
    if warnings:
        assert case.warnings_path.exists(), f"{case.name} expands with warnings; run pytest --update-fixtures"
        assert render(warnings) == case.warnings_path.read_text(encoding="utf-8")
    else:
        assert not case.warnings_path.exists(), f"{case.name} has no warnings any more"


def test_every_fixture_folder_is_a_case():
    folders = {path.name for path in (CASES[0].folder.parent).iterdir() if path.is_dir()}
    assert folders - OTHER_FIXTURE_FOLDERS == {case.name for case in CASES}
