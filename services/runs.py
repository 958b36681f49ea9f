"""What a worker does with its jobs: run a stored event, and finish decisions a crash interrupted."""

from __future__ import annotations

import logging

from checkpoints.audit_index import stalled_threads
from checkpoints.events import load_event, set_job_status
from services.context import Services
from services.errors import NotFound
from services.runner import RunOutcome

log = logging.getLogger(__name__)


async def run_stored_event(services: Services, event_id: str) -> RunOutcome:
    """Run one stored event through the graph (to its review interrupt or its end), recording the job's
    status on the event row; a failure is recorded, then re-raised so the queue retries it."""
    stored = await load_event(services.pool, event_id)
    if stored is None:
        raise NotFound(f"event {event_id} is not stored; nothing to run")
    await set_job_status(services.pool, event_id, "running")
    try:
        outcome = await services.runner.start(stored.event)
    except Exception as exc:
        await set_job_status(services.pool, event_id, "failed", error=str(exc)[:500])
        raise
    await set_job_status(services.pool, event_id, "done")
    log.info("event %s -> thread %s: %s", event_id, outcome.thread_id, outcome.status)
    return outcome


async def recover_stalled(services: Services, *, older_than_seconds: float) -> int:
    """Finish every decision whose process died mid-execution (writes are idempotent); how many."""
    recovered = 0
    for thread_id in await stalled_threads(services.pool, older_than_seconds=older_than_seconds):
        outcome = await services.runner.recover(thread_id)
        log.info("recovered thread %s: %s", thread_id, outcome.status)
        recovered += 1
    return recovered
