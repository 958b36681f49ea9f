"""Approval escalations (table `approval_escalations`): when each pending review falls due under its
workflow's SLA, and when it was escalated, to whom, and whether a message went out.

A row is made the first time the sweep sees a pending review (its due time computed by the use case from
policies.sla); the sweep then escalates the rows whose due time has passed while the thread still waits.
Rows of threads decided since are left as history of the escalation.
"""

from __future__ import annotations

from datetime import datetime

from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

UNSCHEDULED = """
SELECT t.thread_id, t.center_id, t.workflow, t.updated_at AS waiting_since,
       t.request_summary->>'deadline' AS deadline
FROM audit_threads t LEFT JOIN approval_escalations e USING (thread_id)
WHERE t.status = 'awaiting_review' AND e.thread_id IS NULL
ORDER BY t.updated_at LIMIT %s
"""
SCHEDULE = """
INSERT INTO approval_escalations (thread_id, center_id, workflow, waiting_since, due_at)
VALUES (%s, %s, %s, %s, %s) ON CONFLICT (thread_id) DO NOTHING
"""
DUE = """
SELECT e.thread_id, e.center_id, e.workflow, e.waiting_since, e.due_at
FROM approval_escalations e JOIN audit_threads t USING (thread_id)
WHERE e.escalated_at IS NULL AND e.due_at <= %s AND t.status = 'awaiting_review'
ORDER BY e.due_at LIMIT %s
"""
OF_THREAD = """
SELECT thread_id, waiting_since, due_at, escalated_at, escalated_to, notified
FROM approval_escalations WHERE thread_id = %s
"""
CLAIM = """
UPDATE approval_escalations SET escalated_at = %s, escalated_to = %s
WHERE thread_id = %s AND escalated_at IS NULL RETURNING thread_id
"""
MARK_NOTIFIED = "UPDATE approval_escalations SET notified = true WHERE thread_id = %s"


class Unscheduled(BaseModel):
    """A pending review with no due time yet."""

    thread_id: str
    center_id: str
    workflow: str | None
    waiting_since: datetime
    deadline: str | None = None


class DueEscalation(BaseModel):
    """A pending review past its due time, not escalated yet."""

    thread_id: str
    center_id: str
    workflow: str | None
    waiting_since: datetime
    due_at: datetime


class EscalationRow(BaseModel):
    """A review's due time and, once past it, its escalation."""

    thread_id: str
    waiting_since: datetime
    due_at: datetime
    escalated_at: datetime | None
    escalated_to: str | None
    notified: bool


async def of_thread(pool: AsyncConnectionPool, thread_id: str) -> EscalationRow | None:
    async with pool.connection() as conn:
        row = await (await conn.execute(OF_THREAD, (thread_id,))).fetchone()
    return None if row is None else EscalationRow.model_validate(row)


async def unscheduled(pool: AsyncConnectionPool, *, limit: int = 500) -> list[Unscheduled]:
    async with pool.connection() as conn:
        rows = await (await conn.execute(UNSCHEDULED, (limit,))).fetchall()
    return [Unscheduled.model_validate(r) for r in rows]


async def schedule(pool: AsyncConnectionPool, rows: list[tuple[Unscheduled, datetime]]) -> None:
    """Store the due time of each review (a row already there is kept)."""
    if not rows:
        return
    async with pool.connection() as conn, conn.cursor() as cur:
        await cur.executemany(
            SCHEDULE, [(r.thread_id, r.center_id, r.workflow, r.waiting_since, due) for r, due in rows]
        )


async def due(pool: AsyncConnectionPool, now: datetime, *, limit: int = 200) -> list[DueEscalation]:
    """Reviews still waiting whose due time is at or before `now`, the most overdue first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(DUE, (now, limit))).fetchall()
    return [DueEscalation.model_validate(r) for r in rows]


async def claim(pool: AsyncConnectionPool, thread_id: str, *, at: datetime, to: str) -> bool:
    """Record the escalation, once: False when another sweep recorded it first."""
    async with pool.connection() as conn:
        row = await (await conn.execute(CLAIM, (at, to, thread_id))).fetchone()
    return row is not None


async def mark_notified(pool: AsyncConnectionPool, thread_id: str) -> None:
    """The escalation message went out on the alert channel."""
    async with pool.connection() as conn:
        await conn.execute(MARK_NOTIFIED, (thread_id,))
