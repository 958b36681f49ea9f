"""The three things a triaged incident proposes: its routing, the parents' notice, each agency report.

Every target, deadline and severity comes from the rules (policies.incidents) and Procare's records; a
model only words the parents' message, and that text is checked against its facts (policies.drafts).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from agents.common.llm import Draft, DraftSpec
from agents.common.types import Proposal, stable_id
from agents.common.wording import humanize
from policies.incidents import RequiredReport, Triage
from tools.models import Employee, Incident, RoutedTo

WORKFLOW = "incidents"

PARENT_INSTRUCTIONS = (
    "You write a short, calm message from a childcare center to the parents of a child involved in an "
    "incident. Use only the facts given (center, date, time, room, kind of incident); do not describe other "
    "children, do not name staff, do not speculate about causes or blame; say the director will follow up. "
    "At most 90 words. Fields: subject, body."
)


class ParentNote(BaseModel):
    subject: str = Field(min_length=5, max_length=120)
    body: str = Field(min_length=20, max_length=1200)


PARENT_NOTICE = DraftSpec(
    name="incident_parent_notice",
    schema=ParentNote,
    instructions=PARENT_INSTRUCTIONS,
    templates={
        "subject": "An incident involving your child at {{ center }} on {{ day }}",
        "body": (
            "Dear family, we are letting you know that your child was involved in an incident at "
            "{{ center }} on {{ day }} at {{ time }} in {{ room }} ({{ kind }}). Your child is being cared "
            "for and the director will follow up with you {{ follow_up }}. Please call the center with any "
            "questions."
        ),
    },
    trusted=("center", "room", "kind", "follow_up"),
)


def drafted(draft: Draft[Any]) -> dict[str, Any]:
    """The audit fields of a drafted text (prompt, raw output, model; a refused draft and why)."""
    fields: dict[str, Any] = {"prompt": draft.prompt, "model_output": draft.raw_output, "model": draft.model}
    if draft.rejection is not None:
        fields["draft_rejection"] = f"{draft.rejected_model}: {draft.rejection}"
        fields["rejected_output"] = draft.rejected_output
    return fields


def routing(
    incident: Incident,
    triage: Triage,
    routed_to: list[RoutedTo],
    *,
    finding_id: str,
    note: str,
    view: Draft[Any],
) -> Proposal:
    """`route_incident`: the incident to the people its triage names (POST /incidents/{id}/routing)."""
    roles = ", ".join(humanize(r.role) for r in routed_to)
    return Proposal(
        id=stable_id(WORKFLOW, "route", incident.incident_id),
        workflow=WORKFLOW,
        action="route_incident",
        args={
            "incident_id": incident.incident_id,
            "category": triage.category,
            "severity": triage.severity,
            "routed_to": [r.model_dump(mode="json") for r in routed_to],
            "note": note,
        },
        description=f"Route incident {incident.incident_id} ({triage.category}, {triage.severity}) "
        f"to {roles}",
        rationale=f"Roles from the triage rules: {', '.join(triage.notify)}."
        + (f" Model: {'; '.join(triage.raised_by_model)}." if triage.raised_by_model else ""),
        staff_ids=[r.employee_id for r in routed_to if r.employee_id],
        finding_id=finding_id,
        citation=triage.citation,
        **drafted(view),
    )


def parent_message(
    incident: Incident,
    child_id: str,
    triage: Triage,
    draft: Draft[ParentNote],
    *,
    finding_id: str,
    rejection: str | None,
) -> Proposal:
    """`send_parent_message`: the notice the state (or center policy) requires, to one child's parents."""
    notice = triage.parent_notice
    return Proposal(
        id=stable_id(WORKFLOW, "parents", incident.incident_id, child_id),
        workflow=WORKFLOW,
        action="send_parent_message",
        args={
            "school_id": incident.school_id,
            "child_id": child_id,
            "incident_id": incident.incident_id,
            "subject": draft.value.subject,
            "body": draft.value.body,
        },
        description=f"Tell the parents of child {child_id} about incident {incident.incident_id} "
        f"({notice.timing})",
        rationale=f"Parent notice {notice.timing}: {notice.citation}"
        + (f" Model draft rejected: {rejection}" if rejection else ""),
        staff_ids=list(incident.staff_ids),
        finding_id=finding_id,
        citation=notice.citation,
        **drafted(draft),
    )


def report_task(
    incident: Incident,
    report: RequiredReport,
    report_id: str,
    due_at: datetime,
    director: Employee | None,
    *,
    finding_id: str,
) -> Proposal:
    """`create_task`: file one agency report by its deadline (tracked until marked filed)."""
    what = "Licensing" if report.kind == "licensing" else "Child-protection"
    written = (
        f" A written report is due within {report.written_within_hours} hours."
        if report.written_within_hours
        else ""
    )
    body = (
        f"{what} report to {report.agency} for incident {incident.incident_id}, "
        f"due {due_at:%Y-%m-%d %H:%M %Z} "
        f"({report.timing}). {report.citation}.{written} When it is filed, mark it filed "
        f"(procare-ai licensing filed {report_id}, or POST /licensing-reports/{report_id}/filed)."
    )
    args: dict[str, Any] = {
        "school_id": incident.school_id,
        "title": f"{what} report for incident {incident.incident_id} due {due_at:%Y-%m-%d %H:%M %Z}",
        "body": body,
        "priority": "urgent",
        "due_on": due_at.date().isoformat(),
    }
    if director is not None:
        args["assignee_employee_id"] = director.employee_id
    return Proposal(
        id=stable_id(WORKFLOW, "report", report_id),
        workflow=WORKFLOW,
        action="create_task",
        args=args,
        description=f"Task: file the {report.kind.replace('_', '-')} report to {report.agency}",
        rationale=f"{report.citation}: {report.timing}; because of {', '.join(report.because)}.",
        staff_ids=list(incident.staff_ids),
        finding_id=finding_id,
        citation=report.citation,
        context={"report_id": report_id, "report_due_at": due_at.isoformat()},
    )
