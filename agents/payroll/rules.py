"""Apply policies.labor to one employee's worked days: meal and rest periods, overtime, minors, rounding.

Every number here comes from policies.labor; this module only decides which workday each rule sees and
turns each result into a finding with its evidence and, where the law owes pay, a payroll correction.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, tzinfo
from typing import Any

from agents.common.workweek import week_start
from agents.payroll.model import (
    PATTERN_CITATION,
    PUNCH_CITATION,
    Collector,
    PayrollSettings,
    StaffFacts,
)
from agents.payroll.punches import Session, ShiftWindow, clock, local, minutes_between, utc
from policies import labor
from policies.errors import InvalidInput

Segments = list[tuple[datetime, datetime]]


def guarded(out: Collector, day: date, what: str, call: Any) -> Any:
    """Run a policy; a refusal (e.g. overlapping punches) becomes a finding instead of a failed run."""
    try:
        return call()
    except InvalidInput as exc:
        out.add(
            "punches_not_checkable",
            "warning",
            day,
            f"{what} could not be checked: {exc.message}",
            {"check": what},
            PUNCH_CITATION,
            what,
        )
        return None


def breaks(
    out: Collector,
    staff: StaffFacts,
    day: date,
    segs: list[tuple[datetime, datetime]],
    sessions: list[Session],
    windows: list[ShiftWindow],
    zone: tzinfo,
) -> None:
    meals = guarded(
        out,
        day,
        "meal periods",
        lambda: labor.meal_break_violations(
            staff.state,
            segs,
            meal_waiver_signed=staff.meal_waiver,
            second_meal_waiver_signed=staff.second_meal_waiver,
        ),
    )
    for v in meals or []:
        finding = out.add(
            f"meal_{v.kind}",
            "warning",
            day,
            v.message + ".",
            {
                "meal": v.meal,
                "worked_hours": round(v.worked_hours, 2),
                "deadline": clock(v.deadline, zone),
                "break_start": clock(v.break_start, zone) if v.break_start else None,
                "break_end": clock(v.break_end, zone) if v.break_end else None,
                "break_minutes": v.break_minutes,
                "premium_hours": v.premium_hours,
                "premium_citation": v.premium_citation,
            },
            v.citation,
            v.meal,
        )
        if v.premium_hours:
            out.correct(
                day, "MEAL_PREMIUM", v.premium_hours, "Meal period premium, Labor Code 226.7(c)", finding
            )

    punched_rests = [r for s in sessions for r in s.rest_periods(zone)]
    source = "punched"
    rests = punched_rests
    if not punched_rests and not windows:
        return  # unscheduled work with no rest punches: nothing to judge rest periods by (flagged already)
    if not punched_rests:
        source = "schedule"
        worked = [(utc(s0), utc(s1)) for s0, s1 in segs]
        rests = [
            (local(a, zone), local(b, zone))
            for w in windows
            for (a, b), (a_utc, b_utc) in zip(w.rest_breaks, w.rest_breaks_utc, strict=True)
            if _inside(a_utc, b_utc, worked)
        ]
    rest = guarded(out, day, "rest periods", lambda: labor.rest_break_violations(staff.state, segs, rests))
    for r in rest or []:
        finding = out.add(
            f"rest_break_{r.kind}",
            "warning",
            day,
            r.message + f" (rest periods taken per the {source}).",
            {
                "worked_hours": round(r.worked_hours, 2),
                "authorized": r.authorized,
                "taken_in_full": r.taken_in_full,
                "rest_source": source,
                "break_start": clock(r.break_start, zone) if r.break_start else None,
                "break_minutes": r.break_minutes,
                "premium_hours": r.premium_hours,
                "premium_citation": r.premium_citation,
            },
            r.citation,
            r.authorized,
            r.taken_in_full,
            r.break_start,
        )
        if r.premium_hours:
            out.correct(
                day, "REST_PREMIUM", r.premium_hours, "Rest period premium, Labor Code 226.7(c)", finding
            )


def _inside(start: datetime, end: datetime, segments: list[tuple[datetime, datetime]]) -> bool:
    """[start, end] lies within one of the segments (all instants in UTC)."""
    return any(s0 <= start and end <= s1 for s0, s1 in segments)


def overtime(
    out: Collector,
    staff: StaffFacts,
    segments: dict[date, list[tuple[datetime, datetime]]],
    days: dict[date, list[Session]],
    shifts_of_day: dict[date, list[ShiftWindow]],
    incomplete: set[date],
    cfg: PayrollSettings,
) -> None:
    weeks: dict[date, list[tuple[date, float]]] = defaultdict(list)
    for day, segs in segments.items():
        worked = sum(minutes_between(a, b) for a, b in segs) / 60
        weeks[week_start(day, cfg.workweek_start)].append((day, round(worked, 4)))
    for start, week in sorted(weeks.items()):
        result = guarded(
            out,
            start,
            "overtime",
            lambda week=week, start=start: labor.overtime(staff.state, week, workweek_start=start),
        )
        if result is None:
            continue
        short_cite = result.citation.split(":")[0]
        for d in result.days:
            extra = d.overtime + d.double_time
            if d.day not in out.period or extra <= 0:
                continue
            approved = any(w.shift.overtime_approved for w in shifts_of_day.get(d.day, []))
            evidence = {
                "worked_hours": round(d.hours, 2),
                "regular_hours": round(d.regular, 2),
                "overtime_hours": round(d.overtime, 2),
                "double_time_hours": round(d.double_time, 2),
                "seventh_consecutive_day": d.seventh_day,
                "week_start": str(start),
                "week_total_hours": round(result.total, 2),
                "overtime_approved": approved,
                "week_has_missing_punches": any(
                    week_start(x, cfg.workweek_start) == start for x in incomplete
                ),
                "caveat": result.caveat,
            }
            what = (
                f"{d.hours:.2f} h worked on {d.day}: {d.overtime:.2f} h overtime, "
                f"{d.double_time:.2f} h double time"
            )
            if d.seventh_day:
                what += " (seventh consecutive day of the workweek)"
            minor = extra * 60 <= cfg.tolerance_minutes
            if approved or minor:
                why = "overtime was approved" if approved else "within the punch tolerance, but still owed"
                finding = out.add(
                    "overtime_hours",
                    "info",
                    d.day,
                    what + f"; {why}.",
                    evidence,
                    result.citation,
                )
            else:
                finding = out.add(
                    "unapproved_overtime",
                    "warning",
                    d.day,
                    what + "; no overtime was approved for the shift.",
                    evidence,
                    result.citation,
                )
            punches = [p for s in days.get(d.day, []) for p in s.punches()]
            if punches and all(p.pay_code.upper() == "REG" for p in punches):
                reason = f"Overtime reclassification, {short_cite}"
                out.correct(d.day, "REG", -extra, reason, finding)
                if d.overtime:
                    out.correct(d.day, "OT", d.overtime, reason, finding)
                if d.double_time:
                    out.correct(d.day, "DT", d.double_time, reason, finding)


def school_days_assumed(days: list[date]) -> set[date]:
    """Without a district calendar: weekdays outside June 1 through Labor Day are school days (stated in
    the evidence so a director can correct it)."""
    return {d for d in days if d.weekday() < 5 and not (date(d.year, 6, 1) <= d <= labor.labor_day(d.year))}


def minor(
    out: Collector,
    staff: StaffFacts,
    segments: dict[date, list[tuple[datetime, datetime]]],
    cfg: PayrollSettings,
) -> None:
    by_start: dict[date, list[tuple[datetime, datetime]]] = defaultdict(list)
    for segs in segments.values():
        for seg in segs:
            by_start[seg[0].date()].append(seg)
    listed = sorted(by_start.items())
    school = school_days_assumed([d for d, _ in listed])
    age = staff.minor_age
    assert age is not None
    found = guarded(
        out,
        out.period.start,
        "minor hours",
        lambda: labor.minor_hour_violations(
            age, listed, school_days=school, week_starts_on=cfg.workweek_start
        ),
    )
    for v in found or []:
        day = v.day or v.week_start
        if v.day is not None and v.day not in out.period:
            continue
        if v.week_start is not None and v.week_start + timedelta(days=6) < out.period.start:
            continue
        out.add(
            f"minor_{v.kind}",
            "critical",
            day,
            v.message + " (employee under 16).",
            {
                "age_band": "under 14" if age < 14 else "14-15",
                "worked_hours": v.worked_hours,
                "limit_hours": v.limit_hours,
                "week_start": str(v.week_start) if v.week_start else None,
                "school_calendar": "assumed: weekdays outside June 1 - Labor Day",
            },
            v.citation,
            v.kind,
            v.week_start,
        )


def rounding(out: Collector, sessions: list[Session], cfg: PayrollSettings, zone: tzinfo) -> None:
    if not sessions:
        return
    starts = [local(s.start.punched_at, zone) for s in sessions]
    pairs = [(t, local(s.end.punched_at, zone)) for t, s in zip(starts, sessions, strict=True) if s.end]
    bias = labor.rounding_bias(pairs, cfg.rounding_increment)
    if bias.underpays:
        out.add(
            "rounding_underpays",
            "warning",
            None,
            f"rounding to {cfg.rounding_increment} min cost {-bias.net_minutes:.0f} min over {bias.shifts} "
            f"shifts ({bias.shifts_lost} lost, {bias.shifts_gained} gained, p={bias.p_value:.3f}).",
            {
                "increment_minutes": cfg.rounding_increment,
                "net_minutes": bias.net_minutes,
                "shifts_lost": bias.shifts_lost,
                "shifts_gained": bias.shifts_gained,
                "p_value": bias.p_value,
                "threshold": bias.threshold,
            },
            bias.citation,
        )
    step = cfg.rounding_increment * 60
    low, high = step / 2 - cfg.rounding_window_minutes * 60, step / 2
    inside = []
    for t in starts:
        offset = (t.hour * 3600 + t.minute * 60 + t.second) % step
        if low <= offset < high:
            inside.append(t.isoformat(timespec="minutes"))  # clock(), from the local time already made
    share = len(inside) / len(sessions)
    chance = cfg.rounding_window_minutes / cfg.rounding_increment
    if len(sessions) < cfg.rounding_min_clock_ins or share < cfg.rounding_min_share:
        return
    score = round(min(1.0, (share - chance) / (1 - chance)), 2)
    out.add(
        "pattern_rounding_window_clock_ins",
        "warning" if score >= cfg.task_score_threshold else "info",
        None,
        f"{len(inside)} of {len(sessions)} clock-ins fell in the last {cfg.rounding_window_minutes:g} min "
        f"that still round back to the earlier {cfg.rounding_increment}-min mark; this may indicate "
        f"clock-ins timed to the rounding window (score {score:.2f}).",
        {
            "score": score,
            "factors": {
                "clock_ins": len(sessions),
                "inside_window": len(inside),
                "share": round(share, 2),
                "share_expected_by_chance": round(chance, 2),
            },
            "examples": inside[:5],
        },
        "29 CFR 785.48(b); " + PATTERN_CITATION,
    )


def no_room(out: Collector, sessions: list[Session], cfg: PayrollSettings, zone: tzinfo) -> None:
    """Pattern: clock-ins with no room (work area); may indicate unassigned time or a coverage gap."""
    if not sessions:
        return
    missing = [s for s in sessions if not s.start.work_area]
    if not missing:
        return
    share = len(missing) / len(sessions)
    score = round(share, 2)
    out.add(
        "pattern_no_room_check_in",
        "warning" if score >= cfg.task_score_threshold else "info",
        None,
        f"{len(missing)} of {len(sessions)} shifts were clocked in with no room; this may indicate time "
        f"not spent with a group or a staffing gap (score {score:.2f}).",
        {
            "score": score,
            "factors": {"shifts": len(sessions), "without_room": len(missing), "share": score},
            "examples": [clock(s.start.punched_at, zone) for s in missing[:5]],
        },
        PATTERN_CITATION,
    )
