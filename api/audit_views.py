"""Audit and history reads, scoped to the caller's centers (checkpoints are the audit trail)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from api.approvals import visible_outcome
from api.schemas import HistoryItem
from api.services import Services
from checkpoints.audit import AuditEntry, audit_for_center, audit_for_staff
from policies.rbac import Principal
from procare_ai.errors import InvalidInput, NotFound

DEFAULT_WINDOW = timedelta(days=30)
COUNTED = ("reads", "findings", "proposals", "pending", "decisions", "results")


async def audit(
    services: Services,
    principal: Principal,
    *,
    staff_id: str | None,
    center_id: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
) -> list[AuditEntry]:
    """By staff id (narrowed to that person, only visible centers) or by center and time window."""
    if staff_id:
        entries = await audit_for_staff(services.pool, services.saver, staff_id, limit=limit)
        return [e for e in entries if principal.sees_center(e.center_id)]
    if not center_id:
        raise InvalidInput("give staff_id, or center_id (with optional since/until)")
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    until = until or services.clock()
    since = since or until - DEFAULT_WINDOW
    if since >= until:
        raise InvalidInput("since must be earlier than until")
    return await audit_for_center(services.pool, services.saver, center_id, since, until, limit=limit)


async def history(services: Services, principal: Principal, thread_id: str) -> list[HistoryItem]:
    """Every checkpoint of a thread, newest first, with the node that produced it and a value summary."""
    await visible_outcome(services, principal, thread_id)
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
            HistoryItem(
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
