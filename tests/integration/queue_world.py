"""A worker's world on the real queue: services over a fresh database (real graph runner, Postgres
checkpointer, FakeProcare with no school so no daily scan ever falls due), the project's procrastinate App
with a retry policy the test chooses, and helpers to read where events and jobs stand."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

import procrastinate

from agents.common.llm import OfflineDrafter
from agents.common.types import Event
from checkpoints.db import WAIT_SECONDS, open_pool
from checkpoints.events import StoredEvent, load_event
from checkpoints.rollout_store import RolloutStore
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Dependencies
from procare_ai import jobs
from procare_ai.jobs import YieldingRetry
from procare_ai.queue_connector import OUTAGE_SECONDS
from services.context import Services
from services.ingest import accept_event
from services.runner import GraphRunner
from tests.clock import TEST_NOW
from tests.fakes import FakeProcare

BOUND = 120.0
"""Seconds before a test gives up waiting (a failure bound on a loaded machine, not a timing claim)."""


async def until(what: str, done: Callable[[], Any], *, bound: float = BOUND) -> None:
    """Poll `done` (sync or async) every 50 ms until it is true; fail naming `what` after `bound`."""

    async def poll() -> None:
        while True:
            value = done()
            if asyncio.iscoroutine(value):
                value = await value
            if value:
                return
            await asyncio.sleep(0.05)

    try:
        await asyncio.wait_for(poll(), bound)
    except TimeoutError:
        raise AssertionError(f"gave up waiting for {what}") from None


def event(center: str = "P1", **data: Any) -> Event:
    """An event no workflow handles (the graph records it as unrouted and ends): locked per center."""
    return Event(
        id=f"evt_{uuid.uuid4().hex[:12]}",
        type="note.added",
        occurred_at=TEST_NOW,
        center_id=center,
        data=data,
    )


@dataclass
class World:
    services: Services
    app: procrastinate.App

    async def accept(self, e: Event) -> str:
        await accept_event(self.services, e)
        return e.id

    async def stored(self, event_id: str) -> StoredEvent:
        stored = await load_event(self.services.pool, event_id)
        assert stored is not None
        return stored

    async def rows(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        async with self.services.pool.connection() as conn:
            return list(await (await conn.execute(sql, args)).fetchall())  # type: ignore[arg-type]

    async def execute(self, sql: str, *args: Any) -> None:
        async with self.services.pool.connection() as conn:
            await conn.execute(sql, args)  # type: ignore[arg-type]

    async def jobs_of(self, event_id: str) -> list[dict[str, Any]]:
        return await self.rows(
            "SELECT id, status, attempts, priority, lock, scheduled_at FROM procrastinate_jobs "
            "WHERE args->>'event_id' = %s ORDER BY id",
            event_id,
        )


@asynccontextmanager
async def queue_world(
    url: str,
    retry: YieldingRetry,
    *,
    pool_size: int = 8,
    pool_wait: float = WAIT_SECONDS,
    outage_seconds: float = OUTAGE_SECONDS,
    queue_wait: float = WAIT_SECONDS,
    fail_fast: bool = False,
) -> AsyncIterator[World]:
    pool = await open_pool(url, max_size=pool_size, timeout=pool_wait, fail_fast=fail_fast)
    saver = make_checkpointer(pool)
    deps = Dependencies(
        procare=FakeProcare(schools=[], employees=[]),
        drafter=OfflineDrafter(),
        rollout=RolloutStore(pool),
        clock=lambda: datetime.now(TEST_NOW.tzinfo),
    )
    runner = GraphRunner(build_graph(saver), GraphContext(as_of=TEST_NOW.isoformat()), deps, pool=pool)
    services = Services(pool=pool, saver=saver, runner=runner, deps=deps)
    app = jobs.make_app(url, retry=retry, outage_seconds=outage_seconds, pool_wait=queue_wait)
    try:
        async with app.open_async():
            services.enqueuer = jobs.enqueuer(app)
            jobs.bind(services, scan_at=time(6, 0))
            yield World(services, app)
    finally:
        await pool.close()
