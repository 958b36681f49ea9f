"""The real procrastinate queue: the job row commits in the ingest transaction, or not at all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import procrastinate
import psycopg
import pytest
from procrastinate.schema import SchemaManager
from psycopg import AsyncConnection

from agents.common.types import Event
from procare_ai.jobs import ProcrastinateEnqueuer
from services.errors import Conflict
from services.ingest import Enqueuer, IngestResult, Lane, accept_event
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


def staff_event(center: str = "S1", **over: Any) -> Event:
    return Event.model_validate(event_body(center=center) | over)


async def test_concurrent_events_share_one_commit_each_stored_once_with_one_job(
    queued: tuple[Harness, Any],
) -> None:
    """Group commit: deliveries that arrive together are stored, with their jobs, by one statement."""
    h, _ = queued
    events = [staff_event(center=("S1", "S2")[i % 2]) for i in range(30)]
    before = h.services.group_commit.commits
    results = await asyncio.gather(*(accept_event(h.services, e) for e in events))
    assert h.services.group_commit.commits - before <= 2  # 30 events, not 30 transactions
    assert [r.duplicate for r in results] == [False] * 30
    for event, result in zip(events, results, strict=True):
        assert result.thread_id == f"{event.center_id}:{event.id}"
        (job,) = await rows(h, JOBS, event.id)
        assert job["args"] == {"event_id": event.id, "thread_id": result.thread_id}
        assert (await rows(h, EVENTS, event.id))[0]["n"] == 1


async def test_a_repeat_in_the_same_batch_is_a_duplicate_with_no_second_job(
    queued: tuple[Harness, Any],
) -> None:
    h, _ = queued
    event = staff_event()
    first, again, other = await asyncio.gather(
        accept_event(h.services, event),
        accept_event(h.services, event),
        accept_event(h.services, staff_event()),
    )
    assert (first.duplicate, again.duplicate, other.duplicate) == (False, True, False)
    assert first.thread_id == again.thread_id
    assert len(await rows(h, JOBS, event.id)) == 1


async def test_a_row_the_database_refuses_fails_alone_and_the_batch_is_stored(
    queued: tuple[Harness, Any],
) -> None:
    """jsonb keeps no NUL: that event's error is its own (the API answers it 422), the others commit."""
    h, _ = queued
    good = [staff_event() for _ in range(5)]
    bad = staff_event(data={"employee_id": "E1", "note": "a\x00b"})
    answers = await asyncio.gather(
        *(accept_event(h.services, e) for e in [*good[:2], bad, *good[2:]]), return_exceptions=True
    )
    assert isinstance(answers[2], psycopg.DataError)
    assert all(isinstance(a, IngestResult) and not a.duplicate for i, a in enumerate(answers) if i != 2)
    assert await rows(h, JOBS, bad.id) == [] and (await rows(h, EVENTS, bad.id))[0]["n"] == 0
    for event in good:
        assert len(await rows(h, JOBS, event.id)) == 1


async def test_an_event_id_of_another_center_is_a_conflict_in_a_batch(queued: tuple[Harness, Any]) -> None:
    h, _ = queued
    first = staff_event(center="S1")
    await accept_event(h.services, first)
    other_center = first.model_copy(update={"center_id": "S2"})
    answers = await asyncio.gather(
        accept_event(h.services, other_center),
        accept_event(h.services, staff_event()),
        return_exceptions=True,
    )
    assert isinstance(answers[0], Conflict) and isinstance(answers[1], IngestResult)
    assert len(await rows(h, JOBS, first.id)) == 1


async def test_concurrent_webhooks_over_the_api_each_answered_once_stored(
    queued: tuple[Harness, Any],
) -> None:
    h, _ = queued
    bodies = [event_body() for _ in range(20)]
    secret_reads, token_reads = h.services.delivery_secrets.reads.reads, h.services.token_check.reads.reads
    answers = await asyncio.gather(*(h.deliver(b) for b in bodies), h.deliver(bodies[0]))
    assert sorted(a.status_code for a in answers) == [200] + [202] * 20
    # the secrets and the sender's token were read for many deliveries at once, not once each
    assert h.services.delivery_secrets.reads.reads - secret_reads <= 5
    assert h.services.token_check.reads.reads - token_reads <= 5
    for body in bodies:
        assert len(await rows(h, JOBS, body["id"])) == 1
