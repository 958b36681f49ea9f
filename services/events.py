"""Received events and their jobs, for operators: list them by job status (a parked `failed` event says
why and after how many attempts), and put a parked event back in the queue once its cause is fixed.

The API (`GET /events`, `POST /events/{event_id}/retry`) and the CLI (`procare-ai events list|retry`)
call these with their principal; a principal sees only its centers' events.
"""

from __future__ import annotations

from typing import Any, get_args

from psycopg import AsyncConnection

from checkpoints import events as store
from checkpoints.events import JobStatus, StoredEvent
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.context import Services
from services.errors import Conflict, Forbidden, NotFound
from services.ingest import lane_for, lock_for

JOB_STATUSES: tuple[JobStatus, ...] = get_args(JobStatus)
MAX_LIMIT = 500


async def list_events(
    services: Services,
    principal: Principal,
    *,
    status: str | None = None,
    center: str | None = None,
    limit: int = 100,
) -> list[StoredEvent]:
    """The caller's centers' events (or one center's), latest change first, optionally of one status."""
    if status is not None and status not in JOB_STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(JOB_STATUSES)}, got {status!r}")
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be between 1 and {MAX_LIMIT}, got {limit}")
    if center is not None and not principal.sees_center(center):
        return []
    rows = await store.listing(
        services.pool,
        status=status,  # type: ignore[arg-type]
        centers=[center] if center is not None else sorted(principal.centers),
        all_centers=center is None and principal.all_centers,
        center=center,
        limit=limit,
    )
    return [r for r in rows if principal.sees_center(r.center_id)]


async def retry_event(services: Services, principal: Principal, event_id: str) -> StoredEvent:
    """Queue a parked event again with its attempts reset (its lock and lane as at ingest): NotFound
    outside the caller's centers, Conflict when it is not parked."""
    if not principal.can("events.retry"):
        raise Forbidden(f"role {principal.role} may not retry events")
    stored = await store.load_event(services.pool, event_id)
    if stored is None or not principal.sees_center(stored.center_id):
        raise NotFound(f"no event {event_id}")
    enqueuer = services.enqueuer
    if enqueuer is None:
        raise RuntimeError("no job queue is open: events can be retried only by the API or a worker")
    event = stored.event

    async def enqueue(conn: AsyncConnection[Any]) -> None:
        await enqueuer.enqueue(stored.event_id, stored.thread_id, lock_for(event), conn, lane=lane_for(event))

    requeued = await store.requeue(services.pool, event_id, enqueue)
    if requeued is None:
        raise Conflict(f"event {event_id} is not parked (its job is {stored.job_status})")
    return requeued
