"""The decision journal (table `decision_journal`): a director's validated decision, on disk before the
resume that acts on it runs, so a crashed resume is finished with the same decision. Each journaled
decision is chained (checkpoints.audit_chain) in the transaction that stores it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from checkpoints import audit_chain
from checkpoints.db import pipelined_transaction

_COLUMNS = "thread_id, center_id, resume, reviewer, recorded_at"
JOURNAL_DECISION = f"""
WITH mark AS (
    UPDATE audit_threads SET status = 'running', updated_at = now() WHERE thread_id = %(thread_id)s
)
INSERT INTO decision_journal (thread_id, center_id, resume, reviewer)
VALUES (%(thread_id)s, %(center_id)s, %(resume)s, %(reviewer)s)
ON CONFLICT (thread_id) DO NOTHING
RETURNING {_COLUMNS}
"""
"""Also marks the thread's index row `running` (checkpoints.audit_index: the decision is executing), in the
same round trip."""
JOURNALED = "SELECT resume, reviewer FROM decision_journal WHERE thread_id = %s"
RECORDS = f"SELECT {_COLUMNS} FROM decision_journal WHERE thread_id = ANY(%s)"
KEYS_OF_CENTER = "SELECT thread_id FROM decision_journal WHERE center_id = %s"


async def journal_decision(
    conn: AsyncConnection[Any],
    thread_id: str,
    resume: dict[str, Any],
    reviewer: str,
    *,
    center_id: str,
    decided_at: datetime,
) -> None:
    """Store a validated decision, mark the thread `running` and chain the decision, in one transaction,
    before it runs (a decision already journaled for the thread is kept, and not chained twice). Pipelined:
    the insert, the chain lock and head in one round trip, the chain entry and the commit in a second."""
    params = {
        "thread_id": thread_id,
        "center_id": center_id,
        "resume": Jsonb(resume),
        "reviewer": reviewer,
    }
    async with pipelined_transaction(conn):
        stored = await conn.execute(JOURNAL_DECISION, params)
        head = await audit_chain.lock_head(conn, center_id)
        row = await stored.fetchone()
        covered = []
        if row is not None:
            covered.append(
                audit_chain.Covered(
                    kind="decision",
                    record_key=thread_id,
                    thread_id=thread_id,
                    principal=reviewer,
                    record=dict(row),
                    recorded_at=decided_at,
                )
            )
        await audit_chain.append_after(conn, head, center_id, covered)


async def journaled_decision(conn: AsyncConnection[Any], thread_id: str) -> dict[str, Any] | None:
    """The decision recorded for a thread, if any (a resume that crashed before its end left it)."""
    row = await (await conn.execute(JOURNALED, (thread_id,))).fetchone()
    return None if row is None else dict(row["resume"])  # type: ignore[call-overload]


async def decision_records(pool: AsyncConnectionPool, thread_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The stored decision rows of these threads, by thread id (what their chain entries cover)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(RECORDS, (thread_ids,))).fetchall()
    return {r["thread_id"]: dict(r) for r in rows}  # type: ignore[call-overload]


async def decision_keys(pool: AsyncConnectionPool, center_id: str) -> set[str]:
    """Thread ids of every decision journaled for a center."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(KEYS_OF_CENTER, (center_id,))).fetchall()
    return {r["thread_id"] for r in rows}  # type: ignore[call-overload]
