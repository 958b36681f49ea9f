"""The instant the test suite treats as "now", so no test depends on the wall-clock date.

`PROCARE_AI_TEST_NOW` (an RFC 3339 instant) overrides it; `.ci/run` re-runs the tests marked
`date_sensitive` under several such instants (month ends, a leap day, US DST change days, New Year's Eve).
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

DEFAULT_NOW = "2026-12-01T15:00:00+00:00"


def suite_now() -> datetime:
    """The suite's fixed "now" (timezone-aware, UTC)."""
    value = datetime.fromisoformat(os.environ.get("PROCARE_AI_TEST_NOW") or DEFAULT_NOW)
    if value.tzinfo is None:
        raise ValueError("PROCARE_AI_TEST_NOW needs a UTC offset, e.g. 2028-02-29T23:30:00-08:00")
    return value.astimezone(UTC)


TEST_NOW = suite_now()
TEST_TODAY: date = TEST_NOW.date()


def month_end_after(day: date) -> date:
    """The last day of the month after `day`'s month: always 28 to 62 days ahead, never in the past."""
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return (first_of_next + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def during(day: date) -> datetime:
    """An instant inside `day` in every US time zone (15:00 UTC: 5 am in Hawaii, 10 am in New York)."""
    return datetime(day.year, day.month, day.day, 15, 0, tzinfo=UTC)
