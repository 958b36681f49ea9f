"""The ratio agent's room picks the code, program and staff roles the policies need: NYC from the address,
kindergarten for school-age rooms, roles where the state's ratio depends on them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any

import pytest

from agents.ratios.data import CenterInfo, DaySchedule, build_room, read_center
from agents.ratios.room_tracker import ChildDay, RoomDay, StaffDay
from tools.models import Classroom, Employee, School

DAY = date(2026, 11, 4)


def _school(state: str = "NY", **address: Any) -> School:
    return School.model_validate(
        {
            "school_id": "S1",
            "school_code": f"{state}-0001",
            "name": "Sunshine",
            "state": state,
            "timezone": "America/New_York",
            "open_minutes": 420,
            "close_minutes": 1080,
            **address,
        }
    )


def _room(age_group: str, **address: Any) -> Any:
    school = _school(**address)
    room = Classroom.model_validate(
        {
            "classroom_id": "R1",
            "school_id": "S1",
            "name": "Room",
            "age_group": age_group,
            "ratio": 10,
            "max_children": 20,
        }
    )
    info = CenterInfo(school, {"R1": room})
    return build_room(info, DaySchedule(DAY, [], []), room, [], [])


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ({"city": "Brooklyn", "postal_code": "11215"}, "NYC"),
        ({"postal_code": "10027"}, "NYC"),
        ({"city": "Albany", "postal_code": "12207"}, "NY"),
        ({}, "NY"),
        ({"city": 7}, "NY"),  # a malformed field is ignored, not a crash
    ],
)
def test_new_york_city_rooms_follow_the_city_code(address: dict[str, Any], code: str) -> None:
    assert _room("preschool", **address).state == code


def test_school_age_rooms_count_their_five_year_olds_as_kindergartners() -> None:
    assert _room("school_age").kindergarten and not _room("preschool").kindergarten


def _preschool_room(roles: dict[str, str]) -> RoomDay:
    room = RoomDay("R1", "Preschool", "S1", "CA", DAY, 420, 1080, roles=roles)
    room.children = {f"C{i}": ChildDay(f"C{i}", 40, check_in=420) for i in range(20)}
    room.staff = {e: StaffDay(e, windows=[(420, 1080)]) for e in ("E1", "E2")}
    return room


def test_role_rules_apply_when_every_present_role_is_known() -> None:
    # 22 CCR 101216.3: two teachers may have 24 preschoolers, a teacher and an aide only 15.
    assert _preschool_room({}).check(600, 600).compliant  # heads only: 2 staff for 20 at 1:12
    paired = _preschool_room({"E1": "teacher", "E2": "aide"}).check(600, 600)
    assert not paired.compliant and paired.staff_short == 1
    assert _preschool_room({"E1": "teacher", "E2": "teacher"}).check(600, 600).compliant
    assert _preschool_room({"E1": "teacher"}).check(600, 600).compliant  # E2 unknown: a head count


class _Reader:
    def __init__(self, state: str) -> None:
        self.school = _school(state)
        self.reads: list[str] = []

    async def get_school(self, school_id: str) -> School:
        return self.school

    async def iter_classrooms(self, *, school_id: str | None = None) -> AsyncIterator[Classroom]:
        return
        yield

    async def iter_employees(
        self, *, school_id: str | None = None, status: str | None = None
    ) -> AsyncIterator[Employee]:
        self.reads.append("iter_employees")
        for i, position in enumerate(("Lead Teacher", "Teacher Aide", "Cook")):
            yield Employee.model_validate(
                {
                    "employee_id": f"E{i}",
                    "person_id": f"P{i}",
                    "school_id": "S1",
                    "first_name": "A",
                    "last_name": "B",
                    "email": "a@example.org",
                    "position": position,
                    "hire_date": "2024-01-01",
                    "updated_at": datetime(2026, 1, 1, tzinfo=UTC).isoformat(),
                }
            )


@pytest.mark.parametrize(("state", "reads"), [("CA", 1), ("IL", 1), ("AZ", 1), ("TX", 0), ("OR", 0)])
async def test_staff_roles_are_read_only_where_the_state_needs_them(state: str, reads: int) -> None:
    reader = _Reader(state)
    info = await read_center(reader, "S1")  # type: ignore[arg-type]
    assert len(reader.reads) == reads
    if reads:
        assert info.roles == {"E0": "lead_teacher", "E1": "aide", "E2": "other"}


def _ca_day(roles: dict[str, str]) -> RoomDay:
    """12 preschoolers all day; E1's shift has a 12:00-12:30 break and ends at 15:00, E2 works all day."""
    room = RoomDay("R1", "Preschool", "S1", "CA", DAY, 420, 1080, roles=roles)
    room.children = {f"C{i}": ChildDay(f"C{i}", 40, check_in=420) for i in range(12)}
    room.staff = {
        "E1": StaffDay("E1", windows=[(420, 900)], breaks=[(720, 750)]),
        "E2": StaffDay("E2", windows=[(420, 1080)]),
    }
    return room


def test_projection_counts_heads_where_roles_are_unknown() -> None:
    # 22 CCR 101216.3: one person may have 12 preschoolers, so one of two on a break leaves the room covered.
    assert _ca_day({}).project(420, None) == []


def test_projection_judges_breaks_and_shift_ends_by_role_like_the_live_check() -> None:
    # An aide counts only paired with a teacher (22 CCR 101216.3): the teacher's break and the end of her
    # shift leave an aide alone with the children, one qualified teacher short, where a head count finds
    # one person enough for 12.
    room = _ca_day({"E1": "teacher", "E2": "aide"})
    gaps = room.project(420, None)
    assert [(g.start, g.end, g.short) for g in gaps] == [(720, 750, 1), (900, 1080, 1)]
    assert all(not room.check(m, None).compliant for m in (720, 900))
    assert room.check(700, None).compliant and room.check(760, None).compliant


def test_projection_with_a_teacher_left_alone_keeps_the_head_count_answer() -> None:
    room = _ca_day({"E1": "aide", "E2": "teacher"})
    assert room.project(420, None) == []  # the teacher alone may have 12; the aide's time off is no gap
