"""Unit tests for policies.labor: worked examples from the cited rules, boundaries, DST and bad input."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from policies.errors import InvalidInput
from policies.labor import (
    labor_day,
    meal_break_violations,
    minor_hour_violations,
    overtime,
    rest_break_violations,
    rest_breaks_authorized,
    round_punch,
    rounding_bias,
    workday_of,
    worked_hours,
)

LA = ZoneInfo("America/Los_Angeles")
MON = date(2024, 3, 4)  # a Monday; the workweek Mon 4 - Sun 10 March 2024 ends on the spring-forward day


def week(*hours: float, start: date = MON) -> list[tuple[date, float]]:
    return [(start + timedelta(days=i), h) for i, h in enumerate(hours)]


def at(
    h: int, m: int = 0, s: int = 0, *, day: date = date(2024, 5, 6), tz: ZoneInfo | None = None
) -> datetime:
    return datetime(day.year, day.month, day.day, h, m, s, tzinfo=tz)


def split(result: object) -> tuple[float, float, float]:
    return (result.regular, result.overtime, result.double_time)  # type: ignore[attr-defined]


# --- overtime: federal weekly rule (29 U.S.C. 207(a)(1)) ---


@pytest.mark.parametrize(
    ("state", "hours", "expected"),
    [
        ("TX", (8, 8, 8, 8, 8), (40, 0, 0)),
        ("TX", (10, 10, 10, 10), (40, 0, 0)),  # no daily overtime under the FLSA
        ("TX", (8, 8, 8, 8, 8, 8), (40, 8, 0)),
        ("TX", (12, 12, 12, 12, 12, 12, 12), (40, 44, 0)),  # no seventh-day rule outside CA
        ("TX", (8, 8, 8, 8, 8.25), (40, 0.25, 0)),
        ("NY", (14, 14, 14), (40, 2, 0)),
        ("FL", (), (0, 0, 0)),
    ],
)
def test_federal_weekly_rule(state: str, hours: tuple[float, ...], expected: tuple[float, ...]) -> None:
    result = overtime(state, week(*hours))
    assert split(result) == pytest.approx(expected)
    assert "207(a)(1)" in result.citation
    assert result.total == pytest.approx(sum(hours))


# --- overtime: California Labor Code 510(a) ---


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ((8, 8, 8, 8, 8), (40, 0, 0)),  # exactly 8 a day and 40 a week: all regular
        ((10, 10, 10, 10), (32, 8, 0)),  # daily overtime although the week is only 40
        ((12,), (8, 4, 0)),  # exactly 12: no double time yet
        ((12.5,), (8, 4, 0.5)),
        ((14,), (8, 4, 2)),
        ((8.25,), (8, 0.25, 0)),
        ((8.1, 8.1, 8.1, 8.1, 8.1), (40, 0.5, 0)),  # exact decimal arithmetic
        ((9, 9, 9, 9, 9), (40, 5, 0)),  # daily OT hours are not counted again toward 40
        ((8, 8, 8, 8, 8, 8), (40, 8, 0)),  # 6 days: weekly overtime, no seventh-day rule
        ((10, 10, 10, 10, 10, 10), (40, 20, 0)),  # no pyramiding: 12 daily + 8 weekly
        ((12, 12, 12, 12, 4), (36, 16, 0)),  # 52 h but regular hours only reach 36
        ((8, 8, 8, 8, 8, 8, 8), (40, 16, 0)),  # seventh consecutive day: first 8 h at 1.5x
        ((8, 8, 8, 8, 8, 8, 10), (40, 16, 2)),  # over 8 on the seventh day: 2x
        ((8, 8, 8, 8, 8, 8, 13), (40, 16, 5)),
        ((2, 2, 2, 2, 2, 2, 2), (12, 2, 0)),  # seventh day counts however short the days were
        ((8, 8, 8, 8, 8, 8, 0), (40, 8, 0)),  # a zero day is a day of rest: no seventh-day premium
        ((4, 4, 4, 4, 4, 4, 9), (24, 8, 1)),
        ((0, 6, 6, 6, 6, 6, 6), (36, 0, 0)),  # a day off anywhere in the workweek: no seventh day
    ],
)
def test_california_daily_weekly_and_seventh_day(
    hours: tuple[float, ...], expected: tuple[float, ...]
) -> None:
    result = overtime("CA", week(*hours))
    assert split(result) == pytest.approx(expected, abs=1e-12)
    assert result.total == pytest.approx(sum(hours))
    assert "510(a)" in result.citation


def test_california_day_by_day_split_and_seventh_day_flag() -> None:
    result = overtime("ca", week(8, 8, 8, 8, 8, 8, 10))
    assert result.state == "CA"
    assert [d.seventh_day for d in result.days] == [False] * 6 + [True]
    sixth, seventh = result.days[5], result.days[6]
    assert (sixth.regular, sixth.overtime) == (0, 8)  # the 41st-48th regular hours became weekly OT
    assert (seventh.regular, seventh.overtime, seventh.double_time) == (0, 8, 2)


def test_no_seventh_day_flag_when_a_day_was_not_worked() -> None:
    assert not any(d.seventh_day for d in overtime("CA", week(8, 8, 8, 8, 8, 8, 0)).days)


def test_seventh_day_is_the_last_day_of_the_week_whatever_the_input_order() -> None:
    days = week(8, 8, 8, 8, 8, 8, 11)
    shuffled = days[:]
    random.Random(7).shuffle(shuffled)
    assert split(overtime("CA", shuffled)) == split(overtime("CA", days)) == (40, 16, 3)


def test_workweek_start_checks_the_employers_fixed_workweek() -> None:
    days = week(8, 8, 8, start=MON + timedelta(days=2))
    assert overtime("CA", days, workweek_start=MON).regular == 24
    with pytest.raises(InvalidInput, match="outside the workweek"):
        overtime("CA", days, workweek_start=MON + timedelta(days=3))


@pytest.mark.parametrize(
    ("state", "hours", "expected", "cite"),
    [
        ("AK", (9,), (8, 1, 0), "23.10.060"),
        ("CO", (13, 9, 9, 9, 9), (40, 9, 0), "COMPS"),  # 1 daily over 12, 8 weekly
        ("CO", (12,), (12, 0, 0), "COMPS"),
    ],
)
def test_other_daily_overtime_states(
    state: str, hours: tuple[float, ...], expected: tuple[float, ...], cite: str
) -> None:
    result = overtime(state, week(*hours))
    assert split(result) == pytest.approx(expected)
    assert cite in result.citation
    assert result.caveat


def test_nevada_gets_federal_result_with_a_caveat() -> None:
    result = overtime("NV", week(10, 10, 10, 10))
    assert split(result) == (40, 0, 0)
    assert result.caveat is not None and "608.018" in result.caveat
    assert overtime("TX", week(8)).caveat is None


@pytest.mark.parametrize(
    ("state", "days", "message"),
    [
        ("CA", week(8, 8, 8, 8, 8, 8, 8, 8), "at most 7 days"),
        ("CA", [(MON, 8), (MON + timedelta(days=7), 8)], "span more than one"),
        ("CA", [(MON, -1)], "negative"),
        ("CA", [(MON, 24.5)], "exceed 24"),
        ("CA", [(MON, float("nan"))], "finite"),
        ("CA", [(MON, float("inf"))], "finite"),
        ("CA", [(MON, True)], "number"),
        ("CA", [(MON, "8")], "number"),
        ("CA", [(MON, 4), (MON, 4)], "appears twice"),
        ("CA", [(datetime(2024, 3, 4, 8), 8)], "not a datetime"),
        ("California", week(8), "unknown state"),
        ("ZZ", week(8), "unknown state"),
    ],
)
def test_overtime_refuses_bad_input(state: str, days: list, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        overtime(state, days)


def test_twenty_four_hours_is_the_daily_ceiling() -> None:
    assert split(overtime("CA", week(24))) == (8, 4, 12)


# --- rounding (29 CFR 785.48(b); Procare: 8:07 -> 8:00, 8:08 -> 8:15) ---


@pytest.mark.parametrize(
    ("punch", "increment", "expected"),
    [
        (at(8, 7), 15, at(8, 0)),
        (at(8, 8), 15, at(8, 15)),
        (at(8, 7, 29), 15, at(8, 0)),  # seconds count
        (at(8, 7, 30), 15, at(8, 15)),  # exact half goes to the later mark
        (at(8, 7, 31), 15, at(8, 15)),
        (at(8, 22, 29), 15, at(8, 15)),
        (at(8, 22, 31), 15, at(8, 30)),
        (at(8, 0), 15, at(8, 0)),
        (at(16, 53), 15, at(17, 0)),
        (at(23, 53), 15, at(0, 0, day=date(2024, 5, 7))),  # rounds into the next day
        (at(8, 2), 5, at(8, 0)),
        (at(8, 3), 5, at(8, 5)),
        (at(8, 2, 59), 6, at(8, 0)),
        (at(8, 3), 6, at(8, 6)),  # tenth of an hour, exact half
        (at(8, 57), 6, at(9, 0)),
    ],
)
def test_round_punch_to_nearest_increment(punch: datetime, increment: int, expected: datetime) -> None:
    assert round_punch(punch, increment) == expected


def test_round_punch_keeps_microseconds_in_play() -> None:
    assert round_punch(at(8, 7, 30) - timedelta(microseconds=1)) == at(8, 0)


@pytest.mark.parametrize("tz", [LA, timezone(timedelta(hours=5, minutes=30)), UTC])
def test_round_punch_keeps_tzinfo(tz: timezone | ZoneInfo) -> None:
    rounded = round_punch(at(8, 8, tz=tz))  # type: ignore[arg-type]
    assert rounded.tzinfo is tz
    assert (rounded.hour, rounded.minute) == (8, 15)


def test_round_punch_across_spring_forward_lands_on_a_real_instant() -> None:
    punch = datetime(2024, 3, 10, 1, 55, tzinfo=LA)  # PST; 02:00 does not exist that night
    rounded = round_punch(punch)
    assert (rounded.hour, rounded.minute) == (3, 0)
    assert rounded.utcoffset() == timedelta(hours=-7)
    assert rounded.astimezone(UTC) - punch.astimezone(UTC) == timedelta(minutes=5)


def test_round_punch_in_the_repeated_fall_back_hour_moves_real_minutes() -> None:
    second_pass = datetime(2024, 11, 3, 1, 53, fold=1, tzinfo=LA)  # 01:53 PST, after the clocks went back
    rounded = round_punch(second_pass)
    assert rounded.astimezone(UTC) - second_pass.astimezone(UTC) == timedelta(minutes=7)
    assert rounded.utcoffset() == timedelta(hours=-8)


# 10 and 12 minutes divide the hour but 785.48(b) names only 5, 6 and 15: refused (issue 13).
@pytest.mark.parametrize("increment", [0, 1, 7, 10, 12, 20, 30, -15, True])
def test_round_punch_refuses_increments_785_48_does_not_name(increment: int) -> None:
    with pytest.raises(InvalidInput, match=r"785\.48"):
        round_punch(at(8, 7), increment)


# --- rounding neutrality ---


def shifts(n: int, clock_in: tuple[int, int], clock_out: tuple[int, int]) -> list[tuple[datetime, datetime]]:
    days = [date(2024, 4, 1) + timedelta(days=i) for i in range(n)]
    return [(at(*clock_in, day=d), at(*clock_out, day=d)) for d in days]


def test_rounding_that_always_favours_the_employer_is_flagged() -> None:
    result = rounding_bias(shifts(10, (7, 53), (17, 7)))  # in rounds up to 8:00, out down to 17:00
    assert result.minutes_lost == 140 and result.minutes_gained == 0
    assert result.net_minutes == -140
    assert result.shifts_lost == 10
    assert result.p_value == pytest.approx(1 / 1024)
    assert result.underpays
    assert "785.48(b)" in result.citation


def test_rounding_that_evens_out_is_not_flagged() -> None:
    pairs = shifts(5, (8, 5), (17, 0)) + [
        (a - timedelta(days=30, minutes=10), b - timedelta(days=30)) for a, b in shifts(5, (8, 5), (17, 0))
    ]
    result = rounding_bias(pairs)  # five shifts gain 5 min (8:05 -> 8:00), five lose 5 (7:55 -> 8:00)
    assert (result.shifts_gained, result.shifts_lost) == (5, 5)
    assert result.net_minutes == 0
    assert not result.underpays


@pytest.mark.parametrize(("losing_shifts", "flagged"), [(4, False), (5, True)])
def test_sign_test_needs_at_least_five_changed_shifts(losing_shifts: int, flagged: bool) -> None:
    result = rounding_bias(shifts(losing_shifts, (7, 53), (17, 0)))
    assert result.net_minutes == -7 * losing_shifts
    assert result.underpays is flagged


def test_lopsided_counts_with_a_net_gain_are_not_underpayment() -> None:
    pairs = shifts(9, (7, 59), (17, 0)) + shifts(1, (8, 7), (16, 53))  # 9 x -1 min, 1 x +14 min
    result = rounding_bias(pairs)
    assert result.shifts_lost == 9 and result.p_value < 0.05
    assert result.net_minutes == pytest.approx(5)
    assert not result.underpays


def test_rounding_bias_measures_real_time_across_dst_and_counts_seconds() -> None:
    pair = (datetime(2024, 3, 10, 1, 0, tzinfo=LA), datetime(2024, 3, 10, 3, 7, 45, tzinfo=LA))
    result = rounding_bias([pair])
    assert result.actual_minutes == pytest.approx(67.75)
    assert result.rounded_minutes == pytest.approx(75)  # 03:07:45 rounds up to 03:15
    assert result.minutes_gained == pytest.approx(7.25)


def test_rounding_bias_empty_and_invalid() -> None:
    empty = rounding_bias([])
    assert (empty.shifts, empty.p_value, empty.underpays) == (0, 1.0, False)
    with pytest.raises(InvalidInput, match="not after its start"):
        rounding_bias([(at(17), at(8))])


# --- shared time arithmetic ---


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (datetime(2024, 3, 10, 1, 0, tzinfo=LA), datetime(2024, 3, 10, 3, 0, tzinfo=LA), 1.0),
        (datetime(2024, 11, 3, 0, 30, tzinfo=LA), datetime(2024, 11, 3, 3, 0, tzinfo=LA), 3.5),  # fall back
        (datetime(2024, 5, 6, 22, 0), datetime(2024, 5, 7, 6, 15), 8.25),  # over midnight
    ],
)
def test_worked_hours_is_real_elapsed_time(start: datetime, end: datetime, expected: float) -> None:
    assert worked_hours([(start, end)]) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("segments", "message"),
    [
        ([(at(9), at(9))], "not after its start"),
        ([(at(17), at(9))], "missing or swapped punch"),
        ([(at(9), at(12, tz=LA))], "naive and timezone-aware"),
        ([(at(9), at(12)), (at(11), at(13))], "overlap"),
        ([(at(9),)], "pair"),
        ([("09:00", "12:00")], "datetimes"),
    ],
)
def test_segments_are_validated(segments: list, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        worked_hours(segments)


def test_overnight_shift_belongs_to_the_day_it_started() -> None:
    next_day = date(2024, 5, 7)
    segments = [(at(0, 30, day=next_day), at(6, day=next_day)), (at(22), at(23, 59))]  # any order
    assert workday_of(segments) == date(2024, 5, 6)


# --- California meal periods (Labor Code 512(a); Donohue 2021; premium 226.7(c)) ---


def meals(*segments: tuple[datetime, datetime], **kw: bool) -> list[tuple[str, int]]:
    return [(v.kind, v.meal) for v in meal_break_violations("CA", list(segments), **kw)]


@pytest.mark.parametrize(
    ("segments", "waived", "expected"),
    [
        ([(at(8), at(13))], False, []),  # exactly 5 h: no meal needed
        ([(at(8), at(13, 1))], False, [("missed", 1)]),
        ([(at(8), at(14))], True, []),  # 6 h with a signed waiver
        ([(at(8), at(14, 1))], True, [("missed", 1)]),  # waiver void over 6 h
        ([(at(8), at(14))], False, [("missed", 1)]),
        ([(at(8), at(13)), (at(13, 30), at(16, 30))], False, []),  # meal starts at the end of the 5th hour
        ([(at(8), at(13, 5)), (at(13, 35), at(16, 30))], False, [("late", 1)]),  # Donohue: after 5 h 5 min
        ([(at(8), at(12)), (at(12, 29), at(16, 30))], False, [("short", 1)]),
        ([(at(8), at(12)), (at(12, 30), at(16, 30))], False, []),  # exactly 30 minutes
        ([(at(8), at(10)), (at(10, 10), at(12)), (at(12, 20), at(16, 30))], False, [("short", 1)]),
        ([(at(8), at(11, 30)), (at(11, 45), at(14)), (at(14, 30), at(17))], False, [("late", 1)]),
    ],
)
def test_first_meal_period(segments: list, waived: bool, expected: list) -> None:
    assert meals(*segments, meal_waiver_signed=waived) == expected


def test_donohue_short_meal_from_raw_punches() -> None:
    """Donohue's example: out 11:02, back 11:25 is a 23-minute meal (rounding would have hidden it)."""
    (violation,) = meal_break_violations("CA", [(at(7), at(11, 2)), (at(11, 25), at(15, 30))])
    assert violation.kind == "short"
    assert violation.break_minutes == 23
    assert (violation.break_start, violation.break_end) == (at(11, 2), at(11, 25))
    assert violation.premium_hours == 1.0
    assert "226.7" in violation.premium_citation and "512(a)" in violation.citation


def test_late_meal_evidence_and_deadline() -> None:
    (violation,) = meal_break_violations("CA", [(at(8), at(13, 30)), (at(14), at(17))])
    assert violation.kind == "late"
    assert violation.deadline == at(13)
    assert violation.worked_hours_before_break == 5.5
    assert violation.worked_hours == 8.5
    assert "13:30" in violation.message


@pytest.mark.parametrize(
    ("segments", "second_waived", "expected"),
    [
        ([(at(6), at(11)), (at(11, 30), at(16, 30))], False, []),  # exactly 10 h: one meal is enough
        ([(at(6), at(11)), (at(11, 30), at(16, 31))], False, [("missed", 2)]),
        ([(at(6), at(11)), (at(11, 30), at(18, 30))], True, []),  # 12 h, second meal waived
        ([(at(6), at(11)), (at(11, 30), at(18, 31))], True, [("missed", 2)]),  # waiver void over 12 h
        ([(at(6), at(10)), (at(10, 30), at(16, 30)), (at(17), at(19))], False, []),  # 2nd starts at 10 h
        ([(at(6), at(10)), (at(10, 30), at(17)), (at(17, 30), at(19))], False, [("late", 2)]),
        ([(at(6), at(10)), (at(10, 30), at(15)), (at(15, 10), at(18))], False, [("short", 2)]),
        ([(at(6), at(18, 30))], False, [("missed", 1), ("missed", 2)]),
        ([(at(6), at(12)), (at(12, 30), at(18))], False, [("late", 1), ("missed", 2)]),
    ],
)
def test_second_meal_period(segments: list, second_waived: bool, expected: list) -> None:
    assert meals(*segments, second_meal_waiver_signed=second_waived) == expected


def test_one_meal_premium_per_workday() -> None:
    violations = meal_break_violations("CA", [(at(6), at(18, 30))])
    assert [v.premium_hours for v in violations] == [1.0, 0.0]


@pytest.mark.parametrize("state", ["TX", "NY", "FL", "IL"])
def test_states_without_a_meal_rule_return_nothing(state: str) -> None:
    assert meal_break_violations(state, [(at(6), at(18, 30))]) == []


def test_overnight_shift_meal_is_judged_as_one_workday() -> None:
    next_day = date(2024, 5, 7)
    assert meals((at(22), at(3, day=next_day)), (at(3, 30, day=next_day), at(6, 30, day=next_day))) == []
    (violation,) = meal_break_violations("CA", [(at(22), at(4, day=next_day))])
    assert violation.kind == "missed" and violation.workday == date(2024, 5, 6)
    assert violation.deadline == at(3, day=next_day)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Spring forward: 22:00 PST to 04:30 PDT is 5.5 real hours (wall clock says 6.5).
        (datetime(2024, 3, 9, 22, 0, tzinfo=LA), datetime(2024, 3, 10, 4, 30, tzinfo=LA), [("missed", 1)]),
        # 23:00 PST to 04:30 PDT looks like 5.5 h on the wall but is 4.5 real hours: no meal needed.
        (datetime(2024, 3, 9, 23, 0, tzinfo=LA), datetime(2024, 3, 10, 4, 30, tzinfo=LA), []),
        # Fall back: 00:00 PDT to 04:30 PST looks like 4.5 h but is 5.5 real hours.
        (datetime(2024, 11, 3, 0, 0, tzinfo=LA), datetime(2024, 11, 3, 4, 30, tzinfo=LA), [("missed", 1)]),
    ],
)
def test_meal_rules_measure_real_time_across_dst(start: datetime, end: datetime, expected: list) -> None:
    assert meals((start, end)) == expected


def test_meal_input_validation() -> None:
    with pytest.raises(InvalidInput, match="24"):
        meal_break_violations(
            "CA", [(at(6), at(10)), (at(7, day=date(2024, 5, 7)), at(9, day=date(2024, 5, 7)))]
        )
    with pytest.raises(InvalidInput, match="not after its start"):
        meal_break_violations("CA", [(at(13), at(8))])
    assert meal_break_violations("CA", []) == []


# --- California rest periods (Wage Order 5/4 sec. 12(A); counts per Brinker) ---


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (0, 0),
        (3.49, 0),
        (3.5, 1),  # none under 3.5 h, then one
        (6, 1),  # 2 h remainder is not a "major" fraction
        (6.01, 2),
        (8, 2),
        (10, 2),
        (10.01, 3),
        (14, 3),
        (14.01, 4),
        (timedelta(hours=6, minutes=1), 2),
    ],
)
def test_rest_breaks_authorized(hours: float | timedelta, expected: int) -> None:
    assert rest_breaks_authorized(hours) == expected


def test_rest_breaks_authorized_elsewhere_and_bad_input() -> None:
    assert rest_breaks_authorized(12, "TX") == 0
    for bad in (-1, 25, "8"):
        with pytest.raises(InvalidInput):
            rest_breaks_authorized(bad)  # type: ignore[arg-type]


DAY = [(at(8), at(12)), (at(12, 30), at(16, 30))]  # 8 h worked: two rest periods owed


@pytest.mark.parametrize(
    ("breaks", "expected"),
    [
        ([(at(10), at(10, 10)), (at(14), at(14, 10))], []),
        ([(at(10), at(10, 15))], ["missed"]),
        ([(at(10), at(10, 9)), (at(14), at(14, 10))], ["short"]),
        ([], ["missed", "missed"]),
        ([(at(10), at(10, 5)), (at(14), at(14, 5))], ["short", "short"]),
    ],
)
def test_rest_break_violations(breaks: list, expected: list[str]) -> None:
    violations = rest_break_violations("CA", DAY, breaks)
    assert [v.kind for v in violations] == expected
    assert sum(v.premium_hours for v in violations) == (1.0 if expected else 0.0)
    assert all(v.authorized == 2 and "12(A)" in v.citation for v in violations)


def test_rest_breaks_not_owed_or_not_ruled() -> None:
    assert rest_break_violations("CA", [(at(8), at(11, 20))], []) == []  # 3 h 20 min
    assert rest_break_violations("TX", DAY, []) == []


def test_rest_break_must_be_paid_time_inside_a_segment() -> None:
    with pytest.raises(InvalidInput, match="not inside a worked segment"):
        rest_break_violations("CA", DAY, [(at(12, 5), at(12, 15))])


# --- minors 14-15 (29 CFR 570.35(a)) ---

SCHOOL_MON = date(2024, 10, 7)  # a Monday in October, school in session Mon-Fri
SCHOOL_WEEK = {SCHOOL_MON + timedelta(days=i) for i in range(5)}


def work(day: date, *spans: tuple[tuple[int, int], tuple[int, int]]) -> tuple[date, list]:
    return (day, [(at(*a, day=day), at(*b, day=day)) for a, b in spans])


def kinds(age: int, days: list, school_days: set[date], **kw: object) -> list[str]:
    return [v.kind for v in minor_hour_violations(age, days, school_days=school_days, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize("age", [16, 17, 30])
def test_no_federal_hour_limits_from_sixteen(age: int) -> None:
    assert kinds(age, [work(SCHOOL_MON, ((5, 0), (23, 0)))], SCHOOL_WEEK) == []


def test_under_fourteen_is_flagged_once() -> None:
    (violation,) = minor_hour_violations(13, [work(SCHOOL_MON, ((16, 0), (18, 0)))], school_days=SCHOOL_WEEK)
    assert violation.kind == "under_minimum_age" and "570.2" in violation.citation


@pytest.mark.parametrize(
    ("day", "span", "expected"),
    [
        (SCHOOL_MON, ((15, 30), (18, 30)), []),  # 3 h on a school day
        (SCHOOL_MON, ((15, 30), (18, 45)), ["daily_hours"]),
        (SCHOOL_MON + timedelta(days=4), ((15, 30), (18, 45)), ["daily_hours"]),  # Fridays included
        (SCHOOL_MON + timedelta(days=5), ((9, 0), (17, 0)), []),  # Saturday: 8 h allowed
        (SCHOOL_MON + timedelta(days=5), ((9, 0), (17, 30)), ["daily_hours"]),
        (SCHOOL_MON, ((6, 30), (8, 0)), ["time_of_day"]),  # before 7 a.m.
        (SCHOOL_MON + timedelta(days=5), ((7, 0), (15, 0)), []),
        (SCHOOL_MON + timedelta(days=5), ((12, 0), (19, 15)), ["time_of_day"]),  # after 7 p.m. in October
        (date(2024, 7, 13), ((13, 0), (20, 30)), []),  # summer: until 9 p.m.
        (date(2024, 7, 13), ((14, 0), (21, 15)), ["time_of_day"]),
        (date(2024, 9, 2), ((13, 0), (20, 30)), []),  # Labor Day 2024 is still summer
        (date(2024, 9, 3), ((13, 0), (20, 30)), ["time_of_day"]),
        (date(2024, 6, 1), ((13, 0), (20, 30)), []),
        (date(2024, 5, 31), ((13, 0), (20, 30)), ["time_of_day"]),
    ],
)
def test_minor_daily_and_time_of_day_limits(day: date, span: tuple, expected: list[str]) -> None:
    assert kinds(15, [work(day, span)], SCHOOL_WEEK) == expected


def test_minor_school_week_limit() -> None:
    at_limit = [work(SCHOOL_MON + timedelta(days=i), ((15, 30), (18, 30))) for i in range(6)]  # 18 h
    assert kinds(14, at_limit, SCHOOL_WEEK) == []
    over = [*at_limit, work(SCHOOL_MON - timedelta(days=1), ((10, 0), (10, 30)))]  # Sunday, same week
    assert kinds(14, over, SCHOOL_WEEK) == ["weekly_hours"]


def test_a_single_school_day_makes_it_a_school_week() -> None:
    days = [work(SCHOOL_MON + timedelta(days=i), ((8, 0), (12, 0))) for i in (1, 2, 3, 4, 5)]  # 20 h
    assert kinds(15, days, set()) == []
    assert kinds(15, days, {SCHOOL_MON}) == ["weekly_hours"]  # school only on Monday, not worked


def test_minor_non_school_week_limit() -> None:
    summer_mon = date(2024, 7, 8)
    five_eights = [work(summer_mon + timedelta(days=i), ((9, 0), (17, 0))) for i in range(5)]
    assert kinds(15, five_eights, set()) == []
    sixth = work(summer_mon + timedelta(days=5), ((9, 0), (10, 0)))
    (violation,) = minor_hour_violations(15, [*five_eights, sixth], school_days=set())
    assert violation.kind == "weekly_hours" and violation.worked_hours == 41 and violation.limit_hours == 40


def test_week_grouping_follows_the_workweek_start() -> None:
    summer_mon = date(2024, 7, 8)
    days = [work(summer_mon + timedelta(days=i), ((9, 0), (17, 0))) for i in range(-1, 5)]  # Sun-Fri, 48 h
    assert kinds(15, days, set(), week_starts_on=6) == ["weekly_hours"]  # Sunday-start: one 48 h week
    assert kinds(15, days, set(), week_starts_on=0) == []  # Monday-start: 8 h + 40 h


def test_work_during_school_hours() -> None:
    day = work(SCHOOL_MON, ((11, 0), (12, 0)))
    assert kinds(15, [day], SCHOOL_WEEK, school_hours=(time(8, 0), time(15, 0))) == ["school_hours"]
    after = work(SCHOOL_MON, ((15, 0), (17, 0)))
    assert kinds(15, [after], SCHOOL_WEEK, school_hours=(time(8, 0), time(15, 0))) == []


def test_minor_segment_past_midnight_breaks_the_evening_limit() -> None:
    saturday = date(2024, 10, 12)
    days = [(saturday, [(at(18, 0, day=saturday), at(0, 30, day=saturday + timedelta(days=1)))])]
    assert kinds(15, days, SCHOOL_WEEK) == ["time_of_day"]


@pytest.mark.parametrize(
    ("age", "days", "kw", "message"),
    [
        (-1, [], {}, "age_years"),
        (15, [work(SCHOOL_MON, ((9, 0), (10, 0)))] * 2, {}, "appears twice"),
        (15, [(SCHOOL_MON, [(at(9, day=SCHOOL_MON + timedelta(days=1)), at(10))])], {}, "not after"),
        (15, [(SCHOOL_MON, [(at(9, day=date(2024, 10, 8)), at(10, day=date(2024, 10, 8)))])], {}, "belongs"),
        (15, [], {"school_hours": (time(15, 0), time(8, 0))}, "school_hours"),
        (15, [], {"week_starts_on": 7}, "week_starts_on"),
    ],
)
def test_minor_input_validation(age: int, days: list, kw: dict, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        minor_hour_violations(age, days, school_days=SCHOOL_WEEK, **kw)


@pytest.mark.parametrize(
    ("year", "expected"), [(2024, date(2024, 9, 2)), (2025, date(2025, 9, 1)), (2026, date(2026, 9, 7))]
)
def test_labor_day_is_the_first_monday_of_september(year: int, expected: date) -> None:
    assert labor_day(year) == expected


def test_seventh_day_and_no_pyramiding_rules_are_cited() -> None:
    ca = overtime("CA", week(8, 8, 8, 8, 8, 8, 8))
    assert "seventh day: Cal. Labor Code 510(a)" in ca.citation
    assert "207(h)(2)" in ca.citation and "778.202(a)" in ca.citation
    federal = overtime("TX", week(9, 9, 9, 9, 9))
    assert "207(h)(2)" not in federal.citation and "seventh" not in federal.citation
