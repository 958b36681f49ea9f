"""The durable job queue (procrastinate on the same Postgres): graph runs and the daily scans.

Webhook ingest defers `run_event` in the same transaction that stores the event, so a 202 means the
event and its job are both on disk. Jobs for one staff member (or one center, for center-wide work) run
one at a time through procrastinate's `lock`; any number of worker processes, on any machine, share the
queue. Failed jobs retry with exponential backoff (`YieldingRetry`: a job waiting for its next attempt lets
the lock's later jobs go first, so one poison event never holds up its center); after the last attempt the
event is parked `failed`. A thread already done is never run twice because the thread id is derived from
the event. The tasks call the same use cases (services/) as the API and CLI.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any

import procrastinate
import psycopg
from procrastinate import BaseRetryStrategy, RetryDecision, RetryStrategy
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import Job, JobDeferrer
from procrastinate.tasks import Task
from psycopg import AsyncConnection

from agents.registry import DAILY_SCANS
from procare_ai.queue_connector import OUTAGE_SECONDS, ReconnectingConnector
from services import escalations, licensing, retention, runs, write_retries
from services.context import Services
from services.errors import ThreadBusy
from services.ingest import Lane, QueuedJob, accept_event
from services.scans import due_for_scan, scan_event
from services.write_retries import WritesStillFailing

log = logging.getLogger(__name__)

QUEUE = "graph"
"""The batch lane's queue: daily scans, payroll, every event not marked live, the periodic jobs."""
LIVE_QUEUE = "live"
"""The live lane's queue (services.ingest.lane_for: `attendance.changed`), served first by every worker and
only by the reserved slots of `procare_ai.lanes`."""
LIVE_PRIORITY = 100
"""Live jobs are fetched before batch jobs by a worker that serves both queues."""
SCAN_EVERY_MINUTES = 10
RUN_EVENT = "procare:run_event"


@dataclass(frozen=True)
class YieldingRetry(BaseRetryStrategy):
    """Retry a failed job `attempts - 1` times with exponential backoff (`wait`, then x`factor`), each
    time at a priority just below its lane's.

    procrastinate serialises a lock's jobs by priority, then id: a job waiting for its retry with the
    priority it had would hold its lock (its center, its staff member) for the whole backoff, and an event
    that can never succeed would hold up every later job of its center for minutes. One notch lower, the
    waiting retry lets every fresh job of the lock go first; it still holds the lock while an attempt
    runs. After the last attempt the job fails and the event is parked (services.runs).
    """

    attempts: int = 6
    """Attempts in all, the first one included."""
    wait: float = 2.0
    factor: float = 2.0

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if job.attempts + 1 >= self.attempts:
            return None
        delay = self.wait * self.factor**job.attempts
        return RetryDecision(
            retry_in={"milliseconds": round(delay * 1000)}, priority=lane_priority(job.queue) - 1
        )

    def gives_up(self, exception: BaseException, job: Job) -> bool:
        """Whether the attempt that raised `exception` was the job's last."""
        return self.get_retry_decision(exception=exception, job=job) is None


def lane_priority(queue: str) -> int:
    """The priority fresh jobs of `queue` are deferred with."""
    return LIVE_PRIORITY if queue == LIVE_QUEUE else 0


RETRY = YieldingRetry()
ORPHAN_GRACE_SECONDS = 60.0
"""An open event must have had no queued or running job for this long before the sweep re-takes it (a
job's own status changes go event first, so an event briefly ahead of its job is never mistaken)."""
WRITE_ATTEMPTS = 6
"""Tries of a write that fails transiently before its thread is `failed` (PROCARE_AI_WRITE_ATTEMPTS)."""
WRITE_BACKOFF_SECONDS = 3
"""Base of the write retries' exponential backoff: waits of 3, 9, 27, 81 s... (procrastinate's
`exponential_wait`; PROCARE_AI_WRITE_RETRY_BACKOFF_SECONDS)."""


@dataclass
class _Bound:
    services: Services
    scan_at: time
    approval_slas: dict[str, timedelta] = field(default_factory=dict)
    retention: timedelta = timedelta(days=30)


_bound: _Bound | None = None


def bind(
    services: Services,
    *,
    scan_at: time,
    approval_slas: dict[str, timedelta] | None = None,
    retention: timedelta = timedelta(days=30),
) -> None:
    """Give the tasks of this process their services, the local time of the daily scans, the configured
    approval SLAs and the checkpoint retention age (called once by the worker command and the demo)."""
    global _bound
    _bound = _Bound(services, scan_at, dict(approval_slas or {}), retention)


def _get() -> _Bound:
    if _bound is None:
        raise RuntimeError("jobs are not bound to services: start them with `procare-ai worker`")
    return _bound


def make_app(
    database_url: str,
    *,
    retry: YieldingRetry = RETRY,
    write_attempts: int = WRITE_ATTEMPTS,
    write_backoff: int = WRITE_BACKOFF_SECONDS,
    outage_seconds: float = OUTAGE_SECONDS,
    pool_wait: float | None = None,
) -> procrastinate.App:
    """A procrastinate App on `database_url` with the project's tasks registered (`retry`: how run_event
    jobs are retried; tests shorten it; write retries with `write_backoff` as their exponential base, for
    `write_attempts` tries; `outage_seconds`: how long the queue's retry-safe statements are sent again
    through an outage, procare_ai.queue_connector, and `pool_wait` how long each waits for a connection,
    psycopg_pool's 30 s when None; tests shorten both to outlast them quickly).

    Each App gets its own blueprint (`blueprint()`): procrastinate renames a blueprint's tasks and binds
    them to the App it is added to, so a module-level blueprint added to a second App in one process (the
    demo, `db setup` then a queue) registered `procare:procare:run_event` and lost `procare:run_event`.
    """
    wait = {} if pool_wait is None else {"timeout": pool_wait}
    app = procrastinate.App(
        connector=ReconnectingConnector(conninfo=database_url, outage_seconds=outage_seconds, **wait)
    )
    app.add_tasks_from(blueprint(retry, write_attempts, write_backoff), namespace="procare")
    return app


@dataclass
class ProcrastinateEnqueuer:
    """services.ingest.Enqueuer over procrastinate: defers `task(event_id=..., thread_id=...)` on the
    ingest transaction's connection, with a `lock` (one job at a time per key), in its lane's queue (live
    jobs also with a higher priority)."""

    task: Task[Any, Any, Any]
    queue: str | None = None
    _templates: dict[Lane, Job] = field(default_factory=dict, repr=False)

    def job_for(self, event_id: str, thread_id: str, lock: str, *, lane: Lane = "batch") -> QueuedJob:
        """The job `enqueue` would defer, as a row for group commit (services.group_commit): the same
        queue, priority and lock, built from the lane's procrastinate job made once."""
        template = self._templates.get(lane)
        if template is None:
            template = self._templates[lane] = self._deferrer(None, None, lane).job
        return QueuedJob(
            queue_name=template.queue,
            task_name=template.task_name,
            priority=template.priority,
            lock=lock,
            queueing_lock=template.queueing_lock,
            args={**template.task_kwargs, "event_id": event_id, "thread_id": thread_id},
        )

    def _deferrer(self, lock: str | None, conn: AsyncConnection[Any] | None, lane: Lane) -> JobDeferrer:
        if lane == "live":
            return self.task.configure(lock=lock, connection=conn, queue=LIVE_QUEUE, priority=LIVE_PRIORITY)
        return self.task.configure(lock=lock, connection=conn, queue=self.queue)

    async def enqueue(
        self, event_id: str, thread_id: str, lock: str, conn: AsyncConnection[Any], *, lane: Lane = "batch"
    ) -> None:
        deferrer = self._deferrer(lock, conn, lane)
        try:
            await deferrer.defer_async(event_id=event_id, thread_id=thread_id)
        except procrastinate.exceptions.ConnectorException as exc:
            # The ingest connection failed under procrastinate: the caller sees the database error itself
            # (the API answers it 503, like any other lost connection), not the queue's wrapper of it.
            if isinstance(exc.__cause__, psycopg.Error):
                raise exc.__cause__ from None
            raise


def enqueuer(app: procrastinate.App) -> ProcrastinateEnqueuer:
    """The enqueuer ingest uses: `run_event` deferred on the ingest transaction's connection."""
    return ProcrastinateEnqueuer(app.tasks[RUN_EVENT])


@dataclass
class ProcrastinateWriteRetries:
    """services.write_retries.WriteRetryQueue over procrastinate: one `retry_writes` job per thread
    (its own lock, so a center's other jobs never wait behind it), first run after the first backoff."""

    app: procrastinate.App
    first_wait: int

    async def schedule(self, thread_id: str) -> bool:
        lock = f"writes:{thread_id}"
        for status in ("todo", "doing"):
            if list(await self.app.job_manager.list_jobs_async(lock=lock, status=status)):
                return False  # a retry is already queued or running; its own backoff goes on
        deferrer = self.app.tasks["procare:retry_writes"].configure(
            lock=lock, queueing_lock=lock, schedule_in={"seconds": self.first_wait}
        )
        try:
            await deferrer.defer_async(thread_id=thread_id)
        except AlreadyEnqueued:
            return False
        return True


def write_retry_queue(
    app: procrastinate.App, write_backoff: int = WRITE_BACKOFF_SECONDS
) -> ProcrastinateWriteRetries:
    """The queue of write retries the use cases schedule on (services.write_retries)."""
    return ProcrastinateWriteRetries(app, write_backoff)


async def retry_writes(thread_id: str) -> dict[str, Any]:
    """Try a thread's transiently failed writes again with the same idempotency keys; while they still
    fail, WritesStillFailing makes procrastinate retry this job after its exponential backoff."""
    outcome = await write_retries.retry_from_queue(_get().services, thread_id)
    return {"thread_id": outcome.thread_id, "status": outcome.status}


async def reschedule_write_retries(timestamp: int) -> int:
    """Every minute: queue a retry for threads still `retrying_writes` with none queued (a process that
    stopped before queueing it, a job that ran out of attempts while the thread was busy)."""
    return await write_retries.reschedule_stranded(_get().services)


def _retry_of(context: procrastinate.JobContext) -> YieldingRetry:
    assert context.app is not None
    strategy = context.app.tasks[RUN_EVENT].retry_strategy
    assert isinstance(strategy, YieldingRetry)
    return strategy


async def run_event(context: procrastinate.JobContext, event_id: str, thread_id: str) -> dict[str, Any]:
    """Run one stored event through the graph (to its review interrupt or its end); a failure is
    re-raised so procrastinate retries with backoff, and after the last attempt the event is parked."""
    retry, job = _retry_of(context), context.job
    outcome = await runs.run_stored_event(
        _get().services, event_id, gives_up=lambda exc: retry.gives_up(exc, job)
    )
    return {"thread_id": outcome.thread_id, "status": outcome.status}


async def retake_orphaned_events(context: procrastinate.JobContext, timestamp: int) -> int:
    """Every 30 seconds: queue again (or park, with no attempt left) the events whose job gave up or
    vanished without the event learning it, e.g. a job that died on a dropped connection before it
    counted its attempt; without this such an event stays `queued` for ever."""
    retaken, parked = await runs.retake_orphaned(
        _get().services,
        task_name=RUN_EVENT,
        grace_seconds=ORPHAN_GRACE_SECONDS,
        max_attempts=_retry_of(context).attempts,
    )
    return len(retaken) + len(parked)


async def schedule_scans(context: procrastinate.JobContext, timestamp: int) -> int:
    """Every 10 minutes: queue the daily scans (agents.registry) of each center whose local scan time just
    came. Scan events are stored like webhooks, so a repeat of the same day queues nothing."""
    bound = _get()
    services = bound.services
    now = datetime.fromtimestamp(timestamp, tz=UTC)
    queued = 0
    async for school in services.deps.procare.iter_schools():
        day = due_for_scan(school.timezone, now, bound.scan_at, timedelta(minutes=SCAN_EVERY_MINUTES))
        if day is None:
            continue
        for kind in DAILY_SCANS:
            result = await accept_event(services, scan_event(kind, school.school_id, day, now))
            queued += not result.duplicate
    return queued


STALLED_AFTER_SECONDS = 300


async def recover_stalled(timestamp: int) -> int:
    """Every 5 minutes: finish decisions whose process died mid-execution (writes are idempotent)."""
    return await runs.recover_stalled(_get().services, older_than_seconds=STALLED_AFTER_SECONDS)


async def escalate_overdue(timestamp: int) -> int:
    """Every 10 seconds: escalate to HR the approvals waiting past their workflow's SLA (policies.sla),
    and announce agency reports past their deadline and not marked filed; one indexed query each when
    nothing is due. The locks keep one sweep at a time."""
    bound = _get()
    swept = await escalations.sweep(bound.services, overrides=bound.approval_slas)
    overdue = await licensing.alert_overdue(bound.services)  # agency reports past their deadline, once
    return len(swept.escalated) + len(overdue.alerted)


async def prune_checkpoints(timestamp: int) -> int:
    """Every hour: keep only the latest checkpoint of threads done for longer than the retention age
    (services.retention); the lock keeps one pass at a time."""
    bound = _get()
    pruned = await retention.prune_finished(bound.services, older_than=bound.retention)
    if pruned.threads:
        before, after = pruned.per_thread()
        log.info("pruned %d threads: %.0f -> %.0f checkpoint bytes each", len(pruned.threads), before, after)
    return len(pruned.threads)


STALLED_JOB_HEARTBEAT_SECONDS = 30.0
"""A `doing` job is stalled once its worker has missed this long of heartbeats (procrastinate beats every
10 s; 30 s is its default threshold, so a busy but live worker is never mistaken for a dead one)."""


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


def blueprint(
    retry: YieldingRetry = RETRY,
    write_attempts: int = WRITE_ATTEMPTS,
    write_backoff: int = WRITE_BACKOFF_SECONDS,
) -> procrastinate.Blueprint:
    """A new blueprint of the project's tasks and their schedules (one per App: see `make_app`)."""
    bp = procrastinate.Blueprint()
    bp.task(name="run_event", queue=QUEUE, retry=retry, pass_context=True)(run_event)
    orphans = bp.task(
        name="retake_orphaned_events",
        queue=QUEUE,
        lock="retake_orphaned_events",
        queueing_lock="retake_orphaned_events",
        pass_context=True,
    )(retake_orphaned_events)
    bp.periodic(cron="* * * * * */30", periodic_id="retake-orphaned-events")(orphans)
    # The decision's own leg was the first try; two spare attempts cover a thread busy at retry time.
    write_retry = RetryStrategy(
        max_attempts=write_attempts + 1,
        exponential_wait=write_backoff,
        retry_exceptions={WritesStillFailing, ThreadBusy},
    )
    bp.task(name="retry_writes", queue=QUEUE, retry=write_retry, pass_context=False)(retry_writes)
    sweep = bp.task(name="reschedule_write_retries", queue=QUEUE, queueing_lock="reschedule_write_retries")(
        reschedule_write_retries
    )
    bp.periodic(cron="* * * * *", periodic_id="reschedule-write-retries")(sweep)
    scans = bp.task(name="schedule_scans", queue=QUEUE, pass_context=True)(schedule_scans)
    bp.periodic(cron=f"*/{SCAN_EVERY_MINUTES} * * * *", periodic_id="daily-scans")(scans)
    recover = bp.task(name="recover_stalled", queue=QUEUE, pass_context=False)(recover_stalled)
    bp.periodic(cron="*/5 * * * *", periodic_id="recover-stalled")(recover)
    escalate = bp.task(
        name="escalate_overdue", queue=QUEUE, lock="escalate_overdue", queueing_lock="escalate_overdue"
    )(escalate_overdue)
    bp.periodic(cron="* * * * * */10", periodic_id="escalate-overdue")(escalate)
    stalled = bp.task(
        name="retry_stalled_jobs", queue=QUEUE, queueing_lock="retry_stalled_jobs", pass_context=True
    )(retry_stalled_jobs)
    bp.periodic(cron="* * * * * */10", periodic_id="retry-stalled-jobs")(stalled)
    prune = bp.task(
        name="prune_checkpoints", queue=QUEUE, lock="prune_checkpoints", queueing_lock="prune_checkpoints"
    )(prune_checkpoints)
    bp.periodic(cron="17 * * * *", periodic_id="prune-checkpoints")(prune)
    return bp
