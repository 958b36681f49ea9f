"""Review timing: cadence window, minimum interval, leave, the week after an incident, incident reviews."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from policies.errors import InvalidInput
from policies.review_timing import IncidentRef, Leave, is_allowed, review_timing
from policies.reviews import ReviewPolicy

HIRED = date(2026, 1, 5)  # a Monday


def test_introductory_review_window_is_the_preparation_window_before_the_due_date() -> None:
    t = review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 2))
    assert t.kind == "introductory" and t.due == date(2026, 4, 5)
    assert (t.window_start, t.window_end) == (date(2026, 3, 22), date(2026, 4, 5))
    assert t.days[0] == date(2026, 3, 23) and all(d.weekday() < 5 for d in t.days)
    assert not t.pushed and "90 days after hire" in t.citation


def test_annual_review_is_a_cycle_after_the_last_one() -> None:
    t = review_timing(hire_date=HIRED, last_completed=date(2026, 4, 2), today=date(2027, 3, 25))
    assert t.kind == "annual" and t.due == date(2027, 4, 2)
    assert t.window_start == date(2027, 3, 25) and t.window_end == date(2027, 4, 2)


def test_overdue_review_is_scheduled_in_the_next_two_weeks() -> None:
    today = date(2026, 6, 1)
    t = review_timing(hire_date=HIRED, last_completed=None, today=today)
    assert t.due < today and (t.window_start, t.window_end) == (today, today + timedelta(days=14))


def test_minimum_interval_holds_back_a_regular_review() -> None:
    policy = ReviewPolicy(every_days=100, prepare_days_before=30, min_interval_days=95)
    t = review_timing(hire_date=HIRED, last_completed=date(2026, 5, 1), today=date(2026, 5, 2), policy=policy)
    assert t.window_start == date(2026, 8, 4), "last review + 95 days, not due - 30"
    with pytest.raises(InvalidInput):
        ReviewPolicy(every_days=100, min_interval_days=120)


def test_leave_days_are_never_offered() -> None:
    leave = Leave(date(2026, 3, 23), date(2026, 3, 31))
    t = review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 20), leaves=[leave])
    assert t.days and all(not leave.start <= d <= leave.end for d in t.days)
    assert t.days[0] == date(2026, 4, 1) and any(b.reason == "on leave" for b in t.blocked)


def test_leave_over_the_whole_window_pushes_the_review_to_the_first_day_back() -> None:
    leave = Leave(date(2026, 3, 15), date(2026, 4, 20))
    t = review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 20), leaves=[leave])
    assert t.pushed and t.days == (date(2026, 4, 21),)


def test_no_review_in_the_week_after_an_incident_involving_the_person() -> None:
    incident = IncidentRef("inc-7", date(2026, 3, 24))
    t = review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 20), incidents=[incident])
    blocked = {incident.occurred_on + timedelta(days=i) for i in range(7)}
    assert not blocked & set(t.days)
    assert date(2026, 3, 23) in t.days and date(2026, 3, 31) in t.days
    assert any("inc-7" in b.reason for b in t.blocked)


def test_an_incident_review_is_due_now_and_not_blocked_by_its_own_incident() -> None:
    reason = IncidentRef("inc-9", date(2026, 7, 6))
    other = IncidentRef("inc-10", date(2026, 7, 8))
    t = review_timing(
        hire_date=HIRED,
        last_completed=date(2026, 4, 2),
        today=date(2026, 7, 7),
        incidents=[reason, other],
        reason_incident_id="inc-9",
    )
    assert t.kind == "incident follow-up" and t.due == date(2026, 7, 7)
    assert t.days[0] == date(2026, 7, 7), "its own incident does not block it, nor the minimum interval"
    assert date(2026, 7, 8) not in t.days, "another incident still does"


def test_is_allowed_matches_the_window_rules() -> None:
    leave, incident = Leave(date(2026, 5, 4), date(2026, 5, 8)), IncidentRef("i", date(2026, 5, 11))
    assert not is_allowed(date(2026, 5, 6), leaves=[leave])
    assert not is_allowed(date(2026, 5, 17), incidents=[incident])
    assert is_allowed(date(2026, 5, 18), leaves=[leave], incidents=[incident])
    assert is_allowed(date(2026, 5, 12), incidents=[incident], reason_incident_id="i")


def test_bad_input_is_refused() -> None:
    with pytest.raises(InvalidInput):
        Leave(date(2026, 5, 8), date(2026, 5, 4))
    with pytest.raises(InvalidInput):
        review_timing(hire_date=HIRED, last_completed=date(2025, 1, 1), today=date(2026, 3, 1))
    with pytest.raises(InvalidInput):
        review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 1), reason_incident_id="x")
    with pytest.raises(InvalidInput):
        review_timing(hire_date=HIRED, last_completed=None, today=date(2026, 3, 1), workdays=[7])
