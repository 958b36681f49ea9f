"""Issue 16 end to end: an incident in the sandbox (real HTTP) through the graph on real Postgres.

A fracture at a California center (S0001): `incident.reported` alerts at once, pauses with the routing
(room lead, director), the parents' message and the licensing task; the licensing deadline is tracked in
Postgres; approving writes each once to the sandbox; the deadline is announced once when it passes and
is no longer open once a director marks the report filed.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
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
from policies.rbac import Principal
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services import licensing
from services.context import Services
from services.errors import Conflict, NotFound
from services.runner import GraphRunner
from tests.clock import during
from tools.client import ProcareClient

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 2)
SCHOOL = "S0001"  # California in the seed-11 sandbox
ROOM, CHILD = f"{SCHOOL}-XR-PRESCHOOL", f"{SCHOOL}-XK01"
DIRECTOR, LEAD, AIDE = f"{SCHOOL}-E701", f"{SCHOOL}-E702", f"{SCHOOL}-E703"
AT = datetime(2026, 11, 2, 18, 30, tzinfo=UTC)  # 10:30 PST
NOW = AT.isoformat()


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
        "updated_at": NOW,
    }


@pytest.fixture
def sandbox() -> Iterator[RunningSandbox]:
    with sandbox_server(SandboxConfig(seed=11, centers=2, staff_per_center=8, today=TODAY)) as running:
        assert running.runtime.data.school(0)[0]["state"] == "CA"
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
                    "occurred_at": NOW,
                    "kind": "injury",
                    "severity": "high",
                    "description": "Mia fell from the climber and broke her arm; paramedics took her "
                    "to the ER.",
                    "staff_ids": [AIDE],
                    "child_ids": [CHILD],
                }
            ],
        )
        yield running


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class World:
    runner: GraphRunner
    services: Services
    clock: Clock
    alerts: list[str] = field(default_factory=list)


@asynccontextmanager
async def _world(db: str, url: str) -> AsyncIterator[World]:
    alerts: list[str] = []

    async def notify(text: str) -> None:
        alerts.append(text)

    clock = Clock(AT + timedelta(minutes=30))
    pool = await open_pool(db, max_size=4)
    try:
        async with ProcareClient(base_url=url, api_key=DEV_API_KEY, max_retries=0) as client:
            deps = Dependencies(
                procare=client,
                drafter=OfflineDrafter(),
                rollout=StaticRollout({("*", "incidents"): "assistive"}),
                notifier=notify,
                clock=clock,
            )
            saver = make_checkpointer(pool)
            runner = GraphRunner(
                build_graph(saver), GraphContext(as_of=during(TODAY).isoformat()), deps, pool=pool
            )
            services = Services(pool=pool, saver=saver, runner=runner, deps=deps)
            yield World(runner, services, clock, alerts)
    finally:
        await pool.close()


def _cli(db: str, *args: str) -> str:
    """Run `procare-ai ...` as a process on the test's database; its output (a failure fails the test)."""
    env = {
        **os.environ,
        "PROCARE_AI_DATABASE_URL": db,
        "PROCARE_AI_PROCARE_API_KEY": "unused",
        "COLUMNS": "250",
    }
    done = subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _effects(running: RunningSandbox, kind: str) -> list[dict[str, Any]]:
    return running.state.effects_for(kind=kind)


def test_a_reportable_incident_is_alerted_routed_told_reported_and_tracked_until_filed(
    fresh_db: str, sandbox: RunningSandbox
) -> None:
    async def scenario() -> None:
        async with _world(fresh_db, sandbox.url) as world:
            event = Event(
                id="evt-incident-1",
                type="incident.reported",
                occurred_at=AT + timedelta(minutes=20),
                center_id=SCHOOL,
                data={"incident_id": f"{SCHOOL}-I900"},
            )
            first = await world.runner.start(event)
            assert first.status == "awaiting_review" and first.request is not None
            assert any(
                "CDSS Community Care Licensing Division" in a and "2026-11-03 10:30" in a
                for a in world.alerts
            )
            names = [a["name"] for a in first.request["action_requests"]]
            assert names == ["route_incident", "send_parent_message", "create_task"]
            route, parents, task = (a["args"] for a in first.request["action_requests"])
            assert route["routed_to"] == [
                {"role": "room_lead", "employee_id": LEAD},
                {"role": "director", "employee_id": DIRECTOR},
            ]
            assert parents["child_id"] == CHILD and task["due_on"] == "2026-11-03"
            assert first.request["alert"] is True
            assert sandbox.state.effects == []  # nothing written before the director decides

            hr = Principal(id="hr-1", role="hr_admin", centers=frozenset())
            [tracked] = await licensing.list_reports(world.services, hr)
            assert tracked.kind == "licensing" and tracked.due_at == datetime(2026, 11, 3, 18, 30, tzinfo=UTC)
            assert tracked.report_id in task["body"]

            done = await world.runner.resume(
                first.thread_id, {"decisions": [{"type": "approve"}] * 3}, reviewer="dir-1"
            )
            assert done.status == "done" and [r.ok for r in done.state.results] == [True, True, True]
            [routing] = _effects(sandbox, "incident_routings")
            assert (
                routing["body"]["severity"] == "high" and routing["body"]["incident_id"] == f"{SCHOOL}-I900"
            )
            [message] = _effects(sandbox, "parent_messages")
            assert message["body"]["child_id"] == CHILD
            [created] = _effects(sandbox, "tasks")
            assert (
                created["body"]["assignee_employee_id"] == DIRECTOR
                and created["body"]["priority"] == "urgent"
            )

            again = await world.runner.start(
                event
            )  # a duplicate delivery: nothing new, nothing tracked twice
            assert again.status == "done" and len(await licensing.list_reports(world.services, hr)) == 1

            assert (await licensing.alert_overdue(world.services)).alerted == []  # not due yet
            world.clock.now = datetime(2026, 11, 3, 19, 0, tzinfo=UTC)
            overdue = await licensing.alert_overdue(world.services)
            assert overdue.alerted == [tracked.report_id] and "OVERDUE" in world.alerts[-1]
            assert (await licensing.alert_overdue(world.services)).alerted == []  # announced once

            other = Principal(id="dir-b", role="director", centers=frozenset({"S0002"}))
            with pytest.raises(NotFound):
                await licensing.mark_filed(world.services, other, tracked.report_id)
            listed = _cli(fresh_db, "licensing", "list", "--status", "all")
            assert tracked.report_id in listed and "CDSS" in listed
            filed_out = _cli(
                fresh_db, "licensing", "filed", tracked.report_id, "--reference", "CCL-1142", "--by", "dir-1"
            )
            assert "filed" in filed_out and "dir-1" in filed_out
            director = Principal(id="dir-1", role="director", centers=frozenset({SCHOOL}))
            with pytest.raises(Conflict):
                await licensing.mark_filed(world.services, director, tracked.report_id)
            assert await licensing.list_reports(world.services, director) == []
            [closed] = await licensing.list_reports(world.services, director, status="filed")
            assert closed.filed_by == "dir-1" and closed.reference == "CCL-1142"

    asyncio.run(scenario())
