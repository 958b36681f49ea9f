"""The write-back allow-list: which actions exist, what they may touch, and their rollout category.

An approved action is executed only if its name is here and every field it writes is allowed. The
guardrails check proposals against this list and `execute` checks again right before the write, so an
edited action from a director cannot widen what procare-ai writes into Procare.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from policies.onboarding import PROFILE_PREFILL
from policies.rollout import ActionCategory

Shape = Mapping[str, "Shape | None"]
"""The keys an object inside an action's args may carry; each key's value is a leaf (None: a scalar or a
list of scalars) or a nested shape (an object, or a list of objects, checked the same way)."""

CUSTOM_FIELDS: frozenset[str] = frozenset({"shirt_size", "languages"}) | frozenset(PROFILE_PREFILL)
"""Employee custom fields procare-ai may write: the organisation's profile extras and the keys onboarding
pre-fills from a new hire's documents. Pay (`hourly_rate`, `pay_code`) and PII (`ssn`, `birth_date`,
`home_address`) are not custom fields and never written through one."""

REVIEW_FORM_FIELDS: frozenset[str] = frozenset({"agenda"})
"""Review form fields procare-ai pre-fills; the ratings and goals stay the reviewer's."""


@dataclass(frozen=True)
class WriteAction:
    """One kind of write-back: the Procare endpoint it maps to and the fields it may carry."""

    name: str
    category: ActionCategory
    endpoint: str
    required: frozenset[str]
    allowed: frozenset[str]
    description: str
    nested: Mapping[str, Shape] = field(default_factory=dict)
    """For an allowed field whose value is an object or a list of objects: the keys those may carry.
    A field not named here carries no object at all."""


WRITE_ACTIONS: dict[str, WriteAction] = {
    a.name: a
    for a in (
        WriteAction(
            "send_message",
            "notification",
            "POST /v1/messages",
            frozenset({"school_id", "to_employee_id", "subject", "body"}),
            frozenset({"school_id", "to_employee_id", "subject", "body"}),
            "Send a Procare message to a staff member.",
        ),
        WriteAction(
            "create_task",
            "task",
            "POST /v1/tasks",
            frozenset({"school_id", "title"}),
            frozenset(
                {
                    "school_id",
                    "title",
                    "body",
                    "priority",
                    "due_on",
                    "assignee_employee_id",
                    "related_employee_id",
                }
            ),
            "Create a task for the director or a staff member.",
        ),
        WriteAction(
            "update_credential",
            "data_write",
            "PATCH /v1/credentials/{credential_id}",
            frozenset({"credential_id"}),
            frozenset({"credential_id", "status", "issued_on", "expires_on", "document_id"}),
            "Change a credential's status or dates on the Procare record.",
        ),
        WriteAction(
            "patch_payroll",
            "data_write",
            "PATCH /v1/employees/{employee_id}/payroll",
            frozenset({"employee_id", "pay_period_start", "adjustments"}),
            frozenset({"employee_id", "pay_period_start", "adjustments"}),
            "Post payroll-hour corrections for one pay period.",
            {"adjustments": dict.fromkeys(("date", "pay_code", "hours", "reason"))},
        ),
        WriteAction(
            "patch_employee",
            "data_write",
            "PATCH /v1/employees/{employee_id}",
            frozenset({"employee_id"}),
            frozenset(
                {"employee_id", "phone", "position", "classroom_ids", "bio", "skills", "custom_fields"}
            ),
            "Pre-fill or update profile fields of an employee.",
            {"custom_fields": dict.fromkeys(CUSTOM_FIELDS)},
        ),
        WriteAction(
            "create_staff_move",
            "data_write",
            "POST /v1/classrooms/{classroom_id}/staff-moves",
            frozenset({"classroom_id", "employee_id", "date", "start_minutes", "end_minutes"}),
            frozenset({"classroom_id", "employee_id", "date", "start_minutes", "end_minutes", "reason"}),
            "Move a staff member into a room for a time window (coverage).",
        ),
        WriteAction(
            "route_incident",
            "task",
            "POST /v1/incidents/{incident_id}/routing",
            frozenset({"incident_id", "category", "severity", "routed_to"}),
            frozenset({"incident_id", "category", "severity", "routed_to", "note"}),
            "Hand an incident to the room lead, the director and/or HR (Procare incident routing).",
            {"routed_to": dict.fromkeys(("role", "employee_id"))},
        ),
        WriteAction(
            "send_parent_message",
            "notification",
            "POST /v1/parent-messages",
            frozenset({"school_id", "child_id", "subject", "body"}),
            frozenset({"school_id", "child_id", "incident_id", "subject", "body"}),
            "Message a child's parents about an incident.",
        ),
        WriteAction(
            "book_calendar",
            "task",
            "POST /v1/calendar-bookings",
            frozenset({"school_id", "title", "start", "end", "attendee_employee_ids"}),
            frozenset({"school_id", "title", "start", "end", "attendee_employee_ids", "review_id", "note"}),
            "Book a meeting (a performance review) on the director's and the staff member's calendars.",
        ),
        WriteAction(
            "request_signature",
            "notification",
            "POST /v1/signature-requests",
            frozenset({"school_id", "employee_id", "form"}),
            frozenset({"school_id", "employee_id", "form", "document_id", "due_on", "message"}),
            "Send a form (I-9, W-4) to a staff member for e-signature.",
        ),
        WriteAction(
            "prefill_review_form",
            "data_write",
            "PATCH /v1/performance-reviews/{review_id}",
            frozenset({"review_id", "form"}),
            frozenset({"review_id", "form"}),
            "Pre-fill a performance review form with agenda points from Procare's records.",
            {"form": dict.fromkeys(REVIEW_FORM_FIELDS)},
        ),
        WriteAction(
            "assign_training",
            # Task-like (assistive phase): it adds an entry to the staff member's training plan, as a task
            # or a calendar booking adds a record, and changes no data Procare already holds (DESIGN.md
            # "Rollout phases": data write-backs are payroll, credential status, profile and review forms).
            "task",
            "POST /v1/employees/{employee_id}/training-plan",
            frozenset({"employee_id", "school_id", "course_id", "session_id"}),
            frozenset(
                {"employee_id", "school_id", "course_id", "session_id", "credential_id", "due_on", "note"}
            ),
            "Assign an approved training course session to a staff member's training plan.",
        ),
    )
}


def _nested_problems(where: str, value: Any, shape: Shape | None) -> list[str]:
    """Keys of `value` (at `where`) outside `shape`, at any depth; an object where a leaf belongs is one."""
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _nested_problems(f"{where}[{n}]", item, shape)]
    if not isinstance(value, dict):
        return []
    if shape is None:
        return [f"{where} may not carry an object"]
    problems = []
    extra = sorted(str(k) for k in value if k not in shape)
    if extra:
        problems.append(f"{where} may not write field(s) {', '.join(extra)}")
    for key, item in value.items():
        if key in shape:
            problems.extend(_nested_problems(f"{where}.{key}", item, shape[key]))
    return problems


def write_problems(name: str, args: dict[str, Any]) -> list[str]:
    """Reasons an action may not be written as given; empty when it is allowed.

    Nested keys are checked like top-level ones, so `custom_fields: {"hourly_rate": ...}` inside a
    `patch_employee` is refused as `hourly_rate` would be.
    """
    action = WRITE_ACTIONS.get(name)
    if action is None:
        return [f"action {name!r} is not on the write allow-list ({', '.join(sorted(WRITE_ACTIONS))})"]
    problems = []
    extra = sorted(set(args) - action.allowed)
    if extra:
        problems.append(f"{name} may not write field(s) {', '.join(extra)}")
    missing = sorted(action.required - set(args))
    if missing:
        problems.append(f"{name} needs field(s) {', '.join(missing)}")
    for key in sorted(set(args) & action.allowed):
        problems.extend(_nested_problems(f"{name}.{key}", args[key], action.nested.get(key)))
    return problems


# What each data write-back did, as the note on the staff record says it (the seed: "all AI-initiated
# updates append a system note to the staff record"). Data writes change a staff record, and so does a
# course assigned to the staff member's training plan; messages, tasks and bookings are their own records in
# Procare and need no note.
NOTE_SUBJECTS: dict[str, str] = {
    "update_credential": "Credential status updated via AI audit",
    "patch_payroll": "Payroll hours corrected via AI payroll validation",
    "patch_employee": "Profile updated via AI onboarding intake",
    "create_staff_move": "Room coverage assigned via AI ratio check",
    "prefill_review_form": "Performance review form pre-filled via AI review preparation",
    "assign_training": "Training course assigned via AI audit",
}

PLAN_WRITES: frozenset[str] = frozenset({"assign_training"})
"""Task-like writes that still change the staff record itself (its training plan), so they get a note."""


def needs_staff_note(name: str) -> bool:
    """Whether an approved write of action `name` appends a note to the staff record it changed."""
    action = WRITE_ACTIONS.get(name)
    return action is not None and (action.category == "data_write" or name in PLAN_WRITES)


def staff_note_text(name: str, *, on: date, approved_by: str, thread_id: str) -> str:
    """The note for one AI-initiated data write: what changed, the run's date, the approver, the thread."""
    subject = NOTE_SUBJECTS.get(name, f"Record updated via AI ({name})")
    return f"{subject} on {on.isoformat()} (approved by {approved_by}, thread {thread_id})"
