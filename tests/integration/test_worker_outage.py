"""A worker that loses its database carries on: its connections killed (`pg_terminate_backend`), or the
database refusing connections for a while, the worker process stays up, reconnects and runs the next
events; none is left `queued` for ever (a job that dies on a stale connection before it counts its attempt
is retried on a live one)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace

import psycopg
import pytest
from psycopg.conninfo import conninfo_to_dict

from checkpoints.db import open_pool
from procare_ai.jobs import YieldingRetry
from procare_ai.lanes import run_lanes
from services.ingest import accept_event
from tests.integration.queue_world import World, event, queue_world, until

pytestmark = pytest.mark.integration

RETRY = YieldingRetry(attempts=4, wait=0.2)
KILL = """
SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
WHERE datname = %s AND pid <> pg_backend_pid()
"""


@contextmanager
def admin(server_url: str) -> Iterator[psycopg.Connection]:
    with psycopg.connect(server_url, autocommit=True) as conn:
        yield conn


def kill_connections(server_url: str, dbname: str) -> int:
    with admin(server_url) as conn:
        row = conn.execute(KILL, (dbname,)).fetchone()
    return int(row[0]) if row else 0


def allow_connections(server_url: str, dbname: str, allowed: bool) -> None:
    with admin(server_url) as conn:
        conn.execute(f"ALTER DATABASE {dbname} WITH ALLOW_CONNECTIONS {'true' if allowed else 'false'}")


async def deliver(w: World, url: str) -> str:
    """Accept an event through a pool of its own (the API's, in production), not the worker's."""
    pool = await open_pool(url, max_size=1)
    try:
        e = event()
        await accept_event(replace(w.services, pool=pool), e)
        return e.id
    finally:
        await pool.close()


def _checker(w: World, event_id: str) -> Callable[[], Awaitable[bool]]:
    return lambda: _done(w, event_id)


async def _done(w: World, event_id: str) -> bool:
    try:
        return (await w.stored(event_id)).job_status == "done"
    except psycopg.Error:
        return False


async def test_a_worker_whose_connections_are_killed_runs_the_next_events(
    fresh_db: str, pg_server_url: str
) -> None:
    dbname = conninfo_to_dict(fresh_db)["dbname"]
    async with queue_world(fresh_db, RETRY, pool_size=6) as w:
        lanes = asyncio.create_task(
            run_lanes(w.app, concurrency=2, live_concurrency=1, install_signal_handlers=False)
        )
        try:
            first = [await deliver(w, fresh_db) for _ in range(4)]
            for event_id in first:
                await until(f"{event_id} before the kill", _checker(w, event_id))
            assert kill_connections(pg_server_url, str(dbname)) > 0
            after = [await deliver(w, fresh_db) for _ in range(4)]
            for event_id in after:
                await until(f"{event_id} after the kill", _checker(w, event_id))
            assert not lanes.done()
        finally:
            lanes.cancel()
            await asyncio.gather(lanes, return_exceptions=True)


async def test_a_worker_outlives_a_database_that_refuses_connections(
    fresh_db: str, pg_server_url: str
) -> None:
    dbname = str(conninfo_to_dict(fresh_db)["dbname"])
    async with queue_world(fresh_db, RETRY, pool_size=6) as w:
        lanes = asyncio.create_task(
            run_lanes(w.app, concurrency=2, live_concurrency=1, install_signal_handlers=False)
        )
        try:
            before = await deliver(w, fresh_db)
            await until("an event before the outage", lambda: _done(w, before))
            allow_connections(pg_server_url, dbname, False)
            try:
                kill_connections(pg_server_url, dbname)
                await asyncio.sleep(3)  # the listener and the pool fail to reconnect meanwhile
                assert not lanes.done()
            finally:
                allow_connections(pg_server_url, dbname, True)
            after = await deliver(w, fresh_db)
            await until("an event after the outage", lambda: _done(w, after))
            assert not lanes.done()
        finally:
            lanes.cancel()
            await asyncio.gather(lanes, return_exceptions=True)


RESEND_SECONDS = 1.0
"""The queue's re-send window (procare_ai.queue_connector, 60 s in production) and its pool's wait for a
connection (30 s), shortened so that an outage of a few seconds outlasts both: heartbeats, worker rows
and job ends give up, the lanes stop and are started again while the database is still away
(bench/db_outage.py does it with a 70 s outage and real processes)."""


async def test_a_worker_outlives_an_outage_longer_than_its_resend_window(
    fresh_db: str, pg_server_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    dbname = str(conninfo_to_dict(fresh_db)["dbname"])
    caplog.set_level(logging.WARNING, logger="procare_ai.lanes")
    async with queue_world(
        fresh_db, RETRY, pool_size=6, outage_seconds=RESEND_SECONDS, queue_wait=RESEND_SECONDS
    ) as w:
        lanes = asyncio.create_task(
            run_lanes(w.app, concurrency=2, live_concurrency=1, install_signal_handlers=False)
        )
        try:
            before = await deliver(w, fresh_db)
            await until("an event before the outage", lambda: _done(w, before))
            allow_connections(pg_server_url, dbname, False)
            try:
                kill_connections(pg_server_url, dbname)
                await asyncio.sleep(6 * RESEND_SECONDS)
                assert not lanes.done()
            finally:
                allow_connections(pg_server_url, dbname, True)
            restarts = [r for r in caplog.records if "restarting" in r.getMessage()]
            assert restarts, "the outage did not outlast the re-send window: no lane was restarted"
            after = [await deliver(w, fresh_db) for _ in range(3)]
            for event_id in after:
                await until(f"{event_id} after the outage", _checker(w, event_id))
            assert not lanes.done()
        finally:
            lanes.cancel()
            await asyncio.gather(lanes, return_exceptions=True)
