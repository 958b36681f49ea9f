"""Reserved live capacity on the real queue: with every batch slot busy (a scan holding its center's lock),
a live job is taken at once by the live slots (procrastinate on real Postgres, `procare_ai.lanes`)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import procrastinate
import pytest

from procare_ai.jobs import LIVE_PRIORITY, LIVE_QUEUE, QUEUE
from procare_ai.lanes import run_lanes

pytestmark = pytest.mark.integration

BOUND = 120.0
"""Seconds before the test gives up waiting (a failure bound on a loaded machine, not a timing claim)."""


async def until(what: str, done: Callable[[], bool]) -> None:
    async def poll() -> None:
        while not done():
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), BOUND)
    except TimeoutError:
        raise AssertionError(f"gave up waiting for {what}") from None


async def test_a_live_job_runs_while_the_batch_slots_are_full(fresh_db: str) -> None:
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=fresh_db))
    release = asyncio.Event()
    batch_started: list[int] = []
    live_ran: list[str] = []

    @app.task(name="scan", queue=QUEUE)
    async def scan(n: int) -> None:
        batch_started.append(n)
        await release.wait()

    @app.task(name="ratio_event", queue=LIVE_QUEUE)
    async def ratio_event(room: str) -> None:
        live_ran.append(room)

    async with app.open_async():
        await scan.configure(lock="center:S1").defer_async(n=1)
        await scan.configure(lock="center:S2").defer_async(n=2)
        lanes = asyncio.create_task(
            run_lanes(app, concurrency=1, live_concurrency=1, install_signal_handlers=False)
        )
        try:
            await until("the scan to take the batch slot", lambda: bool(batch_started))
            await ratio_event.configure(lock="live:S1", priority=LIVE_PRIORITY).defer_async(room="R1")
            await until("the live job", lambda: live_ran == ["R1"])
            assert batch_started == [1]  # the one batch slot is still held; the second scan still waits
            release.set()
            await until("the second scan", lambda: batch_started == [1, 2])
        finally:
            release.set()
            lanes.cancel()
            await asyncio.gather(lanes, return_exceptions=True)
