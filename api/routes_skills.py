"""Skills matching for directors: staff of their centers ranked for a need, each reason citing a record.

`GET /skills/match?need=&center=&limit=` answers from the stored skills profiles (services.skills), scoped
by role (`skills.read`: directors and HR) and by the caller's centers (another center is 404).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import ServicesDep, SkillsReader
from api.responses import ErrorOut, SkillMatchOut, SkillsSearchOut
from services import skills

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
