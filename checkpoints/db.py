"""The Postgres connection pool every component shares.

Settings follow LangGraph's checkpoint-postgres documentation: autocommit, `prepare_threshold=0` (psycopg
prepares each statement on first use, so multi-statement SQL such as migrations runs with
`prepare=False`), dict rows, and a health check. No connection stays in pipeline mode; a transaction on
the hot path is sent as one short pipeline (`pipelined_transaction`).
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection, pq
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from psycopg_pool.base import AttemptWithBackoff

CONNECTION_KWARGS: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}
CHECK_AFTER_IDLE_SECONDS = 5.0
CONNECT_TIMEOUT_SECONDS = 3
"""How long the first connection may take before a process gives up starting (a wrong host, a firewall
that drops packets): the pool alone would retry for its whole open timeout and then report no reason.
The pool's own connections use it too, so reconnecting to a host that drops packets never hangs."""
WAIT_SECONDS = 30.0
"""How long a checkout waits for a free connection by default (psycopg_pool's): workers wait out a busy
pool. The API waits far less (procare_ai.wiring.API_POOL_WAIT_SECONDS, and not at all once its pool saw
the database refuse: ReconnectingPool's `fail_fast`), so with the database gone a request answers 503 at
once instead of hanging for this long."""


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
    """An `AsyncConnectionPool` for a database that may go away: every pool of the project, the queue's too
    (procare_ai.queue_connector).

    Lost connections are replaced on a capped backoff (`CappedBackoff`), never given up (psycopg_pool gives
    a slot up after 5 minutes and the pool shrinks), so the pool is whole again within seconds of the
    database's return. With `fail_fast` (the API's pool) a checkout is refused at once, PoolTimeout, while
    the database is known to be away: its last connection attempt failed and no connection is idle; a
    request then answers 503 in milliseconds instead of waiting out the checkout timeout, and the first
    attempt that succeeds again (within the cap) lifts it.
    """

    def __init__(self, *args: Any, fail_fast: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("reconnect_timeout", math.inf)
        super().__init__(*args, **kwargs)
        self.fail_fast = fail_fast
        self.unreachable: str | None = None
        """Why the last attempt to connect failed; None once one succeeded."""

    async def _add_connection(self, attempt: AttemptWithBackoff | None, growing: bool = False) -> None:
        # psycopg_pool starts a fresh attempt when given None; ours starts it capped (a pinned hook,
        # tests/unit/test_reconnecting_pool.py fails if psycopg_pool stops calling it).
        if attempt is None:
            attempt = CappedBackoff(timeout=self.reconnect_timeout)
        await super()._add_connection(attempt, growing=growing)

    async def _connect(self, timeout: float | None = None) -> Any:
        # Every new connection of the pool is made here (pinned by the same test).
        try:
            conn = await super()._connect(timeout)
        except Exception as exc:
            self.unreachable = next(iter(str(exc).strip().splitlines()), type(exc).__name__)
            raise
        self.unreachable = None
        return conn

    async def getconn(self, timeout: float | None = None) -> Any:
        """A connection, as psycopg_pool's; with `fail_fast`, PoolTimeout at once while the database is
        known to be away."""
        if self.fail_fast and self.unreachable is not None and not self.get_stats()["pool_available"]:
            raise PoolTimeout(f"the database is unreachable: {self.unreachable}")
        return await super().getconn(timeout)


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
    fail_fast: bool = False,
) -> AsyncConnectionPool[Any]:
    """Open (and wait for) a pool on `url`; the caller closes it. `timeout`: how long a checkout waits
    for a connection before PoolTimeout; `fail_fast`: refuse a checkout at once while the database is
    known to be away (ReconnectingPool).

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
        fail_fast=fail_fast,
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
