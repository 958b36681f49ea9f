"""The audit index (tables `audit_threads` and `audit_staff`): which threads exist, for whom, and where
each stands, so a query by staff id, by center and time, or for what awaits review never scans
checkpoint blobs. Checkpoints stay the source of truth; this module owns every statement on both tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel, Field

from agents.common.types import Event
from graph.state import GraphState, ThreadStatus

_UPSERT_THREAD = """
thread AS (
    INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, workflow, status, request_summary)
    VALUES (%(thread_id)s, %(center_id)s, %(event_id)s, %(event_type)s, %(workflow)s, %(status)s,
            %(request_summary)s)
    ON CONFLICT (thread_id) DO UPDATE
    SET workflow = EXCLUDED.workflow, status = EXCLUDED.status, request_summary = EXCLUDED.request_summary,
        updated_at = now()
    RETURNING thread_id
), staff AS (
    INSERT INTO audit_staff (staff_id, thread_id)
    SELECT staff_id, thread.thread_id FROM thread, unnest(%(staff_ids)s::text[]) AS staff_id
    ON CONFLICT DO NOTHING
    RETURNING staff_id
)"""
RECORD_THREAD = f"WITH {_UPSERT_THREAD} SELECT count(*) AS threads FROM thread"
RECORD_FAILED = """
INSERT INTO audit_threads (thread_id, center_id, event_id, event_type, status)
VALUES (%(thread_id)s, %(center_id)s, %(event_id)s, %(event_type)s, 'failed')
ON CONFLICT (thread_id) DO UPDATE SET status = 'failed', updated_at = now()
WHERE audit_threads.status = 'running'
"""
"""A thread whose job gave up is `failed`; one the index already shows further on (paused for review,
done) keeps that status, since its checkpoint says so."""
STALLED = """
SELECT thread_id FROM audit_threads
WHERE status = 'running' AND updated_at < now() - make_interval(secs => %s) ORDER BY updated_at LIMIT %s
"""
THREADS_FOR_STAFF = """
SELECT t.thread_id FROM audit_staff s JOIN audit_threads t USING (thread_id)
WHERE s.staff_id = %s ORDER BY t.created_at DESC LIMIT %s
"""
THREADS_FOR_CENTER = """
SELECT thread_id FROM audit_threads
WHERE center_id = %s AND created_at >= %s AND created_at < %s ORDER BY created_at DESC LIMIT %s
"""
_PENDING_WHERE = """
    t.status = 'awaiting_review' AND {scope}
      AND (%(center)s::text IS NULL OR t.center_id = %(center)s)
      AND (%(workflow)s::text IS NULL OR t.workflow = %(workflow)s)
      AND (%(staff_id)s::text IS NULL OR t.request_summary->'staff_ids' ? %(staff_id)s)
      AND (NOT %(escalated)s OR EXISTS (SELECT FROM approval_escalations x
                                        WHERE x.thread_id = t.thread_id AND x.escalated_at IS NOT NULL))"""
_ALL_CENTERS = "true"
_SOME_CENTERS = "t.center_id = ANY(%(centers)s)"
"""The scope as its own statement text, not `(all OR center = ANY(...))`: a prepared statement's generic
plan can then use the center-led index for a director and skip the test for an HR admin."""
_KEYSET = "AND (t.updated_at, t.thread_id) > (%(after_at)s, %(after_id)s)"
_OLDEST_FIRST = "{t}.updated_at, {t}.thread_id"
_URGENT_FIRST = """coalesce(({t}.request_summary->>'alert')::boolean, false) DESC,
    {t}.request_summary->>'deadline' ASC NULLS LAST, {t}.updated_at, {t}.thread_id"""
_PENDING = """
WITH page AS (
    SELECT t.thread_id, t.center_id, t.event_id, t.event_type, t.workflow, t.updated_at, t.request_summary
    FROM audit_threads t
    WHERE {where} {keyset}
    ORDER BY {page_order}
    LIMIT %(limit)s OFFSET %(offset)s
)
SELECT p.*, e.due_at, e.escalated_at, e.escalated_to,
       (SELECT count(*) FROM audit_threads t WHERE {where}) AS matching
FROM (VALUES (1)) AS one (n) LEFT JOIN page p ON true LEFT JOIN approval_escalations e USING (thread_id)
ORDER BY {row_order}
"""
"""Pending reviews in scope, filtered; oldest first, or most urgent first (a live safety alert, then the
earliest deadline an action names, then the longest wait). A page starts at an offset, or after a keyset
position (`after_at`, `after_id`: the last row of the previous page, oldest-first order only, so a page
neither skips nor repeats a review when others are decided meanwhile). `matching` counts every row the
filters keep, whatever the page; an empty page is one row of nulls carrying it.

Why this shape (issue 19): the page is picked before anything is joined or decoded, so oldest first is a
range scan of `limit` entries of the pending index (migration 0077) and the count an index-only scan of
it; the earlier statement materialised the whole scope, request summaries included, then sorted it and
counted it for every page."""


def _pending_statement(all_centers: bool, urgent_first: bool, keyset: bool) -> str:
    order = _URGENT_FIRST if urgent_first else _OLDEST_FIRST
    return _PENDING.format(
        where=_PENDING_WHERE.format(scope=_ALL_CENTERS if all_centers else _SOME_CENTERS),
        keyset=_KEYSET if keyset else "",
        page_order=order.format(t="t"),
        row_order=order.format(t="p"),
    )


PENDING = {
    (scope, urgent, keyset): _pending_statement(scope, urgent, keyset)
    for scope in (True, False)
    for urgent in (True, False)
    for keyset in (True, False)
    if not (urgent and keyset)
}
"""The statements by (every center, most urgent first, after a keyset position), built once at import."""
PENDING_FACETS = """
SELECT t.center_id, t.workflow, staff.staff_id, grouping(t.center_id) = 0 AS by_center,
       grouping(t.workflow) = 0 AS by_workflow, count(DISTINCT t.thread_id) AS n
FROM audit_threads t
LEFT JOIN LATERAL jsonb_array_elements_text(coalesce(t.request_summary->'staff_ids', '[]')) AS staff(staff_id)
    ON true
WHERE t.status = 'awaiting_review' AND (%(all_centers)s OR t.center_id = ANY(%(centers)s))
GROUP BY GROUPING SETS ((t.center_id), (t.workflow), (staff.staff_id))
"""
"""How many reviews wait per center, per workflow and per staff member, in the caller's scope (a review
naming two people counts for each)."""

THREAD = """
SELECT thread_id, center_id, event_id, event_type, workflow, status, created_at, updated_at
FROM audit_threads WHERE thread_id = %s
"""
VISIBLE_THREAD = """
SELECT thread_id, center_id, event_id, event_type, workflow, status, created_at, updated_at
FROM audit_threads WHERE thread_id = %(thread_id)s AND (%(all_centers)s OR center_id = ANY(%(centers)s))
"""
"""The scope is part of the statement, so a thread of another center and a missing one take the same
path (one index probe, no row) and cost the same: the answer's timing does not tell them apart."""
ALL_THREADS = """
SELECT thread_id, center_id, event_id, event_type, workflow, status, created_at, updated_at
FROM audit_threads ORDER BY center_id, created_at
"""
WITH_STATUS = "SELECT thread_id FROM audit_threads WHERE status = %s ORDER BY updated_at LIMIT %s"
COUNT_BY_STATUS = """
SELECT status, count(*) AS n FROM audit_threads
WHERE %(all_centers)s OR center_id = ANY(%(centers)s) GROUP BY status
"""


class ThreadRow(BaseModel):
    """One row of audit_threads (the row model; the API's response models are separate)."""

    thread_id: str
    center_id: str
    event_id: str
    event_type: str
    workflow: str | None
    status: ThreadStatus
    created_at: datetime
    updated_at: datetime


class ActionSummary(BaseModel):
    name: str
    description: str = ""


class PendingRow(BaseModel):
    """A thread waiting for review, with the summary of its request stored at the interrupt and its
    escalation (once the SLA sweep has seen it)."""

    thread_id: str
    center_id: str
    event_id: str
    event_type: str
    workflow: str | None
    updated_at: datetime
    staff_ids: list[str] = Field(default_factory=list)
    actions: list[ActionSummary] = Field(default_factory=list)
    alert: bool = False
    """A live safety alert came with the request (e.g. a room out of ratio right now)."""
    deadline: date | None = None
    """The earliest date one of its actions names as due (a task's due date, a payroll export)."""
    due_at: datetime | None = None
    """When its workflow's SLA runs out (None until the escalation sweep has seen it)."""
    escalated_at: datetime | None = None
    escalated_to: str | None = None


@dataclass(frozen=True)
class PendingFacets:
    """Pending reviews per center, workflow and staff member in a scope."""

    centers: dict[str, int]
    workflows: dict[str, int]
    staff: dict[str, int]


def staff_ids_of(state: GraphState) -> set[str]:
    """Every staff id the run touched: read, found about, proposed for, written to."""
    ids = {r.staff_id for r in state.reads if r.staff_id}
    ids.update(s for f in state.findings for s in f.staff_ids)
    ids.update(s for p in state.proposals for s in p.staff_ids)
    ids.update(s for r in state.results for s in r.staff_ids)
    return ids


def request_summary(request: dict[str, Any] | None) -> dict[str, Any] | None:
    """What a listing of pending reviews shows of an interrupt's request (None once decided), with what
    orders the queue: a live alert and the earliest deadline (graph.review.review_request)."""
    if request is None:
        return None
    return {
        "staff_ids": list(request.get("staff_ids", [])),
        "actions": [
            {"name": a["name"], "description": a.get("description", "")}
            for a in request.get("action_requests", [])
        ],
        "alert": bool(request.get("alert", False)),
        "deadline": request.get("deadline"),
    }


async def record_thread(
    conn: AsyncConnection[Any], state: GraphState, status: ThreadStatus, request: dict[str, Any] | None
) -> None:
    """Index a thread where a leg left it (the runner sends it in the transaction that ends the leg,
    checkpoints.leg)."""
    summary = request_summary(request)
    await conn.execute(
        RECORD_THREAD,
        {
            "thread_id": state.thread_id,
            "center_id": state.event.center_id,
            "event_id": state.event.id,
            "event_type": state.event.type,
            "workflow": state.workflow,
            "status": status,
            "request_summary": None if summary is None else Jsonb(summary),
            "staff_ids": sorted(staff_ids_of(state)),
        },
    )


async def record_failed(conn: AsyncConnection[Any], event: Event, thread_id: str) -> None:
    """Index the thread of an event whose job gave up as `failed` (no checkpoint may exist for it)."""
    await conn.execute(
        RECORD_FAILED,
        {
            "thread_id": thread_id,
            "center_id": event.center_id,
            "event_id": event.id,
            "event_type": event.type,
        },
    )


async def threads_with_status(
    pool: AsyncConnectionPool, status: ThreadStatus, *, limit: int = 500
) -> list[str]:
    """Ids of the threads in `status`, longest there first (e.g. `retrying_writes`, for the retry sweep)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(WITH_STATUS, (status, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


async def stalled_threads(
    pool: AsyncConnectionPool, *, older_than_seconds: float, limit: int = 100
) -> list[str]:
    """Threads `running` in the index for longer than a resume can take: a process died mid-execution.

    A leg indexes its thread when it ends, so `running` is only ever on disk from the decision journal's
    mark (checkpoints.journal) until the resume that acts on it is indexed."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(STALLED, (older_than_seconds, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


async def threads_for_staff(pool: AsyncConnectionPool, staff_id: str, *, limit: int) -> list[str]:
    """Every thread that touched `staff_id`, newest first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(THREADS_FOR_STAFF, (staff_id, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


async def threads_for_center(
    pool: AsyncConnectionPool, center_id: str, since: datetime, until: datetime, *, limit: int
) -> list[str]:
    """Threads of a center created in [since, until), newest first."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(THREADS_FOR_CENTER, (center_id, since, until, limit))).fetchall()
    return [r["thread_id"] for r in rows]  # type: ignore[call-overload]


async def pending(
    pool: AsyncConnectionPool,
    *,
    centers: frozenset[str] | None,
    center: str | None = None,
    workflow: str | None = None,
    staff_id: str | None = None,
    escalated: bool = False,
    urgent_first: bool = False,
    limit: int = 200,
    offset: int = 0,
    after: tuple[datetime, str] | None = None,
) -> tuple[list[PendingRow], int]:
    """Threads awaiting review in `centers` (None: every center), filtered by center, workflow, staff
    member or escalation: one page of them (from `offset`, or after the keyset position `after`) and
    how many match in all, in one query."""
    if after is not None and urgent_first:
        raise ValueError("a keyset page follows the oldest-first order only")
    params = {
        "after_at": after[0] if after else None,
        "after_id": after[1] if after else None,
        "centers": sorted(centers or ()),
        "center": center,
        "workflow": workflow,
        "staff_id": staff_id,
        "escalated": escalated,
        "limit": limit,
        "offset": offset,
    }
    sql = PENDING[(centers is None, urgent_first, after is not None)]
    async with pool.connection() as conn:
        rows = await (await conn.execute(sql, params)).fetchall()  # type: ignore[arg-type]
    out, matching = [], 0
    for row in rows:
        r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
        matching = int(r.pop("matching"))
        if r["thread_id"] is None:  # the page is empty; the row only carries the count
            continue
        summary = r.pop("request_summary") or {}
        out.append(PendingRow(**r, **summary))
    return out, matching


async def pending_facets(pool: AsyncConnectionPool, *, centers: frozenset[str] | None) -> PendingFacets:
    """Pending reviews per center, workflow and staff member in `centers` (None: every center)."""
    params = {"all_centers": centers is None, "centers": sorted(centers or ())}
    async with pool.connection() as conn:
        rows = await (await conn.execute(PENDING_FACETS, params)).fetchall()
    facets = PendingFacets({}, {}, {})
    for row in rows:
        r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
        if r["by_center"]:
            facets.centers[r["center_id"]] = int(r["n"])
        elif r["by_workflow"]:
            facets.workflows[r["workflow"] or "unrouted"] = int(r["n"])
        elif r["staff_id"] is not None:
            facets.staff[r["staff_id"]] = int(r["n"])
    return facets


async def thread(pool: AsyncConnectionPool, thread_id: str) -> ThreadRow | None:
    """The index row of a thread, or None."""
    async with pool.connection() as conn:
        row = await (await conn.execute(THREAD, (thread_id,))).fetchone()
    return None if row is None else ThreadRow.model_validate(row)


async def visible_thread(
    pool: AsyncConnectionPool, thread_id: str, *, centers: frozenset[str] | None
) -> ThreadRow | None:
    """The index row of a thread in `centers` (None: every center), or None: missing and out of scope
    are one answer."""
    params = {"thread_id": thread_id, "all_centers": centers is None, "centers": sorted(centers or ())}
    async with pool.connection() as conn:
        row = await (await conn.execute(VISIBLE_THREAD, params)).fetchone()
    return None if row is None else ThreadRow.model_validate(row)


async def all_threads(pool: AsyncConnectionPool) -> list[ThreadRow]:
    """Every indexed thread, by center then creation (the demo's summary)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(ALL_THREADS)).fetchall()
    return [ThreadRow.model_validate(r) for r in rows]


async def count_by_status(
    pool: AsyncConnectionPool, *, timeout: float | None = None, centers: frozenset[str] | None = None
) -> dict[str, int]:
    """Threads per status in `centers` (None: every center), for /metrics."""
    params = {"all_centers": centers is None, "centers": sorted(centers or ())}
    async with pool.connection(timeout=timeout) as conn:
        rows = await (await conn.execute(COUNT_BY_STATUS, params)).fetchall()
    return {r["status"]: int(r["n"]) for r in rows}  # type: ignore[call-overload]
