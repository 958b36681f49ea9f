"""The supervisor: which specialist handles which event. Pure routing, unit-testable with no model.

Event types with no specialist built yet end cleanly with a recorded finding; they are never guessed
at by another agent.
"""

from __future__ import annotations

from typing import Literal

from agents.types import Event, Finding, stable_id

SpecialistNode = Literal["credentials", "payroll", "ratios", "reviews"]

WORKFLOW_FOR_EVENT: dict[str, SpecialistNode] = {
    "scan.credentials": "credentials",
    "staff.updated": "credentials",
    "credential.document_uploaded": "credentials",
    "training.completed": "credentials",
    "timesheet.submitted": "payroll",
    "scan.payroll": "payroll",
    "attendance.changed": "ratios",
    "schedule.published": "ratios",
    "scan.reviews": "reviews",
}
"""Routing table by event type. Specialists register their event types here as they land."""

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
        "scan.credentials",
        "scan.payroll",
        "scan.reviews",
    }
)


def workflow_for(event_type: str) -> SpecialistNode | None:
    """The specialist for an event type, or None when none handles it (yet)."""
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
