"""What the ratio agent reads from Procare for one run, and the room model built from it.

An attendance event must answer compliance for its room without re-reading the whole center, so reads
are scoped: the center's metadata (school and its rooms), the day's schedule (shifts and staff moves; the
surface has no per-room shift filter) and the attendance of the room that changed only. Every run reads
them afresh (a run keeps nothing for the next, agents.ratios.run), so what a finding rests on is in its
own checkpoint.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from agents.ratios.presence import ChildDay, StaffDay, subtract
from agents.ratios.room_tracker import RoomDay
from policies.ratio_jurisdiction import jurisdiction
from policies.ratio_roles import role_for_position
from policies.ratios import CenterRatioPolicy, UnsupportedState, role_dependent
from tools.models import ChildAttendance, Classroom, Employee, School, Shift, StaffMoveRecord

if TYPE_CHECKING:
    from tools.protocols import ProcareReader


@dataclass
class CenterInfo:
    """A center and its rooms (changes rarely)."""

    school: School
    classrooms: dict[str, Classroom]
    roles: dict[str, str] = field(default_factory=dict)
    """Ratio role of each active employee (`policies.ratio_roles`), read only where the state's ratio
    depends on role (California's aides, Illinois's assistants, Arizona's aides who never count)."""
    staff: list[Employee] = field(default_factory=list)
    """The employee records those roles come from (kept among the run's reads)."""


@dataclass
class DaySchedule:
    """A center's scheduled shifts and staff moves for one day."""

    day: date
    shifts: list[Shift]
    moves: list[StaffMoveRecord]

    def shifts_of(self, employee_id: str) -> list[Shift]:
        return [s for s in self.shifts if s.employee_id == employee_id]


async def read_center(client: ProcareReader, center_id: str) -> CenterInfo:
    school = await client.get_school(center_id)
    rooms = [c async for c in client.iter_classrooms(school_id=center_id)]
    staff: list[Employee] = []
    if _role_dependent(jurisdiction(school.state, **address_of(school))):
        staff = [e async for e in client.iter_employees(school_id=center_id, status="active")]
    roles = {e.employee_id: role_for_position(e.position) for e in staff}
    return CenterInfo(school, {c.classroom_id: c for c in rooms}, roles, staff)


def _role_dependent(code: str) -> bool:
    try:
        return role_dependent(code)
    except UnsupportedState:
        return False  # the room check reports the unsupported state itself


async def read_schedule(client: ProcareReader, center_id: str, day: date) -> DaySchedule:
    shifts = [s async for s in client.iter_shifts(school_id=center_id, start=day, end=day)]
    moves = [m for m in await client.list_staff_moves(school_id=center_id) if m.date == day]
    return DaySchedule(day, [s for s in shifts if s.date == day], moves)


async def read_attendance(client: ProcareReader, classroom_id: str, day: date) -> list[ChildAttendance]:
    return [a async for a in client.iter_attendance(classroom_id, day)]


def strictest(policies: list[CenterRatioPolicy]) -> CenterRatioPolicy | None:
    """Combine center policies: the tightest value of each field wins (never a looser one)."""
    if not policies:
        return None

    def pick(name: str, smallest: bool) -> int | None:
        values = [getattr(p, name) for p in policies if getattr(p, name) is not None]
        return (min(values) if smallest else max(values)) if values else None

    return CenterRatioPolicy(
        children_per_staff=pick("children_per_staff", True),
        max_group_size=pick("max_group_size", True),
        min_staff=pick("min_staff", False),
    )


def policy_from(value: Any) -> CenterRatioPolicy | None:
    """A center policy from event data or a setting (a dict or a CenterRatioPolicy); None when absent.

    Raises RatioInputError (via CenterRatioPolicy) on a bad value, and ValueError on unknown keys.
    """
    if value is None or isinstance(value, CenterRatioPolicy):
        return value
    if not isinstance(value, dict):
        raise ValueError(f"center_policy must be an object, got {type(value).__name__}")
    unknown = set(value) - {"children_per_staff", "max_group_size", "min_staff"}
    if unknown:
        raise ValueError(f"center_policy has unknown field(s) {', '.join(sorted(unknown))}")
    return CenterRatioPolicy(**value)


def classroom_policy(classroom: Classroom) -> CenterRatioPolicy:
    """Procare's configured classroom ratio and max children, as a (never looser) center policy."""
    return CenterRatioPolicy(
        children_per_staff=classroom.ratio if classroom.ratio >= 1 else None,
        max_group_size=classroom.max_children if classroom.max_children >= 1 else None,
    )


def address_of(school: School) -> dict[str, object]:
    """City and ZIP code when Procare sends them (kept as extra fields): they choose a city's own ratio
    code, such as New York City's Health Code inside New York (`policies.ratio_jurisdiction`)."""
    extra = school.model_extra or {}
    return {"city": extra.get("city"), "postal_code": extra.get("postal_code")}


def build_room(
    info: CenterInfo,
    schedule: DaySchedule,
    classroom: Classroom,
    attendance: list[ChildAttendance],
    extra_policies: list[CenterRatioPolicy],
) -> RoomDay:
    """The room's day from its attendance, the shifts scheduled in it and the staff moves in and out."""
    school = info.school
    room = RoomDay(
        classroom_id=classroom.classroom_id,
        name=classroom.name,
        school_id=school.school_id,
        state=jurisdiction(school.state, **address_of(school)),
        day=schedule.day,
        open_minutes=school.open_minutes,
        close_minutes=school.close_minutes,
        policy=strictest([classroom_policy(classroom), *extra_policies]),
        kindergarten=classroom.age_group == "school_age",
        roles=info.roles,
    )
    for row in attendance:
        if row.date != schedule.day:
            continue
        room.children[row.child_id] = ChildDay(
            row.child_id,
            row.age_months,
            row.check_in_minutes,
            row.check_out_minutes,
            row.expected_in_minutes,
            row.expected_out_minutes,
        )
    return staff_room(room, schedule)


def staff_room(room: RoomDay, schedule: DaySchedule) -> RoomDay:
    """(Re)take the room's staff from the schedule: shifts in the room, moves in and out; breaks apply.

    Live check-ins and check-outs already applied to the room are kept.
    """
    here = room.classroom_id
    live = {emp_id: person.events for emp_id, person in room.staff.items() if person.events}
    room.staff = {emp_id: StaffDay(emp_id, events=list(events)) for emp_id, events in live.items()}
    for shift in schedule.shifts:
        if shift.classroom_id == here:
            person = room.staff.setdefault(shift.employee_id, StaffDay(shift.employee_id))
            person.windows.append((shift.start_minutes, shift.end_minutes))
            person.breaks.extend((b.start_minutes, b.end_minutes) for b in shift.breaks)
    for move in schedule.moves:
        window = (move.start_minutes, move.end_minutes)
        if move.classroom_id == here:
            person = room.staff.setdefault(move.employee_id, StaffDay(move.employee_id))
            person.windows.append(window)
            for shift in schedule.shifts_of(move.employee_id):
                person.breaks.extend((b.start_minutes, b.end_minutes) for b in shift.breaks)
        elif move.employee_id in room.staff:
            person = room.staff[move.employee_id]
            person.windows = subtract(person.windows, window)
    for person in room.staff.values():
        person.windows.sort()
        person.breaks = sorted(set(person.breaks))
    return room
