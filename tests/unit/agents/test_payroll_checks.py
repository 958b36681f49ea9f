"""Per-employee payroll checks with worked examples: one employee's punches and shifts in, findings out.

Times are local (America/Los_Angeles, a California center unless a test says otherwise); every expected
number is worked out in the test's comment from the rule it exercises.
"""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agents.payroll.checks import check_employee
from agents.payroll.model import EmployeeResult, PayrollSettings, Period, StaffFacts, age_on
from agents.payroll.punches import pair_punches
from tools.models import Shift, TimePunch

LA = ZoneInfo("America/Los_Angeles")
CHICAGO = ZoneInfo("America/Chicago")
MON = date(2026, 3, 2)  # a Monday in a school week
PERIOD = Period(date(2026, 3, 1), date(2026, 3, 14))
TODAY = date(2026, 3, 20)
_ids = itertools.count(1)


def staff(state: str = "CA", zone: ZoneInfo = LA, **over: Any) -> StaffFacts:
    base: dict[str, Any] = dict(
        employee_id="E1",
        name="Ana Ruiz",
        state=state,
        zone=zone,
        minor_age=None,
        meal_waiver=False,
        second_meal_waiver=False,
    )
    return StaffFacts(**(base | over))


def at(day: date, hhmm: str, zone: ZoneInfo = LA) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=zone)


def punch(kind: str, when: datetime, **over: Any) -> TimePunch:
    base: dict[str, Any] = dict(
        punch_id=f"P{next(_ids)}",
        employee_id="E1",
        school_id="S1",
        punched_at=when,
        kind=kind,
        work_area="R1",
        device_id="S1-KIOSK-1",
    )
    return TimePunch.model_validate(base | over)


def day_punches(day: date, *times: tuple[str, str], zone: ZoneInfo = LA, **over: Any) -> list[TimePunch]:
    """(kind, "HH:MM") pairs on `day`; a time written "+HH:MM" is on the next day."""
    out = []
    for kind, hhmm in times:
        d = day + timedelta(days=1) if hhmm.startswith("+") else day
        out.append(punch(kind, at(d, hhmm.lstrip("+"), zone), **over))
    return out


def shift(
    day: date,
    start: str,
    end: str,
    *,
    meal: str | None = None,
    rests: tuple[str, ...] = (),
    approved: bool = False,
) -> Shift:
    def minutes(hhmm: str) -> int:
        nxt = hhmm.startswith("+")
        h, m = (int(x) for x in hhmm.lstrip("+").split(":"))
        return h * 60 + m + (1440 if nxt else 0)

    breaks = [{"start_minutes": minutes(r), "end_minutes": minutes(r) + 10, "kind": "rest"} for r in rests]
    if meal:
        breaks.append({"start_minutes": minutes(meal), "end_minutes": minutes(meal) + 30, "kind": "meal"})
    return Shift.model_validate(
        dict(
            shift_id=f"SH{next(_ids)}",
            employee_id="E1",
            school_id="S1",
            classroom_id="R1",
            date=day,
            start_minutes=minutes(start),
            end_minutes=minutes(end),
            breaks=breaks,
            overtime_approved=approved,
        )
    )


def standard_shift(day: date, **over: Any) -> Shift:
    """8:00-16:30 with a 12:00 meal and rests at 10:00 and 14:30: 8 h of work, 1 meal, 2 rests owed."""
    return shift(day, "08:00", "16:30", meal="12:00", rests=("10:00", "14:30"), **over)


def check(
    shifts: list[Shift],
    punches: list[TimePunch],
    *,
    who: StaffFacts | None = None,
    period: Period = PERIOD,
    cfg: PayrollSettings | None = None,
) -> EmployeeResult:
    return check_employee(who or staff(), shifts, punches, period, cfg or PayrollSettings(), today=TODAY)


def kinds(result: EmployeeResult) -> list[str]:
    return sorted(f.kind for f in result.findings)


def of_kind(result: EmployeeResult, kind: str) -> dict[str, Any]:
    [finding] = [f for f in result.findings if f.kind == kind]
    return finding.evidence


CLEAN_DAY = (("in", "07:59"), ("break_start", "12:00"), ("break_end", "12:30"), ("out", "16:29"))
"""4:01 + 3:59 = exactly 8 h worked, a 30-min meal that starts after 4 h, inside every tolerance."""


def test_a_clean_day_has_no_findings() -> None:
    result = check([standard_shift(MON)], day_punches(MON, *CLEAN_DAY))
    assert result.findings == [] and result.corrections == []
    assert result.punches == 4


def test_early_clock_in_beyond_tolerance_only() -> None:
    # 7:45 is 15 min before 8:00 (> 7 min tolerance); 7:55 is 5 min before (inside it).
    # The out-punch moves with the in-punch so the day stays at 8 h (no overtime to muddle the example).
    early = check([standard_shift(MON)], day_punches(MON, ("in", "07:45"), *CLEAN_DAY[1:3], ("out", "16:15")))
    assert kinds(early) == ["early_clock_in"]
    ev = of_kind(early, "early_clock_in")
    assert ev["minutes_early"] == 15.0 and ev["clock_in"] == "2026-03-02T07:45-08:00"
    assert ev["scheduled_start"] == "2026-03-02T08:00-08:00"
    inside = check(
        [standard_shift(MON)], day_punches(MON, ("in", "07:55"), *CLEAN_DAY[1:3], ("out", "16:25"))
    )
    assert inside.findings == []
    wider = check(
        [standard_shift(MON)],
        day_punches(MON, ("in", "07:45"), *CLEAN_DAY[1:3], ("out", "16:15")),
        cfg=PayrollSettings(tolerance_minutes=20),
    )
    assert wider.findings == []


def test_late_clock_out_and_the_overtime_it_makes() -> None:
    # In 7:59, meal 12:00-12:30, out 17:10: 4:01 + 4:40 = 8.68 h worked -> 0.68 h daily overtime (CA 510(a)),
    # and the out-punch is 40 min past 16:30.
    result = check([standard_shift(MON)], day_punches(MON, *CLEAN_DAY[:3], ("out", "17:10")))
    assert kinds(result) == ["late_clock_out", "unapproved_overtime"]
    assert of_kind(result, "late_clock_out")["minutes_late"] == 40.0
    ot = of_kind(result, "unapproved_overtime")
    assert ot["worked_hours"] == 8.68 and ot["overtime_hours"] == 0.68 and ot["regular_hours"] == 8.0
    assert {(c.pay_code, c.hours) for c in result.corrections} == {("REG", -0.68), ("OT", 0.68)}


def test_approved_overtime_is_information_not_an_exception() -> None:
    result = check([standard_shift(MON, approved=True)], day_punches(MON, *CLEAN_DAY[:3], ("out", "17:10")))
    assert kinds(result) == ["late_clock_out", "overtime_hours"]
    assert next(f for f in result.findings if f.kind == "overtime_hours").severity == "info"


def test_missing_out_punch_is_flagged_and_the_day_is_not_guessed() -> None:
    result = check([standard_shift(MON)], day_punches(MON, ("in", "07:58")))
    assert kinds(result) == ["missed_punch"]
    assert of_kind(result, "missed_punch")["missing"] == "missed_out"


def test_out_punch_without_in_and_an_unpaired_break() -> None:
    punches = day_punches(MON, ("out", "16:30")) + day_punches(
        MON + timedelta(days=1), ("in", "07:59"), ("break_start", "12:00"), ("out", "16:29")
    )
    result = check([standard_shift(MON), standard_shift(MON + timedelta(days=1))], punches)
    missing = sorted(f.evidence["missing"] for f in result.findings if f.kind in ("missed_punch",))
    assert missing == ["missed_in"]
    assert of_kind(result, "unpaired_break_punch")["punch_kind"] == "break_start"
    # Tuesday: the unended break is dropped, so 8.5 h with no meal -> meal missed and 0.5 h overtime.
    assert "meal_missed" in kinds(result)


def test_pairing_puts_every_punch_somewhere() -> None:
    punches = day_punches(MON, ("in", "08:00"), ("in", "09:00"), ("break_end", "10:00"), ("out", "12:00"))
    card = pair_punches(punches, LA)
    assert [o.kind for o in card.orphans] == ["missed_out", "unpaired_break"]
    assert [s.complete for s in card.sessions] == [False, True]


def test_ca_meal_missed_premium_but_not_in_texas() -> None:
    # 8:00-14:30 straight: 6.5 h with no meal -> Labor Code 512(a) first meal missed, one premium hour.
    punches = day_punches(MON, ("in", "08:00"), ("out", "14:30"))
    shifts = [shift(MON, "08:00", "14:30", rests=("10:00", "12:30"))]
    ca = check(shifts, punches)
    assert kinds(ca) == ["meal_missed"]
    assert of_kind(ca, "meal_missed")["deadline"] == "2026-03-02T13:00-08:00"
    assert [(c.pay_code, c.hours) for c in ca.corrections] == [("MEAL_PREMIUM", 1.0)]
    tx = check(
        shifts, day_punches(MON, ("in", "08:00"), ("out", "14:30"), zone=CHICAGO), who=staff("TX", CHICAGO)
    )
    assert tx.findings == []


def test_ca_meal_waiver_covers_a_six_hour_day() -> None:
    punches = day_punches(MON, ("in", "08:00"), ("out", "14:00"))
    shifts = [shift(MON, "08:00", "14:00", rests=("10:00",))]
    assert check(shifts, punches, who=staff(meal_waiver=True)).findings == []
    assert kinds(check(shifts, punches)) == ["meal_missed"]


@pytest.mark.parametrize(
    ("meal", "expected"),
    [
        (("13:30", "14:00"), "meal_late"),  # starts after 5.5 h of work: past the end of the 5th hour
        (("12:00", "12:20"), "meal_short"),  # 20 min < 30
    ],
)
def test_late_and_short_meals(meal: tuple[str, str], expected: str) -> None:
    punches = day_punches(
        MON, ("in", "08:00"), ("break_start", meal[0]), ("break_end", meal[1]), ("out", "16:30")
    )
    result = check([standard_shift(MON)], punches)
    assert expected in kinds(result)
    assert of_kind(result, expected)["premium_hours"] == 1.0


def test_a_long_day_owes_a_second_meal_and_a_third_rest() -> None:
    # 7:00-18:00 with one 30-min meal: 10.5 h worked. CA: 2nd meal due after 10 h (missed), 3 rest periods
    # owed (over 10 to 14 h) but the schedule authorised 2 -> one rest missed; 2.5 h overtime (8 to 10.5).
    sh = shift(MON, "07:00", "15:30", meal="11:00", rests=("09:00", "13:30"))
    punches = day_punches(
        MON, ("in", "07:00"), ("break_start", "11:00"), ("break_end", "11:30"), ("out", "18:00")
    )
    result = check([sh], punches)
    assert kinds(result) == ["late_clock_out", "meal_missed", "rest_break_missed", "unapproved_overtime"]
    assert of_kind(result, "meal_missed")["meal"] == 2
    rest = of_kind(result, "rest_break_missed")
    assert (rest["authorized"], rest["taken_in_full"], rest["rest_source"]) == (3, 2, "schedule")
    assert of_kind(result, "unapproved_overtime")["overtime_hours"] == 2.5
    codes = sorted((c.pay_code, c.hours) for c in result.corrections)
    assert codes == [("MEAL_PREMIUM", 1.0), ("OT", 2.5), ("REG", -2.5), ("REST_PREMIUM", 1.0)]


def test_punched_rest_breaks_are_paid_and_judged_from_the_punches() -> None:
    # REST-coded break punches stay on the clock: 8 h worked, 2 rests owed; a 5-min one is short.
    punches = day_punches(MON, *CLEAN_DAY)
    punches += [
        punch("break_start", at(MON, "10:00"), pay_code="REST"),
        punch("break_end", at(MON, "10:05"), pay_code="REST"),
        punch("break_start", at(MON, "14:30"), pay_code="REST"),
        punch("break_end", at(MON, "14:41"), pay_code="REST"),
    ]
    result = check([standard_shift(MON)], punches)
    assert kinds(result) == ["rest_break_short"]
    ev = of_kind(result, "rest_break_short")
    assert ev["rest_source"] == "punched" and ev["break_minutes"] == 5.0


def test_a_shift_over_midnight_belongs_to_the_day_it_started() -> None:
    # Thu 22:00 -> Fri 06:30 with a 30-min meal at 02:00: 8 h on Thursday's workday, nothing to flag.
    thu = date(2026, 3, 5)
    sh = shift(thu, "22:00", "+06:30", meal="+02:00", rests=("+00:00", "+04:00"))
    punches = day_punches(
        thu, ("in", "22:00"), ("break_start", "+02:00"), ("break_end", "+02:30"), ("out", "+06:30")
    )
    assert check([sh], punches).findings == []
    longer = day_punches(
        thu, ("in", "22:00"), ("break_start", "+02:00"), ("break_end", "+02:30"), ("out", "+07:30")
    )
    result = check([sh], longer)
    assert of_kind(result, "unapproved_overtime")["worked_hours"] == 9.0
    assert {f.evidence["workday"] for f in result.findings} == {"2026-03-05"}


def test_fall_back_night_counts_the_repeated_hour() -> None:
    # 2026-11-01 02:00 PDT -> 01:00 PST: Sat 22:00 to Sun 06:00 on the wall is 9 real hours; minus a 30-min
    # meal (00:30-01:00 PDT) that is 8.5 h worked, so 0.5 h overtime a wall-clock subtraction would miss.
    sat = date(2026, 10, 31)
    period = Period(date(2026, 10, 25), date(2026, 11, 7))
    sh = shift(sat, "22:00", "+06:00", meal="+00:30", rests=("23:30", "+03:30"))
    punches = day_punches(
        sat, ("in", "22:00"), ("break_start", "+00:30"), ("break_end", "+01:00"), ("out", "+06:00")
    )
    result = check_employee(staff(), [sh], punches, period, PayrollSettings(), today=date(2026, 11, 20))
    ev = of_kind(result, "unapproved_overtime")
    assert (ev["worked_hours"], ev["overtime_hours"]) == (8.5, 0.5)


def test_spring_forward_night_is_an_hour_shorter() -> None:
    # 2026-03-08 02:00 PST -> 03:00 PDT: Sat 22:00 to Sun 06:30 on the wall is 7.5 real hours, 7 h worked.
    sat = date(2026, 3, 7)
    sh = shift(sat, "22:00", "+06:30", meal="+01:00", rests=("+00:00", "+04:00"))
    punches = day_punches(
        sat, ("in", "22:00"), ("break_start", "+01:00"), ("break_end", "+01:30"), ("out", "+06:30")
    )
    result = check([sh], punches)
    assert result.findings == []  # 7 h: no overtime, meal on time, 2 rests owed and scheduled


def test_seventh_consecutive_day_in_california() -> None:
    # Sun 2026-03-01 .. Sat 03-07, 6 h a day (8:00-14:30, 30-min meal). Labor Code 510(a): the first 8 h of
    # the seventh consecutive day are overtime -> Saturday's 6 h are all overtime; weekly total 42 h, of which
    # 36 regular (under 40, so no weekly overtime on top: no pyramiding).
    sun = date(2026, 3, 1)
    assert sun.weekday() == 6
    shifts, punches = [], []
    for i in range(7):
        d = sun + timedelta(days=i)
        shifts.append(shift(d, "08:00", "14:30", meal="11:00", rests=("09:30",)))
        punches += day_punches(
            d, ("in", "08:00"), ("break_start", "11:00"), ("break_end", "11:30"), ("out", "14:30")
        )
    result = check(shifts, punches)
    assert kinds(result) == ["unapproved_overtime"]
    ev = of_kind(result, "unapproved_overtime")
    assert ev["workday"] == "2026-03-07" and ev["seventh_consecutive_day"] is True
    assert (ev["overtime_hours"], ev["regular_hours"], ev["week_total_hours"]) == (6.0, 0.0, 42.0)
    # Federal rule (Texas): 42 h in the week -> 2 h weekly overtime, on the day the 40th hour is passed.
    tx_punches = [punch(p.kind, p.punched_at.replace(tzinfo=CHICAGO)) for p in punches]
    tx = check(shifts, tx_punches, who=staff("TX", CHICAGO))
    assert of_kind(tx, "unapproved_overtime")["overtime_hours"] == 2.0


def test_week_before_the_period_counts_toward_weekly_overtime_but_is_not_reported() -> None:
    # Period starts Wednesday 03-04; the workweek started Sunday 03-01. 9 h on Monday (before the period)
    # is not reported, but it still counts toward the week.
    period = Period(date(2026, 3, 4), date(2026, 3, 17))
    sh = [shift(MON, "08:00", "17:30", meal="12:00", rests=("10:00", "15:00"))]
    punches = day_punches(
        MON, ("in", "08:00"), ("break_start", "12:00"), ("break_end", "12:30"), ("out", "17:30")
    )
    assert check(sh, punches, period=period).findings == []


def test_minor_over_the_school_day_limit() -> None:
    # A 15-year-old working 15:30-19:30 on a school Monday: 4 h > 3 h (29 CFR 570.35(a)), and work past 19:00.
    punches = day_punches(MON, ("in", "15:30"), ("out", "19:30"))
    sh = [shift(MON, "15:30", "19:30", rests=("17:30",))]
    result = check(sh, punches, who=staff(minor_age=15))
    assert kinds(result) == ["minor_daily_hours", "minor_time_of_day"]
    ev = of_kind(result, "minor_daily_hours")
    assert (ev["worked_hours"], ev["limit_hours"], ev["age_band"]) == (4.0, 3.0, "14-15")
    assert all("birth" not in key for f in result.findings for key in f.evidence)
    assert check(sh, punches, who=staff(minor_age=None)).findings == []


def test_age_is_whole_years() -> None:
    assert age_on(date(2011, 3, 3), date(2026, 3, 2)) == 14
    assert age_on(date(2011, 3, 2), date(2026, 3, 2)) == 15


def test_clock_ins_just_inside_the_rounding_window() -> None:
    # Six clock-ins at 8:06 for 8:00 shifts: with 15-min rounding 8:06 rounds back to 8:00, and
    # 8:05:30-8:07:30 is the last 2 minutes that still do. 6 of 6 inside, 13% expected by chance -> score 1.0.
    shifts, punches = [], []
    for i in range(6):
        d = MON + timedelta(days=i if i < 5 else 7)
        shifts.append(standard_shift(d))
        punches += day_punches(
            d, ("in", "08:06"), ("break_start", "12:00"), ("break_end", "12:30"), ("out", "16:30")
        )
    result = check(shifts, punches)
    assert kinds(result) == ["pattern_rounding_window_clock_ins"]
    ev = of_kind(result, "pattern_rounding_window_clock_ins")
    assert ev["score"] == 1.0 and ev["factors"]["inside_window"] == 6
    assert "may indicate" in result.findings[0].summary
    # Five of them would not flag with the default minimum of 5 clock-ins unless all 5 are inside: drop to 4.
    assert (
        check(shifts[:4], [p for p in punches if p.punched_at.date() < MON + timedelta(days=4)]).findings
        == []
    )


def test_shifts_with_no_room_check_in() -> None:
    punches = day_punches(MON, *CLEAN_DAY, work_area=None)
    result = check([standard_shift(MON)], punches)
    assert kinds(result) == ["pattern_no_room_check_in"]
    assert of_kind(result, "pattern_no_room_check_in")["score"] == 1.0


def test_unscheduled_work_and_a_shift_with_no_punches() -> None:
    tue = MON + timedelta(days=1)
    result = check([standard_shift(MON)], day_punches(tue, *CLEAN_DAY))
    assert kinds(result) == ["shift_without_punches", "unscheduled_shift"]


def test_days_in_progress_and_outside_the_period_are_not_judged() -> None:
    today = MON
    result = check_employee(
        staff(),
        [standard_shift(MON)],
        day_punches(MON, ("in", "07:58")),
        PERIOD,
        PayrollSettings(),
        today=today,
    )
    assert result.findings == []
    outside = check([standard_shift(date(2026, 3, 16))], day_punches(date(2026, 3, 16), ("in", "07:30")))
    assert outside.findings == []


def test_settings_from_context_mapping() -> None:
    cfg = PayrollSettings.from_mapping({"payroll_tolerance_minutes": "10", "other": 1})
    assert cfg.tolerance_minutes == 10 and cfg.rounding_increment == 15
    with pytest.raises(Exception, match="payroll_edit_threshold"):
        PayrollSettings.from_mapping({"payroll_edit_threshold": "many"})
