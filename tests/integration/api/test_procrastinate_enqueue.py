"""The real procrastinate queue: the job row commits in the ingest transaction, or not at all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import procrastinate
import pytest
from procrastinate.schema import SchemaManager
from psycopg import AsyncConnection

from procare_ai.jobs import ProcrastinateEnqueuer
from services.ingest import Enqueuer, Lane
from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration

JOBS = "SELECT task_name, lock, args, status FROM procrastinate_jobs WHERE args->>'event_id' = %s"
EVENTS = "SELECT count(*) AS n FROM webhook_events WHERE event_id = %s"


@pytest.fixture
async def queued(harness: Harness) -> AsyncIterator[tuple[Harness, procrastinate.App]]:
    async with harness.services.pool.connection() as conn:
        exists = await (await conn.execute("SELECT to_regclass('procrastinate_jobs') AS t")).fetchone()
        if exists["t"] is None:  # type: ignore[index, call-overload]
            await conn.execute(SchemaManager.get_schema(), prepare=False)
    app = procrastinate.App(connector=procrastinate.PsycopgConnector())

    @app.task(name="run_event")
    async def run_event(event_id: str, thread_id: str) -> None:  # the worker's task; not run here
        raise AssertionError("not executed in this test")

    harness.services.enqueuer = ProcrastinateEnqueuer(run_event)
    yield harness, app


async def rows(h: Harness, sql: str, event_id: str) -> list[dict[str, Any]]:
    async with h.services.pool.connection() as conn:
        return list(await (await conn.execute(sql, (event_id,))).fetchall())  # type: ignore[arg-type]


async def test_ingest_defers_one_locked_job_and_a_duplicate_defers_none(queued: tuple[Harness, Any]) -> None:
    h, _ = queued
    body = event_body()
    first = await h.deliver(body)
    again = await h.deliver(body)
    assert (first.status_code, again.status_code) == (202, 200)
    (job,) = await rows(h, JOBS, body["id"])
    assert job["task_name"] == "run_event" and job["lock"] == "staff:S1:E1" and job["status"] == "todo"
    assert job["args"] == {"event_id": body["id"], "thread_id": first.json()["thread_id"]}


async def test_job_and_event_roll_back_together(queued: tuple[Harness, Any]) -> None:
    h, _ = queued
    queue = h.services.enqueuer
    assert queue is not None
    real: Enqueuer = queue

    class DeferThenCrash:
        async def enqueue(
            self,
            event_id: str,
            thread_id: str,
            lock: str,
            conn: AsyncConnection[Any],
            *,
            lane: Lane = "batch",
        ) -> None:
            await real.enqueue(event_id, thread_id, lock, conn, lane=lane)
            raise RuntimeError("crash after the job row was written, before commit")

    h.services.enqueuer = DeferThenCrash()
    body = event_body()
    assert (await h.deliver(body)).status_code == 500
    assert await rows(h, JOBS, body["id"]) == []
    assert (await rows(h, EVENTS, body["id"]))[0]["n"] == 0
    h.services.enqueuer = real
    assert (await h.deliver(body)).status_code == 202
    assert len(await rows(h, JOBS, body["id"])) == 1


LANES = "SELECT queue_name, priority, lock FROM procrastinate_jobs WHERE args->>'event_id' = %s"


async def test_live_events_take_their_own_queue_and_locks_no_batch_job_holds(
    queued: tuple[Harness, Any],
) -> None:
    """A ratio event (attendance.changed, staff named or not) goes to the live queue, first in line, under
    a live lock of its center; a scan or staff event of the same center keeps the batch lane's locks."""
    h, _ = queued
    live = event_body(
        type_="attendance.changed",
        data={"classroom_id": "S1-R1", "employee_id": "E1", "action": "check_out", "minute": 600},
    )
    batch = event_body(type_="staff.updated")
    for body in (live, batch):
        assert (await h.deliver(body)).status_code == 202
    (live_job,) = await rows(h, LANES, live["id"])
    (batch_job,) = await rows(h, LANES, batch["id"])
    assert live_job == {"queue_name": "live", "priority": 100, "lock": "live:S1"}
    assert batch_job["queue_name"] != "live" and batch_job["priority"] == 0
    assert batch_job["lock"] == "staff:S1:E1"
