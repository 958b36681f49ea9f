"""Skills for directors: staff ranked for a need, development plans, and proposed assignments.

`GET /skills/match?need=&center=&limit=` answers from the stored skills profiles (services.skills), scoped
by role (`skills.read`: directors and HR) and by the caller's centers (another center is 404).
`GET /skills/plans/{staff_id}` (`skills.read`; the staff member's center must be one of the caller's, else
404) answers a development plan (services.skills_plans). `POST /skills/assignments` (`skills.assign`)
starts the run that proposes an assignment task for a need (services.skills_assign); the thread pauses at
human review like any other proposal. `GET /skills/needs?center=` (`skills.read`) and `POST /skills/needs`
(`skills.assign`) list and declare a center's own needs (services.center_needs), which plans check.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from api.deps import ServicesDep, SkillsAssigner, SkillsReader
from api.openapi_links import THREAD_LINKS
from api.requests import AssignmentIn, CenterNeedIn
from api.responses import (
    AssignmentOut,
    CandidateOut,
    CenterNeedOut,
    CenterNeedsOut,
    DevelopmentPlanOut,
    ErrorOut,
    SkillMatchOut,
    SkillsSearchOut,
)
from services import center_needs, skills, skills_assign, skills_plans

router = APIRouter(tags=["skills"])


@router.get(
    "/skills/match",
    summary="Staff of my centers ranked for a need, with the records each match rests on",
    response_model=SkillsSearchOut,
    responses={
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
        403: {"model": ErrorOut, "description": "The token's role may not search staff skills."},
        404: {"model": ErrorOut, "description": "No such center among the caller's."},
        422: {"model": ErrorOut, "description": "An empty or over-long need, or a bad limit."},
    },
)
async def match(
    principal: SkillsReader,
    services: ServicesDep,
    need: Annotated[str, Query(description="What the center needs, e.g. 'bilingual Spanish'.")],
    center: Annotated[str | None, Query(description="Only this center (default: all mine).")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many people.")] = 10,
) -> SkillsSearchOut:
    result = await skills.match_need(services, principal, need, center_id=center, limit=limit)
    return SkillsSearchOut(
        need=result.need,
        as_of=result.as_of.isoformat(),
        centers=result.centers,
        staff_searched=result.staff_searched,
        rebuilt=result.rebuilt,
        matches=[
            SkillMatchOut(
                staff_id=m.staff_id,
                center_id=result.center_of[m.staff_id],
                name=result.people[m.staff_id]["name"],
                position=result.people[m.staff_id]["position"],
                score=round(m.score, 4),
                reasons=m.reasons,
            )
            for m in result.matches
        ],
    )


@router.post(
    "/skills/assignments",
    summary="Propose assigning a staff member to a center need (a task for the director, after review)",
    description="Ranks the center's staff for the need from the stored skills profiles and queues a run "
    "of the skills workflow, which checks the person in Procare and proposes one task for the center's "
    "director; the thread waits at human review (in the `assistive` phase or later). The need is data: it "
    "never chooses the action or the center. The same request by the same caller on the same day answers "
    "200 with the first request's thread.",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=AssignmentOut,
    responses={
        200: {
            "model": AssignmentOut,
            "description": "Asked already today: that thread.",
            "links": THREAD_LINKS,
        },
        202: {"description": "Queued; `thread_id` names the run.", "links": THREAD_LINKS},
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
        403: {"model": ErrorOut, "description": "The token's role may not propose assignments."},
        404: {"model": ErrorOut, "description": "No such center among the caller's, or no such staff there."},
        422: {"model": ErrorOut, "description": "An empty or over-long need, or a malformed body."},
    },
)
async def assign(
    body: AssignmentIn, principal: SkillsAssigner, services: ServicesDep, response: Response
) -> AssignmentOut:
    result = await skills_assign.request_assignment(
        services, principal, need=body.need, center_id=body.center_id, staff_id=body.staff_id
    )
    if result.duplicate:
        response.status_code = status.HTTP_200_OK
    return AssignmentOut(
        event_id=result.event_id,
        thread_id=result.thread_id,
        duplicate=result.duplicate,
        center_id=result.center_id,
        staff_id=result.staff_id,
        candidates=[CandidateOut.model_validate(c) for c in result.candidates],
    )


@router.get(
    "/skills/plans/{staff_id}",
    summary="A staff member's development plan: gaps against their role's requirements and courses",
    description="Mandated topics not completed, the state's recurring training hours, required "
    "credentials missing or expiring, each with its citation, and the approved catalog sessions near the "
    "center that close each gap. Read-only: assigning a course goes through a proposal and review.",
    response_model=DevelopmentPlanOut,
    responses={
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
        403: {"model": ErrorOut, "description": "The token's role may not read development plans."},
        404: {"model": ErrorOut, "description": "No active staff member by that id in the caller's centers."},
    },
)
async def plan(
    principal: SkillsReader,
    services: ServicesDep,
    staff_id: Annotated[str, Path(min_length=1, max_length=100, description="Procare employee id.")],
) -> DevelopmentPlanOut:
    result = await skills_plans.development_plan(services, principal, staff_id)
    return DevelopmentPlanOut.model_validate(skills_plans.plan_dict(result))


@router.get(
    "/skills/needs",
    summary="The needs declared at my centers, which development plans check staff against",
    response_model=CenterNeedsOut,
    responses={
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
        403: {"model": ErrorOut, "description": "The token's role may not read center needs."},
        404: {"model": ErrorOut, "description": "No such center among the caller's."},
    },
)
async def list_needs(
    principal: SkillsReader,
    services: ServicesDep,
    center: Annotated[str | None, Query(description="Only this center (default: all mine).")] = None,
) -> CenterNeedsOut:
    found = await center_needs.center_needs(services, principal, center_id=center)
    return CenterNeedsOut(items=[CenterNeedOut.model_validate(n) for n in found])


@router.post(
    "/skills/needs",
    summary="Declare one of a center's own needs (e.g. 'STEM curriculum support')",
    status_code=status.HTTP_201_CREATED,
    response_model=CenterNeedOut,
    responses={
        401: {"model": ErrorOut, "description": "Missing, unknown or revoked token."},
        403: {"model": ErrorOut, "description": "The token's role may not declare center needs."},
        404: {"model": ErrorOut, "description": "No such center among the caller's, or in Procare."},
        409: {"model": ErrorOut, "description": "The center declares the same need already."},
        422: {"model": ErrorOut, "description": "An empty or over-long need, or a malformed body."},
    },
)
async def declare_need(body: CenterNeedIn, principal: SkillsAssigner, services: ServicesDep) -> CenterNeedOut:
    stored = await center_needs.declare_need(services, principal, center_id=body.center_id, need=body.need)
    return CenterNeedOut.model_validate(stored)
