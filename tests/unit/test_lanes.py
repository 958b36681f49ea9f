"""Which lane an event takes and what it locks: live ratio events never share a lock or a slot with batch."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

import pytest

from agents.common.types import Event
from agents.registry import LIVE_EVENT_TYPES
from procare_ai.jobs import LIVE_QUEUE, QUEUE
from procare_ai.lanes import BATCH_NICENESS, LIVE_POLL_SECONDS, pool_size, run_lanes, slots
from services.ingest import lane_for, lock_for
from services.scans import scan_event

NOW = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def event(type_: str, **data: object) -> Event:
    return Event(id="e1", type=type_, occurred_at=NOW, center_id="S1", data=dict(data))


def test_attendance_is_live_and_locks_apart_from_the_centers_batch_work() -> None:
    assert "attendance.changed" in LIVE_EVENT_TYPES
    for data in ({"classroom_id": "R1", "child_id": "K1"}, {"classroom_id": "R1", "employee_id": "E1"}):
        live = event("attendance.changed", **data)
        assert lane_for(live) == "live" and lock_for(live) == "live:S1"
    scan = scan_event("credentials", "S1", "2026-11-02", NOW)
    assert lane_for(scan) == "batch" and lock_for(scan) == "center:S1"
    payroll = event("timesheet.submitted", employee_id="E1")
    assert lane_for(payroll) == "batch" and lock_for(payroll) == "staff:S1:E1"
    schedule = event("schedule.published")  # the ratio workflow's planning event is batch work
    assert lane_for(schedule) == "batch" and lock_for(schedule) == "center:S1"


@pytest.mark.parametrize(("lanes", "expected"), [("all", (4, 2)), ("live", (0, 2)), ("batch", (4, 0))])
def test_worker_slots_by_lane(lanes: str, expected: tuple[int, int]) -> None:
    assert slots(lanes, 4, 2) == expected  # type: ignore[arg-type]
    assert slots("live", 4, 0) == (0, 1)  # a live-only worker always has a slot


def test_the_pool_has_room_for_every_slot() -> None:
    assert pool_size(4, 2) > 2 * 6 and pool_size(0, 1) >= 3


def test_only_a_batch_only_worker_lowers_its_cpu_priority() -> None:
    """Run in child processes: a process cannot raise its priority back."""
    probe = (
        "import os, sys; from procare_ai.lanes import deprioritise_batch as d;"
        " print(os.nice(0), d(sys.argv[1]))"
    )
    seen: dict[str, int] = {}
    for lanes in ("all", "live", "batch"):
        done = subprocess.run(
            [sys.executable, "-c", probe, lanes], capture_output=True, text=True, check=True
        )
        before, after = map(int, done.stdout.split())
        seen[lanes] = after - before
    assert seen["all"] == seen["live"] == 0
    assert seen["batch"] == min(BATCH_NICENESS, 19 - before)


def test_the_live_lane_polls_besides_listening() -> None:
    """procrastinate drops a NOTIFY that arrives mid-fetch; the live lane's own poll bounds its cost."""
    started: dict[str, dict[str, object]] = {}

    class App:
        async def run_worker_async(self, **lane: object) -> None:
            started[str(lane["name"])] = lane

    app: Any = App()
    asyncio.run(run_lanes(app, concurrency=1, live_concurrency=1, wait=False, install_signal_handlers=False))
    assert started["live"]["fetch_job_polling_interval"] == LIVE_POLL_SECONDS < 1
    assert started["live"]["queues"] == [LIVE_QUEUE] and started["batch"]["queues"] is None
    started.clear()  # a batch-only process (`--lanes batch`) leaves live jobs to the live lanes
    asyncio.run(
        run_lanes(
            app,
            concurrency=2,
            live_concurrency=0,
            wait=False,
            install_signal_handlers=False,
            batch_takes_live=False,
        )
    )
    assert list(started) == ["batch"] and started["batch"]["queues"] == [QUEUE]
