"""Events whose job gave up or vanished without the event learning it (the job's own update was lost
with a dropped connection) are re-taken by the sweep, and parked once out of attempts; an event whose
job is still queued or running is left alone."""

from __future__ import annotations

import pytest

from procare_ai.jobs import RUN_EVENT, YieldingRetry
from services.runs import retake_orphaned
from tests.integration.queue_world import World, event, queue_world

pytestmark = pytest.mark.integration

GRACE = 60.0


async def _lose_job(w: World, event_id: str, *, attempts: int) -> None:
    """What an outage leaves: the job ended (`failed`) while the event still says `queued`, aged past
    the grace period, with `attempts` counted."""
    await w.execute("UPDATE procrastinate_jobs SET status = 'failed' WHERE args->>'event_id' = %s", event_id)
    await w.execute(
        "UPDATE webhook_events SET attempts = %s, updated_at = now() - interval '5 minutes' "
        "WHERE event_id = %s",
        attempts,
        event_id,
    )


async def _sweep(w: World, max_attempts: int = 3) -> tuple[list[str], list[str]]:
    retaken, parked = await retake_orphaned(
        w.services, task_name=RUN_EVENT, grace_seconds=GRACE, max_attempts=max_attempts
    )
    return [e.event_id for e in retaken], [e.event_id for e in parked]


async def test_the_sweep_retakes_an_orphaned_event_and_parks_one_out_of_attempts(fresh_db: str) -> None:
    async with queue_world(fresh_db, YieldingRetry(attempts=3)) as w:
        orphan, spent, waiting = [await w.accept(event()) for _ in range(3)]
        await _lose_job(w, orphan, attempts=1)
        await _lose_job(w, spent, attempts=3)
        await w.execute(  # old, but its job is still queued: not an orphan
            "UPDATE webhook_events SET updated_at = now() - interval '5 minutes' WHERE event_id = %s", waiting
        )

        assert await _sweep(w) == ([orphan], [spent])
        assert [j["status"] for j in await w.jobs_of(orphan)] == ["failed", "todo"]  # a new job
        retaken = await w.stored(orphan)
        assert retaken.job_status == "queued" and retaken.attempts == 2
        parked = await w.stored(spent)
        assert parked.job_status == "failed" and "stopped without finishing" in (parked.job_error or "")
        (thread,) = await w.rows("SELECT status FROM audit_threads WHERE thread_id = %s", parked.thread_id)
        assert thread["status"] == "failed"
        assert [j["status"] for j in await w.jobs_of(waiting)] == ["todo"]
        assert await _sweep(w) == ([], [])  # the re-taken one has a job again; nothing else is open


async def test_a_fresh_event_is_not_taken_for_an_orphan(fresh_db: str) -> None:
    """Within the grace period an event may be ahead of its job's status: the sweep waits."""
    async with queue_world(fresh_db, YieldingRetry(attempts=3)) as w:
        recent = await w.accept(event())
        await w.execute(
            "UPDATE procrastinate_jobs SET status = 'failed' WHERE args->>'event_id' = %s", recent
        )
        assert await _sweep(w) == ([], [])
