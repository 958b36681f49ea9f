"""The Postgres connection pool every component shares.

Settings follow LangGraph's checkpoint-postgres documentation: autocommit, `prepare_threshold=0` (psycopg
prepares each statement on first use, so multi-statement SQL such as migrations runs with
`prepare=False`), dict rows, and a health check. No connection stays in pipeline mode; a transaction on
the hot path is sent as one short pipeline (`pipelined_transaction`).
"""

from __future__ import annotations

import time
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, pq
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool
from psycopg_pool.base import AttemptWithBackoff

CONNECTION_KWARGS: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
CHECK_AFTER_IDLE_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 3
"""How long the first connection may take before a process gives up starting (a wrong host, a firewall
that drops packets): the pool alone would retry for its whole open timeout and then report no reason.
The pool's own connections use it too, so reconnecting to a host that drops packets never hangs."""
WAIT_SECONDS = 30.0
"""How long a checkout waits for a free connection by default (psycopg_pool's): workers wait out a busy
pool. The API waits far less (procare_ai.wiring.API_POOL_WAIT_SECONDS), so with the database gone a
request answers 503 at once instead of hanging for this long."""


RECONNECT_MAX_DELAY_SECONDS = 2.0
"""The longest a pool waits between two attempts to replace a lost connection. psycopg_pool doubles the
wait after every failure (1, 2, 4 ... 64, 128 s, up to its 5-minute `reconnect_timeout`), so after a
62 s outage a pool could sit idle for another minute with the database back: its worker fetched nothing
and every checkout timed out (bench/db_outage.py). Capped, a pool is whole again within this of the
database's return; an attempt against a database that refuses costs one failed connect."""


class CappedBackoff(AttemptWithBackoff):
    """psycopg_pool's reconnect backoff (jittered, doubling), never waiting more than `max_delay`."""

    def __init__(self, *, timeout: float, max_delay: float = RECONNECT_MAX_DELAY_SECONDS) -> None:
        super().__init__(timeout=timeout)
        self.max_delay = max_delay

    def update_delay(self, now: float) -> None:
        super().update_delay(now)
        self.delay = min(self.delay, self.max_delay)


class ReconnectingPool(AsyncConnectionPool[Any]):
    """An `AsyncConnectionPool` whose lost connections are replaced on a capped backoff (`CappedBackoff`)
    instead of an ever-doubling one: every pool of the project, the queue's too (procare_ai.jobs)."""

    async def _add_connection(self, attempt: AttemptWithBackoff | None, growing: bool = False) -> None:
        # psycopg_pool starts a fresh attempt when given None; ours starts it capped (a pinned hook,
        # tests/unit/checkpoints/test_reconnecting_pool.py fails if psycopg_pool stops calling it).
        if attempt is None:
            attempt = CappedBackoff(timeout=self.reconnect_timeout)
        await super()._add_connection(attempt, growing=growing)


async def check_if_idle(conn: AsyncConnection[Any]) -> None:
    """Health-check a connection only when it sat idle for a while.

    Checking on every checkout costs a round trip per query (a graph run checks out dozens of times);
    a connection returned seconds ago is known good, and a broken one is discarded by the pool anyway.
    """
    last = _last_used.get(conn)
    now = time.monotonic()
    _last_used[conn] = now
    if last is None or now - last > CHECK_AFTER_IDLE_SECONDS:
        await AsyncConnectionPool.check_connection(conn)


_last_used: weakref.WeakKeyDictionary[AsyncConnection[Any], float] = weakref.WeakKeyDictionary()


async def open_pool(
    url: str,
    *,
    min_size: int = 1,
    max_size: int = 8,
    name: str = "procare-ai",
    timeout: float = WAIT_SECONDS,
) -> AsyncConnectionPool[Any]:
    """Open (and wait for) a pool on `url`; the caller closes it. `timeout`: how long a checkout waits
    for a connection before PoolTimeout.

    One direct connection is tried first, within `CONNECT_TIMEOUT_SECONDS`, so a database that is wrong
    or unreachable raises psycopg's own error (refused, unknown database, bad password, bad URL) at once.
    """
    probe = await AsyncConnection.connect(url, connect_timeout=CONNECT_TIMEOUT_SECONDS)
    await probe.close()
    pool: AsyncConnectionPool[Any] = ReconnectingPool(
        url,
        min_size=min_size,
        max_size=max_size,
        kwargs={**CONNECTION_KWARGS, "connect_timeout": CONNECT_TIMEOUT_SECONDS},
        check=check_if_idle,
        timeout=timeout,
        open=False,
        name=name,
    )
    await pool.open(wait=True, timeout=30)
    return pool


@asynccontextmanager
async def pipelined_transaction(
    conn: AsyncConnection[Any], *, then: tuple[str, dict[str, Any]] | None = None
) -> AsyncIterator[None]:
    """One transaction sent in pipeline mode: BEGIN, the caller's statements, COMMIT and the statement
    `then` (run after the commit, e.g. releasing a session lock only once the work is durable) go out
    without waiting, so the transaction costs one round trip plus one per answer the caller reads before
    it ends (psycopg's `transaction()` waits at BEGIN and at COMMIT). On an error before the commit nothing
    of it stays: the transaction is rolled back, `then` is not run, and the error is raised."""
    try:
        async with conn.pipeline():
            await conn.execute("BEGIN", prepare=False)
            yield
            await conn.execute("COMMIT", prepare=False)
            if then is not None:
                await conn.execute(*then)
    except BaseException:
        status = conn.info.transaction_status
        if not conn.broken and status in (pq.TransactionStatus.INTRANS, pq.TransactionStatus.INERROR):
            await conn.rollback()
        raise
