"""Received webhook events: stored once, on disk before the API answers, with the job that runs them.

`store_event` inserts the event and enqueues its job in the *same* transaction (procrastinate defers on a
given connection), so either both exist or neither does: a crash after the 202 loses nothing and a crash
before it leaves nothing half-done for the sender's retry to trip over. A duplicate delivery (same event
id) inserts nothing, enqueues nothing and returns the thread of the first one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel
from pydantic_core import to_json

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
STORE_EVENTS = """
WITH given AS (
    SELECT * FROM jsonb_to_recordset(%(rows)s::jsonb) AS g(
        n int, event_id text, event_type text, center_id text, occurred_at timestamptz, body jsonb,
        thread_id text, queue_name text, task_name text, priority int, lock text, queueing_lock text,
        args jsonb
    )
),
stored AS (
    INSERT INTO webhook_events (event_id, event_type, center_id, occurred_at, body, thread_id)
    SELECT event_id, event_type, center_id, occurred_at, body, thread_id FROM given ORDER BY n
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id
),
queued AS (
    SELECT procrastinate_defer_jobs_v1(ARRAY(
        SELECT ROW(g.queue_name, g.task_name, g.priority, g.lock, g.queueing_lock, g.args,
                   NULL)::procrastinate_job_to_defer_v1
        FROM given g JOIN stored s USING (event_id) ORDER BY g.n
    )) AS job_ids
)
SELECT g.event_id, s.event_id IS NOT NULL AS created,
       CASE WHEN s.event_id IS NOT NULL THEN g.thread_id ELSE e.thread_id END AS thread_id,
       cardinality(q.job_ids) AS jobs
FROM given g CROSS JOIN queued q
LEFT JOIN stored s USING (event_id)
LEFT JOIN webhook_events e ON s.event_id IS NULL AND e.event_id = g.event_id
ORDER BY g.n
"""
"""Group commit (services.group_commit): many new events and the jobs of those not stored before, in one
statement, hence one transaction and one round trip. The rows travel as one JSON array (parsed by
Postgres; no per-element escaping on our side). The jobs go through procrastinate's own defer
function (`procrastinate_defer_jobs_v1`, what its `defer_jobs` query calls), so its triggers and events
fire as for a job it deferred itself; the queued CTE is read by the final SELECT, so it always runs.
Event ids of one call must be distinct (the caller holds a repeat for the next call). A conflicting row
committed after the statement began is not visible here: its thread comes back NULL and `store_events`
reads it after."""
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
WAITING_OF_TYPE = """
SELECT event_id FROM webhook_events
WHERE job_status = 'queued' AND center_id = %(center_id)s AND event_type = %(event_type)s
  AND body->'data'->>'coalesce' IS NOT DISTINCT FROM %(coalesce)s
LIMIT 1
"""
"""An event of this center, type and coalescing key not yet started (the partial index of open events
finds it)."""
COUNT_BY_STATUS = """
SELECT job_status, count(*) AS n FROM webhook_events
WHERE %(all_centers)s OR center_id = ANY(%(centers)s) GROUP BY job_status
"""


@dataclass(frozen=True)
class QueuedJob:
    """A job to defer with its event: the fields of procrastinate's `procrastinate_job_to_defer_v1`
    (no scheduled time: due at once)."""

    queue_name: str
    task_name: str
    priority: int
    lock: str | None
    queueing_lock: str | None
    args: dict[str, Any]


@dataclass(frozen=True)
class NewEvent:
    """An event to store (already redacted) with its thread and the job that runs it."""

    event: Event
    thread_id: str
    job: QueuedJob


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


async def store_events(pool: AsyncConnectionPool, rows: Sequence[NewEvent]) -> list[tuple[str, bool]]:
    """Persist `rows` (distinct event ids) and defer the job of each new one, in one statement; for each
    row in order (thread_id, created), as `store_event` answers. All or nothing: on an error nothing is
    stored and the caller decides what to retry."""
    batch = to_json(
        [
            {
                "n": n,
                "event_id": r.event.id,
                "event_type": r.event.type,
                "center_id": r.event.center_id,
                "occurred_at": r.event.occurred_at,
                "body": r.event,
                "thread_id": r.thread_id,
                "queue_name": r.job.queue_name,
                "task_name": r.job.task_name,
                "priority": r.job.priority,
                "lock": r.job.lock,
                "queueing_lock": r.job.queueing_lock,
                "args": r.job.args,
            }
            for n, r in enumerate(rows)
        ]
    ).decode()
    async with pool.connection() as conn:
        answers = await (await conn.execute(STORE_EVENTS, {"rows": batch})).fetchall()
        results = []
        for answer in answers:
            thread = _get(answer, "thread_id")
            if thread is None:  # conflicted with a row committed after the statement began
                existing = await (await conn.execute(THREAD_OF_EVENT, (_get(answer, "event_id"),))).fetchone()
                if existing is None:
                    raise RuntimeError(f"event {_get(answer, 'event_id')} conflicted but is not stored")
                thread = _get(existing, "thread_id")
            results.append((str(thread), bool(_get(answer, "created"))))
    return results


async def waiting_of_type(
    pool: AsyncConnectionPool, center_id: str, event_type: str, coalesce: str | None
) -> str | None:
    """The id of an event of `event_type` for the center, with the same `data.coalesce` key, still queued
    (not yet begun), or None."""
    params = {"center_id": center_id, "event_type": event_type, "coalesce": coalesce}
    async with pool.connection() as conn:
        row = await (await conn.execute(WAITING_OF_TYPE, params)).fetchone()
    return None if row is None else str(_get(row, "event_id"))


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
