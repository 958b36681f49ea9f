"""One writer per thread: a Postgres advisory lock held for the whole graph run or resume.

LangGraph gives no single-writer guarantee per thread; two workers resuming one thread could both run
and both write. The lock lives in Postgres, so it holds across processes and machines. It is a session
lock on the connection the run uses for its checkpoints, so taking it costs one round trip, which also
tells whether the thread has a checkpoint yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from psycopg import AsyncConnection

TRY_LOCK = """
SELECT pg_try_advisory_lock(hashtextextended(%(t)s, 0)) AS ok,
       EXISTS (SELECT 1 FROM checkpoints WHERE thread_id = %(t)s AND checkpoint_ns = '') AS known
"""
UNLOCK = "SELECT pg_advisory_unlock(hashtextextended(%s, 0))"


@dataclass(frozen=True)
class ThreadLock:
    """The answer of one try: whether the lock was taken, and whether the thread has a checkpoint."""

    taken: bool
    known: bool


async def lock_thread(conn: AsyncConnection[Any], thread_id: str) -> ThreadLock:
    """Try to take the thread's lock on `conn`, without waiting."""
    row = await (await conn.execute(TRY_LOCK, {"t": thread_id})).fetchone()
    return ThreadLock(taken=bool(row and row["ok"]), known=bool(row and row["known"]))


async def unlock_thread(conn: AsyncConnection[Any], thread_id: str) -> None:
    await conn.execute(UNLOCK, (thread_id,))
