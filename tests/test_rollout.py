"""The timing model shared by W9401, plan and rollback alarms."""

import pytest

from samtransform.core import rollout


@pytest.mark.parametrize("kind, percentage, interval, expected", [
    ("LINEAR", 50, 2, [(0, 50), (2, 100)]),
    ("LINEAR", 30, 5, [(0, 30), (5, 60), (10, 90), (15, 100)]),
    ("LINEAR", 99, 1, [(0, 99), (1, 100)]),
    ("CANARY", 10, 5, [(0, 10), (5, 100)]),
    ("ALL_AT_ONCE", None, None, [(0, 100)]),
])
def test_steps_end_with_all_traffic_on_the_new_version(kind, percentage, interval, expected):
    assert rollout.steps(kind, percentage, interval) == expected
    assert rollout.all_traffic_minute(kind, percentage, interval) == expected[-1][0]


@pytest.mark.parametrize("kind, percentage, interval, bound", [
    ("LINEAR", 50, 2, 4),      # the seed: 2 shifts, one more interval allowed
    ("LINEAR", 30, 5, 20),
    ("CANARY", 10, 5, 10),
    ("ALL_AT_ONCE", None, None, None),  # AWS does not say how long it watches
])
def test_watch_bound_allows_one_interval_after_the_documented_reading(kind, percentage, interval, bound):
    assert rollout.watch_bound_minutes(kind, percentage, interval) == bound


def test_an_alarm_fires_in_time_only_within_the_bound():
    assert rollout.fires_in_time(240, 4) is True
    assert rollout.fires_in_time(300, 4) is False   # the seed's alarm: 5 minutes against 4
    assert rollout.fires_in_time(60, None) is None
