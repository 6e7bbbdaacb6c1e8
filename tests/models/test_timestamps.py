"""The timestamps model: RFC 3339 with an uppercase T and Z."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samtransform.models.timestamps import timestamp_problem


@pytest.mark.parametrize("value", ["2016-03-14T01:59:00Z", "2024-08-18T17:33:00Z", "2016-03-14T01:59:00.123Z",
                                   "2016-03-14T01:59:00+05:30", "2016-03-14T01:59:00-00:00", "2024-02-29T00:00:00Z",
                                   "2016-12-31T23:59:60Z"])
def test_timestamps(value):
    assert timestamp_problem(value) is None


@pytest.mark.parametrize("value, message", [
    ("2016-03-14t01:59:00z", "'2016-03-14t01:59:00z' is not an RFC 3339 timestamp: T and Z must be uppercase "
                             "('2016-03-14T01:59:00Z')"),
    ("2016-03-14 01:59:00Z", "'2016-03-14 01:59:00Z' is not an RFC 3339 timestamp such as '2016-03-14T01:59:00Z'"),
    ("2016-03-14T01:59:00", "'2016-03-14T01:59:00' is not an RFC 3339 timestamp such as '2016-03-14T01:59:00Z'"),
    ("2016-03-14", "'2016-03-14' is not an RFC 3339 timestamp such as '2016-03-14T01:59:00Z'"),
    ("2023-02-29T00:00:00Z", "'2023-02-29T00:00:00Z' is not an RFC 3339 timestamp: there is no such date"),
    ("2016-13-01T00:00:00Z", "'2016-13-01T00:00:00Z' is not an RFC 3339 timestamp: there is no such date"),
    ("2016-03-14T24:00:00Z", "'2016-03-14T24:00:00Z' is not an RFC 3339 timestamp: there is no such time"),
    ("2016-03-14T01:59:00+24:00", "'2016-03-14T01:59:00+24:00' is not an RFC 3339 timestamp: there is no such time"),
])
def test_not_timestamps(value, message):
    assert timestamp_problem(value) == message


@given(st.datetimes(timezones=st.timezones()).filter(lambda moment: moment.utcoffset().seconds % 60 == 0))
def test_any_moment_written_as_rfc_3339_is_a_timestamp(moment):
    assert timestamp_problem(moment.isoformat(timespec="seconds")) is None
    utc = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    assert timestamp_problem(utc.isoformat(timespec="milliseconds") + "Z") is None
