"""Who an incident goes to: the room's lead teacher, the center's director, the organisation's HR queue.

People come from Procare's staff records (position and classroom assignment); the roles come from the
triage rules (`Triage.notify`). When a staff member is suspected, the room lead is not told through the
routing (they may be the person named): the director and HR are.
"""

from __future__ import annotations

from collections.abc import Sequence

from agents.common.people import DIRECTOR_POSITIONS, director_of
from policies.incidents import Triage
from tools.models import Employee, Incident, RoutedTo

__all__ = ["DIRECTOR_POSITIONS", "director_of", "room_lead_of", "routed_to"]

LEAD_POSITIONS = ("Lead Teacher",)


def room_lead_of(staff: Sequence[Employee], incident: Incident) -> Employee | None:
    """The lead teacher of the incident's room, else any staff member assigned to it."""
    if incident.classroom_id is None:
        return None
    in_room = sorted(
        (e for e in staff if incident.classroom_id in e.classroom_ids), key=lambda e: e.employee_id
    )
    leads = [e for e in in_room if e.position in LEAD_POSITIONS]
    found = leads or in_room
    return found[0] if found else None


def routed_to(result: Triage, lead: Employee | None, director: Employee | None) -> list[RoutedTo]:
    """The recipients of the roles the triage names, each once; a role with nobody in it is left out."""
    out: list[RoutedTo] = []
    for role in result.notify:
        if role == "room_lead" and lead is not None and result.suspected_actor != "staff":
            out.append(RoutedTo(role="room_lead", employee_id=lead.employee_id))
        elif role == "director" and director is not None:
            out.append(RoutedTo(role="director", employee_id=director.employee_id))
        elif role == "hr":
            out.append(RoutedTo(role="hr", employee_id=None))
    if result.suspected_actor == "staff" and director is not None and all(r.role != "director" for r in out):
        out.append(RoutedTo(role="director", employee_id=director.employee_id))
    return out
