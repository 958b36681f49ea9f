"""One writer per thread: a Postgres advisory lock held for the whole graph run or resume.

LangGraph gives no single-writer guarantee per thread; two workers resuming one thread could both run
and both write. The lock lives in Postgres, so it holds across processes and machines. It is a session
lock on the connection the run uses for its checkpoints, so taking it costs one round trip, which also
tells whether the thread has a checkpoint yet.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection

from procare_ai.errors import Conflict

TRY_LOCK = """
SELECT pg_try_advisory_lock(hashtextextended(%(t)s, 0)) AS ok,
       EXISTS (SELECT 1 FROM checkpoints WHERE thread_id = %(t)s AND checkpoint_ns = '') AS known
"""
UNLOCK = "SELECT pg_advisory_unlock(hashtextextended(%s, 0))"


class ThreadBusy(Conflict):
    """Another worker holds the thread right now."""

    code = "thread_busy"


async def lock_thread(conn: AsyncConnection[Any], thread_id: str) -> bool:
    """Take the thread's lock on `conn` or raise ThreadBusy at once; returns whether it has a checkpoint."""
    row = await (await conn.execute(TRY_LOCK, {"t": thread_id})).fetchone()
    if not row or not row["ok"]:
        raise ThreadBusy(f"thread {thread_id} is being processed by another worker; try again shortly")
    return bool(row["known"])


async def unlock_thread(conn: AsyncConnection[Any], thread_id: str) -> None:
    await conn.execute(UNLOCK, (thread_id,))
