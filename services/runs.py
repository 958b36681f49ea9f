"""What a worker does with its jobs: run a stored event, park one whose job gave up, re-take events whose
job vanished, and finish decisions a crash interrupted."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

import psycopg
from psycopg import AsyncConnection

from agents.common.types import Event, stable_id
from agents.registry import FOLLOW_UP_EVENTS
from checkpoints.audit_index import stalled_threads
from checkpoints.events import StoredEvent, begin_attempt, end_attempt, park, sweep_orphaned
from services.context import Services
from services.errors import NotFound
from services.follow_ups import accept_follow_ups
from services.ingest import STAFF_KEYS, IngestResult, accept_event, lane_for, lock_for
from services.runner import RunOutcome
from services.skills import refresh_for_event

log = logging.getLogger(__name__)

MAX_ERROR = 500


def why(exc: BaseException) -> str:
    """What a failed attempt records: the error's class and first line, bounded (never a traceback)."""
    first = next((line.strip() for line in str(exc).splitlines() if line.strip()), "")
    return f"{type(exc).__name__}: {first}"[:MAX_ERROR] if first else type(exc).__name__


async def run_stored_event(
    services: Services, event_id: str, *, gives_up: Callable[[Exception], bool] = lambda exc: False
) -> RunOutcome:
    """Run one stored event through the graph (to its review interrupt or its end).

    The attempt is counted in the statement that loads the event, before anything else, so an attempt
    lost with its connection still counts. A failure is recorded, then re-raised so the queue retries:
    the event waits `queued` with the error, or, when `gives_up(exc)` says this was the last attempt, is
    parked `failed` (its thread indexed `failed`), visible to operators and blocking nothing.
    """
    try:
        stored = await begin_attempt(services.pool, event_id)
    except psycopg.OperationalError:
        await _drop_broken_connections(services)  # the retry then starts on a live connection
        raise
    if stored is None:
        raise NotFound(f"event {event_id} is not stored; nothing to run")
    try:
        refreshed = await refresh_for_event(services, stored.event)
        if refreshed is not None:
            log.info("event %s: skills profile %s", event_id, refreshed)
        outcome = await services.runner.start(stored.event)
        follow_up = await queue_follow_up(services, stored.event)
        if follow_up is not None and not follow_up.duplicate:
            log.info("event %s: follow-up %s queued", event_id, follow_up.event_id)
        await accept_follow_ups(services, outcome)  # the ones the run itself asked for
    except Exception as exc:
        await _record_failure(services, stored, exc, final=gives_up(exc))
        raise
    await end_attempt(services.pool, event_id, "done")
    log.info("event %s -> thread %s: %s", event_id, outcome.thread_id, outcome.status)
    return outcome


def follow_up_event(event: Event) -> Event | None:
    """The internal event an event's run calls for (agents.registry.FOLLOW_UP_EVENTS), same center and
    person, with an id derived from the event's: a retried run queues it once."""
    kind = FOLLOW_UP_EVENTS.get(event.type)
    if kind is None:
        return None
    suffix = kind.rsplit(".", 1)[-1]
    event_id = f"{event.id}~{suffix}"
    if len(event_id) > 200:
        event_id = f"{suffix}-{stable_id(event.id)}"
    data = {k: event.data[k] for k in STAFF_KEYS if k in event.data}
    return Event(id=event_id, type=kind, occurred_at=event.occurred_at, center_id=event.center_id, data=data)


async def queue_follow_up(services: Services, event: Event) -> IngestResult | None:
    """Store and queue the follow-up of `event`, if it calls for one and a job queue is open."""
    follow_up = follow_up_event(event)
    if follow_up is None or services.enqueuer is None:
        return None
    return await accept_event(services, follow_up)


async def _record_failure(services: Services, stored: StoredEvent, exc: Exception, *, final: bool) -> None:
    """Record a failed attempt; if the database is what failed, drop the pool's broken connections first
    (the next attempt then starts on a live one), and if recording fails too, the sweep of orphaned
    events finds the event later (`retake_orphaned`)."""
    if isinstance(exc, psycopg.OperationalError):
        await _drop_broken_connections(services)
    try:
        if final:
            await park(services.pool, stored, why(exc))
            log.error("event %s parked after %d attempts: %s", stored.event_id, stored.attempts, why(exc))
        else:
            await end_attempt(services.pool, stored.event_id, "queued", error=why(exc))
    except psycopg.Error as record_exc:
        log.warning("event %s: its failed attempt could not be recorded: %s", stored.event_id, record_exc)


async def _drop_broken_connections(services: Services) -> None:
    """After a lost connection, check every idle connection of the pool and drop the dead ones.

    A database restart or `pg_terminate_backend` kills every connection at once, but the pool only
    checks one that sat idle for a while (checkpoints.db.check_if_idle), so the next attempts could each
    draw another dead one and use up the job's retries on them."""
    with contextlib.suppress(Exception):  # the pool reports what it drops; nothing here may mask `exc`
        await services.pool.check()


async def retake_orphaned(
    services: Services, *, task_name: str, grace_seconds: float, max_attempts: int
) -> tuple[list[StoredEvent], list[StoredEvent]]:
    """Events left `queued` or `running` with no job to finish them (their job gave up or vanished while
    the database was unreachable, so the event never learnt): queue a new job for each with attempts
    left, park the others. Returns (re-taken, parked)."""
    enqueuer = services.enqueuer
    if enqueuer is None:
        raise RuntimeError("no job queue is open: orphaned events can be re-taken only by a worker")

    async def retake(conn: AsyncConnection[Any], stored: StoredEvent) -> None:
        event = stored.event
        await enqueuer.enqueue(stored.event_id, stored.thread_id, lock_for(event), conn, lane=lane_for(event))

    retaken, parked = await sweep_orphaned(
        services.pool,
        task_name=task_name,
        grace_seconds=grace_seconds,
        max_attempts=max_attempts,
        retake=retake,
    )
    for stored in retaken:
        log.warning(
            "event %s had no job left; queued again (attempt %d)", stored.event_id, stored.attempts + 1
        )
    for stored in parked:
        log.error("event %s had no job left after %d attempts; parked", stored.event_id, stored.attempts)
    return retaken, parked


async def recover_stalled(services: Services, *, older_than_seconds: float) -> int:
    """Finish every decision whose process died mid-execution (writes are idempotent); how many."""
    recovered = 0
    for thread_id in await stalled_threads(services.pool, older_than_seconds=older_than_seconds):
        outcome = await services.runner.recover(thread_id)
        log.info("recovered thread %s: %s", thread_id, outcome.status)
        recovered += 1
    return recovered
