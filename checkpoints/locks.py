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

THREAD_KEY = "hashtextextended(%(thread_id)s, 0)"
"""A thread's advisory-lock key: one expression, also used where a leg takes and releases its lock
(checkpoints.leg), so the two can never disagree."""
TRY_LOCK = f"""
SELECT pg_try_advisory_lock({THREAD_KEY}) AS ok,
       EXISTS (SELECT 1 FROM checkpoints WHERE thread_id = %(thread_id)s AND checkpoint_ns = '') AS known
"""
UNLOCK = f"SELECT pg_advisory_unlock({THREAD_KEY})"


@dataclass(frozen=True)
class ThreadLock:
    """The answer of one try: whether the lock was taken, and whether the thread has a checkpoint."""

    taken: bool
    known: bool


async def lock_thread(conn: AsyncConnection[Any], thread_id: str) -> ThreadLock:
    """Try to take the thread's lock on `conn`, without waiting."""
    row = await (await conn.execute(TRY_LOCK, {"thread_id": thread_id})).fetchone()
    return ThreadLock(taken=bool(row and row["ok"]), known=bool(row and row["known"]))


async def unlock_thread(conn: AsyncConnection[Any], thread_id: str) -> None:
    await conn.execute(UNLOCK, {"thread_id": thread_id})
