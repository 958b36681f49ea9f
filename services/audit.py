"""The audit over checkpoints (DESIGN.md "Audit"): what the AI read, prompted and produced, what the
guardrails said, who decided what and what was written, linked to the Procare staff id, scoped to the
caller's centers. The index (checkpoints.audit_index) says which threads to open; their checkpoints are
the source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from psycopg_pool import AsyncConnectionPool

from agents.common.types import Event, Finding, Proposal, SourceRecord
from checkpoints import audit_index
from checkpoints.saver import load_state
from graph.state import Decision, GraphState, Verdict, WriteResult
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.approvals import visible_thread
from services.context import Services
from services.errors import NotFound

DEFAULT_WINDOW = timedelta(days=30)
COUNTED = ("reads", "findings", "proposals", "pending", "decisions", "results")


@dataclass(frozen=True)
class AuditEntry:
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
    notes: list[WriteResult]


def entry_for(state: GraphState, staff_id: str | None = None) -> AuditEntry:
    """Shape one state as an audit entry; with `staff_id`, keep only what concerns that person: what was
    proposed for them and what was actually written to them (WriteResult.staff_ids)."""

    def mine(ids: list[str]) -> bool:
        return staff_id is None or staff_id in ids

    written = {r.proposal_id for r in state.results if mine(r.staff_ids)}  # an edit may retarget a write
    proposals = [p for p in state.proposals if mine(p.staff_ids) or p.id in written]
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
        notes=[n for n in state.notes if n.proposal_id in ids],
    )


async def _entries(
    saver: BaseCheckpointSaver[Any], thread_ids: list[str], staff_id: str | None
) -> list[AuditEntry]:
    out = []
    for thread_id in thread_ids:
        state = await load_state(saver, thread_id)
        if state is not None:
            out.append(entry_for(state, staff_id))
    return out


async def audit_for_staff(
    pool: AsyncConnectionPool, saver: BaseCheckpointSaver[Any], staff_id: str, *, limit: int = 100
) -> list[AuditEntry]:
    """Every thread that touched `staff_id`, newest first, narrowed to that person (every center)."""
    threads = await audit_index.threads_for_staff(pool, staff_id, limit=limit)
    return await _entries(saver, threads, staff_id)


async def audit(
    services: Services,
    principal: Principal,
    *,
    staff_id: str | None = None,
    center_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 100,
) -> list[AuditEntry]:
    """By staff id (narrowed to that person, only visible centers) or by center and time window."""
    if staff_id:
        entries = await audit_for_staff(services.pool, services.saver, staff_id, limit=limit)
        return [e for e in entries if principal.sees_center(e.center_id)]
    if not center_id:
        raise InvalidInput("give staff_id, or center_id (with optional since/until)")
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    until = until or services.now()
    since = since or until - DEFAULT_WINDOW
    if since >= until:
        raise InvalidInput("since must be earlier than until")
    threads = await audit_index.threads_for_center(services.pool, center_id, since, until, limit=limit)
    return await _entries(services.saver, threads, None)


@dataclass(frozen=True)
class Checkpoint:
    """One checkpoint of a thread: which node(s) wrote it, what comes next, and a summary of its values."""

    checkpoint_id: str
    created_at: str | None
    step: int | None
    source: str | None
    node: str | None
    next: list[str]
    interrupted: bool
    values: dict[str, Any]


async def history(services: Services, principal: Principal, thread_id: str) -> list[Checkpoint]:
    """Every checkpoint of a visible thread, newest first; values summarised (status, counts), no PII."""
    await visible_thread(services, principal, thread_id)
    config: Any = {"configurable": {"thread_id": thread_id}}
    snapshots = [s async for s in services.runner.graph.aget_state_history(config)]
    items = []
    for index, snap in enumerate(snapshots):
        older = snapshots[index + 1] if index + 1 < len(snapshots) else None
        producers = [t.name for t in older.tasks] if older is not None else []
        metadata: dict[str, Any] = dict(snap.metadata or {})
        values: dict[str, Any] = snap.values if isinstance(snap.values, dict) else {}
        summary: dict[str, Any] = {k: values.get(k) for k in ("status", "workflow", "phase") if k in values}
        summary.update({f"{k}_count": len(values[k]) for k in COUNTED if isinstance(values.get(k), list)})
        items.append(
            Checkpoint(
                checkpoint_id=str(snap.config["configurable"].get("checkpoint_id", "")),
                created_at=snap.created_at,
                step=metadata.get("step"),
                source=metadata.get("source"),
                node=", ".join(producers) or None,
                next=list(snap.next),
                interrupted=bool(snap.interrupts),
                values=summary,
            )
        )
    return items


async def thread_state(services: Services, principal: Principal, thread_id: str) -> GraphState:
    """A visible thread's latest state, straight from its checkpoint (reports, replay)."""
    await visible_thread(services, principal, thread_id)
    state = await load_state(services.saver, thread_id)
    if state is None:
        raise NotFound(f"no thread {thread_id}")
    return state


async def threads_with_states(
    services: Services, principal: Principal
) -> list[tuple[audit_index.ThreadRow, GraphState]]:
    """Every visible thread with its latest state, by center then creation (the demo's closing summary)."""
    out = []
    for row in await audit_index.all_threads(services.pool):
        if not principal.sees_center(row.center_id):
            continue
        state = await load_state(services.saver, row.thread_id)
        if state is not None:
            out.append((row, state))
    return out
