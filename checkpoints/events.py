"""Received webhook events: stored once, on disk before the API answers, with the job that runs them.

`store_event` inserts the event and enqueues its job in the *same* transaction (procrastinate defers on a
given connection), so either both exist or neither does: a crash after the 202 loses nothing and a crash
before it leaves nothing half-done for the sender's retry to trip over. A duplicate delivery (same event
id) inserts nothing, enqueues nothing and returns the thread of the first one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any, Literal

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from agents.common.types import Event
from checkpoints.audit_index import record_failed

JobStatus = Literal["queued", "running", "done", "failed"]
EnqueueInTransaction = Callable[[AsyncConnection[Any]], Awaitable[None]]
"""Called with the ingest transaction's connection, only when the event is new."""

INSERT_EVENT = """
INSERT INTO webhook_events (event_id, event_type, center_id, occurred_at, body, thread_id)
VALUES (%(event_id)s, %(event_type)s, %(center_id)s, %(occurred_at)s, %(body)s, %(thread_id)s)
ON CONFLICT (event_id) DO NOTHING
RETURNING thread_id
"""
THREAD_OF_EVENT = "SELECT thread_id FROM webhook_events WHERE event_id = %s"
COLUMNS = """event_id, event_type, center_id, occurred_at, received_at, body, thread_id, job_status,
job_error, attempts, last_attempt_at, updated_at"""
SELECT_EVENT = f"SELECT {COLUMNS} FROM webhook_events WHERE event_id = %s"
SET_JOB_STATUS = """
UPDATE webhook_events SET job_status = %s, job_error = %s, updated_at = now() WHERE event_id = %s
"""
BEGIN_ATTEMPT = f"""
UPDATE webhook_events
SET job_status = 'running', attempts = attempts + 1, last_attempt_at = now(), updated_at = now()
WHERE event_id = %s RETURNING {COLUMNS}
"""
"""An attempt is counted in the statement that loads the event: nothing the job does comes before it."""
END_ATTEMPT = """
UPDATE webhook_events SET job_status = %(status)s, job_error = %(error)s, updated_at = now()
WHERE event_id = %(event_id)s AND job_status IN ('queued', 'running')
"""
LISTING = f"""
SELECT {COLUMNS} FROM webhook_events
WHERE (%(status)s::text IS NULL OR job_status = %(status)s)
  AND (%(all_centers)s OR center_id = ANY(%(centers)s))
  AND (%(center)s::text IS NULL OR center_id = %(center)s)
ORDER BY updated_at DESC, event_id LIMIT %(limit)s
"""
REQUEUE = f"""
UPDATE webhook_events SET job_status = 'queued', job_error = NULL, attempts = 0, updated_at = now()
WHERE event_id = %s AND job_status = 'failed' RETURNING {COLUMNS}
"""
ORPHANED = f"""
SELECT {COLUMNS} FROM webhook_events e
WHERE e.job_status IN ('queued', 'running') AND e.updated_at < now() - make_interval(secs => %(grace)s)
  AND NOT EXISTS (
      SELECT 1 FROM procrastinate_jobs j
      WHERE j.status IN ('todo', 'doing') AND j.task_name = %(task)s AND j.args->>'event_id' = e.event_id
  )
ORDER BY e.updated_at LIMIT %(limit)s
FOR UPDATE OF e SKIP LOCKED
"""
"""Open events no queued or running job will ever finish: the job gave up or vanished without the event
learning it (its last update was lost with a dropped connection). The one statement here that reads
procrastinate's table: open jobs are few and covered by its partial indexes on todo/doing."""
RETAKE = """
UPDATE webhook_events SET job_status = 'queued', attempts = attempts + 1, updated_at = now(),
       job_error = coalesce(job_error, %(error)s)
WHERE event_id = %(event_id)s
"""
PARK = """
UPDATE webhook_events SET job_status = 'failed', job_error = %(error)s, updated_at = now()
WHERE event_id = %(event_id)s
"""
COUNT_BY_STATUS = """
SELECT job_status, count(*) AS n FROM webhook_events
WHERE %(all_centers)s OR center_id = ANY(%(centers)s) GROUP BY job_status
"""


class StoredEvent(BaseModel):
    """One row of webhook_events (the row model; the API's response models are separate)."""

    event_id: str
    event_type: str
    center_id: str
    occurred_at: datetime
    received_at: datetime
    thread_id: str
    job_status: JobStatus
    job_error: str | None
    attempts: int = 0
    """Attempts started (each counted before it does anything, so one lost with its connection counts)."""
    last_attempt_at: datetime | None = None
    updated_at: datetime | None = None
    event: Event


async def store_event(
    pool: AsyncConnectionPool, event: Event, thread_id: str, *, enqueue: EnqueueInTransaction | None = None
) -> tuple[str, bool]:
    """Persist `event` and enqueue its job atomically; returns (thread_id, created).

    `created` is False for a duplicate delivery: then nothing is written and `enqueue` is not called, and
    the thread id is the one stored with the first delivery.
    """
    async with pool.connection() as conn, conn.transaction():
        row = await (
            await conn.execute(
                INSERT_EVENT,
                {
                    "event_id": event.id,
                    "event_type": event.type,
                    "center_id": event.center_id,
                    "occurred_at": event.occurred_at,
                    "body": Jsonb(event.model_dump(mode="json")),
                    "thread_id": thread_id,
                },
            )
        ).fetchone()
        if row is not None:
            if enqueue is not None:
                await enqueue(conn)
            return _get(row, "thread_id"), True
        existing = await (await conn.execute(THREAD_OF_EVENT, (event.id,))).fetchone()
        if existing is None:  # cannot happen: the conflicting row committed before DO NOTHING returned
            raise RuntimeError(f"event {event.id} conflicted but is not stored")
        return _get(existing, "thread_id"), False


async def load_event(pool: AsyncConnectionPool, event_id: str) -> StoredEvent | None:
    """The stored event and its job status (the worker rebuilds the Event from here)."""
    async with pool.connection() as conn:
        row = await (await conn.execute(SELECT_EVENT, (event_id,))).fetchone()
    return None if row is None else _stored(row)


def _stored(row: Any) -> StoredEvent:
    data: dict[str, Any] = dict(row)
    return StoredEvent(event=Event.model_validate(data.pop("body")), **data)


async def begin_attempt(pool: AsyncConnectionPool, event_id: str) -> StoredEvent | None:
    """Count an attempt, mark the event `running` and load it, in one statement (None: not stored)."""
    async with pool.connection() as conn:
        row = await (await conn.execute(BEGIN_ATTEMPT, (event_id,))).fetchone()
    return None if row is None else _stored(row)


async def end_attempt(
    pool: AsyncConnectionPool, event_id: str, status: JobStatus, *, error: str | None = None
) -> None:
    """Record how an attempt ended: `done`, `queued` (it failed and waits for its next attempt, `error`
    says why) or `failed` (the last attempt failed: parked; see `park` for the thread's index row)."""
    async with pool.connection() as conn:
        await conn.execute(END_ATTEMPT, {"status": status, "error": error, "event_id": event_id})


async def park(pool: AsyncConnectionPool, stored: StoredEvent, error: str) -> None:
    """Park an event whose job gave up: the event `failed` with why, and its thread indexed `failed`
    (checkpoints.audit_index.record_failed), in one transaction; it blocks nothing from here on."""
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(PARK, {"event_id": stored.event_id, "error": error})
        await record_failed(conn, stored.event, stored.thread_id)


async def listing(
    pool: AsyncConnectionPool,
    *,
    status: JobStatus | None,
    centers: list[str],
    all_centers: bool,
    center: str | None = None,
    limit: int = 100,
) -> list[StoredEvent]:
    """Events of `centers` (or every center), newest change first, optionally of one job status."""
    params = {
        "status": status,
        "centers": centers,
        "all_centers": all_centers,
        "center": center,
        "limit": limit,
    }
    async with pool.connection() as conn:
        rows = await (await conn.execute(LISTING, params)).fetchall()
    return [_stored(r) for r in rows]


async def requeue(
    pool: AsyncConnectionPool, event_id: str, enqueue: EnqueueInTransaction
) -> StoredEvent | None:
    """Put a parked (`failed`) event back in the queue with its attempts reset, and queue its job, in one
    transaction; None when the event is not parked (or not stored)."""
    async with pool.connection() as conn, conn.transaction():
        row = await (await conn.execute(REQUEUE, (event_id,))).fetchone()
        if row is None:
            return None
        await enqueue(conn)
    return _stored(row)


OrphanAction = Callable[[AsyncConnection[Any], StoredEvent], Awaitable[None]]
"""Called for each orphaned event inside the sweep's transaction, with its row locked."""


async def sweep_orphaned(
    pool: AsyncConnectionPool,
    *,
    task_name: str,
    grace_seconds: float,
    max_attempts: int,
    retake: OrphanAction,
    limit: int = 100,
) -> tuple[list[StoredEvent], list[StoredEvent]]:
    """Re-take the open events whose job gave up or vanished: each with attempts left is counted one
    more attempt and `retake(conn, event)` queues a new job for it (same transaction); each without is parked.
    Returns (re-taken, parked). Rows are locked (SKIP LOCKED), so two sweeps never take one event."""
    retaken: list[StoredEvent] = []
    parked: list[StoredEvent] = []
    params = {"grace": grace_seconds, "task": task_name, "limit": limit}
    async with pool.connection() as conn, conn.transaction():
        rows = await (await conn.execute(ORPHANED, params)).fetchall()
        for row in rows:
            stored = _stored(row)
            why = f"its job stopped without finishing (after {stored.attempts} attempt(s))"
            if stored.attempts >= max_attempts:
                await conn.execute(PARK, {"event_id": stored.event_id, "error": stored.job_error or why})
                await record_failed(conn, stored.event, stored.thread_id)
                parked.append(stored)
            else:
                await conn.execute(RETAKE, {"event_id": stored.event_id, "error": why})
                await retake(conn, stored)
                retaken.append(stored)
    return retaken, parked


async def set_job_status(
    pool: AsyncConnectionPool, event_id: str, status: JobStatus, *, error: str | None = None
) -> None:
    """Record where the event's job stands (the worker calls this around a run)."""
    async with pool.connection() as conn:
        await conn.execute(SET_JOB_STATUS, (status, error, event_id))


async def count_by_status(
    pool: AsyncConnectionPool, *, timeout: float | None = None, centers: frozenset[str] | None = None
) -> dict[str, int]:
    """Events per job status in `centers` (None: all) for /metrics: {"queued": n, "running": n, ...}."""
    params = {"all_centers": centers is None, "centers": sorted(centers or ())}
    async with pool.connection(timeout=timeout) as conn:
        rows = await (await conn.execute(COUNT_BY_STATUS, params)).fetchall()
    counts = dict.fromkeys(("queued", "running", "done", "failed"), 0)
    counts.update({_get(r, "job_status"): int(_get(r, "n")) for r in rows})
    return counts


def _get(row: Any, key: str) -> Any:
    """Rows are dicts (the shared pool uses dict_row); tuples would be a pool misconfiguration."""
    return row[key]
