"""Predicted shortfalls where the state's ratio depends on staff roles (California, 22 CCR 101216.3).

A preschool room of 12 with a teacher and an aide all day: a head count finds one person enough for 12,
but an aide counts only paired with a teacher, so the teacher's meal break is a predicted shortfall, and
only a mover who counts as a teacher can cover it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from agents import ratios
from agents.common.ledger import MemoryLedger
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, Event, Finding
from tests.clock import during
from tests.fakes import FakeProcare, child, classroom, credential, employee, school, shift
from tools.models import ShiftBreak

TODAY = date(2026, 11, 2)
EIGHT_AM = datetime(2026, 11, 2, 14, 0, tzinfo=UTC)


def _world(teacher_position: str = "Lead Teacher") -> FakeProcare:
    fake = FakeProcare(
        schools=[school(state="CA")],
        classrooms=[classroom("R1", name="Preschool", age_group="preschool")],
    )
    fake.attendance = [child(f"K{i}", "R1", 40) for i in range(12)]
    people = [
        ("T1", teacher_position, "R1", [ShiftBreak(start_minutes=660, end_minutes=690, kind="meal")], False),
        ("A1", "Teacher Aide", "R1", [], False),
        ("F1", "Floater Aide", None, [], True),
        ("F2", "Floater", None, [], True),
    ]
    for emp_id, position, room, breaks, floater in people:
        fake.employees.append(employee(emp_id, position=position, first_name=emp_id, is_floater=floater))
        start = 540 if floater else 420  # floaters on 8-hour days: no California daily overtime
        fake.shifts.append(shift(emp_id, room, start, 1020, breaks=breaks))
        fake.credentials += [
            credential(emp_id, "pediatric_cpr_aha", date(2025, 6, 1)),
            credential(emp_id, "first_aid_aha", date(2025, 6, 1)),
            credential(emp_id, "background_check", date(2023, 1, 5)),
        ]
    return fake


async def _predicted(fake: FakeProcare) -> tuple[list[Finding], Any]:
    ctx = AgentContext(
        client=fake,
        drafter=OfflineDrafter(),
        as_of=during(TODAY),
        phase="automation",
        settings={},
        ledger=MemoryLedger(),
    )
    schedule = Event(
        id="evt-1", type="schedule.published", occurred_at=EIGHT_AM, center_id="S1", data={"date": str(TODAY)}
    )
    out = await ratios.run(schedule, ctx)
    return [f for f in out.findings if f.kind == "predicted_ratio_violation"], out


async def test_the_teachers_break_leaves_an_aide_alone_and_only_a_teacher_covers_it() -> None:
    predicted, out = await _predicted(_world())
    assert [
        (f.evidence["start_minutes"], f.evidence["end_minutes"], f.evidence["staff_short"]) for f in predicted
    ] == [(660, 690, 1)]
    [gap] = predicted
    assert gap.citation is not None and "101216.3" in gap.citation
    assert "would not reduce the shortfall" in gap.evidence["passed_over"]["F1"]  # an aide
    assert gap.evidence["coverage"] == ["F2"]
    [move] = [p for p in out.proposals if p.finding_id == gap.id]
    assert move.action == "create_staff_move" and move.args["employee_id"] == "F2"


async def test_with_two_teachers_the_break_is_no_gap() -> None:
    fake = _world()
    fake.employees = [
        e.model_copy(update={"position": "Lead Teacher"}) if e.employee_id == "A1" else e
        for e in fake.employees
    ]
    predicted, _ = await _predicted(fake)
    assert predicted == []
