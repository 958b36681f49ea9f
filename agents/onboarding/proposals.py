"""What the onboarding workflow proposes: the follow-up task, profile pre-fill, the credential from a card,
e-signature requests and the reminder sequence.

Every value a proposal writes comes from a read field of a packet file (masked where sensitive, never an
SSN, document number or birth date) or from the packet rules; fields read below the review threshold go in
a proposal of their own, marked for a person to confirm against the file, so approving the confident ones
never approves a doubtful one with them.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from agents.common import proposals
from agents.common.llm import DraftSpec, draft_or_fallback
from agents.common.people import display_name
from agents.common.types import AgentContext, Finding, Proposal, stable_id
from agents.onboarding.packet import ReadDocument
from policies.onboarding import PacketCheck
from policies.onboarding_profile import prefill_for
from tools.models import Employee, School

WORKFLOW = "onboarding"


def follow_up_task(
    school: School, employee: Employee, check: PacketCheck, finding: Finding, today: date
) -> Proposal:
    """HR's follow-up of an incomplete packet: each missing item with its rule, due by the first deadline."""
    name = display_name(employee)
    missing = check.incomplete
    dues = [item.due_on for item in missing if item.due_on is not None]
    overdue = any(item.overdue for item in missing)
    urgent = overdue or not check.unsupervised_contact_allowed
    due_on = max(today, min(dues)) if dues else today + timedelta(days=1)
    if overdue:
        due_on = today
    lines = [f"- {item.describe()}" for item in missing]
    if not check.unsupervised_contact_allowed:
        lines.append(
            f"- Until the background check says eligible, {employee.first_name} may work only under the "
            f"supervision of staff with a completed check, never alone with children ({check.citation})."
        )
    keys = sorted(f"{item.requirement.key}:{item.status}" for item in missing)
    return proposals.create_task(
        id=stable_id(WORKFLOW, "packet_follow_up", employee.employee_id, keys),
        workflow=WORKFLOW,
        school_id=school.school_id,
        title=f"Onboarding packet incomplete: {name}",
        body="\n".join(lines),
        priority="urgent" if urgent else "high",
        due_on=due_on,
        related_employee_id=employee.employee_id,
        description=f"Create a follow-up task for {name}'s incomplete onboarding packet "
        f"({len(missing)} item{'s' if len(missing) != 1 else ''})",
        rationale=finding.summary,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
    )


def prefill(employee: Employee, doc: ReadDocument, finding: Finding) -> list[Proposal]:
    """`patch_employee` proposals from one file: the confident fields, and apart the ones to confirm.

    Only keys of `policies.onboarding_profile.PROFILE_PREFILL` for the document's kind, only fields the
    file gave, and nothing the profile already holds with the same value.
    """
    confident: dict[str, str] = {}
    doubtful: dict[str, str] = {}
    confidence: dict[str, float] = {}
    for spec in prefill_for(doc.kind):
        read = doc.fields.get(spec.field)
        if read is None or _already(employee, spec.target, read.value):
            continue
        (doubtful if read.needs_review else confident)[spec.target] = read.value
        confidence[spec.target] = read.confidence
    out = []
    for group, doubt in ((confident, False), (doubtful, True)):
        if not group:
            continue
        args: dict[str, Any] = {"employee_id": employee.employee_id}
        custom = {k.split(".", 1)[1]: v for k, v in group.items() if k.startswith("custom_fields.")}
        args |= {k: v for k, v in group.items() if not k.startswith("custom_fields.")}
        if custom:
            args["custom_fields"] = custom  # a merge patch: Procare keeps the custom fields not named
        names = ", ".join(k.removeprefix("custom_fields.") for k in sorted(group))
        low = ", ".join(
            f"{k.removeprefix('custom_fields.')} read at {confidence[k]:.2f}" for k in sorted(group)
        )
        out.append(
            Proposal(
                id=stable_id(
                    WORKFLOW, "prefill", employee.employee_id, doc.document_id, doubt, sorted(group)
                ),
                workflow=WORKFLOW,
                action="patch_employee",
                args=args,
                description=(
                    f"CONFIRM against the file first: pre-fill {display_name(employee)}'s profile "
                    f"from {_label(doc.kind)} ({low})"
                    if doubt
                    else f"Pre-fill {display_name(employee)}'s profile from {_label(doc.kind)}: {names}"
                ),
                rationale=f"Read from Procare document {doc.document_id} (sha256 {doc.sha256[:12]}). "
                + (
                    "These fields were read below the review threshold: check each against the file."
                    if doubt
                    else "Every field was read at or above the review threshold."
                ),
                staff_ids=[employee.employee_id],
                finding_id=finding.id,
                context={
                    "document_id": doc.document_id,
                    "sha256": doc.sha256,
                    "confirm": sorted(group) if doubt else [],
                    "confidence": {k: confidence[k] for k in group},
                },
            )
        )
    return out


def _already(employee: Employee, target: str, value: str) -> bool:
    if target.startswith("custom_fields."):
        return employee.custom_fields.get(target.split(".", 1)[1]) == value
    return bool(getattr(employee, target, None) == value)


def _label(kind: str) -> str:
    return {
        "i9": "Form I-9",
        "w4": "Form W-4",
        "background_check": "the background check notice",
        "credential_card": "the training card",
    }.get(kind, kind)


# ---- reminders -----------------------------------------------------------------------------------------

REMINDER_INSTRUCTIONS = (
    "You write a short, friendly reminder from a childcare center's office to a new staff member whose "
    "onboarding paperwork is not complete. Name each item in the facts and its due date exactly as given; "
    "never invent items, dates or requirements; no personal data beyond the first name; at most 120 words. "
    "Fields: subject, body."
)


class Reminder(BaseModel):
    subject: str = Field(min_length=5, max_length=120)
    body: str = Field(min_length=20, max_length=1500)


def _reminder_check(draft: Reminder, facts: Any) -> list[str]:
    return [
        f"the body must name {item}"
        for item in facts["items"]
        if item.split(":")[0].lower() not in draft.body.lower()
    ]


REMINDER = DraftSpec(
    name="onboarding_reminder",
    schema=Reminder,
    instructions=REMINDER_INSTRUCTIONS,
    templates={
        "subject": "Reminder {{ step }} of 3: your onboarding paperwork for {{ center_name }}",
        "body": (
            "Hi {{ first_name }}, welcome again to {{ center_name }}! Your onboarding packet still needs: "
            "{% for item in items %}{{ item }}{{ '; ' if not loop.last else '.' }}{% endfor %} "
            "Please upload or sign them in Procare, or stop by the office. Thank you!"
        ),
    },
    check=_reminder_check,
    recipient="first_name",
    trusted=("items",),
)


async def reminder(
    ctx: AgentContext, school: School, employee: Employee, check: PacketCheck, step: int, finding: Finding
) -> Proposal:
    """Reminder `step` (day 1, 3 or 7) to the new hire, naming each open item and its due date."""
    items = [
        f"{item.requirement.label}: "
        + (f"due {item.due_on.isoformat()}" if item.due_on else "before working alone with children")
        for item in check.incomplete
    ]
    number = {1: 1, 3: 2, 7: 3}[step]
    facts = {"first_name": employee.first_name, "center_name": school.name, "items": items, "step": number}
    draft, rejected = await draft_or_fallback(ctx.drafter, REMINDER, facts)
    return proposals.send_message(
        id=stable_id(WORKFLOW, "reminder", employee.employee_id, step),
        workflow=WORKFLOW,
        school_id=school.school_id,
        to_employee_id=employee.employee_id,
        subject=draft.value.subject,
        body=draft.value.body,
        description=f"Send {display_name(employee)} onboarding reminder {number} of 3 (day {step})",
        rationale=finding.summary + (f" Model draft rejected: {rejected}" if rejected else ""),
        finding_id=finding.id,
        citation=finding.citation,
        draft=draft,
    )
