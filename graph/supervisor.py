"""The supervisor: which specialist handles which event (agents.registry). Pure routing, no model.

Event types with no specialist built yet end cleanly with a recorded finding; they are never guessed
at by another agent.
"""

from __future__ import annotations

from agents.common.types import Event, Finding, stable_id
from agents.registry import WORKFLOW_FOR_EVENT, WORKFLOWS

__all__ = ["KNOWN_EVENT_TYPES", "WORKFLOW_FOR_EVENT", "unrouted_finding", "workflow_for"]

KNOWN_EVENT_TYPES = frozenset(
    {
        "staff.updated",
        "staff.hired",
        "credential.document_uploaded",
        "timesheet.submitted",
        "attendance.changed",
        "schedule.published",
        "document.uploaded",
        "incident.reported",
        "training.completed",
        *(f"scan.{spec.scan}" for spec in WORKFLOWS.values() if spec.scan),
    }
)
"""Event types of DESIGN.md plus the internal scans: an unrouted one of these was expected, not unknown."""


def workflow_for(event_type: str) -> str | None:
    """The specialist for an event type (agents.registry), or None when none handles it (yet)."""
    return WORKFLOW_FOR_EVENT.get(event_type)


def unrouted_finding(event: Event) -> Finding:
    """The finding recorded when an event has no specialist, so the audit shows it was seen."""
    known = event.type in KNOWN_EVENT_TYPES
    why = "no specialist handles this event type yet" if known else "unknown event type"
    return Finding(
        id=stable_id("unrouted", event.id),
        workflow="supervisor",
        kind="unrouted_event",
        severity="info",
        summary=f"Event {event.type!r} for center {event.center_id} was recorded: {why}.",
        evidence={"event_type": event.type, "known_type": known},
    )
