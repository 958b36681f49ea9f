"""Director approvals: what waits for whom, the full review request, and resuming with decisions.

Center scoping happens here: a thread of a center the caller cannot see is reported as not found (404),
never as forbidden, so its existence does not leak.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.schemas import ActionSummary, ApprovalDetail, ApprovalSummary, DecisionsIn, OutcomeOut
from api.services import Services
from graph.runner import RunOutcome
from policies.rbac import Principal
from procare_ai.errors import NotFound

PENDING = """
SELECT thread_id, center_id, event_id, event_type, workflow, updated_at
FROM audit_threads WHERE status = 'awaiting_review' {scope}
ORDER BY updated_at LIMIT %(limit)s
"""
WAITING_SINCE = "SELECT updated_at FROM audit_threads WHERE thread_id = %s AND status = 'awaiting_review'"


async def list_pending(
    services: Services, principal: Principal, *, limit: int = 200
) -> list[ApprovalSummary]:
    """Pending interrupts in the caller's centers, oldest first."""
    scope = "" if principal.all_centers else "AND center_id = ANY(%(centers)s)"
    params: dict[str, Any] = {"limit": limit, "centers": sorted(principal.centers)}
    async with services.pool.connection() as conn:
        rows = await (await conn.execute(PENDING.format(scope=scope), params)).fetchall()  # type: ignore[arg-type]
    out = []
    for row in rows:
        r: dict[str, Any] = row  # type: ignore[assignment]
        try:
            outcome = await services.runner.outcome(r["thread_id"])
        except NotFound:
            continue
        request = outcome.request or {}
        out.append(
            ApprovalSummary(
                thread_id=r["thread_id"],
                center_id=r["center_id"],
                workflow=r["workflow"],
                event_id=r["event_id"],
                event_type=r["event_type"],
                waiting_since=r["updated_at"],
                staff_ids=list(request.get("staff_ids", [])),
                actions=[
                    ActionSummary(name=a["name"], description=a.get("description", ""))
                    for a in request.get("action_requests", [])
                ],
            )
        )
    return out


async def visible_outcome(services: Services, principal: Principal, thread_id: str) -> RunOutcome:
    """The thread's outcome if the caller may see its center; otherwise the same 404 as a missing thread."""
    outcome = await services.runner.outcome(thread_id)
    if not principal.sees_center(outcome.state.event.center_id):
        raise NotFound(f"no thread {thread_id}")
    return outcome


async def approval_detail(services: Services, principal: Principal, thread_id: str) -> ApprovalDetail:
    """The full HITL request with the data read, rationale, findings and guardrail verdicts."""
    outcome = await visible_outcome(services, principal, thread_id)
    state = outcome.state
    pending = set(state.pending)
    return ApprovalDetail(
        thread_id=thread_id,
        center_id=state.event.center_id,
        workflow=state.workflow,
        status=outcome.status,
        request=outcome.request,
        proposals=[p for p in state.proposals if p.id in pending],
        reads=state.reads,
        findings=state.findings,
        verdicts=state.verdicts,
        decisions=state.decisions,
        results=state.results,
        report=state.report,
    )


async def decide(services: Services, principal: Principal, thread_id: str, body: DecisionsIn) -> OutcomeOut:
    """Resume a paused thread with the caller's decisions; bad ones are refused, the thread stays paused."""
    await visible_outcome(services, principal, thread_id)
    waiting_since = await _waiting_since(services, thread_id)
    resume = body.model_dump(mode="json", exclude_none=True)
    outcome = await services.runner.resume(thread_id, resume, reviewer=principal.id)
    metrics = services.metrics
    metrics.runs_started.labels("resume").inc()  # counted once the runner accepted the decisions
    metrics.runs_finished.labels(outcome.status).inc()
    for decision in body.decisions:
        metrics.decisions.labels(decision.type).inc()
    if waiting_since is not None:
        metrics.decision_latency.observe(max(0.0, (services.clock() - waiting_since).total_seconds()))
    failures = sum(1 for r in outcome.state.results if not r.ok)
    if failures:
        metrics.writeback_failures.inc(failures)
    return OutcomeOut(
        thread_id=thread_id,
        status=outcome.status,
        decisions=outcome.state.decisions,
        results=outcome.state.results,
        findings=outcome.state.findings,
    )


async def _waiting_since(services: Services, thread_id: str) -> datetime | None:
    async with services.pool.connection() as conn:
        row = await (await conn.execute(WAITING_SINCE, (thread_id,))).fetchone()
    return row["updated_at"] if row else None  # type: ignore[call-overload, no-any-return]
