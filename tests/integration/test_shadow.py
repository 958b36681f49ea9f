"""Shadow mode over generated past weeks of the sandbox with planted director actions: the replay writes
nothing, and its precision and recall per workflow are pinned.

The sandbox (seed 7, one Texas center) is read over real HTTP. Before the shadow run, "directors" act
through the sandbox's own write API at past instants of its clock: they update two credentials, correct
one employee's payroll, move one staff member into a room and create two tasks; one of each is work the
replay also proposes, the others are not.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from psycopg.types.json import Jsonb

from agents.common.llm import OfflineDrafter
from checkpoints import shadow_runs
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from policies.rbac import Principal
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import RunningSandbox, sandbox_server
from services.context import Services
from services.runner import GraphRunner
from services.shadow import shadow_center
from tools.client import ProcareClient
from tools.models import CredentialPatch, PayrollAdjustment, PayrollPatch, StaffMove, TaskCreate

pytestmark = pytest.mark.integration

TODAY = date(2026, 11, 16)  # a Monday
NOW = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
ADMIN = Principal(id="hr-lead", role="hr_admin", centers=frozenset())
SCHOOL = "S0001"


def E(n: int) -> str:
    return f"{SCHOOL}-E{n:03d}"


@asynccontextmanager
async def services_for(db: str, sandbox: RunningSandbox) -> AsyncIterator[Services]:
    pool = await open_pool(db, max_size=4)
    client = ProcareClient(base_url=sandbox.url, api_key=DEV_API_KEY, max_retries=0)
    try:
        deps = Dependencies(
            procare=client, drafter=OfflineDrafter(), rollout=StaticRollout(), clock=lambda: NOW
        )
        saver = make_checkpointer(pool)
        runner = GraphRunner(build_graph(saver), GraphContext(), deps, pool=pool)
        yield Services(pool=pool, saver=saver, runner=runner, deps=deps)
    finally:
        await client.aclose()
        await pool.close()


async def plant_director_actions(client: ProcareClient, clock: dict[str, datetime]) -> None:
    """What the center's directors did in Procare over the past weeks, through its write API at the
    instants they did it (the sandbox stamps each record with its clock)."""

    def at(days_ago: float) -> None:
        clock["now"] = NOW - timedelta(days=days_ago)

    creds = {c.employee_id: c async for c in client.iter_credentials(school_id=SCHOOL)}
    room = next(iter([r async for r in client.iter_classrooms(school_id=SCHOOL)])).classroom_id
    at(5)  # a credential the replay flags too, and one it does not
    for who in (E(3), E(5)):
        await client.patch_credential(
            creds[who].credential_id, CredentialPatch(status="renewal_initiated"), idempotency_key=f"c-{who}"
        )
    at(3)  # one payroll correction
    adjustment = PayrollAdjustment(date=date(2026, 11, 10), pay_code="MEAL_PREMIUM", hours=1.0, reason="meal")
    await client.patch_payroll(
        E(1),
        PayrollPatch(pay_period_start=date(2026, 11, 9), adjustments=[adjustment]),
        idempotency_key="p-1",
    )
    at(10)  # two room moves in the window, and one before it (not counted)
    for who, day in ((E(1), date(2026, 11, 6)), (E(7), date(2026, 11, 10))):
        move = StaffMove(employee_id=who, date=day, start_minutes=600, end_minutes=660, reason="cover")
        await client.create_staff_move(room, move, idempotency_key=f"m-{who}")
    at(20)
    old = StaffMove(employee_id=E(2), date=date(2026, 10, 27), start_minutes=600, end_minutes=660)
    await client.create_staff_move(room, old, idempotency_key="m-old")
    at(2)  # two tasks about staff
    for who in (E(1), E(2)):
        task = TaskCreate(school_id=SCHOOL, title="Follow up", related_employee_id=who)
        await client.create_task(task, idempotency_key=f"t-{who}")
    clock["now"] = NOW


async def plant_ai_write(services: Services, clock: dict[str, datetime]) -> None:
    """A task procare-ai itself wrote (approved earlier): the AI's work, not a director's."""
    clock["now"] = NOW - timedelta(days=1)
    task = TaskCreate(school_id=SCHOOL, title="Renew CPR", related_employee_id=E(6))
    written = await services.deps.procare.create_task(task, idempotency_key="ai-1")
    clock["now"] = NOW
    async with services.pool.connection() as conn:
        await conn.execute(
            "INSERT INTO write_results (thread_id, center_id, proposal_id, action, idempotency_key, ok, "
            "response, executed_at, staff_ids, approved_by) "
            "VALUES (%s, %s, %s, %s, %s, true, %s, %s, %s, %s)",
            (
                "S0001:ai",
                SCHOOL,
                "p1",
                "create_task",
                "ai-1",
                Jsonb(written.model_dump(mode="json")),
                written.created_at,
                [E(6)],
                "maria",
            ),
        )


async def shadow_of_planted_weeks(db: str) -> tuple[Any, int, int]:
    clock = {"now": NOW}
    config = SandboxConfig(seed=7, centers=1, staff_per_center=10, today=TODAY, now=lambda: clock["now"])
    with sandbox_server(config) as sandbox:
        async with services_for(db, sandbox) as services:
            await plant_director_actions(services.deps.procare, clock)  # type: ignore[arg-type]
            await plant_ai_write(services, clock)
            planted = len(sandbox.state.effects)
            report = await shadow_center(services, ADMIN, SCHOOL, 2, scan_at=time(6, 0))
            after = len(sandbox.state.effects)
            stored = await shadow_runs.latest(services.pool, SCHOOL)
            assert stored is not None and stored.id == report.run_id and stored.ran_by == "hr-lead"
    return report, planted, after


def test_a_shadow_run_scores_the_replay_against_the_directors_actions(fresh_db: str) -> None:
    report, planted, after = asyncio.run(shadow_of_planted_weeks(fresh_db))
    assert after == planted == 9  # the replay wrote nothing to Procare
    assert report.events == 30  # 14 schedule projections, 14 credential scans, 2 weekly payroll scans
    scores = {s.workflow: s for s in report.scores}
    pinned = {k: (v.proposed, v.acted, v.matched, v.precision, v.recall) for k, v in scores.items()}
    assert pinned == {
        "credentials": (3, 2, 1, 1 / 3, 1 / 2),
        "payroll": (10, 1, 1, 1 / 10, 1.0),
        "ratios": (11, 2, 1, 1 / 11, 1 / 2),
        "tasks": (10, 2, 2, 2 / 10, 1.0),  # the task procare-ai wrote is not a director's
    }
    assert scores["credentials"].false_negatives == [(E(5),)]
    assert scores["credentials"].false_positives == [(E(8),), (E(9),)]
    assert scores["ratios"].false_negatives == [(E(7), "2026-11-10")]  # the move of Oct 27 is outside
    assert scores["payroll"].false_negatives == [] and len(scores["payroll"].false_positives) == 3
