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
SELECT_EVENT = """
SELECT event_id, event_type, center_id, occurred_at, received_at, body, thread_id, job_status, job_error
FROM webhook_events WHERE event_id = %s
"""
SET_JOB_STATUS = """
UPDATE webhook_events SET job_status = %s, job_error = %s, updated_at = now() WHERE event_id = %s
"""
COUNT_BY_STATUS = "SELECT job_status, count(*) AS n FROM webhook_events GROUP BY job_status"


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
    if row is None:
        return None
    data: dict[str, Any] = dict(row)  # type: ignore[call-overload]
    return StoredEvent(event=Event.model_validate(data.pop("body")), **data)


async def set_job_status(
    pool: AsyncConnectionPool, event_id: str, status: JobStatus, *, error: str | None = None
) -> None:
    """Record where the event's job stands (the worker calls this around a run)."""
    async with pool.connection() as conn:
        await conn.execute(SET_JOB_STATUS, (status, error, event_id))


async def count_by_status(pool: AsyncConnectionPool) -> dict[str, int]:
    """Events per job status (for /metrics): {"queued": n, "running": n, "done": n, "failed": n}."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(COUNT_BY_STATUS)).fetchall()
    counts = dict.fromkeys(("queued", "running", "done", "failed"), 0)
    counts.update({_get(r, "job_status"): int(_get(r, "n")) for r in rows})
    return counts


def _get(row: Any, key: str) -> Any:
    """Rows are dicts (the shared pool uses dict_row); tuples would be a pool misconfiguration."""
    return row[key]
