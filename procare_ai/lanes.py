"""Worker capacity by lane: slots reserved for live events, the rest for everything.

A worker process runs two procrastinate workers on one event loop: the *live* one serves only the live
queue (`jobs.LIVE_QUEUE`: `attendance.changed`, see services.ingest.lane_for) with `live_concurrency`
slots that batch work never takes; the *batch* one serves every queue, live jobs first (they carry a
higher priority), with `concurrency` slots. So a 200-center daily scan can fill the batch slots and a live
ratio violation still starts at once; live jobs also never wait for a batch lock (their locks are
`live:<center>`), and the process's pool is sized for both (`pool_size`).

A live job starts on its NOTIFY; the live lane also polls every `LIVE_POLL_SECONDS`, because
procrastinate's worker clears its wake-up flag after each fetch: a notification that arrives while a fetch
is under way (its own 5 s poll, another job's wake-up) is lost, and the job waited for the next poll
(bench/alert_latency.py saw a 5 s p99 with no other load). A `--lanes batch` process takes no live job and
lowers its own CPU priority (`BATCH_NICENESS`, `deprioritise_batch`): on a shared host the live worker's
runs are scheduled before a daily scan's.

A stop signal stops both: running jobs finish, then the process exits (procrastinate's graceful stop).
A lane whose worker stops or fails on its own, because its database connection failed (a listener that
could not reconnect, a fetch on a dropped connection), is started again with backoff until the database
answers (`supervised`): a worker process outlives its database. The jobs the stopped worker held are
re-queued by the stalled-job sweep (procare_ai.jobs.retry_stalled_jobs), its worker row being gone or
silent.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from typing import Any, Literal

import procrastinate
import psycopg
from procrastinate import exceptions

from procare_ai.jobs import LIVE_QUEUE, QUEUE

log = logging.getLogger(__name__)

DEFAULT_LIVE_CONCURRENCY = 2
LIVE_POLL_SECONDS = 0.2
"""How often the live lane looks for jobs besides NOTIFY: bounds a lost notification's cost (one indexed
fetch per poll; procrastinate's default is 5 s)."""
BATCH_NICENESS = 10
"""How much a batch-only worker process lowers its CPU priority (`nice`), so live runs go first."""
RESTART_FIRST_SECONDS, RESTART_MAX_SECONDS = 0.5, 2.0
"""A lane's restart backoff. Short, because a restart during an outage already waits out the queue's
re-send window (procare_ai.queue_connector) before it fails again; a longer cap only delayed the first
job after the database came back (bench/db_outage.py: 9.9 s from accepted to done with 10 s)."""
DATABASE_ERRORS = (exceptions.ConnectorException, psycopg.Error, OSError)
"""What a lane's worker fails with when its database is away; anything else is a bug and stops it."""


def pool_size(concurrency: int, live_concurrency: int) -> int:
    """Connections a worker process needs: one per running job for its thread lock and checkpoints, one
    more per job for what it reads meanwhile (rollout phase, event row), and a spare pair for the rest."""
    return 2 * (concurrency + live_concurrency) + 2


Lanes = Literal["all", "live", "batch"]


def slots(lanes: Lanes, concurrency: int, live_concurrency: int) -> tuple[int, int]:
    """(batch slots, live slots) of a worker process serving `lanes`: `all` both (its batch slots take
    live jobs first when free), `live` only the live queue, `batch` only the batch queue: a live job never
    runs in a process busy with a scan at a lowered priority, so a `live` or `all` worker must run too."""
    if lanes == "live":
        return 0, max(1, live_concurrency)
    if lanes == "batch":
        return concurrency, 0
    return concurrency, live_concurrency


def deprioritise_batch(lanes: Lanes) -> int:
    """Lower this process's CPU priority by `BATCH_NICENESS` when it serves batch work only (no live slot
    shares its scheduling); returns the niceness now in force (unchanged for `all` and `live`)."""
    if lanes != "batch" or not hasattr(os, "nice"):
        return os.nice(0) if hasattr(os, "nice") else 0
    return os.nice(BATCH_NICENESS)


async def supervised(queue_app: procrastinate.App, *, wait: bool, name: str, **lane: Any) -> None:
    """Run one lane's worker; when it stops or fails on its own for a database reason (never when this
    task is cancelled: that is a stop), start it again after a backoff that doubles up to 2 s. With
    `wait=False` a worker that finds the queue empty has simply finished."""
    delay = RESTART_FIRST_SECONDS
    while True:
        try:
            await queue_app.run_worker_async(wait=wait, install_signal_handlers=False, name=name, **lane)
            if not wait:
                return
            log.warning("the %s worker stopped (its database connection failed); restarting", name)
        except DATABASE_ERRORS as exc:
            reason = exc.__cause__ or exc  # procrastinate's wrapper says only "Database error"
            log.warning("the %s worker failed (%s); restarting", name, str(reason).strip() or type(reason))
        await asyncio.sleep(delay)
        delay = min(delay * 2, RESTART_MAX_SECONDS)


async def run_lanes(
    queue_app: procrastinate.App,
    *,
    concurrency: int,
    live_concurrency: int = DEFAULT_LIVE_CONCURRENCY,
    wait: bool = True,
    install_signal_handlers: bool = True,
    batch_takes_live: bool = True,
) -> None:
    """Run the batch worker (`concurrency` slots, every queue, or the batch queue alone when not
    `batch_takes_live`) and the live worker (`live_concurrency` slots, live queue only) until a stop signal
    or, with `wait=False`, empty queues; 0 slots: not run."""
    lanes: list[dict[str, Any]] = []
    if concurrency > 0:
        queues = None if batch_takes_live else [QUEUE]
        lanes.append({"name": "batch", "queues": queues, "concurrency": concurrency})
    if live_concurrency > 0:
        lanes.append(
            {
                "name": "live",
                "queues": [LIVE_QUEUE],
                "concurrency": live_concurrency,
                "fetch_job_polling_interval": LIVE_POLL_SECONDS,
            }
        )
    tasks = [asyncio.create_task(supervised(queue_app, wait=wait, **lane)) for lane in lanes]
    loop = asyncio.get_running_loop()
    handled: list[signal.Signals] = []

    def stop() -> None:
        for task in tasks:  # procrastinate's worker shuts down gracefully when cancelled
            task.cancel()

    if install_signal_handlers:
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
                loop.add_signal_handler(sig, stop)
                handled.append(sig)
    try:
        done, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
        for task in pending:  # one lane failed: stop the other too, the caller decides what follows
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
    finally:  # also when this call is cancelled: each worker still stops gracefully
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for sig in handled:
            loop.remove_signal_handler(sig)
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            raise task.exception()  # type: ignore[misc]
