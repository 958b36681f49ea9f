"""Staffing of generated centers: rooms staffed to ratio, and a few realistic short windows a day.

Compliance is judged here with `policies.ratios.check_room` at every minute where children, shifts or
breaks change, independently of how sandbox/staffing.py sized the rooms.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise
from statistics import mean
from typing import Any

import pytest

from policies.ratios import CenterRatioPolicy, check_room
from sandbox import staffing
from sandbox.center_data import CenterData
from sandbox.generator import SandboxData
from sandbox.schedule import DayData, build_day

TODAY = date(2026, 11, 4)  # a Wednesday
NEXT_WEEK = [TODAY + timedelta(days=5 + k) for k in range(5)]  # Monday to Friday

Staffed = tuple[int, int, list[tuple[int, int]]]  # start, end, breaks


def _short_windows(
    center: CenterData, room: dict[str, Any], kids: list[tuple[int, int, int]], staff: list[Staffed]
) -> list[tuple[int, int, int]]:
    """(start, end, most staff short) of each window where `check_room` finds the room short, plus any
    other violation as a zero-length window at its minute (group size, mixing)."""
    school = center.school
    open_, close = school["open_minutes"], school["close_minutes"]
    moments = {open_, open_ + 45, open_ + 60, close - 60, close - 45}
    moments |= {m for _, arrive, leave in kids for m in (arrive, leave)}
    moments |= {m for start, end, breaks in staff for m in (start, end, *(x for b in breaks for x in b))}
    points = sorted(m for m in moments if open_ <= m < close)
    policy = CenterRatioPolicy(children_per_staff=room["ratio"], max_group_size=room["max_children"])
    windows: list[tuple[int, int, int]] = []
    for index, minute in enumerate(points):
        ages = [age for age, arrive, leave in kids if arrive <= minute < leave]
        present = sum(
            start <= minute < end and not any(b0 <= minute < b1 for b0, b1 in breaks)
            for start, end, breaks in staff
        )
        check = check_room(
            school["state"],
            ages,
            present,
            minute_of_day=minute,
            open_minutes=open_,
            close_minutes=close,
            kindergarten=room["age_group"] == "school_age",  # its five-year-olds are kindergartners
            center_policy=policy,
        )
        until = points[index + 1] if index + 1 < len(points) else close
        if check.staff_short and windows and windows[-1][1] == minute:
            windows[-1] = (windows[-1][0], until, max(windows[-1][2], check.staff_short))
        elif check.staff_short:
            windows.append((minute, until, check.staff_short))
        elif not check.compliant:
            windows.append((minute, minute, 0))
    return windows


def day_windows(center: CenterData, day: DayData) -> list[tuple[str, int, int, int]]:
    """Every short window of the day's schedule, with every expected child in (the agent's projection)."""
    found = []
    for room in center.classrooms:
        cid = room["classroom_id"]
        kids = [
            (r["age_months"], r["expected_in_minutes"], r["expected_out_minutes"])
            for r in day.attendance[cid]
        ]
        staff = [
            (
                s["start_minutes"],
                s["end_minutes"],
                [(b["start_minutes"], b["end_minutes"]) for b in s["breaks"]],
            )
            for s in day.shifts
            if s["classroom_id"] == cid
        ]
        found += [(cid, *window) for window in _short_windows(center, room, kids, staff)]
    return found


@pytest.mark.parametrize("staff", [4, 6, 12, 20, 30])
def test_every_room_meets_its_ratio_with_everyone_on_shift_and_no_breaks(staff: int) -> None:
    data = SandboxData(seed=5, centers=10, staff_per_center=staff, today=TODAY)
    for index in range(10):
        center = data.center(index)
        for room in center.classrooms:
            cid = room["classroom_id"]
            kids = [(age, arrive, leave) for _, age, arrive, leave in center.children[cid]]
            on_shift: list[Staffed] = [
                (p.start_minutes, p.start_minutes + p.length_minutes, [])
                for p in center.staff_plan
                if p.active and p.classroom_id == cid and p.position != "Floater"
            ]
            assert _short_windows(center, room, kids, on_shift) == [], (center.school["state"], room["name"])


def test_rooms_and_floaters_follow_the_size_of_the_staff() -> None:
    rooms: dict[int, list[int]] = {}
    for staff in (4, 6, 12, 20, 30):
        data = SandboxData(seed=8, centers=15, staff_per_center=staff, today=TODAY)
        wanted = 0 if staff < 6 else 1 if staff < 16 else 2
        rooms[staff] = []
        floaters: Counter[int] = Counter()
        for index in range(15):
            center = data.center(index)
            positions = Counter(e["position"] for e in center.employees)
            rooms[staff].append(len(center.classrooms))
            floaters[positions["Floater"]] += 1
            assert positions["Lead Teacher"] == len(center.classrooms)
            scheduled = [p for p in center.staff_plan if p.active and p.classroom_id is not None]
            caregivers = [p for p in center.staff_plan if p.active and p.position not in ("Director", "Cook")]
            assert len(scheduled) <= len(caregivers)
        # A floater or two, unless staff on leave leave only enough for the rooms.
        assert max(floaters) == wanted and floaters.most_common(1)[0][0] == wanted
    assert max(rooms[4] + rooms[6]) == 1 < max(rooms[12]) <= 3
    assert mean(rooms[6]) < mean(rooms[12]) < mean(rooms[20]) < mean(rooms[30])


@pytest.mark.parametrize("staff", [12, 20])
def test_a_center_day_has_a_few_short_windows_not_dozens(staff: int) -> None:
    data = SandboxData(seed=3, centers=15, staff_per_center=staff, today=TODAY)
    per_day: list[int] = []
    lengths: list[int] = []
    for index in range(15):
        for day in NEXT_WEEK:
            windows = day_windows(data.center(index), build_day(data.seed, data.center(index), day, TODAY))
            assert all(short > 0 for *_, short in windows), "only staff shortfalls, never group size"
            per_day.append(len(windows))
            lengths += [end - start for _, start, end, _ in windows]
    assert 0.3 <= mean(per_day) <= 4 and max(per_day) <= 10
    assert sum(10 <= n <= 40 for n in lengths) >= 0.7 * len(lengths)  # mostly a break or a shift edge
    assert any(n > 60 for n in lengths)  # and now and then a call-out


def test_breaks_are_legal_and_rarely_leave_a_room_short() -> None:
    data = SandboxData(seed=4, centers=10, staff_per_center=16, today=TODAY)
    breaks = short_breaks = 0
    for index in range(10):
        center = data.center(index)
        for day in NEXT_WEEK:
            built = build_day(data.seed, center, day, TODAY)
            windows = day_windows(center, built)
            for shift in built.shifts:
                start, end = shift["start_minutes"], shift["end_minutes"]
                taken = sorted((b["start_minutes"], b["end_minutes"], b["kind"]) for b in shift["breaks"])
                meals = [b for b in taken if b[2] == "meal"]
                assert len(meals) == (1 if end - start > 300 else 0)
                for b_start, b_end, kind in taken:
                    assert start < b_start < b_end < end
                    assert b_end - b_start == (30 if kind == "meal" else 10)
                    if kind == "meal":
                        assert start + 180 <= b_start <= start + 255  # well before the fifth hour ends
                assert all(a[1] <= b[0] for a, b in pairwise(taken))
                for b_start, _, _ in taken:
                    breaks += 1
                    short_breaks += any(
                        cid == shift["classroom_id"] and w0 <= b_start < w1 for cid, w0, w1, _ in windows
                    )
    assert 0 < short_breaks < 0.1 * breaks


def test_call_outs_early_leaves_and_floaters_in_the_room_that_needs_them() -> None:
    data = SandboxData(seed=6, centers=10, staff_per_center=20, today=TODAY)
    called_out = left_early = 0
    for index in range(10):
        center = data.center(index)
        rooms = {c["classroom_id"] for c in center.classrooms}
        for day in NEXT_WEEK:
            built = build_day(data.seed, center, day, TODAY)
            by_emp = {s["employee_id"]: s for s in built.shifts}
            for plan in center.staff_plan:
                if not plan.active or plan.hire_date > day:
                    continue
                shift = by_emp.get(plan.employee_id)
                called_out += shift is None
                if shift is not None:
                    left_early += shift["end_minutes"] - shift["start_minutes"] < plan.length_minutes
                    if plan.position == "Floater":
                        assert shift["classroom_id"] in rooms
    assert called_out and left_early


def test_staffing_is_the_same_for_the_same_seed_and_independent_of_other_centers() -> None:
    one = SandboxData(seed=9, centers=6, staff_per_center=14, today=TODAY)
    two = SandboxData(seed=9, centers=6, staff_per_center=14, today=TODAY)
    for index in range(6):
        one.center(index)
    assert one.center(5).staff_plan == two.center(5).staff_plan
    assert one.center(5).children == two.center(5).children
    assert build_day(9, one.center(5), NEXT_WEEK[0], TODAY) == build_day(
        9, two.center(5), NEXT_WEEK[0], TODAY
    )


# ---- the pure helpers ------------------------------------------------------------------------------------


def test_cover_uses_the_fewest_shifts_and_starts_ahead_of_the_children() -> None:
    need = staffing.RoomNeed(420, 1080, (420, 450, 540, 900, 1020), (0, 1, 2, 1, 0))
    starts = staffing.cover(need, length=510, lead=15)
    assert starts == [435, 525]  # one from just before the first child, one for the busy hours
    longer = staffing.RoomNeed(420, 1080, (420, 450, 540, 960, 1020), (0, 1, 2, 1, 0))
    assert staffing.cover(longer, length=510, lead=15) == [435, 525, 570]  # 07:30-17:00 is over a shift
    need = staffing.RoomNeed(420, 1080, (420, 1050), (1, 0))
    assert staffing.cover(need, length=510) == [420, 570]  # longer than a shift: an opener, a closer


def test_size_room_keeps_as_many_children_as_its_staff_can_cover() -> None:
    roster = [(f"K{i}", 8, 420 + 30 * (i % 4), 1080 - 30 * (i % 5)) for i in range(12)]
    policy = CenterRatioPolicy(children_per_staff=4, max_group_size=12)
    kept, need, starts = staffing.size_room("CA", roster, 420, 1080, policy, staff=4)
    assert len(starts) <= 4 and kept == roster[: len(kept)] and 2 <= len(kept) < 12
    assert need.peak == check_room("CA", [8] * len(kept), 0).required_staff
    tiny, _, tiny_starts = staffing.size_room("CA", roster, 420, 1080, policy, staff=2)
    assert len(tiny_starts) == 2 and len(tiny) == 4


def test_a_break_goes_where_the_room_has_a_spare_adult_unless_taken_without_looking() -> None:
    need = staffing.RoomNeed(420, 1080, (420, 600, 700), (1, 2, 1))
    grid = staffing.RoomDayGrid.of(need, [(420, 930), (540, 1050)])
    candidates = staffing.nearest_first(620, 560, 720)
    assert candidates[:3] == [620, 615, 625]
    # 10:00-11:40 needs both teachers: the nearest time with a spare adult is 09:50, before it.
    assert staffing.place_break(grid, 10, candidates, careless=False) == 590
    assert staffing.place_break(grid, 10, candidates, careless=True) == 620
    assert grid.spare(620, 630) == -1 and grid.spare(590, 600) == 0
    assert staffing.place_break(grid, 10, [650, 660], careless=False) == 650  # nowhere spare: as planned
