"""Audit over checkpoints: what the AI read, prompted, produced, what the guardrails said, who decided
what, and what was written, linked to the Procare staff id (DESIGN.md "Audit").

Checkpoints are the source of truth; two small index tables (audit_threads, audit_staff) only say which
threads to open, so a query by staff id or by center and time never scans checkpoint blobs.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from agents.types import Event, Finding, Proposal, SourceRecord
from graph.state import Decision, GraphState, Verdict, WriteResult

_UPSERT_THREAD = """
thread AS (
    INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, workflow, status)
    VALUES (%(thread_id)s, %(center_id)s, %(event_id)s, %(event_type)s, %(workflow)s, %(status)s)
    ON CONFLICT (thread_id) DO UPDATE
    SET workflow = EXCLUDED.workflow, status = EXCLUDED.status, updated_at = now()
    RETURNING thread_id
), staff AS (
    INSERT INTO audit_staff (staff_id, thread_id)
    SELECT staff_id, thread.thread_id FROM thread, unnest(%(staff_ids)s::text[]) AS staff_id
    ON CONFLICT DO NOTHING
    RETURNING staff_id
)"""
RECORD_THREAD_AND_UNLOCK = (
    f"WITH {_UPSERT_THREAD} SELECT (SELECT count(*) FROM thread) AS threads, "
    "pg_advisory_unlock(hashtextextended(%(thread_id)s, 0)) AS unlocked"
)
JOURNAL_DECISION = """
WITH mark AS (
    UPDATE audit_threads SET status = 'resuming', updated_at = now() WHERE thread_id = %(thread_id)s
)
INSERT INTO decision_journal (thread_id, resume, reviewer) VALUES (%(thread_id)s, %(resume)s, %(reviewer)s)
ON CONFLICT (thread_id) DO NOTHING
"""
JOURNALED = "SELECT resume, reviewer FROM decision_journal WHERE thread_id = %s"
STALLED = """
SELECT thread_id FROM audit_threads
WHERE status = 'resuming' AND updated_at < now() - make_interval(secs => %s) ORDER BY updated_at LIMIT %s
"""
THREADS_FOR_STAFF = """
SELECT t.thread_id FROM audit_staff s JOIN audit_threads t USING (thread_id)
WHERE s.staff_id = %s ORDER BY t.created_at DESC LIMIT %s
"""
THREADS_FOR_CENTER = """
SELECT thread_id FROM audit_threads
WHERE center_id = %s AND created_at >= %s AND created_at < %s ORDER BY created_at DESC LIMIT %s
"""


def staff_ids_of(state: GraphState) -> set[str]:
    """Every staff id the run touched: read, found about, proposed for."""
    ids = {r.staff_id for r in state.reads if r.staff_id}
    ids.update(s for f in state.findings for s in f.staff_ids)
    ids.update(s for p in state.proposals for s in p.staff_ids)
    return ids


def _thread_row(state: GraphState, status: str) -> dict[str, Any]:
    return {
        "thread_id": state.thread_id,
        "center_id": state.event.center_id,
        "event_id": state.event.id,
        "event_type": state.event.type,
        "workflow": state.workflow,
        "status": status,
        "staff_ids": sorted(staff_ids_of(state)),
    }


async def record_thread_and_unlock(conn: AsyncConnection[Any], state: GraphState, status: str) -> None:
    """Index a thread and release its advisory lock (checkpoints.locks) in one round trip."""
    await conn.execute(RECORD_THREAD_AND_UNLOCK, _thread_row(state, status))


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


async def stalled_threads(
    pool: AsyncConnectionPool, *, older_than_seconds: float, limit: int = 100
) -> list[str]:
    """Threads marked `resuming` for longer than a resume can take: a process died mid-execution."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(STALLED, (older_than_seconds, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


class AuditEntry(BaseModel):
    """Everything the audit must show for one thread, optionally narrowed to one staff member."""

    thread_id: str
    center_id: str
    workflow: str | None
    status: str
    event: Event
    reads: list[SourceRecord]
    findings: list[Finding]
    proposals: list[Proposal]
    verdicts: list[Verdict]
    decisions: list[Decision]
    results: list[WriteResult]


async def load_state(saver: BaseCheckpointSaver[Any], thread_id: str) -> GraphState | None:
    """The latest state of a thread straight from its checkpoint, or None if there is none."""
    tup = await saver.aget_tuple({"configurable": {"thread_id": thread_id}})
    if tup is None:
        return None
    values = tup.checkpoint["channel_values"]
    if "event" not in values:
        return None
    return GraphState.model_validate({k: v for k, v in values.items() if k in GraphState.model_fields})


def entry_for(state: GraphState, staff_id: str | None = None) -> AuditEntry:
    """Shape one state as an audit entry; with `staff_id`, keep only what concerns that person."""

    def mine(ids: list[str]) -> bool:
        return staff_id is None or staff_id in ids

    proposals = [p for p in state.proposals if mine(p.staff_ids)]
    ids = {p.id for p in proposals}
    return AuditEntry(
        thread_id=state.thread_id,
        center_id=state.event.center_id,
        workflow=state.workflow,
        status=state.status,
        event=state.event,
        reads=[r for r in state.reads if staff_id is None or r.staff_id in (staff_id, None)],
        findings=[f for f in state.findings if mine(f.staff_ids)],
        proposals=proposals,
        verdicts=[v for v in state.verdicts if v.proposal_id in ids],
        decisions=[d for d in state.decisions if d.proposal_id in ids],
        results=[r for r in state.results if r.proposal_id in ids],
    )


async def audit_for_staff(
    pool: AsyncConnectionPool, saver: BaseCheckpointSaver[Any], staff_id: str, *, limit: int = 100
) -> list[AuditEntry]:
    """Every thread that touched `staff_id`, newest first, narrowed to that person."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(THREADS_FOR_STAFF, (staff_id, limit))).fetchall()
    return await _entries(saver, [r["thread_id"] for r in rows], staff_id)  # type: ignore[call-overload]


async def audit_for_center(
    pool: AsyncConnectionPool,
    saver: BaseCheckpointSaver[Any],
    center_id: str,
    since: datetime,
    until: datetime,
    *,
    limit: int = 100,
) -> list[AuditEntry]:
    """Threads of a center created in [since, until), newest first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(THREADS_FOR_CENTER, (center_id, since, until, limit))).fetchall()
    return await _entries(saver, [r["thread_id"] for r in rows], None)  # type: ignore[call-overload]


async def _entries(
    saver: BaseCheckpointSaver[Any], thread_ids: list[str], staff_id: str | None
) -> list[AuditEntry]:
    out = []
    for thread_id in thread_ids:
        state = await load_state(saver, thread_id)
        if state is not None:
            out.append(entry_for(state, staff_id))
    return out
