"""One center's day: shifts and breaks, time punches (with a realistic share of anomalies), attendance.

Generated per (center, date) from an RNG of its own, so any date is reproducible without building the days
before it. Punches exist for days up to `today`; on `today` only the clock-ins so far, and children not yet
picked up (no check-out), so the day reads as "mid-day now".

Rooms are staffed to ratio (sandbox/staffing.py); what leaves one short is what happens in real centers:
a call-out (~4% of shift-days), a shift that ends early (~3%), and a break that has to be taken when the
room has no spare adult. The director's plan puts each break where the room keeps its ratio (nearest the
usual time, within the legal window) and each floater in the room that needs one most; ~5% of breaks are
taken at the usual time without looking. So a center-day has a few short windows of 10-40 minutes, not
dozens.

Punch anomalies, per shift-day: early clock-in (~6%), missed out-punch (~3%), missed or late meal break
(~5%), overtime stay (~5%), and on ~15% of days two staff punching in on the same device in the same minute.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from sandbox import staffing
from sandbox.center_data import CenterData, Record, StaffPlan, derive_rng, local_iso

CALL_OUT_SHARE = 0.04
EARLY_LEAVE_SHARE = 0.03
LONG_DAY_SHARE = 0.04
CARELESS_BREAK_SHARE = 0.05
MEAL_MINUTES, REST_MINUTES = 30, 10


@dataclass
class DayData:
    """The shifts, punches and per-room attendance of one center on one date."""

    shifts: list[Record] = field(default_factory=list)
    punches: list[Record] = field(default_factory=list)
    attendance: dict[str, list[Record]] = field(default_factory=dict)


def build_day(seed: int, center: CenterData, day: date, today: date) -> DayData:
    """Generate the day; weekends are closed (no shifts, punches or attendance)."""
    out = DayData()
    if day.weekday() >= 5:
        return out
    rng = derive_rng(seed, "day", center.index, day.toordinal())
    working: list[tuple[StaffPlan, Record]] = []
    for plan in center.staff_plan:
        if not plan.active or plan.hire_date > day or rng.random() < CALL_OUT_SHARE:
            continue
        working.append((plan, _shift(rng, center, plan, day)))
    _place_floaters(center, [s for p, s in working if p.position == "Floater"], [s for _, s in working])
    _place_breaks(rng, center, [s for _, s in working])
    ins: list[Record] = []
    for plan, shift in working:
        out.shifts.append(shift)
        if day <= today:
            punches = _punches(rng, center, plan, shift, day, only_in=day == today)
            out.punches.extend(punches)
            ins.extend(p for p in punches if p["kind"] == "in" and p["device_id"].endswith("KIOSK-1"))
    if len(ins) >= 2 and rng.random() < 0.15:
        first, second = rng.sample(ins, 2)  # buddy punch: same device, same minute
        second["punched_at"] = first["punched_at"]
        second["device_id"] = first["device_id"]
    for room in center.classrooms:
        out.attendance[room["classroom_id"]] = _attendance(rng, center, room, day, today)
    return out


def _shift(rng: random.Random, center: CenterData, plan: StaffPlan, day: date) -> Record:
    """The scheduled shift (breaks are placed later, once the whole room's day is known)."""
    start, length = plan.start_minutes, plan.length_minutes
    roll = rng.random()
    long_day = plan.length_minutes > staffing.PART_TIME_MINUTES and roll < LONG_DAY_SHARE
    if long_day:
        length = 630
        start = max(center.school["open_minutes"], start - 60)
    elif roll < LONG_DAY_SHARE + EARLY_LEAVE_SHARE:
        length -= rng.choice((30, 45, 60))  # an appointment: the shift ends early
    return {
        "shift_id": f"{plan.employee_id}-SH{day:%Y%m%d}",
        "employee_id": plan.employee_id,
        "school_id": center.school["school_id"],
        "classroom_id": plan.classroom_id,
        "date": day.isoformat(),
        "start_minutes": start,
        "end_minutes": start + length,
        "breaks": [],
        "overtime_approved": long_day and rng.random() < 0.5,
    }


def _room_grids(center: CenterData, shifts: list[Record]) -> dict[str, staffing.RoomDayGrid]:
    return {
        cid: staffing.RoomDayGrid.of(
            need,
            [(s["start_minutes"], s["end_minutes"]) for s in shifts if s["classroom_id"] == cid],
        )
        for cid, need in center.needs.items()
    }


def _place_floaters(center: CenterData, floaters: list[Record], shifts: list[Record]) -> None:
    """Each floater spends the day in the room with the most minutes without a spare adult (a call-out's
    room first); ties go to the younger room."""
    rooms = [c["classroom_id"] for c in center.classrooms]
    for floater in floaters:
        grids = _room_grids(center, [s for s in shifts if s["classroom_id"] is not None])
        window = (floater["start_minutes"], floater["end_minutes"])
        floater["classroom_id"] = max(rooms, key=lambda cid: (grids[cid].tight(*window), -rooms.index(cid)))


def _place_breaks(rng: random.Random, center: CenterData, shifts: list[Record]) -> None:
    """Breaks by room, earliest shift first: each where the room keeps its ratio without that person,
    nearest the usual time; the usual time when no minute of the legal window allows it."""
    grids = _room_grids(center, shifts)
    for shift in sorted(shifts, key=lambda s: (s["start_minutes"], s["employee_id"])):
        start, end = shift["start_minutes"], shift["end_minutes"]
        grid = grids.get(shift["classroom_id"]) if shift["classroom_id"] is not None else None
        breaks: list[Record] = []
        for kind, planned, low, high in _break_windows(rng, start, end):
            length = MEAL_MINUTES if kind == "meal" else REST_MINUTES
            low = max(low, breaks[-1]["end_minutes"] + 30) if breaks else low
            candidates = staffing.nearest_first(max(planned, low), low, max(low, high))
            careless = rng.random() < CARELESS_BREAK_SHARE
            taken = (
                candidates[0]
                if grid is None
                else staffing.place_break(grid, length, candidates, careless=careless)
            )
            breaks.append({"start_minutes": taken, "end_minutes": taken + length, "kind": kind})
        shift["breaks"] = breaks


def _break_windows(rng: random.Random, start: int, end: int) -> list[tuple[str, int, int, int]]:
    """(kind, usual start, earliest, latest) of each break of a shift: a 10-minute rest per four hours and,
    past five hours, a 30-minute meal that starts by the fifth hour's end (usually 3.5-4 h in)."""
    length = end - start
    if length <= 300:
        return [("rest", start + 150, start + 90, start + 210)]
    meal = start + rng.choice((210, 225, 240))
    windows = [("rest", start + 120, start + 90, start + 150), ("meal", meal, start + 180, start + 255)]
    if length > 360:
        windows.append(("rest", end - 120, end - 150, end - 90))
    return windows


def _punches(
    rng: random.Random, center: CenterData, plan: StaffPlan, shift: Record, day: date, *, only_in: bool
) -> list[Record]:
    sid = center.school["school_id"]
    roll = rng.random()
    anomaly = (
        "early_in"
        if roll < 0.06
        else "missed_out"
        if roll < 0.09
        else "missed_meal"
        if roll < 0.14
        else "overtime"
        if roll < 0.19
        else None
    )
    device_roll = rng.random()
    device = (
        f"{sid}-KIOSK-1"
        if device_roll < 0.8
        else f"{sid}-KIOSK-2"
        if device_roll < 0.9
        else f"mobile-{plan.employee_id}"
    )
    start, end = shift["start_minutes"], shift["end_minutes"]
    times: list[tuple[str, int]] = [
        ("in", start - rng.randint(10, 30) if anomaly == "early_in" else start + rng.randint(-5, 5))
    ]
    meals = [b for b in shift["breaks"] if b["kind"] == "meal"]
    if meals and not only_in:
        meal = meals[0]
        if anomaly == "missed_meal":
            if rng.random() < 0.5:  # a late meal, after the end of the fifth hour
                late = start + 5 * 60 + rng.randint(10, 60)
                times += [("break_start", late), ("break_end", late + 30)]
        else:
            taken = meal["start_minutes"] + rng.randint(-5, 10)
            times += [("break_start", taken), ("break_end", taken + 30 + rng.randint(-2, 3))]
    if not only_in and anomaly != "missed_out":
        out = end + rng.randint(60, 180) if anomaly == "overtime" else end + rng.randint(-5, 7)
        times.append(("out", out))
    return [
        {
            "punch_id": f"{plan.employee_id}-PU{day:%Y%m%d}-{n}",
            "employee_id": plan.employee_id,
            "school_id": sid,
            "punched_at": local_iso(day, minutes, center.zone),
            "kind": kind,
            "work_area": shift["classroom_id"],
            "device_id": device,
            "edited_by": None,
            "pay_code": "REG",
        }
        for n, (kind, minutes) in enumerate(times, start=1)
    ]


def _attendance(rng: random.Random, center: CenterData, room: Record, day: date, today: date) -> list[Record]:
    rows: list[Record] = []
    months_from_today = (day - today).days // 30
    close = center.school["close_minutes"]
    for child_id, age_today, expected_in, expected_out in center.children[room["classroom_id"]]:
        present = rng.random() < 0.92
        check_in: int | None = None
        check_out: int | None = None
        if present and day <= today:
            late = rng.random() < 0.05
            check_in = expected_in + (rng.randint(60, 150) if late else rng.randint(-10, 20))
            if day < today:
                late_pickup = rng.random() < 0.02
                check_out = close + rng.randint(5, 30) if late_pickup else expected_out + rng.randint(-30, 10)
        rows.append(
            {
                "child_id": child_id,
                "classroom_id": room["classroom_id"],
                "school_id": room["school_id"],
                "date": day.isoformat(),
                "age_months": max(0, age_today + months_from_today),
                "check_in_minutes": check_in,
                "check_out_minutes": check_out,
                "expected_in_minutes": expected_in,
                "expected_out_minutes": expected_out,
            }
        )
    return rows
