"""The skills workflow's entry point: mandated training for a new hire or a center, and role suggestions.

Event types (agents.registry): `skills.mandated_training` (one new hire, queued after their `staff.hired`
run), `scan.training` (the daily check of a center's recent hires) and `skills.assignment` (a director's
request for a proposed assignment to a need, made by services.skills_assign).
"""

from __future__ import annotations

from agents.common.types import AgentContext, AgentOutput, Event
from agents.skills import assignment, mandated

WORKFLOW = "skills"
MANDATED_EVENT = "skills.mandated_training"
ASSIGNMENT_EVENT = "skills.assignment"
SCAN_KIND = "training"
EVENT_TYPES = frozenset({MANDATED_EVENT, ASSIGNMENT_EVENT, f"scan.{SCAN_KIND}"})


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Route by event type (the registry sends only EVENT_TYPES here)."""
    if event.type == ASSIGNMENT_EVENT:
        return await assignment.suggest(event, ctx)
    if event.type == MANDATED_EVENT:
        return await mandated.hired(event, ctx)
    if event.type == f"scan.{SCAN_KIND}":
        return await mandated.scan(event, ctx)
    raise ValueError(f"the skills workflow does not handle {event.type!r}")
