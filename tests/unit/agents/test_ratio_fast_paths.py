"""The ratio agent's fast paths answer exactly as the slow ones they replace.

A projection asks each child for one presence window (`ChildDay.interval`) instead of asking
`present_at` at every change point, and coverage what-ifs copy only the person they change; both must
give the same answers as before, on every combination of facts.
"""

from __future__ import annotations

import itertools
from datetime import date

from agents.ratios.presence import ChildDay, StaffDay
from agents.ratios.room_tracker import RoomDay
from policies.ratios import CenterRatioPolicy, check_room, project_required_staff, time_edges

CLOSE = 1080
MINUTES = (None, 0, 300, 420, 479, 480, 481, 600, 659, 660, 661, 900, 1079, 1080, 1200)


def test_interval_is_exactly_where_present_at_holds() -> None:
    values = (None, 420, 480, 660, 1100)
    for check_in, check_out, expected_in, expected_out in itertools.product(values, repeat=4):
        child = ChildDay("C1", 30, check_in, check_out, expected_in, expected_out)
        for now in MINUTES:
            start, end = child.interval(now, CLOSE)
            for t in range(0, 1441, 1):
                assert child.present_at(t, now, CLOSE) == (start <= t < end), (child, now, t)


def test_a_staff_members_presence_steps_only_at_their_own_change_points() -> None:
    days = [
        StaffDay("E1"),
        StaffDay("E1", [(420, 930)], [(600, 630), (780, 790)]),
        StaffDay("E1", [(420, 600), (700, 900)], [(500, 510)], [(610, True)]),
        StaffDay("E1", [(420, 930)], [], [(400, True), (650, False), (720, True)]),
        StaffDay("E1", [], [(600, 615)], [(300, True)]),
        StaffDay("E1", [(480, 960)], [(480, 490)], [(470, False), (1000, True)]),
    ]
    for day in days:
        presence = day.presence()
        for t in range(-5, 1446):
            assert presence.at(t) == day.present_at(t), (day, t)


def _room() -> RoomDay:
    room = RoomDay("R1", "Toddlers", "S1", "CA", date(2026, 11, 2), 420, 1080)
    room.children = {f"C{i}": ChildDay(f"C{i}", 20, 430 + i, None, 430, 1000) for i in range(7)}
    room.staff = {
        "E1": StaffDay("E1", [(420, 930)], [(600, 630)]),
        "E2": StaffDay("E2", [(600, 1080)], [], [(610, True)]),
    }
    return room


def test_what_ifs_leave_the_room_they_start_from_unchanged() -> None:
    room = _room()
    before = repr(room)
    gone = room.without("E1", (640, 700))
    joined = room.with_staff("E3", (500, 560), [(520, 525)]).with_staff("E2", (400, 420), [])
    assert repr(room) == before
    assert gone.staff["E1"].windows == [(420, 640), (700, 930)]
    assert room.staff["E1"].windows == [(420, 930)]
    assert joined.staff["E3"].breaks == [(520, 525)] and "E3" not in room.staff
    assert joined.staff["E2"].windows == [(400, 420), (600, 1080)]
    assert room.project(420, 640) == _room().project(420, 640)
    assert gone.staff_at(650) == ["E2"] and room.staff_at(650) == ["E1", "E2"]


def test_a_projection_judges_every_minute_as_check_room_does_in_states_with_edge_hours() -> None:
    """Each state's own first/last-minutes windows (TX 45, IL/NC/VA 60, TN 90: `policies.ratios.time_edges`)
    bound the stretches the projection and the live check judge at one minute (one memoised check each)."""
    mixes = ((10, 14, 20, 30, 40, 50, 62) * 2, (30, 30, 62) * 4)  # the second: TN's edge hours matter
    for state, staff, ages in itertools.product(("TX", "IL", "NC", "TN", "VA", "CA"), (1, 2, 3), mixes):
        room = RoomDay("R1", "Mixed", "S1", state, date(2026, 11, 2), 420, 1080)
        room.children = {f"C{i}": ChildDay(f"C{i}", age, None, None, 420, 1080) for i, age in enumerate(ages)}
        room.staff = {f"E{n}": StaffDay(f"E{n}", [(420, 1080)]) for n in range(staff)}
        gaps = room.project(420, None)
        for t in range(420, 1080):
            check = check_room(
                state, list(ages), staff, minute_of_day=t, open_minutes=420, close_minutes=1080
            )
            inside = any(g.start <= t < g.end for g in gaps)
            assert inside == (check.staff_short > 0), (state, staff, t)
            assert room.check(t, None) == check, (state, staff, t)


def test_time_edges_name_each_states_own_windows() -> None:
    assert time_edges("TN", 420, 1080) == (420, 510, 990, 1080)
    assert time_edges("TX", 420, 1080) == (420, 465, 1035, 1080)
    assert time_edges("CA", 420, 1080) == (420, 1080)
    assert time_edges("ZZ", 420, 1080) == (420, 1080)  # unsupported: the check itself says so


def test_a_head_count_needs_the_same_staff_however_many_are_present() -> None:
    """The projection asks `project_required_staff` once per mix of ages and takes the shortfall as the
    difference (room_tracker._need); `check_room` must agree for every count of staff present."""
    mixes = ((), (3,), (10, 14, 20), (30, 30, 62) * 4, (20,) * 13, (50, 60, 70, 80) * 5)
    policies = (
        None,
        CenterRatioPolicy(min_staff=2),
        CenterRatioPolicy(children_per_staff=3, max_group_size=8),
    )
    states = ("TX", "IL", "TN", "NY", "NYC", "FL")
    for state, ages, minute, policy in itertools.product(states, mixes, (425, 600), policies):
        need = project_required_staff(
            state, [(minute, ages)], open_minutes=420, close_minutes=1080, center_policy=policy
        )[0]
        for staff in range(6):
            check = check_room(
                state,
                list(ages),
                staff,
                minute_of_day=minute,
                open_minutes=420,
                close_minutes=1080,
                center_policy=policy,
            )
            assert check.required_staff == need.required_staff, (state, ages, staff, policy)
            assert check.staff_short == max(0, need.required_staff - staff), (state, ages, staff, policy)
            assert (check.ratio, check.citation) == (need.ratio, need.citation), (state, ages, staff)
