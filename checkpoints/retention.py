"""Retention of checkpoints (issue 18 item 5): a finished thread keeps only its latest checkpoint.

Every audit fact of a thread (the event, the data read, prompts and model outputs, verdicts, decisions,
write-back results and notes, staff ids) is in its final state, which is its latest checkpoint, and
`GET /audit` reads only that (checkpoints.saver.load_state). The intermediate checkpoints of a `done`
thread, and the blobs and pending writes only they referenced, serve a replay of a step long after the
fact and nothing else, so once a thread has been done for the configured age LangGraph's own
`aprune(strategy="keep_latest")` removes them. Each pruned thread is recorded in `checkpoint_retention`
with its checkpoint bytes before and after, so it is pruned once and the saving can be reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg_pool import AsyncConnectionPool

DUE = """
SELECT t.thread_id FROM audit_threads t
LEFT JOIN checkpoint_retention r USING (thread_id)
WHERE t.status = 'done' AND t.updated_at < %s AND r.thread_id IS NULL
ORDER BY t.updated_at LIMIT %s
"""
# pg_column_size of each row: the bytes the row's values take on disk (after TOAST compression).
BYTES = """
SELECT thread_id, sum(n)::bigint AS bytes FROM (
    SELECT thread_id, pg_column_size(c.*) AS n FROM checkpoints c WHERE thread_id = ANY(%(ids)s)
    UNION ALL SELECT thread_id, pg_column_size(b.*) FROM checkpoint_blobs b WHERE thread_id = ANY(%(ids)s)
    UNION ALL SELECT thread_id, pg_column_size(w.*) FROM checkpoint_writes w WHERE thread_id = ANY(%(ids)s)
) AS rows GROUP BY thread_id
"""
RECORD = """
INSERT INTO checkpoint_retention (thread_id, pruned_at, bytes_before, bytes_after) VALUES (%s, %s, %s, %s)
ON CONFLICT (thread_id) DO NOTHING
"""
TOTALS = """
SELECT count(*) AS threads, coalesce(sum(bytes_before), 0)::bigint AS before,
       coalesce(sum(bytes_after), 0)::bigint AS after
FROM checkpoint_retention
"""


@dataclass(frozen=True)
class Pruned:
    """What one retention pass did: threads pruned, and their checkpoint bytes before and after."""

    threads: list[str]
    bytes_before: int
    bytes_after: int

    def per_thread(self) -> tuple[float, float]:
        """Mean checkpoint bytes per pruned thread, before and after (0, 0 when none)."""
        n = len(self.threads)
        return (self.bytes_before / n, self.bytes_after / n) if n else (0.0, 0.0)


async def due_threads(pool: AsyncConnectionPool, *, finished_before: datetime, limit: int) -> list[str]:
    """`done` threads last changed before `finished_before` and not pruned yet, oldest first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(DUE, (finished_before, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


async def checkpoint_bytes(pool: AsyncConnectionPool, thread_ids: Sequence[str]) -> dict[str, int]:
    """Bytes of each thread's rows in LangGraph's three checkpoint tables."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(BYTES, {"ids": list(thread_ids)})).fetchall()
    found: dict[str, int] = {r["thread_id"]: int(r["bytes"]) for r in rows}  # type: ignore[call-overload]
    return {t: found.get(t, 0) for t in thread_ids}


async def prune(
    pool: AsyncConnectionPool, saver: AsyncPostgresSaver, thread_ids: Sequence[str], *, at: datetime
) -> Pruned:
    """Keep only the latest checkpoint of each thread (LangGraph's keep_latest) and record it."""
    if not thread_ids:
        return Pruned([], 0, 0)
    before = await checkpoint_bytes(pool, thread_ids)
    await saver.aprune(list(thread_ids), strategy="keep_latest")
    after = await checkpoint_bytes(pool, thread_ids)
    async with pool.connection() as conn, conn.transaction():
        for thread_id in thread_ids:
            await conn.execute(RECORD, (thread_id, at, before[thread_id], after[thread_id]))
    return Pruned(list(thread_ids), sum(before.values()), sum(after.values()))


async def totals(pool: AsyncConnectionPool) -> dict[str, Any]:
    """Threads pruned so far and their checkpoint bytes before and after."""
    async with pool.connection() as conn:
        row = await (await conn.execute(TOTALS)).fetchone()
    return dict(row) if row else {"threads": 0, "before": 0, "after": 0}  # type: ignore[call-overload]
