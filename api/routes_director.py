"""The director API: approvals, decisions, audit, thread history and rollout phases."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query

from api import approvals, audit_views, operations
from api.deps import (
    ApprovalsReader,
    AuditReader,
    Decider,
    HistoryReader,
    RolloutReader,
    RolloutWriter,
    ServicesDep,
)
from api.schemas import (
    ApprovalDetail,
    ApprovalSummary,
    DecisionsIn,
    ErrorOut,
    HistoryItem,
    OutcomeOut,
    RolloutIn,
    RolloutOut,
    RolloutRowOut,
)
from checkpoints.audit import AuditEntry

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
    summary="Pending approvals in my centers",
    response_model=list[ApprovalSummary],
    responses=AUTH_ERRORS,
)
async def list_approvals(principal: ApprovalsReader, services: ServicesDep) -> list[ApprovalSummary]:
    return await approvals.list_pending(services, principal)


@router.get(
    "/approvals/{thread_id}",
    tags=["approvals"],
    summary="One review request with its data, rationale and findings",
    response_model=ApprovalDetail,
    responses={**AUTH_ERRORS, **NOT_FOUND},
)
async def get_approval(thread_id: str, principal: ApprovalsReader, services: ServicesDep) -> ApprovalDetail:
    return await approvals.approval_detail(services, principal, thread_id)


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
        409: {"model": ErrorOut, "description": "Already decided, or another worker holds the thread."},
        422: {"model": ErrorOut, "description": "Decisions refused; the thread stays paused."},
    },
)
async def post_decisions(
    thread_id: str, body: DecisionsIn, principal: Decider, services: ServicesDep
) -> OutcomeOut:
    return await approvals.decide(services, principal, thread_id, body)


@router.get(
    "/audit",
    tags=["audit"],
    summary="Audit trail by staff id, or by center and time window",
    response_model=list[AuditEntry],
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
) -> list[AuditEntry]:
    return await audit_views.audit(
        services, principal, staff_id=staff_id, center_id=center_id, since=since, until=until, limit=limit
    )


@router.get(
    "/threads/{thread_id}/history",
    tags=["audit"],
    summary="Checkpoint history of a thread, newest first",
    response_model=list[HistoryItem],
    responses={**AUTH_ERRORS, **NOT_FOUND},
)
async def get_history(thread_id: str, principal: HistoryReader, services: ServicesDep) -> list[HistoryItem]:
    return await audit_views.history(services, principal, thread_id)


@router.get(
    "/rollout",
    tags=["rollout"],
    summary="Rollout phases of my centers and the all-center defaults",
    response_model=RolloutOut,
    responses=AUTH_ERRORS,
)
async def get_rollout(principal: RolloutReader, services: ServicesDep) -> RolloutOut:
    return await operations.rollout_view(services, principal)


@router.put(
    "/rollout",
    tags=["rollout"],
    summary="Set the phase of a center and workflow (hr_admin)",
    response_model=RolloutRowOut,
    responses={**AUTH_ERRORS, 422: {"model": ErrorOut, "description": "Unknown workflow or phase."}},
)
async def put_rollout(body: RolloutIn, principal: RolloutWriter, services: ServicesDep) -> RolloutRowOut:
    return await operations.update_rollout(services, principal, body)
