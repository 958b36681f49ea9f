"""Agency reports an incident requires (table `licensing_reports`), tracked until marked filed.

A row is made for every `licensing_report_due` finding of a run (agents.incidents) in the transaction
that indexes the run, so a deadline is durable as soon as the run that found it is; recording it again
(a re-index, a duplicate delivery) changes nothing. A director marks a report filed once; the overdue
sweep alerts each open report past its deadline once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

from agents.incidents import REPORT_DUE
from graph.state import GraphState

_COLUMNS = (
    "report_id, center_id, incident_id, thread_id, kind, agency, citation, timing, due_at, found_at, "
    "filed_at, filed_by, reference, overdue_alerted_at"
)
INSERT = """
INSERT INTO licensing_reports (report_id, center_id, incident_id, thread_id, kind, agency, citation, timing,
                               due_at, found_at)
VALUES (%(report_id)s, %(center_id)s, %(incident_id)s, %(thread_id)s, %(kind)s, %(agency)s, %(citation)s,
        %(timing)s, %(due_at)s, %(found_at)s)
ON CONFLICT (report_id) DO NOTHING
"""
LIST = f"""
SELECT {_COLUMNS} FROM licensing_reports
WHERE (%(all_centers)s OR center_id = ANY(%(centers)s))
  AND (%(status)s = 'all' OR (%(status)s = 'open') = (filed_at IS NULL))
ORDER BY filed_at IS NOT NULL, due_at, report_id
LIMIT %(limit)s
"""
ONE = f"SELECT {_COLUMNS} FROM licensing_reports WHERE report_id = %s"
MARK_FILED = f"""
UPDATE licensing_reports SET filed_at = %s, filed_by = %s, reference = %s
WHERE report_id = %s AND filed_at IS NULL
RETURNING {_COLUMNS}
"""
OVERDUE = f"""
SELECT {_COLUMNS} FROM licensing_reports
WHERE filed_at IS NULL AND overdue_alerted_at IS NULL AND due_at <= %s
ORDER BY due_at LIMIT %s
"""
CLAIM_OVERDUE = """
UPDATE licensing_reports SET overdue_alerted_at = %s
WHERE report_id = %s AND overdue_alerted_at IS NULL AND filed_at IS NULL RETURNING report_id
"""


class ReportRow(BaseModel):
    """One tracked agency report."""

    report_id: str
    center_id: str
    incident_id: str
    thread_id: str
    kind: str
    agency: str
    citation: str
    timing: str
    due_at: datetime
    found_at: datetime
    filed_at: datetime | None
    filed_by: str | None
    reference: str | None
    overdue_alerted_at: datetime | None


def due_reports(state: GraphState) -> list[dict[str, Any]]:
    """The rows the findings of `state` ask to track (empty for every workflow but incidents)."""
    rows = []
    for finding in state.findings:
        if finding.kind != REPORT_DUE:
            continue
        ev = finding.evidence
        rows.append(
            {
                "report_id": ev["report_id"],
                "center_id": state.event.center_id,
                "incident_id": ev["incident_id"],
                "thread_id": state.thread_id,
                "kind": ev["kind"],
                "agency": ev["agency"],
                "citation": finding.citation or "",
                "timing": ev["timing"],
                "due_at": datetime.fromisoformat(ev["due_at"]),
                "found_at": state.event.occurred_at,
            }
        )
    return rows


async def record_due(conn: AsyncConnection[Any], state: GraphState) -> int:
    """Track the reports `state` found (call inside the leg's transaction); returns how many rows."""
    rows = due_reports(state)
    if rows:
        async with conn.cursor() as cur:
            await cur.executemany(INSERT, rows)
    return len(rows)


async def listing(
    pool: AsyncConnectionPool,
    *,
    centers: list[str],
    all_centers: bool,
    status: str,
    limit: int = 200,
) -> list[ReportRow]:
    """Reports of the given centers (`status` open, filed or all): open ones first, soonest due first."""
    params = {"centers": centers, "all_centers": all_centers, "status": status, "limit": limit}
    async with pool.connection() as conn:
        rows = await (await conn.execute(LIST, params)).fetchall()
    return [ReportRow.model_validate(r) for r in rows]


async def one(pool: AsyncConnectionPool, report_id: str) -> ReportRow | None:
    async with pool.connection() as conn:
        row = await (await conn.execute(ONE, (report_id,))).fetchone()
    return None if row is None else ReportRow.model_validate(row)


async def mark_filed(
    pool: AsyncConnectionPool, report_id: str, *, at: datetime, by: str, reference: str | None
) -> ReportRow | None:
    """Mark an open report filed; None when it was filed already (the first filing stands)."""
    async with pool.connection() as conn:
        row = await (await conn.execute(MARK_FILED, (at, by, reference, report_id))).fetchone()
    return None if row is None else ReportRow.model_validate(row)


async def overdue(pool: AsyncConnectionPool, now: datetime, *, limit: int = 200) -> list[ReportRow]:
    """Open reports past their deadline that were not alerted as overdue yet."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(OVERDUE, (now, limit))).fetchall()
    return [ReportRow.model_validate(r) for r in rows]


async def claim_overdue(pool: AsyncConnectionPool, report_id: str, *, at: datetime) -> bool:
    """Record the overdue alert of a report, once: False when another sweep (or a filing) came first."""
    async with pool.connection() as conn:
        row = await (await conn.execute(CLAIM_OVERDUE, (at, report_id))).fetchone()
    return row is not None
