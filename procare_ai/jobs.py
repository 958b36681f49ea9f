"""The durable job queue (procrastinate on the same Postgres): graph runs and the daily scans.

Webhook ingest defers `run_event` in the same transaction that stores the event, so a 202 means the
event and its job are both on disk. Jobs for one staff member (or one center, for center-wide work) run
one at a time through procrastinate's `lock`; any number of worker processes, on any machine, share the
queue. Failed jobs retry with exponential backoff; a thread already done is never run twice because the
thread id is derived from the event.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import procrastinate
from procrastinate import RetryStrategy

from agents.types import Event
from api.enqueue import ProcrastinateEnqueuer, lock_for
from checkpoints.events import load_event, set_job_status, store_event
from graph.runner import thread_id_for
from procare_ai.errors import NotFound
from procare_ai.wiring import Services

log = logging.getLogger(__name__)

QUEUE = "graph"
SCAN_EVERY_MINUTES = 10
DAILY_SCANS = ("credentials", "reviews")
SCAN_KINDS = ("credentials", "reviews", "payroll")
RETRY = RetryStrategy(max_attempts=6, exponential_wait=2)

_services: Services | None = None


def bind(services: Services) -> None:
    """Give the tasks of this process their services (called once by the worker command)."""
    global _services
    _services = services


def _bound() -> Services:
    if _services is None:
        raise RuntimeError("jobs are not bound to services: start them with `procare-ai worker`")
    return _services


def make_app(database_url: str) -> procrastinate.App:
    """A procrastinate App on `database_url` with the project's tasks registered."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=database_url))
    app.add_tasks_from(blueprint, namespace="procare")
    return app


blueprint = procrastinate.Blueprint()


@blueprint.task(name="run_event", queue=QUEUE, retry=RETRY, pass_context=False)
async def run_event(event_id: str, thread_id: str) -> dict[str, Any]:
    """Run one stored event through the graph (to its review interrupt or its end)."""
    services = _bound()
    stored = await load_event(services.pool, event_id)
    if stored is None:
        raise NotFound(f"event {event_id} is not stored; nothing to run")
    await set_job_status(services.pool, event_id, "running")
    try:
        outcome = await services.runner.start(stored.event)
    except Exception as exc:  # recorded, then re-raised so procrastinate retries with backoff
        await set_job_status(services.pool, event_id, "failed", error=str(exc)[:500])
        raise
    await set_job_status(services.pool, event_id, "done")
    log.info("event %s -> thread %s: %s", event_id, outcome.thread_id, outcome.status)
    return {"thread_id": outcome.thread_id, "status": outcome.status}


def enqueuer(app: procrastinate.App) -> ProcrastinateEnqueuer:
    """The enqueuer ingest uses: `run_event` deferred on the ingest transaction's connection."""
    return ProcrastinateEnqueuer(app.tasks["procare:run_event"])


async def submit_event(pool: Any, app: procrastinate.App, event: Event) -> tuple[str, bool]:
    """Store an event and queue its run in one transaction (webhooks do the same through the API).

    Returns (thread_id, created); a second submit of the same event id starts nothing.
    """
    queue = enqueuer(app)
    thread_id = thread_id_for(event)

    async def enqueue(conn: Any) -> None:
        await queue.enqueue(event.id, thread_id, lock_for(event), conn)

    return await store_event(pool, event, thread_id, enqueue=enqueue)


def scan_event(kind: str, center_id: str, day: str, now: datetime) -> Event:
    """The internal event of a scheduled scan; one per center, kind and local day (so one thread)."""
    return Event(
        id=f"scan-{kind}-{center_id}-{day}", type=f"scan.{kind}", occurred_at=now, center_id=center_id
    )


def due_for_scan(tz_name: str, now_utc: datetime, at: time, every: timedelta) -> str | None:
    """The local date if the center's local scan time falls in the last `every`, else None."""
    local = now_utc.astimezone(ZoneInfo(tz_name))
    start = datetime.combine(local.date(), at, tzinfo=local.tzinfo)
    return local.date().isoformat() if start <= local < start + every else None


@blueprint.periodic(cron=f"*/{SCAN_EVERY_MINUTES} * * * *", periodic_id="daily-scans")
@blueprint.task(name="schedule_scans", queue=QUEUE, pass_context=True)
async def schedule_scans(context: procrastinate.JobContext, timestamp: int) -> int:
    """Every 10 minutes: queue the daily scans (credentials, review-due) of each center whose local scan
    time just came. Scan events are stored like webhooks, so a repeat of the same day queues nothing."""
    services = _bound()
    now = datetime.fromtimestamp(timestamp, tz=UTC)
    at = time.fromisoformat(services.settings.scan_local_time)
    queued = 0
    async for school in services.client.iter_schools():
        day = due_for_scan(school.timezone, now, at, timedelta(minutes=SCAN_EVERY_MINUTES))
        if day is None:
            continue
        assert context.app is not None
        for kind in DAILY_SCANS:
            _, created = await submit_event(
                services.pool, context.app, scan_event(kind, school.school_id, day, now)
            )
            queued += created
    return queued


STALLED_AFTER_SECONDS = 300


@blueprint.periodic(cron="*/5 * * * *", periodic_id="recover-stalled")
@blueprint.task(name="recover_stalled", queue=QUEUE, pass_context=False)
async def recover_stalled(timestamp: int) -> int:
    """Every 5 minutes: finish decisions whose process died mid-execution (writes are idempotent)."""
    from checkpoints.audit import stalled_threads

    services = _bound()
    recovered = 0
    for thread_id in await stalled_threads(services.pool, older_than_seconds=STALLED_AFTER_SECONDS):
        outcome = await services.runner.recover(thread_id)
        log.info("recovered thread %s: %s", thread_id, outcome.status)
        recovered += 1
    return recovered


STALLED_JOB_HEARTBEAT_SECONDS = 30.0
"""A `doing` job is stalled once its worker has missed this long of heartbeats (procrastinate beats every
10 s; 30 s is its default threshold, so a busy but live worker is never mistaken for a dead one)."""


@blueprint.periodic(cron="* * * * * */10", periodic_id="retry-stalled-jobs")
@blueprint.task(name="retry_stalled_jobs", queue=QUEUE, queueing_lock="retry_stalled_jobs", pass_context=True)
async def retry_stalled_jobs(context: procrastinate.JobContext, timestamp: int) -> int:
    """Every 10 seconds: put back in the queue the jobs of workers that died mid-run (SIGKILL, OOM, lost
    machine), so another worker runs them; without this procrastinate leaves them `doing` for ever.

    Re-running is safe: the runner locks the thread, a thread that reached its interrupt is not run again,
    and write-backs carry idempotency keys. The queueing lock keeps at most one of these jobs waiting.
    """
    assert context.app is not None
    manager = context.app.job_manager
    stalled = list(await manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_JOB_HEARTBEAT_SECONDS))
    for job in stalled:
        log.warning("retrying job %s (%s) of a dead worker", job.id, job.task_name)
        await manager.retry_job(job)
    return len(stalled)
