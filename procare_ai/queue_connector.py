"""procrastinate's connector, made to ride out a database outage instead of leaving jobs stuck.

procrastinate's pool already checks each connection it hands out, but a connection dropped *during* a
query (`pg_terminate_backend`, a failover, a restart) fails that query, and two of those failures do lasting
harm: a job whose end (`finish_job`, `retry_job`) is lost stays `doing` under a worker that is alive and
beating, so it is never re-queued and its lock (its center) is held for ever; and a listener or heartbeat
that cannot reconnect at once stops the whole worker. Here the statements that are safe to send again
(each is guarded by the job's or worker's current state, so a second run changes nothing a first one did)
are retried on a fresh connection, with backoff, for up to `outage_seconds`; the listener reconnects with
backoff for as long as it takes (the worker polls meanwhile). The pool replaces lost connections on a
capped backoff (checkpoints.db.ReconnectingPool), so after a long outage it is whole again within seconds
of the database's return, not after psycopg_pool's ever-doubling wait. Fetching a job is not retried: a
fetch whose answer was lost may have taken a job, and a worker that fails on it is restarted by
procare_ai.lanes, after which procrastinate's stalled-job rule (a dead worker's `doing` jobs) re-queues
whatever it held.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar

import psycopg
from procrastinate import PsycopgConnector, exceptions, sql
from procrastinate.connector import Notify

from checkpoints.db import ReconnectingPool

log = logging.getLogger(__name__)

T = TypeVar("T")

RETRY_SAFE = frozenset(
    sql.queries[name]
    for name in (
        "finish_job",  # only a `doing`/`todo` job is finished; a second call finds it finished and says so
        "retry_job",  # only a `doing` (or failed) job is put back
        "update_heartbeat",
        "unregister_worker",
        "prune_stalled_workers",
        "register_worker",  # a duplicate row is a worker that never beats: pruned like any stalled one
        "defer_periodic_job",  # unique per periodic id and timestamp
        "list_jobs_to_abort",
        "select_stalled_jobs_by_heartbeat",
        "check_connection",
    )
)
OUTAGE_SECONDS = 60.0
"""How long a retry-safe statement keeps being retried before its error is let through (its worker then
stops and procare_ai.lanes starts it again)."""
FIRST_DELAY, MAX_DELAY = 0.2, 5.0


def _dropped(exc: BaseException) -> bool:
    """A connector error caused by the connection or the server (not by the statement)."""
    return isinstance(exc, exceptions.ConnectorException) and isinstance(
        exc.__cause__, psycopg.OperationalError
    )


class ReconnectingConnector(PsycopgConnector):
    """`PsycopgConnector` whose retry-safe statements and listener survive a dropped connection, on a
    pool that reconnects on a capped backoff."""

    def __init__(self, *, outage_seconds: float = OUTAGE_SECONDS, **kwargs: Any) -> None:
        kwargs.setdefault("pool_factory", ReconnectingPool)
        super().__init__(**kwargs)
        self.outage_seconds = outage_seconds

    async def _again(self, query: str, run: Callable[[], Awaitable[T]]) -> T:
        deadline = time.monotonic() + self.outage_seconds
        delay = FIRST_DELAY
        while True:
            try:
                return await run()
            except exceptions.ConnectorException as exc:
                if query not in RETRY_SAFE or not _dropped(exc) or time.monotonic() + delay > deadline:
                    raise
                log.warning("queue database connection lost (%s); retrying in %.1f s", exc.__cause__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)

    async def execute_query_async(self, query: Any, **arguments: Any) -> None:
        base = PsycopgConnector.execute_query_async
        await self._again(query, lambda: base(self, query, **arguments))

    async def execute_query_one_async(self, query: Any, **arguments: Any) -> dict[str, Any]:
        base = PsycopgConnector.execute_query_one_async
        return await self._again(query, lambda: base(self, query, **arguments))

    async def execute_query_all_async(self, query: Any, **arguments: Any) -> list[dict[str, Any]]:
        base = PsycopgConnector.execute_query_all_async
        return await self._again(query, lambda: base(self, query, **arguments))

    async def listen_notify(self, on_notification: Notify, channels: Iterable[str]) -> None:
        """Listen for new jobs, reconnecting with backoff whenever the connection cannot be had."""
        delay = FIRST_DELAY
        while True:
            try:
                await super().listen_notify(on_notification, channels)
            except exceptions.ConnectorException as exc:
                if not _dropped(exc):
                    raise
                log.warning("queue listener cannot connect (%s); retrying in %.1f s", exc.__cause__, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_DELAY)
