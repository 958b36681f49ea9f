"""Slot finding on two calendars: working hours, no double booking, buffer, DST days, determinism."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from policies.errors import InvalidInput
from policies.scheduling import Busy, Slot, WorkingHours, find_slots, first_slot

LA = ZoneInfo("America/Los_Angeles")
NY = ZoneInfo("America/New_York")
TUE = date(2026, 6, 9)
EVERY_DAY = frozenset(range(7))
NIGHT = WorkingHours(time(0, 0), time(6, 0), EVERY_DAY)


def _at(day: date, hh: int, mm: int = 0, zone: ZoneInfo = LA) -> datetime:
    return datetime.combine(day, time(hh, mm), tzinfo=zone)


def _busy(day: date, start: tuple[int, int], end: tuple[int, int], zone: ZoneInfo = LA) -> Busy:
    return Busy(_at(day, *start, zone=zone), _at(day, *end, zone=zone))


def test_first_free_hour_avoids_both_calendars_with_buffer() -> None:
    slot = first_slot(
        days=[TUE],
        tz="America/Los_Angeles",
        duration_minutes=60,
        director_busy=[_busy(TUE, (9, 0), (10, 0))],
        staff_busy=[_busy(TUE, (10, 0), (11, 0))],
        buffer_minutes=15,
    )
    assert slot is not None and (slot.start, slot.end) == (_at(TUE, 11, 15), _at(TUE, 12, 15))
    assert slot.label == "Tue 2026-06-09 11:15-12:15 PDT"


def test_no_slot_overlaps_any_busy_interval_widened_by_the_buffer() -> None:
    rng = random.Random(7)
    busy = []
    for _ in range(12):
        start = _at(TUE, 9) + timedelta(minutes=rng.randrange(0, 8 * 60, 5))
        busy.append(Busy(start, start + timedelta(minutes=rng.choice([15, 30, 45, 60]))))
    slots = find_slots(
        days=[TUE],
        tz="America/Los_Angeles",
        duration_minutes=30,
        director_busy=busy[:6],
        staff_busy=busy[6:],
        buffer_minutes=10,
        per_day=20,
        limit=20,
    )
    pad = timedelta(minutes=10)
    for slot in slots:
        assert _at(TUE, 9) <= slot.start and slot.end <= _at(TUE, 17)
        for b in busy:
            assert slot.end <= b.start - pad or slot.start >= b.end + pad, (slot.label, b)


def test_working_hours_of_both_people_intersect_and_weekends_are_skipped() -> None:
    staff = WorkingHours(time(12, 30), time(20, 0))
    sat, mon = date(2026, 6, 13), date(2026, 6, 15)
    slots = find_slots(days=[sat, mon], tz="America/Los_Angeles", duration_minutes=45, staff_hours=staff)
    assert [s.start for s in slots] == [_at(mon, 12, 30)]
    assert (
        first_slot(
            days=[TUE],
            tz="America/Los_Angeles",
            duration_minutes=60,
            staff_hours=WorkingHours(time(17, 0), time(21, 0)),
        )
        is None
    )


def test_a_day_with_no_room_yields_the_next_day_and_the_choice_is_one_per_day() -> None:
    wed = TUE + timedelta(days=1)
    full = [_busy(TUE, (8, 0), (17, 0))]
    slots = find_slots(
        days=[wed, TUE, wed + timedelta(days=1)],
        tz="America/Los_Angeles",
        duration_minutes=60,
        director_busy=full,
        limit=2,
    )
    assert [s.start for s in slots] == [_at(wed, 9), _at(wed + timedelta(days=1), 9)]


def test_deterministic_for_any_order_of_days_and_busy_intervals() -> None:
    days = [TUE + timedelta(days=i) for i in range(5)]
    busy = [_busy(d, (9, 0), (9 + i % 3, 30)) for i, d in enumerate(days)]
    expected = find_slots(days=days, tz="America/Los_Angeles", duration_minutes=60, director_busy=busy)
    rng = random.Random(3)
    for _ in range(10):
        rng.shuffle(days)
        rng.shuffle(busy)
        assert (
            find_slots(days=days, tz="America/Los_Angeles", duration_minutes=60, director_busy=busy)
            == expected
        )


def test_busy_times_in_other_offsets_are_compared_as_instants() -> None:
    # 16:00-18:00 UTC is 09:00-11:00 PDT.
    utc_busy = Busy(datetime(2026, 6, 9, 16, 0, tzinfo=UTC), datetime(2026, 6, 9, 18, 0, tzinfo=UTC))
    plus2 = timezone(timedelta(hours=2))
    other = Busy(
        datetime(2026, 6, 9, 20, 0, tzinfo=plus2), datetime(2026, 6, 9, 21, 0, tzinfo=plus2)
    )  # 11-12
    slot = first_slot(
        days=[TUE],
        tz="America/Los_Angeles",
        duration_minutes=60,
        director_busy=[utc_busy],
        staff_busy=[other],
        buffer_minutes=0,
    )
    assert slot is not None and slot.start == _at(TUE, 12)


def test_not_before_moves_the_first_slot_to_the_next_step() -> None:
    slot = first_slot(days=[TUE], tz="America/Los_Angeles", duration_minutes=30, not_before=_at(TUE, 13, 7))
    assert slot is not None and slot.start == _at(TUE, 13, 15)


# --- DST: spring forward (2026-03-08) and fall back (2026-11-01), Los Angeles and New York ---------------


@pytest.mark.parametrize("zone", [LA, NY])
def test_the_week_of_spring_forward_keeps_nine_oclock_local(zone: ZoneInfo) -> None:
    days = [date(2026, 3, 6), date(2026, 3, 9)]  # Friday before, Monday after
    slots = find_slots(days=days, tz=str(zone), duration_minutes=60, limit=2)
    assert [s.start.astimezone(zone).time() for s in slots] == [time(9, 0), time(9, 0)]
    fri, mon = (s.start.astimezone(UTC) for s in slots)
    assert mon - fri == timedelta(days=3) - timedelta(hours=1), "an hour less of real time across the change"


@pytest.mark.parametrize("zone", [LA, NY])
def test_the_week_of_fall_back_keeps_nine_oclock_local(zone: ZoneInfo) -> None:
    days = [date(2026, 10, 30), date(2026, 11, 2)]
    slots = find_slots(days=days, tz=str(zone), duration_minutes=60, limit=2)
    assert [s.start.astimezone(zone).time() for s in slots] == [time(9, 0), time(9, 0)]
    fri, mon = (s.start.astimezone(UTC) for s in slots)
    assert mon - fri == timedelta(days=3, hours=1)


@pytest.mark.parametrize("zone", [LA, NY])
def test_spring_forward_night_has_no_two_thirty_and_real_length_slots(zone: ZoneInfo) -> None:
    day = date(2026, 3, 8)
    slots = find_slots(
        days=[day],
        tz=str(zone),
        duration_minutes=30,
        director_hours=NIGHT,
        buffer_minutes=0,
        step_minutes=30,
        per_day=50,
        limit=50,
    )
    assert len(slots) == 10, "00:00-06:00 on spring-forward day is 5 real hours"
    # Same-zone subtraction in Python is wall-clock; real length is measured in UTC.
    assert all(s.end.astimezone(UTC) - s.start.astimezone(UTC) == timedelta(minutes=30) for s in slots)
    assert all(s.start.hour != 2 for s in slots)
    assert [s.start.strftime("%H:%M %Z") for s in slots[3:5]] == [
        f"01:30 {slots[0].start.tzname()}",
        f"03:00 {slots[-1].start.tzname()}",
    ]


@pytest.mark.parametrize("zone", [LA, NY])
def test_fall_back_night_offers_the_repeated_hour_twice(zone: ZoneInfo) -> None:
    day = date(2026, 11, 1)
    slots = find_slots(
        days=[day],
        tz=str(zone),
        duration_minutes=30,
        director_hours=NIGHT,
        buffer_minutes=0,
        step_minutes=30,
        per_day=50,
        limit=50,
    )
    assert len(slots) == 14, "00:00-06:00 on fall-back day is 7 real hours"
    one_thirty = [s for s in slots if s.start.strftime("%H:%M") == "01:30"]
    assert len(one_thirty) == 2 and one_thirty[1].start.astimezone(UTC) - one_thirty[0].start.astimezone(
        UTC
    ) == timedelta(hours=1)
    starts = [s.start.astimezone(UTC) for s in slots]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_an_hour_long_slot_across_spring_forward_is_sixty_real_minutes() -> None:
    slot = first_slot(
        days=[date(2026, 3, 8)],
        tz="America/Los_Angeles",
        duration_minutes=60,
        director_hours=WorkingHours(time(1, 30), time(6, 0), EVERY_DAY),
        buffer_minutes=0,
    )
    assert isinstance(slot, Slot)
    assert slot.label == "Sun 2026-03-08 01:30 PST-03:30 PDT"
    assert slot.end.astimezone(UTC) - slot.start.astimezone(UTC) == timedelta(hours=1)


def test_working_hours_starting_in_the_gap_open_when_the_gap_ends() -> None:
    slot = first_slot(
        days=[date(2026, 3, 8)],
        tz="America/New_York",
        duration_minutes=30,
        director_hours=WorkingHours(time(2, 15), time(5, 0), EVERY_DAY),
        buffer_minutes=0,
    )
    assert slot is not None and slot.start.strftime("%H:%M %Z") == "03:00 EDT"


# --- bad input --------------------------------------------------------------------------------------------


def test_bad_inputs_are_refused_with_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="time zone"):
        find_slots(days=[TUE], tz="Mars/Olympus", duration_minutes=60)
    with pytest.raises(InvalidInput, match="offset"):
        Busy(datetime(2026, 6, 9, 9), datetime(2026, 6, 9, 10))
    with pytest.raises(InvalidInput, match="end after"):
        Busy(_at(TUE, 10), _at(TUE, 9))
    with pytest.raises(InvalidInput):
        WorkingHours(time(17, 0), time(9, 0))
    for kwargs in (
        {"duration_minutes": 5},
        {"duration_minutes": 60, "step_minutes": 7},
        {"duration_minutes": 60, "buffer_minutes": -1},
        {"duration_minutes": 60, "limit": 0},
    ):
        with pytest.raises(InvalidInput):
            find_slots(days=[TUE], tz="America/Los_Angeles", **kwargs)  # type: ignore[arg-type]
