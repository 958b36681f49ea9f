"""Issue 10 item 1 end to end (the sandbox over real HTTP, real Postgres): a director's edit cannot retarget a
write into another center, and the person a write really went to sees it in their audit.

A reportable incident at S0001 proposes a routing, a parent notice and a task. A director scoped to S0001
edits them to point at S0002's staff, school and children, and at an employee who does not exist: every
such decision is refused (422 policy_violation) with the thread still paused and nothing in the sandbox.
An edit to another S0001 employee is written, and that employee's audit lists the thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.errors import PolicyViolation
from policies.rbac import Principal
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services import approvals, audit
from services.context import Services
from services.errors import NotFound
from services.runner import GraphRunner
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 2)
SCHOOL, OTHER = "S0001", "S0002"
ROOM, CHILD = f"{SCHOOL}-XR-PRESCHOOL", f"{SCHOOL}-XK01"
DIRECTOR, LEAD, AIDE, COOK = (f"{SCHOOL}-E70{i}" for i in range(1, 5))
ELSEWHERE = f"{OTHER}-E001"  # a real employee of the other center
AT = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)


def _employee(emp_id: str, position: str, rooms: list[str]) -> dict[str, Any]:
    return {
        "employee_id": emp_id,
        "person_id": f"P-{emp_id}",
        "first_name": position.split()[0],
        "last_name": emp_id[-4:],
        "email": f"{emp_id.lower()}@example.org",
        "position": position,
        "hire_date": "2021-03-01",
        "classroom_ids": rooms,
        "updated_at": AT.isoformat(),
    }


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=11, centers=2, staff_per_center=8, today=TODAY)) as running:
        state = running.state
        state.hide_generated(SCHOOL, "employees", "classrooms", "attendance", "incidents")
        state.add_classrooms(
            SCHOOL,
            [
                {
                    "classroom_id": ROOM,
                    "name": "Sunflowers",
                    "age_group": "preschool",
                    "ratio": 12,
                    "max_children": 24,
                }
            ],
        )
        state.add_employees(
            SCHOOL,
            [
                _employee(DIRECTOR, "Director", []),
                _employee(LEAD, "Lead Teacher", [ROOM]),
                _employee(AIDE, "Assistant Teacher", [ROOM]),
                _employee(COOK, "Cook", []),
            ],
        )
        state.add_attendance(
            SCHOOL,
            [
                {
                    "child_id": CHILD,
                    "classroom_id": ROOM,
                    "date": TODAY.isoformat(),
                    "age_months": 40,
                    "check_in_minutes": 450,
                }
            ],
        )
        state.add_incidents(
            SCHOOL,
            [
                {
                    "incident_id": f"{SCHOOL}-I900",
                    "classroom_id": ROOM,
                    "occurred_at": AT.isoformat(),
                    "kind": "injury",
                    "severity": "high",
                    "description": "Mia fell from the climber and broke her arm; the ER set it.",
                    "staff_ids": [AIDE],
                    "child_ids": [CHILD],
                }
            ],
        )
        yield running


@asynccontextmanager
async def _services(db: str, url: str) -> AsyncIterator[Services]:
    pool = await open_pool(db, max_size=4)
    try:
        async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(
                procare=client,
                drafter=OfflineDrafter(),
                rollout=StaticRollout({("*", "incidents"): "assistive"}),
                clock=lambda: AT + timedelta(minutes=30),
            )
            saver = make_checkpointer(pool)
            runner = GraphRunner(
                build_graph(saver), GraphContext(as_of=during(TODAY).isoformat()), deps, pool=pool
            )
            yield Services(pool=pool, saver=saver, runner=runner, deps=deps)
    finally:
        await pool.close()


def _edit(action: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"type": "edit", "edited_action": {"name": action["name"], "args": {**action["args"], **changes}}}


def test_edits_into_another_center_are_refused_and_the_real_target_is_audited(
    fresh_db: str, sandbox: RunningSandbox
) -> None:
    async def scenario() -> None:
        async with _services(fresh_db, sandbox.url) as services:
            event = Event(
                id="evt-incident-retarget",
                type="incident.reported",
                occurred_at=AT + timedelta(minutes=20),
                center_id=SCHOOL,
                data={"incident_id": f"{SCHOOL}-I900"},
            )
            first = await services.runner.start(event)
            assert first.status == "awaiting_review" and first.request is not None
            route, parents, task = first.request["action_requests"]
            assert [route["name"], parents["name"], task["name"]] == [
                "route_incident",
                "send_parent_message",
                "create_task",
            ]
            director = Principal(id="dir-1", role="director", centers=frozenset({SCHOOL}))
            approve = {"type": "approve"}
            refused = [
                (
                    f"employee {ELSEWHERE}",
                    [
                        _edit(route, routed_to=[{"role": "director", "employee_id": ELSEWHERE}]),
                        approve,
                        approve,
                    ],
                ),
                (f"school {OTHER}", [approve, approve, _edit(task, school_id=OTHER)]),
                (f"employee {ELSEWHERE}", [approve, approve, _edit(task, assignee_employee_id=ELSEWHERE)]),
                (f"child {OTHER}-K0001", [approve, _edit(parents, child_id=f"{OTHER}-K0001"), approve]),
                (  # no such employee: the same answer as one elsewhere
                    f"employee {SCHOOL}-E999",
                    [approve, approve, _edit(task, assignee_employee_id=f"{SCHOOL}-E999")],
                ),
            ]
            for target, decisions in refused:
                with pytest.raises(PolicyViolation) as caught:
                    await approvals.decide(services, director, first.thread_id, {"decisions": decisions})
                assert f"{target} is not in center {SCHOOL}" in caught.value.message
                assert OTHER not in caught.value.message.replace(target, "")  # names nothing else
                paused = await services.runner.outcome(first.thread_id)
                assert paused.status == "awaiting_review" and paused.state.decisions == []
                assert sandbox.state.effects == []

            other_director = Principal(id="dir-2", role="director", centers=frozenset({OTHER}))
            with pytest.raises(NotFound):
                await approvals.decide(
                    services, other_director, first.thread_id, {"decisions": [approve] * 3}
                )

            decided = await approvals.decide(
                services,
                director,
                first.thread_id,
                {"decisions": [approve, approve, _edit(task, assignee_employee_id=COOK)]},
            )
            done = decided.outcome
            assert done.status == "done" and [r.ok for r in done.state.results] == [True, True, True]
            [created] = sandbox.state.effects_for(kind="tasks")
            assert created["body"]["assignee_employee_id"] == COOK
            task_result = done.state.results[2]
            assert COOK in task_result.staff_ids and ELSEWHERE not in task_result.staff_ids
            [entry] = await audit.audit(services, director, staff_id=COOK)
            assert entry.thread_id == first.thread_id
            assert [r.action for r in entry.results] == ["create_task"]
            assert entry.decisions[0].edited_args is not None

    asyncio.run(scenario())
