"""Runs judged on the suite's "now" (tests/clock.py), whatever it is: `.ci/run` re-runs these under month
ends, a leap day, the US DST change days and New Year's Eve late in the evening (PROCARE_AI_TEST_NOW)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from agents.common.llm import OfflineDrafter
from agents.common.types import Event, local_date
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from services.runner import GraphRunner
from services.scans import due_for_scan, scan_event
from tests.clock import TEST_NOW, month_end_after
from tests.fakes import FakeProcare, credential, employee, school

pytestmark = pytest.mark.date_sensitive

ZONES = ("America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "Pacific/Honolulu")


def _world(zone: str, today: date) -> FakeProcare:
    """A teacher whose AHA CPR card ends with next month (28 to 62 days on) and whose background check
    ran out yesterday (5-year rule), both counted from the center's own date."""
    fake = FakeProcare(schools=[school(timezone=zone)], employees=[employee("E1")])
    cpr_end = month_end_after(today)
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(cpr_end.year - 2, cpr_end.month, 1)),
        credential("E1", "first_aid_aha", today - timedelta(days=30)),
        credential("E1", "background_check", _years_back(today - timedelta(days=1), 5)),
    ]
    return fake


def _years_back(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # February 29th
        return day.replace(year=day.year - years, day=28)


@pytest.mark.parametrize("zone", ZONES)
async def test_a_run_at_the_suites_now_judges_by_the_centers_local_date(zone: str) -> None:
    today = local_date(TEST_NOW, zone)
    deps = Dependencies(
        procare=_world(zone, today),
        drafter=OfflineDrafter(),
        rollout=StaticRollout({("*", "credentials"): "assistive"}),
        clock=lambda: TEST_NOW,
    )
    runner = GraphRunner(build_graph(InMemorySaver()), GraphContext(), deps)
    event = Event(id="evt-any-day", type="staff.updated", occurred_at=TEST_NOW, center_id="S1",
                  data={"employee_id": "E1"})  # fmt: skip
    outcome = await runner.start(event)

    assert outcome.state.as_of == TEST_NOW and outcome.status == "awaiting_review"
    by_kind = {f.evidence.get("kind"): f for f in outcome.state.findings}
    cpr, check = by_kind["pediatric_cpr_aha"], by_kind["background_check"]
    assert cpr.kind == "credential_expiring"
    assert cpr.evidence["days_left"] == (month_end_after(today) - today).days
    assert 28 <= cpr.evidence["days_left"] <= 62
    assert check.kind == "credential_expired" and check.evidence["days_left"] < 0
    assert outcome.state.report is not None and f"on {today.isoformat()}" in outcome.state.report


@pytest.mark.parametrize("zone", ZONES)
def test_the_daily_scan_is_due_once_on_the_centers_local_day(zone: str) -> None:
    tz = ZoneInfo(zone)
    day = TEST_NOW.astimezone(tz).date()
    at, every = time(6, 0), timedelta(minutes=15)
    scan_time = datetime.combine(day, at, tzinfo=tz)
    due = [
        due_for_scan(zone, scan_time + timedelta(minutes=m), at, every)
        for m in range(-30, 45, 5)  # every 5 minutes from 05:30 to 06:40 local
    ]
    assert due.count(day.isoformat()) == 3 and set(due) == {day.isoformat(), None}
    event = scan_event("credentials", "S1", day.isoformat(), scan_time)
    assert event.id == f"scan-credentials-S1-{day.isoformat()}"
    assert local_date(event.occurred_at, zone) == day
