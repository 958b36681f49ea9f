"""The director API: approvals, decisions, audit, thread history and rollout phases.

Each route checks the caller's permission (a dependency), calls one use case of services/ and shapes its
answer with a response model of api/responses.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import (
    ApprovalsReader,
    AuditReader,
    Decider,
    HistoryReader,
    MetricsDep,
    RolloutReader,
    RolloutWriter,
    ServicesDep,
)
from api.openapi_links import link
from api.requests import DecisionsIn, PilotIn, RolloutIn
from api.responses import (
    ApprovalDetail,
    ApprovalPage,
    ApprovalSummary,
    AuditEntryOut,
    ErrorOut,
    HistoryItem,
    OutcomeOut,
    PilotOut,
    RolloutOut,
    RolloutRowOut,
)
from policies.rollout import DEFAULT_PHASE
from services import approvals, audit, rollout

router = APIRouter()

AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
    403: {"model": ErrorOut, "description": "The token's role lacks the permission."},
}
NOT_FOUND: dict[int | str, dict[str, object]] = {
    404: {"model": ErrorOut, "description": "No such thread in the caller's centers."}
}


@router.get(
    "/approvals",
    tags=["approvals"],
    summary="Pending approvals in my centers, oldest first, a page at a time",
    response_model=ApprovalPage,
    responses={
        200: {
            "description": "A page of pending approvals.",
            "links": {
                "GetFirstApproval": link(
                    "/approvals/{thread_id}", "get", {"thread_id": "$response.body#/items/0/thread_id"}
                ),
                "DecideFirstApproval": link(
                    "/approvals/{thread_id}/decisions",
                    "post",
                    {"thread_id": "$response.body#/items/0/thread_id"},
                ),
                "NextPage": link("/approvals", "get", {"query.cursor": "$response.body#/next_cursor"}),
            },
        },
        **AUTH_ERRORS,
        422: {"model": ErrorOut, "description": "A limit out of range or a bad cursor."},
    },
)
async def list_approvals(
    principal: ApprovalsReader,
    services: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page")] = 100,
    cursor: Annotated[
        str | None, Query(max_length=512, description="`next_cursor` of the previous page")
    ] = None,
) -> ApprovalPage:
    page = await approvals.pending_cursor_page(services, principal, limit=limit, cursor=cursor)
    return ApprovalPage.model_validate(
        {
            "items": [ApprovalSummary.model_validate(r) for r in page.items],
            "next_cursor": page.next_cursor,
            "total": page.total,
        }
    )


@router.get(
    "/approvals/{thread_id}",
    tags=["approvals"],
    summary="One review request with its data, rationale and findings",
    response_model=ApprovalDetail,
    responses={**AUTH_ERRORS, **NOT_FOUND},
)
async def get_approval(thread_id: str, principal: ApprovalsReader, services: ServicesDep) -> ApprovalDetail:
    outcome = await approvals.review(services, principal, thread_id)
    state = outcome.state
    return ApprovalDetail.model_validate(
        {
            "thread_id": thread_id,
            "center_id": state.event.center_id,
            "workflow": state.workflow,
            "status": outcome.status,
            "request": outcome.request,
            "proposals": [p for p in state.proposals if p.id in set(state.pending)],
            "reads": state.reads,
            "findings": state.findings,
            "verdicts": state.verdicts,
            "decisions": state.decisions,
            "results": state.results,
            "report": state.report,
        }
    )


@router.post(
    "/approvals/{thread_id}/decisions",
    tags=["approvals"],
    summary="Approve, edit or reject the pending actions (LangChain HITL decisions)",
    description="One decision per action request, in order. The graph resumes and the answer is its outcome. "
    "A wrong count, unknown type or an edit that breaks a policy (including the field write allow-list) is "
    "refused with 422 and the thread stays paused; a thread not waiting for a decision answers 409.",
    response_model=OutcomeOut,
    responses={
        **AUTH_ERRORS,
        **NOT_FOUND,
        409: {
            "model": ErrorOut,
            "description": "Already decided (`conflict`), another worker holds the thread (`thread_busy`), "
            "or an earlier decision was being finished and was applied instead of these "
            "(`decision_superseded`).",
        },
        422: {"model": ErrorOut, "description": "Decisions refused; the thread stays paused."},
    },
)
async def post_decisions(
    thread_id: str, body: DecisionsIn, principal: Decider, services: ServicesDep, metrics: MetricsDep
) -> OutcomeOut:
    decided = await approvals.decide(
        services, principal, thread_id, body.model_dump(mode="json", exclude_none=True)
    )
    metrics.decided(decided, (d.type for d in body.decisions))
    state = decided.outcome.state
    return OutcomeOut.model_validate(
        {
            "thread_id": thread_id,
            "status": decided.outcome.status,
            "decisions": state.decisions,
            "results": state.results,
            "findings": state.findings,
        }
    )


@router.post(
    "/approvals/{thread_id}/retry",
    tags=["approvals"],
    summary="Retry the approved writes that Procare failed transiently (same idempotency keys)",
    description="Runs the thread's failed writes again with the keys they were first sent with, so a "
    "write that already landed is never written twice. Only writes that failed transiently (5xx, 429, a "
    "timeout, no connection) are retried; a 4xx is a permanent failure. A thread with no such write "
    "answers 409.",
    response_model=OutcomeOut,
    responses={
        **AUTH_ERRORS,
        **NOT_FOUND,
        409: {"model": ErrorOut, "description": "No failed write to retry, or another worker holds it."},
    },
)
async def post_retry(thread_id: str, principal: Decider, services: ServicesDep) -> OutcomeOut:
    outcome = await approvals.retry_writes(services, principal, thread_id)
    state = outcome.state
    return OutcomeOut.model_validate(
        {
            "thread_id": thread_id,
            "status": outcome.status,
            "decisions": state.decisions,
            "results": state.results,
            "findings": state.findings,
        }
    )


@router.get(
    "/audit",
    tags=["audit"],
    summary="Audit trail by staff id, or by center and time window",
    response_model=list[AuditEntryOut],
    responses={**AUTH_ERRORS, 404: {"model": ErrorOut, "description": "Center not visible."}},
)
async def get_audit(
    principal: AuditReader,
    services: ServicesDep,
    staff_id: Annotated[str | None, Query(description="Procare employee id")] = None,
    center_id: Annotated[str | None, Query(description="Center (school) id")] = None,
    since: Annotated[datetime | None, Query(description="Start (inclusive); default until - 30 days")] = None,
    until: Annotated[datetime | None, Query(description="End (exclusive); default now")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AuditEntryOut]:
    entries = await audit.audit(
        services, principal, staff_id=staff_id, center_id=center_id, since=since, until=until, limit=limit
    )
    return [AuditEntryOut.model_validate(e) for e in entries]


@router.get(
    "/threads/{thread_id}/history",
    tags=["audit"],
    summary="Checkpoint history of a thread, newest first",
    response_model=list[HistoryItem],
    responses={**AUTH_ERRORS, **NOT_FOUND},
)
async def get_history(thread_id: str, principal: HistoryReader, services: ServicesDep) -> list[HistoryItem]:
    return [HistoryItem.model_validate(c) for c in await audit.history(services, principal, thread_id)]


@router.get(
    "/rollout",
    tags=["rollout"],
    summary="Rollout phases of my centers and the all-center defaults",
    response_model=RolloutOut,
    responses=AUTH_ERRORS,
)
async def get_rollout(principal: RolloutReader, services: ServicesDep) -> RolloutOut:
    view = await rollout.rollout_view(services.pool, principal)
    return RolloutOut.model_validate(
        {
            "default_phase": DEFAULT_PHASE,
            "phases": view.phases,
            "pilots": view.pilots,
            "history": view.history,
        }
    )


@router.put(
    "/rollout",
    tags=["rollout"],
    summary="Set the phase of a center and workflow (hr_admin)",
    response_model=RolloutRowOut,
    responses={
        **AUTH_ERRORS,
        409: {"model": ErrorOut, "description": "The center is read_only and has no (matching) shadow run."},
        422: {"model": ErrorOut, "description": "Unknown workflow or phase."},
    },
)
async def put_rollout(body: RolloutIn, principal: RolloutWriter, services: ServicesDep) -> RolloutRowOut:
    row = await rollout.set_rollout_phase(
        services.pool,
        principal,
        body.center_id,
        body.workflow,
        body.phase,
        now=services.now(),
        shadow_run_id=body.shadow_run_id,
    )
    return RolloutRowOut.model_validate(row)


@router.post(
    "/rollout/pilots",
    tags=["rollout"],
    summary="Start a pilot group: a phase for named centers, decided there by named reviewers (hr_admin)",
    response_model=PilotOut,
    status_code=201,
    responses={**AUTH_ERRORS, 409: {"model": ErrorOut, "description": "Name taken or a center in a pilot."}},
)
async def post_pilot(body: PilotIn, principal: RolloutWriter, services: ServicesDep) -> PilotOut:
    pilot = await rollout.start_pilot(
        services.pool,
        principal,
        name=body.name,
        workflow=body.workflow,
        phase=body.phase,
        centers=body.centers,
        reviewers=body.reviewers,
        now=services.now(),
    )
    return PilotOut.model_validate(pilot)


@router.post(
    "/rollout/pilots/{name}/end",
    tags=["rollout"],
    summary="End a pilot group: its centers go back to their stored phase (hr_admin)",
    response_model=PilotOut,
    responses={**AUTH_ERRORS, **NOT_FOUND},
)
async def end_pilot(name: str, principal: RolloutWriter, services: ServicesDep) -> PilotOut:
    return PilotOut.model_validate(
        await rollout.end_pilot(services.pool, principal, name, now=services.now())
    )
