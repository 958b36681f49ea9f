"""Scheduling of the daily scans: each center at its own local time, once per local day."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from services.scans import DAILY_SCANS, due_for_scan, scan_event

EVERY = timedelta(minutes=10)


def test_scan_is_due_in_the_window_after_the_local_time() -> None:
    at = time(6, 0)
    # 14:05 UTC in November is 06:05 in Los Angeles (UTC-8) and 09:05 in New York.
    now = datetime(2026, 11, 2, 14, 5, tzinfo=UTC)
    assert due_for_scan("America/Los_Angeles", now, at, EVERY) == "2026-11-02"
    assert due_for_scan("America/New_York", now, at, EVERY) is None
    assert due_for_scan("America/Los_Angeles", now + EVERY, at, EVERY) is None  # next tick: not again
    assert due_for_scan("America/Los_Angeles", now - EVERY, at, EVERY) is None  # 05:55: not yet


def test_local_day_not_utc_day_names_the_scan() -> None:
    # 07:02 UTC on Nov 3 is still Nov 2 at 23:02 in Los Angeles.
    late = datetime(2026, 11, 3, 7, 2, tzinfo=UTC)
    assert due_for_scan("America/Los_Angeles", late, time(23, 0), EVERY) == "2026-11-02"


def test_scan_events_are_one_per_center_kind_and_day() -> None:
    now = datetime(2026, 11, 2, 14, 5, tzinfo=UTC)
    a = scan_event("reviews", "S0001", "2026-11-02", now)
    b = scan_event("reviews", "S0001", "2026-11-02", now + EVERY)
    assert a.id == b.id == "scan-reviews-S0001-2026-11-02" and a.type == "scan.reviews"
    assert set(DAILY_SCANS) == {"credentials", "reviews", "onboarding", "training"}


def test_every_app_in_a_process_registers_the_tasks_under_their_own_names() -> None:
    """`db setup` then a queue (the demo), or a scan queueing several centers: each App built in one
    process has `procare:run_event`, bound to that App (procrastinate renames an added blueprint)."""
    from procare_ai.jobs import enqueuer, make_app

    apps = [make_app("postgresql://example/db") for _ in range(3)]
    for app in apps:
        assert {"procare:run_event", "procare:schedule_scans", "procare:escalate_overdue"} <= set(app.tasks)
        assert not any(name.startswith("procare:procare:") for name in app.tasks)
        task = enqueuer(app).task
        assert task.name == "procare:run_event" and task.blueprint is app
        retry = app.tasks["procare:retry_writes"]
        assert retry.blueprint is app and retry.retry_strategy is not None
    periodic = {p.periodic_id for p in apps[-1].periodic_registry.periodic_tasks.values()}
    assert periodic == {
        "daily-scans",
        "recover-stalled",
        "escalate-overdue",
        "retry-stalled-jobs",
        "retake-orphaned-events",
        "prune-checkpoints",
        "reschedule-write-retries",
    }


def test_a_waiting_retry_yields_its_lock_and_the_last_attempt_gives_up() -> None:
    """Each retry waits longer and sits one priority below its lane's fresh jobs (procrastinate lets a
    lock's higher-priority jobs go first), so a failing job never holds its center's lock while it waits."""
    from procrastinate.jobs import Job

    from procare_ai.jobs import LIVE_PRIORITY, LIVE_QUEUE, QUEUE, YieldingRetry

    retry = YieldingRetry(attempts=3, wait=2.0, factor=2.0)
    boom = RuntimeError("boom")

    def job(attempts: int, queue: str = QUEUE) -> Job:
        return Job(queue=queue, lock="center:S1", queueing_lock=None, task_name="t", attempts=attempts)

    first, second = (retry.get_retry_decision(exception=boom, job=job(n)) for n in (0, 1))
    assert first is not None and second is not None
    assert first.priority == second.priority == -1
    assert first.retry_at is not None and second.retry_at is not None and second.retry_at > first.retry_at
    live = retry.get_retry_decision(exception=boom, job=job(0, LIVE_QUEUE))
    assert live is not None and live.priority == LIVE_PRIORITY - 1  # still ahead of every batch job
    assert retry.gives_up(boom, job(2)) and not retry.gives_up(boom, job(1))
