"""Role suggestions: a director's request "who should take this need?" becomes a graph run that proposes
one assignment task and waits for human review.

The need is ranked against the center's stored skills profiles here (services.skills.match_need), and the
ranked candidates travel in the `skills.assignment` event with the need's text, so the run (and a replay of
it) judges the same ranking; the skills workflow then checks the chosen person in Procare and proposes a
task for the center's director (agents.skills.assignment). The need's text is data throughout: it ranks
people, it is quoted in the task, and it chooses neither the action nor the center nor (beyond the ranking)
the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from agents.common.redact import redact_text
from agents.common.types import Event, local_date, stable_id
from agents.skills.agent import ASSIGNMENT_EVENT
from agents.skills.validate import need_text
from policies.rbac import Principal
from services.context import Services
from services.errors import Forbidden, NotFound
from services.ingest import accept_event
from services.skills import match_need
from tools.errors import ProcareNotFound

CANDIDATES = 5
"""How many ranked staff the event carries (the run takes the first one still at the center)."""
SEARCH_LIMIT = 1000
"""Ranking depth when a person is named, to find their own reasons however far down they rank."""


@dataclass(frozen=True)
class AssignmentRequest:
    """Where a requested assignment stands: its event and thread, and whether it was asked already today."""

    event_id: str
    thread_id: str
    duplicate: bool
    center_id: str
    staff_id: str | None
    candidates: list[dict[str, object]]


async def assignment_event(
    services: Services, principal: Principal, *, need: str, center_id: str, staff_id: str | None = None
) -> Event:
    """The `skills.assignment` event of a request, checked: the caller may assign at the center, the named
    person is active staff there. The same request by the same caller on the same day is the same event."""
    if not principal.can("skills.assign"):
        raise Forbidden(f"role {principal.role} may not propose staff assignments")
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    text = redact_text(need_text(need))
    if staff_id is not None:
        try:
            person = await services.deps.procare.get_employee(staff_id)
        except ProcareNotFound:
            person = None
        if person is None or person.school_id != center_id or person.employment_status != "active":
            raise NotFound(f"no active staff member {staff_id} at center {center_id}")
    search = await match_need(
        services, principal, text, center_id=center_id, limit=SEARCH_LIMIT if staff_id else CANDIDATES
    )
    ranked = [
        {"staff_id": m.staff_id, "score": round(m.score, 4), "reasons": m.reasons} for m in search.matches
    ]
    candidates = ranked[:CANDIDATES] + [c for c in ranked[CANDIDATES:] if c["staff_id"] == staff_id]
    day = local_date(services.now(), "UTC").isoformat()
    return Event(
        id=f"skills-assign-{stable_id(center_id, text, staff_id, principal.id, day)}",
        type=ASSIGNMENT_EVENT,
        occurred_at=services.now(),
        center_id=center_id,
        data={
            "need": text,
            "staff_id": staff_id,
            "candidates": candidates,
            "requested_by": principal.id,
            "skills_as_of": search.as_of.isoformat(),
        },
    )


async def request_assignment(
    services: Services, principal: Principal, *, need: str, center_id: str, staff_id: str | None = None
) -> AssignmentRequest:
    """Store and queue the request's run (it pauses at human review with the proposed task)."""
    event = await assignment_event(services, principal, need=need, center_id=center_id, staff_id=staff_id)
    result = await accept_event(services, event)
    return AssignmentRequest(
        event_id=result.event_id,
        thread_id=result.thread_id,
        duplicate=result.duplicate,
        center_id=center_id,
        staff_id=staff_id,
        candidates=list(event.data["candidates"]),
    )
