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
    assert set(DAILY_SCANS) == {"credentials", "reviews", "onboarding"}


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
    periodic = {p.periodic_id for p in apps[-1].periodic_registry.periodic_tasks.values()}
    assert periodic == {"daily-scans", "recover-stalled", "escalate-overdue", "retry-stalled-jobs"}
