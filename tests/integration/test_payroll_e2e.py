"""Issue 5 end to end: the sandbox over real HTTP, the graph on the real Postgres checkpointer.

A pay period of known anomalies is injected into a California sandbox center (generated staff, shifts,
punches and attendance hidden, so only the scenario is seen). The `scan.payroll` run must report exactly
those anomalies (kinds and staff), and in the automation phase an approved payroll correction lands once in
the sandbox's effects log while the rejected one (and every rejected task) writes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from agents.payroll import exception_report_csv
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services.runner import GraphRunner
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 3, 20)
SCHOOL = "S0001"
MON = date(2026, 3, 2)
PERIOD = {"pay_period_start": "2026-03-01", "pay_period_end": "2026-03-14"}
ROOM = f"{SCHOOL}-XR-INFANTS"
OTHER_ROOM = f"{SCHOOL}-XR-SCHOOLAGE"
ANA, BO, CY, DEE, EVE, FAY = (f"{SCHOOL}-E9{i:02d}" for i in range(1, 7))
NOW = datetime(2026, 3, 16, 12, tzinfo=UTC).isoformat()

EXPECTED = {
    ("meal_missed", (ANA,)),
    ("early_clock_in", (ANA,)),
    ("missed_punch", (BO,)),
    ("pattern_shared_device_minute", tuple(sorted((CY, DEE)))),
    ("left_room_below_ratio", (DEE,)),
    ("minor_daily_hours", (EVE,)),
    ("late_clock_out", (FAY,)),
    ("unapproved_overtime", (FAY,)),
}


def _employee(emp_id: str, first: str, birth: str = "1990-05-01") -> dict[str, Any]:
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        "first_name": first,
        "last_name": "Tester",
        "email": f"{first.lower()}@example.org",
        "position": "Teacher",
        "hire_date": "2021-03-01",
        "birth_date": birth,
        "classroom_ids": [ROOM],
        "updated_at": NOW,
    }


def _shift(
    emp_id: str, day: date, start: int, end: int, meal: int | None, rests: tuple[int, ...]
) -> dict[str, Any]:
    breaks = [{"start_minutes": r, "end_minutes": r + 10, "kind": "rest"} for r in rests]
    if meal is not None:
        breaks.append({"start_minutes": meal, "end_minutes": meal + 30, "kind": "meal"})
    return {
        "shift_id": f"{emp_id}-SH{day:%m%d}",
        "employee_id": emp_id,
        "classroom_id": ROOM,
        "date": day.isoformat(),
        "start_minutes": start,
        "end_minutes": end,
        "breaks": breaks,
    }


class _Punches:
    def __init__(self, zone: ZoneInfo) -> None:
        self.zone, self.rows = zone, []  # type: ignore[var-annotated]

    def add(
        self,
        emp_id: str,
        day: date,
        *times: tuple[str, str, int],
        device: str | None = None,
        area: str = ROOM,
    ) -> None:
        for kind, hhmm, second in times:
            h, m = (int(x) for x in hhmm.split(":"))
            at = datetime(day.year, day.month, day.day, h, m, second, tzinfo=self.zone)
            self.rows.append(
                {
                    "punch_id": f"{emp_id}-{day:%m%d}-{kind}-{hhmm}",
                    "employee_id": emp_id,
                    "punched_at": at.isoformat(),
                    "kind": kind,
                    "work_area": area,
                    "device_id": device or f"mobile-{emp_id}",
                }
            )


def _inject(running: RunningSandbox) -> None:
    """The scenario: each staff member has exactly the anomalies listed in EXPECTED, nothing else."""
    state = running.state
    school = running.runtime.data.center(0).school
    assert school["school_id"] == SCHOOL and school["state"] == "CA"
    zone = ZoneInfo(school["timezone"])
    state.hide_generated(SCHOOL, "employees", "classrooms", "shifts", "punches", "attendance")
    state.add_classrooms(
        SCHOOL,
        [
            {"classroom_id": ROOM, "name": "Infants", "age_group": "infant", "ratio": 4, "max_children": 12},
            {
                "classroom_id": OTHER_ROOM,
                "name": "After school",
                "age_group": "school_age",
                "ratio": 14,
                "max_children": 28,
            },
        ],
    )
    state.add_employees(
        SCHOOL,
        [
            _employee(ANA, "Ana"),
            _employee(BO, "Bo"),
            _employee(CY, "Cy"),
            _employee(DEE, "Dee"),
            _employee(EVE, "Eve", birth="2010-09-01"),  # 15 during the period
            _employee(FAY, "Fay"),
        ],
    )
    tue, wed, thu = (MON + timedelta(days=i) for i in (1, 2, 3))
    shifts = [
        _shift(ANA, MON, 480, 870, None, (600, 780)),  # 8:00-14:30
        _shift(ANA, tue, 480, 870, 660, (600, 780)),
        _shift(BO, wed, 480, 990, 720, (600, 900)),
        _shift(EVE, MON, 900, 1140, None, (1020,)),  # 15:00-19:00 on a school day
        _shift(FAY, thu, 480, 990, 720, (600, 900)),  # 8:00-16:30
    ]
    for day in (MON, tue):
        shifts += [_shift(CY, day, 480, 990, 720, (600, 900)), _shift(DEE, day, 420, 900, 660, (540, 840))]
    state.add_shifts(SCHOOL, shifts)

    p = _Punches(zone)
    p.add(ANA, MON, ("in", "08:00", 0), ("out", "14:30", 0))  # 6.5 h, no meal
    p.add(
        ANA,
        tue,
        ("in", "07:40", 0),
        ("break_start", "11:00", 0),
        ("break_end", "11:30", 0),
        ("out", "14:10", 0),
    )
    p.add(BO, wed, ("in", "07:59", 0))  # never clocked out
    for day in (MON, tue):  # same kiosk, same second, both days
        p.add(CY, day, ("in", "07:59", 12), device=f"{SCHOOL}-KIOSK-1")
        p.add(DEE, day, ("in", "07:59", 12), device=f"{SCHOOL}-KIOSK-1")
        p.add(CY, day, ("break_start", "12:00", 0), ("break_end", "12:30", 0), ("out", "16:29", 0))
        p.add(DEE, day, ("break_start", "11:00", 0), ("break_end", "11:30", 0), ("out", "15:00", 0))
    p.add(EVE, MON, ("in", "15:00", 0), ("out", "19:00", 0), area=OTHER_ROOM)  # not a ratio cover
    p.add(
        FAY,
        thu,
        ("in", "08:00", 0),
        ("break_start", "12:00", 0),
        ("break_end", "12:30", 0),
        ("out", "18:00", 0),
    )
    state.add_punches(SCHOOL, p.rows)
    # Eight infants 12:45-16:00 on Monday: Dee's 15:00 clock-out leaves Cy alone (California infants 1:4).
    state.add_attendance(
        SCHOOL,
        [
            {
                "child_id": f"{SCHOOL}-XK{i:02d}",
                "classroom_id": ROOM,
                "date": MON.isoformat(),
                "age_months": 8,
                "check_in_minutes": 765,
                "check_out_minutes": 960,
            }
            for i in range(8)
        ],
    )


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=5, centers=1, staff_per_center=6, today=TODAY)) as running:
        _inject(running)
        yield running


@asynccontextmanager
async def _runner(db: str, url: str) -> AsyncIterator[GraphRunner]:
    pool = await open_pool(db, max_size=4)
    try:
        async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(
                procare=client,
                drafter=OfflineDrafter(),
                rollout=StaticRollout({("*", "payroll"): "automation"}),
                clock=lambda: datetime(2026, 3, 16, 12, tzinfo=UTC),
            )
            ctx = GraphContext(as_of=during(TODAY).isoformat())
            yield GraphRunner(build_graph(make_checkpointer(pool)), ctx, deps, pool=pool)
    finally:
        await pool.close()


def _scan(event_id: str) -> Event:
    return Event(
        id=event_id,
        type="scan.payroll",
        occurred_at=datetime(2026, 3, 16, tzinfo=UTC),
        center_id=SCHOOL,
        data=PERIOD,
    )


def test_known_anomalies_give_exactly_those_findings_and_one_approved_correction_lands(
    fresh_db: str, sandbox: RunningSandbox
) -> None:
    async def scenario() -> None:
        async with _runner(fresh_db, sandbox.url) as runner:
            first = await runner.start(_scan("evt-payroll-1"))
            found = {(f.kind, tuple(f.staff_ids)) for f in first.state.findings}
            assert found == EXPECTED
            assert first.state.report is not None and "2026-03-01 to 2026-03-14" in first.state.report
            csv_text = exception_report_csv(first.state.findings)
            assert len(csv_text.strip().splitlines()) == 1 + len(EXPECTED)

            assert first.status == "awaiting_review" and first.request is not None
            actions = first.request["action_requests"]
            patches = {a["args"]["employee_id"]: a for a in actions if a["name"] == "patch_payroll"}
            assert set(patches) == {ANA, FAY}
            assert patches[ANA]["args"]["adjustments"] == [
                {
                    "date": "2026-03-02",
                    "pay_code": "MEAL_PREMIUM",
                    "hours": 1.0,
                    "reason": "Meal period premium, Labor Code 226.7(c)",
                }
            ]
            assert {(a["pay_code"], a["hours"]) for a in patches[FAY]["args"]["adjustments"]} == {
                ("REG", -1.5),
                ("OT", 1.5),
            }
            assert sandbox.state.effects == []  # nothing written before the director decides

            decisions = [
                {"type": "approve"}
                if a["name"] == "patch_payroll" and a["args"]["employee_id"] == ANA
                else {"type": "reject", "message": "handled by hand"}
                for a in actions
            ]
            done = await runner.resume(first.thread_id, {"decisions": decisions}, reviewer="dir-1")
            assert done.status == "done" and [r.ok for r in done.state.results] == [True]

            again = await runner.start(_scan("evt-payroll-1"))  # the same delivery again: no second write
            assert again.status == "done"
            effects = sandbox.state.effects
            assert [(e["kind"], e["resource_id"]) for e in effects if e["kind"] != "staff_notes"] == [
                ("payroll", ANA)
            ]
            [note] = [e["body"] for e in effects if e["kind"] == "staff_notes"]  # one, not one per delivery
            assert note["employee_id"] == ANA and "approved by dir-1" in note["text"]
            records = [
                r
                async for r in runner.deps.procare.iter_payroll(ANA, pay_period_start=MON - timedelta(days=1))
            ]
            assert [(a.pay_code, a.hours) for r in records for a in r.adjustments] == [("MEAL_PREMIUM", 1.0)]
            assert [r async for r in runner.deps.procare.iter_payroll(FAY)] == []

    asyncio.run(scenario())


def test_a_submitted_timesheet_checks_that_employee_only(fresh_db: str, sandbox: RunningSandbox) -> None:
    async def scenario() -> None:
        async with _runner(fresh_db, sandbox.url) as runner:
            event = Event(
                id="evt-ts-fay",
                type="timesheet.submitted",
                occurred_at=datetime(2026, 3, 9, 1, tzinfo=UTC),
                center_id=SCHOOL,
                data={"employee_id": FAY, "pay_period_start": "2026-03-02", "pay_period_end": "2026-03-08"},
            )
            first = await runner.start(event)
            assert {(f.kind, tuple(f.staff_ids)) for f in first.state.findings} == {
                ("late_clock_out", (FAY,)),
                ("unapproved_overtime", (FAY,)),
            }
            ot = next(f for f in first.state.findings if f.kind == "unapproved_overtime")
            assert (ot.evidence["worked_hours"], ot.evidence["overtime_hours"]) == (9.5, 1.5)
            assert first.status == "awaiting_review" and first.request is not None
            rejected = [
                {"type": "reject", "message": "approved verbally"} for _ in first.request["action_requests"]
            ]
            done = await runner.resume(first.thread_id, {"decisions": rejected}, reviewer="dir-1")
            assert done.status == "done" and done.state.results == [] and sandbox.state.effects == []

    asyncio.run(scenario())
