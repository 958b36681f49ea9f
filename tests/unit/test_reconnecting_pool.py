"""The pools' reconnect backoff is capped (checkpoints.db.ReconnectingPool): psycopg_pool doubles its wait
after each failed attempt to replace a lost connection (1, 2, 4 ... 128 s), so a pool could stay empty for
a minute after a long outage ended. Against a port that refuses connections (no database needed), the
attempt psycopg_pool schedules after a failure is ours, and no wait it computes exceeds the cap.
The time this saves is measured by bench/db_outage.py, not asserted here."""

from __future__ import annotations

import asyncio
import math
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from psycopg_pool import PoolTimeout
from psycopg_pool.base import AttemptWithBackoff
from psycopg_pool.pool_async import AddConnection

from checkpoints.db import RECONNECT_MAX_DELAY_SECONDS, CappedBackoff, ReconnectingPool


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A loopback port that is bound but not listening: every connect is refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_the_capped_backoff_doubles_then_stays_at_its_cap() -> None:
    attempt = CappedBackoff(timeout=300.0)
    stock = AttemptWithBackoff(timeout=300.0)
    delays, stock_delays = [], []
    for step in range(10):
        attempt.update_delay(float(step))
        stock.update_delay(float(step))
        delays.append(attempt.delay)
        stock_delays.append(stock.delay)
    assert 0.8 < delays[0] <= 1.2  # psycopg_pool's first wait, jittered
    assert max(delays) <= RECONNECT_MAX_DELAY_SECONDS
    assert delays[-1] == RECONNECT_MAX_DELAY_SECONDS
    assert max(stock_delays) > 60  # what the stock policy would wait by the tenth failure


def test_a_capped_attempt_still_gives_up_at_its_timeout() -> None:
    attempt = CappedBackoff(timeout=5.0)
    attempt.update_delay(100.0)
    assert not attempt.time_to_give_up(104.0)
    assert attempt.time_to_give_up(105.0)


async def test_a_pool_that_cannot_connect_schedules_its_next_attempt_capped(refused_port: int) -> None:
    scheduled: list[AddConnection] = []
    seen = asyncio.Event()

    class Recording(ReconnectingPool):
        async def schedule_task(self, task: Any, delay: float) -> None:
            if isinstance(task, AddConnection):
                scheduled.append(task)
                seen.set()
            await super().schedule_task(task, delay)

    pool = Recording(f"host=127.0.0.1 port={refused_port} connect_timeout=2", min_size=1, open=False)
    await pool.open(wait=False)
    try:
        await asyncio.wait_for(seen.wait(), 20)
    finally:
        await pool.close(timeout=1)
    attempt = scheduled[0].attempt
    assert isinstance(attempt, CappedBackoff)
    for step in range(20):
        attempt.update_delay(1000.0 + step)
    assert attempt.delay <= RECONNECT_MAX_DELAY_SECONDS


async def _unreachable_pool(port: int, *, fail_fast: bool) -> ReconnectingPool:
    """A pool on a refused port, once its first attempt to connect has failed (the `_connect` hook)."""
    pool = ReconnectingPool(
        f"host=127.0.0.1 port={port} connect_timeout=2", min_size=1, open=False, fail_fast=fail_fast
    )
    await pool.open(wait=False)

    async def failed_once() -> None:
        while pool.unreachable is None:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(failed_once(), 20)
    return pool


async def test_a_fail_fast_pool_refuses_a_checkout_while_the_database_is_away(refused_port: int) -> None:
    pool = await _unreachable_pool(refused_port, fail_fast=True)
    try:
        assert pool.reconnect_timeout == math.inf  # its slot is never given up, so an attempt lifts this
        with pytest.raises(PoolTimeout, match="the database is unreachable: connection failed"):
            await pool.getconn(timeout=30)
    finally:
        await pool.close(timeout=1)


async def test_a_pool_without_fail_fast_waits_out_its_timeout(refused_port: int) -> None:
    pool = await _unreachable_pool(refused_port, fail_fast=False)
    try:
        with pytest.raises(PoolTimeout, match=r"couldn.t get a connection after 0\.20 sec"):
            await pool.getconn(timeout=0.2)
    finally:
        await pool.close(timeout=1)
