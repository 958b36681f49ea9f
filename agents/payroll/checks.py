"""Per-employee payroll checks for one pay period: pure functions, no I/O.

The agent streams one employee at a time into `check_employee` and keeps nothing else of them, so a pay
period's memory is one employee's punches plus the findings. Every number comes from policies.labor
(through `rules`); this module pairs punches with the schedule, finds unpaired punches and punches
outside the schedule's tolerance, and hands each complete workday to the rules.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, tzinfo

from agents.payroll import rules
from agents.payroll.model import (
    PUNCH_CITATION,
    SCHEDULE_CITATION,
    Collector,
    EmployeeResult,
    PayrollSettings,
    Period,
    StaffFacts,
)
from agents.payroll.punches import (
    Session,
    ShiftWindow,
    Timecard,
    clock,
    local,
    match_shifts,
    pair_punches,
    shift_window,
    utc,
)
from tools.models import Shift, TimePunch


def check_employee(
    staff: StaffFacts,
    shifts: list[Shift],
    punches: list[TimePunch],
    period: Period,
    cfg: PayrollSettings,
    *,
    today: date,
) -> EmployeeResult:
    """Every per-employee check for one pay period.

    `shifts` and `punches` may start earlier than the period (back to the workweek start, for weekly
    overtime and the seventh day); only workdays inside the period are reported. Workdays from `today` on
    are still in progress and are not judged.
    """
    zone = staff.zone
    out = Collector(staff, period)
    out.result.punches = len(punches)
    card = pair_punches(punches, zone)
    windows = [shift_window(s, zone) for s in shifts]
    matched, unmatched = match_shifts(card.sessions, windows, zone)
    judged = [i for i, s in enumerate(card.sessions) if s.workday(zone) < today]

    _orphans(out, card, zone, today)
    for w in unmatched:
        if w.shift.date in period and w.shift.date < today:
            out.add(
                "shift_without_punches",
                "warning",
                w.shift.date,
                f"scheduled {clock(w.start, zone)} to {clock(w.end, zone)} but no punch was recorded: "
                "missed punches or an absence.",
                {"shift_id": w.shift.shift_id, "scheduled_start": clock(w.start, zone)},
                PUNCH_CITATION,
                w.shift.shift_id,
            )
    for i in judged:
        session = card.sessions[i]
        if session.workday(zone) in period and i in matched:
            _schedule_tolerance(out, session, matched[i], cfg, zone)
        elif session.workday(zone) in period:
            out.add(
                "unscheduled_shift",
                "warning",
                session.workday(zone),
                f"clocked in at {clock(session.start.punched_at, zone)} with no scheduled shift that day.",
                {"clock_in": clock(session.start.punched_at, zone), "punch_id": session.start.punch_id},
                PUNCH_CITATION,
                session.start.punch_id,
            )

    days: dict[date, list[Session]] = defaultdict(list)
    shifts_of_day: dict[date, list[ShiftWindow]] = defaultdict(list)
    for w in windows:
        shifts_of_day[w.shift.date].append(w)
    for i in judged:
        if card.sessions[i].complete:
            days[card.sessions[i].workday(zone)].append(card.sessions[i])
    incomplete = {card.sessions[i].workday(zone) for i in judged if not card.sessions[i].complete}
    segments = {
        d: sorted((seg for s in ss for seg in s.segments(zone)), key=lambda g: utc(g[0]))
        for d, ss in days.items()
    }

    for day in sorted(days):
        if day in period:
            rules.breaks(out, staff, day, segments[day], days[day], shifts_of_day.get(day, []), zone)
    rules.overtime(out, staff, segments, days, shifts_of_day, incomplete, cfg)
    if staff.minor_age is not None:
        rules.minor(out, staff, segments, cfg)
    complete = [s for i in judged if (s := card.sessions[i]).complete and s.workday(zone) in period]
    rules.rounding(out, complete, cfg, zone)
    rules.no_room(out, complete, cfg, zone)
    return out.result


def _orphans(out: Collector, card: Timecard, zone: tzinfo, today: date) -> None:
    for orphan in card.orphans:
        day = local(orphan.punch.punched_at, zone).date()
        if day not in out.period or (orphan.kind == "missed_out" and day >= today):
            continue
        kind = "unpaired_break_punch" if orphan.kind == "unpaired_break" else "missed_punch"
        out.add(
            kind,
            "warning",
            day,
            f"{orphan.detail} ({orphan.punch.kind} at {clock(orphan.punch.punched_at, zone)}); the day's "
            "hours cannot be computed until the punch is fixed.",
            {
                "missing": orphan.kind,
                "punch_id": orphan.punch.punch_id,
                "punch_kind": orphan.punch.kind,
                "punched_at": clock(orphan.punch.punched_at, zone),
            },
            PUNCH_CITATION,
            orphan.punch.punch_id,
            orphan.kind,
        )


def _schedule_tolerance(
    out: Collector, session: Session, window: ShiftWindow, cfg: PayrollSettings, zone: tzinfo
) -> None:
    day = session.workday(zone)
    early = (window.start_utc - session.start_utc).total_seconds() / 60  # minutes_between, pre-converted

    def evidence() -> dict[str, object]:  # only for a finding: most sessions are within tolerance
        return {
            "shift_id": window.shift.shift_id,
            "scheduled_start": clock(window.start, zone),
            "scheduled_end": clock(window.end, zone),
            "tolerance_minutes": cfg.tolerance_minutes,
        }

    if early > cfg.tolerance_minutes:
        out.add(
            "early_clock_in",
            "warning",
            day,
            f"clocked in at {clock(session.start.punched_at, zone)}, {early:.0f} min before the scheduled "
            f"start {clock(window.start, zone)} (tolerance {cfg.tolerance_minutes} min).",
            {
                **evidence(),
                "clock_in": clock(session.start.punched_at, zone),
                "minutes_early": round(early, 1),
            },
            SCHEDULE_CITATION,
            session.start.punch_id,
        )
    if session.end is not None and session.end_utc is not None:
        late = (session.end_utc - window.end_utc).total_seconds() / 60
        if late > cfg.tolerance_minutes:
            out.add(
                "late_clock_out",
                "warning",
                day,
                f"clocked out at {clock(session.end.punched_at, zone)}, {late:.0f} min after the scheduled "
                f"end {clock(window.end, zone)} (tolerance {cfg.tolerance_minutes} min).",
                {
                    **evidence(),
                    "clock_out": clock(session.end.punched_at, zone),
                    "minutes_late": round(late, 1),
                },
                SCHEDULE_CITATION,
                session.end.punch_id,
            )
