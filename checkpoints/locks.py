"""One writer per thread: a Postgres advisory lock held for the whole graph run or resume.

LangGraph gives no single-writer guarantee per thread; two workers resuming one thread could both run
and both write. The lock lives in Postgres, so it holds across processes and machines.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from psycopg_pool import AsyncConnectionPool

from procare_ai.errors import Conflict


class ThreadBusy(Conflict):
    """Another worker holds the thread right now."""

    code = "thread_busy"


@asynccontextmanager
async def thread_lock(pool: AsyncConnectionPool, thread_id: str) -> AsyncIterator[None]:
    """Hold the thread's lock or raise ThreadBusy at once (never wait behind another writer)."""
    async with pool.connection() as conn:
        row = await (
            await conn.execute("SELECT pg_try_advisory_lock(hashtextextended(%s, 0)) AS ok", (thread_id,))
        ).fetchone()
        if not row or not row["ok"]:  # type: ignore[call-overload]
            raise ThreadBusy(f"thread {thread_id} is being processed by another worker; try again shortly")
        try:
            yield
        finally:
            await conn.execute("SELECT pg_advisory_unlock(hashtextextended(%s, 0))", (thread_id,))
