"""Director approvals: what waits for whom, one thread's review, and resuming it with decisions.

Center scoping happens here, for the API and the CLI alike: a thread of a center the caller cannot see
is reported as not found, never as forbidden, so its existence does not leak.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checkpoints import audit_index
from checkpoints.audit_index import PendingRow, ThreadRow
from policies.rbac import Principal
from services.context import Services
from services.errors import NotFound
from services.runner import RunOutcome


async def list_pending(
    services: Services, principal: Principal, *, center: str | None = None, limit: int = 200
) -> list[PendingRow]:
    """Pending interrupts in the caller's centers (optionally one of them), oldest first: one query."""
    centers = None if principal.all_centers else principal.centers
    return await audit_index.pending(services.pool, centers=centers, center=center, limit=limit)


async def visible_thread(services: Services, principal: Principal, thread_id: str) -> ThreadRow:
    """The thread's index row if the caller may see its center; else the same NotFound as no thread."""
    row = await audit_index.thread(services.pool, thread_id)
    if row is None or not principal.sees_center(row.center_id):
        raise NotFound(f"no thread {thread_id}")
    return row


async def review(services: Services, principal: Principal, thread_id: str) -> RunOutcome:
    """A visible thread's standing: its state and, while paused, its HITL request."""
    await visible_thread(services, principal, thread_id)
    return await services.runner.outcome(thread_id)


@dataclass(frozen=True)
class Decided:
    """A resumed thread, and how long it had waited for the decision (None if it was not waiting)."""

    outcome: RunOutcome
    waited_seconds: float | None


async def decide(services: Services, principal: Principal, thread_id: str, resume: dict[str, Any]) -> Decided:
    """Resume a visible paused thread with `{"decisions": [...]}`; bad decisions are refused and the
    thread stays paused. The reviewer recorded is the caller."""
    row = await visible_thread(services, principal, thread_id)
    waiting_since: datetime | None = row.updated_at if row.status == "awaiting_review" else None
    outcome = await services.runner.resume(thread_id, resume, reviewer=principal.id)
    waited = None
    if waiting_since is not None:
        waited = max(0.0, (services.now() - waiting_since).total_seconds())
    return Decided(outcome, waited)
