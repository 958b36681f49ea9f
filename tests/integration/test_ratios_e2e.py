"""Issue 6 end to end: the sandbox over real HTTP, the graph on the real Postgres checkpointer.

A day is injected into one sandbox center: a toddler room whose two teachers are both needed while the
children are in, one of them with a meal break at 11:00, a floater without pediatric CPR and a qualified
floater. A `schedule.published` event at 09:00 must alert the 11:00-11:30 gap before it starts and
propose moving the qualified floater in; approving lands exactly one staff move in the sandbox (and the
next projection sees the room covered); rejecting writes nothing.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.ratios import band_for_age, check_room
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services.runner import GraphRunner, RunOutcome
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 2)  # a Monday
SCHOOL = "S0001"
ROOM = f"{SCHOOL}-XR-TODDLERS"
AGE = 20
BREAK = (660, 690)  # the lead teacher's meal break
UNQUALIFIED, FLOATER = f"{SCHOOL}-E901", f"{SCHOOL}-E902"
NOW = datetime(2026, 11, 2, 12, 0).isoformat()


def _children_needing_two(state: str) -> int:
    """The most toddlers two staff may hold in this state (so one staff alone is short), from policies."""
    fits = [n for n in range(1, 40) if check_room(state, [AGE] * n, 2).compliant]
    assert fits and not check_room(state, [AGE] * max(fits), 1).compliant
    return max(fits)


def _employee(emp_id: str, position: str, *, floater: bool = False) -> dict[str, Any]:
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        "first_name": position.split()[0],
        "last_name": emp_id[-4:],
        "email": f"{emp_id.lower()}@example.org",
        "position": position,
        "hire_date": "2021-03-01",
        "is_floater": floater,
        "updated_at": NOW,
    }


def _shift(emp_id: str, room: str | None, start: int, end: int, meal: int | None) -> dict[str, Any]:
    breaks = [] if meal is None else [{"start_minutes": meal, "end_minutes": meal + 30, "kind": "meal"}]
    return {
        "shift_id": f"{emp_id}-SH",
        "employee_id": emp_id,
        "classroom_id": room,
        "date": TODAY.isoformat(),
        "start_minutes": start,
        "end_minutes": end,
        "breaks": breaks,
    }


def _inject_day(running: RunningSandbox, state_code: str) -> None:
    state = running.state
    state.hide_generated(SCHOOL, "employees", "credentials", "classrooms", "shifts", "attendance")
    band = band_for_age(state_code, AGE)
    state.add_classrooms(
        SCHOOL,
        [
            {
                "classroom_id": ROOM,
                "name": "Little Explorers (toddlers)",
                "age_group": "toddler",
                "ratio": band.children_per_staff,
                "max_children": band.max_group_size or 30,
            }
        ],
    )
    lead, assistant = f"{SCHOOL}-E801", f"{SCHOOL}-E802"
    state.add_employees(
        SCHOOL,
        [
            _employee(lead, "Lead Teacher"),
            _employee(assistant, "Assistant Teacher"),
            _employee(UNQUALIFIED, "Floater", floater=True),
            # Covering the lead's break takes a lead: where roles count (California infants and
            # toddlers, 22 CCR 101416.5) an assistant counts only with a fully qualified teacher.
            _employee(FLOATER, "Lead Floater", floater=True),
        ],
    )
    creds = []
    for emp_id in (lead, assistant, UNQUALIFIED, FLOATER):
        kinds = ["first_aid_aha", "background_check"] + (
            [] if emp_id == UNQUALIFIED else ["pediatric_cpr_aha"]
        )
        creds += [
            {"employee_id": emp_id, "kind": kind, "issuer": "AHA", "issued_on": "2025-06-01"}
            for kind in kinds
        ]
    state.add_credentials(SCHOOL, creds)
    state.add_shifts(
        SCHOOL,
        [
            _shift(lead, ROOM, 420, 930, BREAK[0]),  # 8 paid hours: no daily overtime in any state
            _shift(assistant, ROOM, 420, 900, None),
            _shift(UNQUALIFIED, None, 450, 960, 780),
            _shift(FLOATER, None, 450, 960, 780),
        ],
    )
    state.add_attendance(
        SCHOOL,
        [
            {
                "child_id": f"{SCHOOL}-XK{i:02d}",
                "classroom_id": ROOM,
                "date": TODAY.isoformat(),
                "age_months": AGE,
                "check_in_minutes": 450,
                "expected_in_minutes": 450,
                "expected_out_minutes": 900,
            }
            for i in range(_children_needing_two(state_code))
        ],
    )


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=11, centers=2, staff_per_center=8, today=TODAY)) as running:
        state_code = running.runtime.data.center(0).school["state"]
        _inject_day(running, state_code)
        yield running


@asynccontextmanager
async def _runner(db: str, url: str, alerts: list[str]) -> AsyncIterator[GraphRunner]:
    async def notify(text: str) -> None:
        alerts.append(text)

    pool = await open_pool(db, max_size=4)
    try:
        async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(  # a provider of its own: an empty ledger
                procare=client,
                drafter=OfflineDrafter(),
                rollout=StaticRollout({("*", "ratios"): "automation"}),
                notifier=notify,
            )
            ctx = GraphContext(as_of=during(TODAY).isoformat())
            yield GraphRunner(build_graph(make_checkpointer(pool)), ctx, deps, pool=pool)
    finally:
        await pool.close()


async def _published_at_nine(runner: GraphRunner, event_id: str) -> RunOutcome:
    school = await runner.deps.procare.get_school(SCHOOL)
    nine = datetime(2026, 11, 2, 9, 0, tzinfo=ZoneInfo(school.timezone))
    event = Event(
        id=event_id, type="schedule.published", occurred_at=nine, center_id=SCHOOL, data={"date": str(TODAY)}
    )
    return await runner.start(event)


def _staff_moves(running: RunningSandbox) -> list[dict[str, Any]]:
    return running.state.effects_for(kind="staff_moves")


def test_a_break_gap_is_alerted_before_it_starts_and_the_approved_move_lands_once(
    fresh_db: str, sandbox: RunningSandbox
) -> None:
    async def scenario() -> None:
        alerts: list[str] = []
        async with _runner(fresh_db, sandbox.url, alerts) as runner:
            first = await _published_at_nine(runner, "evt-sched-1")
            predicted = [f for f in first.state.findings if f.kind == "predicted_ratio_violation"]
            assert [(f.evidence["start_minutes"], f.evidence["end_minutes"]) for f in predicted] == [BREAK]
            gap = predicted[0]
            assert gap.evidence["staff_short"] == 1 and gap.evidence["projected_at_minute"] == 540 < BREAK[0]
            assert gap.alert and any("11:00-11:30" in text for text in alerts)  # pushed at once
            assert "Pediatric CPR" in gap.evidence["passed_over"][UNQUALIFIED]

            assert first.status == "awaiting_review" and first.request is not None
            [action] = first.request["action_requests"]
            assert action["name"] == "create_staff_move"
            assert {
                k: action["args"][k] for k in ("classroom_id", "employee_id", "start_minutes", "end_minutes")
            } == {
                "classroom_id": ROOM,
                "employee_id": FLOATER,
                "start_minutes": BREAK[0],
                "end_minutes": BREAK[1],
            }
            assert _staff_moves(sandbox) == []  # nothing written before the director decides

            done = await runner.resume(
                first.thread_id, {"decisions": [{"type": "approve"}]}, reviewer="dir-1"
            )
            assert done.status == "done" and [r.ok for r in done.state.results] == [True]
            [move] = _staff_moves(sandbox)
            assert move["body"]["employee_id"] == FLOATER and move["body"]["classroom_id"] == ROOM

            again = await _published_at_nine(runner, "evt-sched-2")  # the schedule now includes the move
            assert [f for f in again.state.findings if f.kind == "predicted_ratio_violation"] == []
            assert again.status == "done"
            assert len(_staff_moves(sandbox)) == 1

    asyncio.run(scenario())


def test_rejecting_the_move_writes_nothing(fresh_db: str, sandbox: RunningSandbox) -> None:
    async def scenario() -> None:
        async with _runner(fresh_db, sandbox.url, []) as runner:
            first = await _published_at_nine(runner, "evt-sched-r")
            assert first.status == "awaiting_review"
            done = await runner.resume(
                first.thread_id,
                {"decisions": [{"type": "reject", "message": "Ms. Lee covers lunch herself"}]},
                reviewer="dir-1",
            )
            assert done.status == "done" and done.state.results == []
            assert _staff_moves(sandbox) == [] and sandbox.state.effects == []

    asyncio.run(scenario())
