"""Retrying approved write-backs that Procare answered with a transient failure (5xx, 429, timeout).

A decision whose writes fail transiently leaves its thread `retrying_writes`. The job queue then tries the
failed writes again with backoff (procare_ai.jobs `retry_writes`), and past the limit the thread is
`failed` and a director retries from the API, the CLI or the inbox. Every path runs the graph's `execute`
again through the runner, with the same idempotency keys, so however many retries run, a write lands once.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from checkpoints.audit_index import threads_with_status
from services.errors import Conflict, ThreadBusy
from services.runner import RunOutcome

if TYPE_CHECKING:  # Services holds a WriteRetryQueue: the type only, to keep the import one way
    from services.context import Services

log = logging.getLogger(__name__)


class WriteRetryQueue(Protocol):
    """Where a thread's write retries are queued (procare_ai.jobs over procrastinate; tests: a fake)."""

    async def schedule(self, thread_id: str) -> bool:
        """Queue a retry of the thread's failed writes after the first backoff; False if one is queued."""
        ...


class WritesStillFailing(Conflict):
    """The retry ran and a write still failed transiently: the job queue tries again after its backoff."""

    code = "writes_still_failing"


async def schedule_if_needed(services: Services, outcome: RunOutcome) -> RunOutcome:
    """Queue the retry of a leg that ended `retrying_writes` (a process without a queue leaves it to the
    workers' sweep, `reschedule_stranded`)."""
    if outcome.status == "retrying_writes" and services.write_retries is not None:
        await services.write_retries.schedule(outcome.thread_id)
    return outcome


async def retry_from_queue(services: Services, thread_id: str) -> RunOutcome:
    """The job's attempt: retry the thread's failed writes. Raises WritesStillFailing while the thread
    is still `retrying_writes`, so the queue retries after its backoff; returns once the writes landed,
    failed for good, or reached the limit (`failed`, for a director)."""
    try:
        outcome = await services.runner.retry_writes(thread_id)
    except ThreadBusy:  # a director's retry holds it: the queue tries again after its backoff
        raise
    except Conflict as exc:
        log.info("write retry of %s: nothing left to retry (%s)", thread_id, exc.message)
        return await services.runner.outcome(thread_id)
    log.info("write retry of %s: %s", thread_id, outcome.status)
    if outcome.status == "retrying_writes":
        failing = [r for r in outcome.state.results if r.retryable]
        raise WritesStillFailing(
            f"thread {thread_id}: {len(failing)} write(s) still failing ({failing[0].error}); retrying later"
        )
    return outcome


async def reschedule_stranded(services: Services) -> int:
    """Queue a retry for every thread still `retrying_writes` without one (its process stopped before
    queueing it, or its job ran out of attempts while another worker held the thread); how many."""
    if services.write_retries is None:
        return 0
    queued = 0
    for thread_id in await threads_with_status(services.pool, "retrying_writes"):
        queued += await services.write_retries.schedule(thread_id)
    return queued
