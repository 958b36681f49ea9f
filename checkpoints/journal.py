"""The decision journal (table `decision_journal`): a director's validated decision, on disk before the
resume that acts on it runs, so a crashed resume is finished with the same decision.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb

JOURNAL_DECISION = """
WITH mark AS (
    UPDATE audit_threads SET status = 'resuming', updated_at = now() WHERE thread_id = %(thread_id)s
)
INSERT INTO decision_journal (thread_id, resume, reviewer) VALUES (%(thread_id)s, %(resume)s, %(reviewer)s)
ON CONFLICT (thread_id) DO NOTHING
"""
"""Also marks the thread's index row `resuming` (checkpoints.audit_index), in the same round trip."""
JOURNALED = "SELECT resume, reviewer FROM decision_journal WHERE thread_id = %s"


async def journal_decision(
    conn: AsyncConnection[Any], thread_id: str, resume: dict[str, Any], reviewer: str
) -> None:
    """Store a validated decision and mark the thread `resuming`, in one round trip, before it runs."""
    await conn.execute(
        JOURNAL_DECISION, {"thread_id": thread_id, "resume": Jsonb(resume), "reviewer": reviewer}
    )


async def journaled_decision(conn: AsyncConnection[Any], thread_id: str) -> dict[str, Any] | None:
    """The decision recorded for a thread, if any (a resume that crashed before its end left it)."""
    row = await (await conn.execute(JOURNALED, (thread_id,))).fetchone()
    return None if row is None else dict(row["resume"])  # type: ignore[call-overload]
