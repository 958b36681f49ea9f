"""The director inbox, part two: one approval (decide, edit, reject), its results, and the audit views.

A decision form posts one choice per action request (nothing is preselected); an edit is rebuilt from the
action's request model (api/action_forms.py) and validated again here and by the use case, errors shown
next to their fields with the thread still paused. After a decision the page shows each write's outcome.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from agents.common.wording import counted, humanize
from api.action_forms import ActionForm, edit_form, has_errors, submitted_args
from api.deps import MetricsDep, ServicesDep
from api.inbox_auth import CheckedPost, InboxSession, require_permission
from api.inbox_views import action_views, result_views, timeline
from api.routes_inbox import page_context, render, waited
from policies.errors import InvalidInput
from policies.sla import overdue
from services import approvals, audit, escalations
from services.errors import Conflict

router = APIRouter(prefix="/inbox", include_in_schema=False)
DECISIONS = ("approve", "edit", "reject")


async def _approval_page(
    request: Request,
    services: Any,
    session: Any,
    thread_id: str,
    *,
    forms: list[ActionForm] | None = None,
    chosen: dict[int, str] | None = None,
    reasons: dict[int, str] | None = None,
    choice_errors: dict[int, str] | None = None,
    error: str | None = None,
    error_title: str = "Nothing was decided",
    status: int = 200,
) -> HTMLResponse:
    outcome = await approvals.review(services, session.principal, thread_id)
    state = outcome.state
    views = action_views(state) if outcome.status == "awaiting_review" else []
    forms = forms or [edit_form(v.index, v.proposal.action, v.proposal.args) for v in views]
    row = await approvals.visible_thread(services, session.principal, thread_id)
    mine = await escalations.for_thread(services, session.principal, thread_id)
    now = services.now()
    failed = [r for r in state.results if not r.ok]
    retryable = [r for r in failed if r.retryable] if outcome.status in ("retrying_writes", "failed") else []
    return render(
        request,
        "inbox/approval.html",
        page_context(
            session,
            thread_id=thread_id,
            state=state,
            status=outcome.status,
            status_text=humanize(outcome.status),
            workflow=humanize(state.workflow or "unrouted_event"),
            waited=waited(row.updated_at, now),
            due_at=mine.due_at if mine else None,
            overdue=outcome.status == "awaiting_review" and overdue(mine.due_at if mine else None, now),
            escalated_to=mine.escalated_to if mine else None,
            views=views,
            forms=forms,
            chosen=chosen or {},
            reasons=reasons or {},
            choice_errors=choice_errors or {},
            error=error,
            error_title=error_title,
            results=result_views(state),
            failed=failed,
            retryable=retryable,
            findings=state.findings,
            humanize=humanize,
            counted=counted,
            can_decide=session.principal.can("approvals.decide"),
        ),
        status=status,
    )


@router.get("/approvals/{thread_id}", response_class=HTMLResponse)
async def approval(
    request: Request, thread_id: str, services: ServicesDep, session: InboxSession
) -> HTMLResponse:
    """What the agent wants to do and why, the data beside the change, and the decision form; once
    decided, what was written."""
    return await _approval_page(request, services, session, thread_id)


@router.post("/approvals/{thread_id}", response_class=HTMLResponse)
async def decide(
    request: Request, thread_id: str, services: ServicesDep, metrics: MetricsDep, session: CheckedPost
) -> Response:
    """One decision per action request: approve, edit (validated with the action's model) or reject."""
    require_permission(session, "approvals.decide")
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    outcome = await approvals.review(services, session.principal, thread_id)
    if outcome.status != "awaiting_review":
        return RedirectResponse(f"/inbox/approvals/{thread_id}", status_code=303)
    pending = [p for p in outcome.state.proposals if p.id in outcome.state.pending]
    decisions: list[dict[str, Any]] = []
    forms: list[ActionForm] = []
    chosen: dict[int, str] = {}
    reasons: dict[int, str] = {}
    choice_errors: dict[int, str] = {}
    for index, proposal in enumerate(pending):
        choice = form.get(f"decision{index}", "")
        reasons[index] = form.get(f"reason{index}", "").strip()
        if choice in DECISIONS:
            chosen[index] = choice
        if choice == "edit":
            args, shown = submitted_args(index, proposal.action, proposal.args, form)
            forms.append(shown)
            decisions.append({"type": "edit", "edited_action": {"name": proposal.action, "args": args}})
            continue
        forms.append(edit_form(index, proposal.action, proposal.args))
        if choice == "approve":
            decisions.append({"type": "approve"})
        elif choice == "reject":
            if not reasons[index]:
                choice_errors[index] = "Say why you reject it: the reason is recorded."
            decisions.append({"type": "reject", "message": reasons[index]})
        else:
            choice_errors[index] = "Choose approve, edit or reject."
    if choice_errors or any(has_errors(f) for f in forms):
        return await _approval_page(
            request,
            services,
            session,
            thread_id,
            forms=forms,
            chosen=chosen,
            reasons=reasons,
            choice_errors=choice_errors,
            error="Some decisions need your attention (marked below).",
            status=422,
        )
    try:
        decided = await approvals.decide(services, session.principal, thread_id, {"decisions": decisions})
    except InvalidInput as exc:  # a policy the edit breaks, seen by the guardrails
        return await _approval_page(
            request,
            services,
            session,
            thread_id,
            forms=forms,
            chosen=chosen,
            reasons=reasons,
            error=exc.message,
            status=422,
        )
    metrics.decided(decided, (d["type"] for d in decisions))
    return RedirectResponse(f"/inbox/approvals/{thread_id}", status_code=303)


@router.post("/approvals/{thread_id}/retry", response_class=HTMLResponse)
async def retry(request: Request, thread_id: str, services: ServicesDep, session: CheckedPost) -> Response:
    """Retry the writes Procare failed transiently, with their idempotency keys (a write lands once)."""
    require_permission(session, "approvals.decide")
    try:
        await approvals.retry_writes(services, session.principal, thread_id)
    except Conflict as exc:  # nothing left to retry, or a worker is retrying it right now
        return await _approval_page(
            request,
            services,
            session,
            thread_id,
            error=exc.message,
            error_title="Nothing was retried",
            status=409,
        )
    return RedirectResponse(f"/inbox/approvals/{thread_id}", status_code=303)


@router.get("/audit/threads/{thread_id}", response_class=HTMLResponse)
async def thread_audit(
    request: Request, thread_id: str, services: ServicesDep, session: InboxSession
) -> HTMLResponse:
    """The timeline of one thread: read, found, drafted, checked, decided, written."""
    require_permission(session, "audit.read")
    state = await audit.thread_state(services, session.principal, thread_id)
    entry = audit.entry_for(state)
    return render(
        request,
        "inbox/audit.html",
        page_context(
            session, title=f"Audit of thread {thread_id}", entries=[(entry, timeline(entry))], staff_id=None
        ),
    )


@router.get("/audit/staff", response_class=HTMLResponse)
async def staff_audit(
    request: Request,
    services: ServicesDep,
    session: InboxSession,
    staff_id: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Every thread that touched one staff member, each narrowed to them, as timelines."""
    require_permission(session, "audit.read")
    staff_id = staff_id.strip()
    entries = await audit.audit(services, session.principal, staff_id=staff_id) if staff_id else []
    return render(
        request,
        "inbox/audit.html",
        page_context(
            session,
            title=f"Audit of staff member {staff_id}" if staff_id else "Audit by staff member",
            entries=[(e, timeline(e)) for e in entries],
            staff_id=staff_id,
        ),
    )
