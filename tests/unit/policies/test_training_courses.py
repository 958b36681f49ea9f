"""Renewal courses: which card renews which credential, what is near, and what fits a shift schedule."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from policies.training_courses import (
    COMMUTE_BUFFER_MINUTES,
    EXPIRED_RENEWAL_DAYS,
    NEAR_KM,
    SessionTimes,
    distance_km,
    earliest_start,
    fits_schedule,
    is_near,
    renewal_deadline,
    renewal_match,
)

CHICAGO = ZoneInfo("America/Chicago")


def at(hour: int, minute: int = 0, day: int = 9) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=CHICAGO)


@pytest.mark.parametrize(
    ("kind", "renews", "expected"),
    [
        ("pediatric_cpr_aha", ["pediatric_cpr_aha", "first_aid_aha"], "same"),
        ("pediatric_cpr_aha", ["pediatric_cpr_red_cross", "first_aid_red_cross"], "equivalent"),
        ("first_aid_red_cross", ["first_aid_aha"], "equivalent"),
        ("pediatric_cpr_aha", ["first_aid_aha"], None),
        ("background_check", ["pediatric_cpr_aha"], None),
        ("state_training_hours", ["state_training_hours"], "same"),
        ("pediatric_cpr_aha", [], None),
    ],
)
def test_a_course_renews_its_own_kind_or_an_equivalent_one(
    kind: str, renews: list[str], expected: str | None
) -> None:
    assert renewal_match(kind, renews) == expected


def test_distance_is_the_great_circle_one() -> None:
    # Chicago Loop to Evanston: about 19 km; Austin to Houston: about 236 km.
    assert distance_km(41.8781, -87.6298, 42.0451, -87.6877) == pytest.approx(19.2, abs=0.5)
    assert distance_km(30.2672, -97.7431, 29.7604, -95.3698) == pytest.approx(235.5, abs=2)
    assert distance_km(30.0, -97.0, 30.0, -97.0) == 0.0
    assert is_near(NEAR_KM) and not is_near(NEAR_KM + 0.1) and is_near(60, limit_km=80)
    with pytest.raises(ValueError, match="positive"):
        is_near(1.0, limit_km=0)


def test_a_session_overlapping_a_shift_or_its_commute_does_not_fit() -> None:
    shift = [(at(7), at(15, 30))]
    evening = SessionTimes(intervals=((at(18), at(20)),), in_person=True)
    day_class = SessionTimes(intervals=((at(9), at(16)),), in_person=True)
    right_after = SessionTimes(intervals=((at(15, 30) + timedelta(minutes=10), at(18)),), in_person=True)
    webinar_right_after = SessionTimes(intervals=((at(15, 30), at(17)),), in_person=False)
    assert fits_schedule(evening, shift)
    assert not fits_schedule(day_class, shift)
    assert COMMUTE_BUFFER_MINUTES > 10 and not fits_schedule(right_after, shift)
    assert fits_schedule(webinar_right_after, shift)
    other_day = [(at(7, day=10), at(15, 30, day=10))]
    assert fits_schedule(day_class, other_day)


def test_a_self_paced_session_always_fits_and_intervals_compare_as_instants() -> None:
    assert fits_schedule(SessionTimes(intervals=(), in_person=False), [(at(0), at(23))])
    # 9:00 in Los Angeles is 11:00 in Chicago: after a 7:00-10:30 Chicago shift plus the commute.
    la = ZoneInfo("America/Los_Angeles")
    remote = SessionTimes(
        intervals=((datetime(2026, 11, 9, 9, tzinfo=la), datetime(2026, 11, 9, 10, tzinfo=la)),),
        in_person=True,
    )
    assert fits_schedule(remote, [(at(7), at(10, 30))])
    assert not fits_schedule(remote, [(at(7), at(11, 0))])
    with pytest.raises(ValueError, match="end after"):
        fits_schedule(SessionTimes(intervals=((at(10), at(9)),), in_person=True), [])


def test_the_renewal_deadline_is_the_expiry_or_soon_after_a_lapse() -> None:
    today = date(2026, 11, 4)
    assert renewal_deadline(date(2026, 11, 30), today) == date(2026, 11, 30)
    assert renewal_deadline(today, today) == today
    assert renewal_deadline(date(2026, 10, 1), today) == today + timedelta(days=EXPIRED_RENEWAL_DAYS)
    assert earliest_start(today) > today
