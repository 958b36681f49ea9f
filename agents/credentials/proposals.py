"""What the credentials workflow proposes: a drafted renewal reminder, a director task, a renewal course
assigned to the staff member's training plan, a status change.

The model drafts only the reminder's prose; every date and name comes from policies.credentials and the
Procare record, and the draft is checked to state them (else the offline template is used).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from agents.common import proposals
from agents.common.llm import DraftSpec, draft_or_fallback
from agents.common.people import display_name
from agents.common.training import RenewalOption
from agents.common.types import AgentContext, Finding, Proposal, stable_id
from agents.common.wording import with_article
from policies import credentials as rules
from tools.models import Credential, Employee, School

WORKFLOW = "credentials"

REMINDER_INSTRUCTIONS = (
    "You write short, warm, professional reminders from a childcare center director to a staff member "
    "whose required credential is expiring or expired. State the credential and the exact date given in the "
    "facts; never invent dates, numbers or requirements; include the renewal instructions; no more than "
    "120 words; no personal data beyond the first name. Fields: subject, body."
)


class Reminder(BaseModel):
    """A drafted reminder message: the model fills these, policies supply every date."""

    subject: str = Field(min_length=5, max_length=120)
    body: str = Field(min_length=20, max_length=1500)


def _reminder_check(draft: Reminder, facts: Any) -> list[str]:
    problems = []
    if str(facts["expires_on"]) not in draft.body:
        problems.append(f"the body must state the expiry date {facts['expires_on']}")
    if facts["label"].split(" (")[0].lower() not in draft.body.lower():
        problems.append(f"the body must name the credential ({facts['label']})")
    return problems


REMINDER = DraftSpec(
    name="credential_reminder",
    schema=Reminder,
    instructions=REMINDER_INSTRUCTIONS,
    templates={
        "subject": "{{ label }} {{ 'expired on' if expired else 'expires on' }} {{ expires_on }}",
        "body": (
            "Hi {{ first_name }}, your {{ label }} "
            "{% if expired %}expired on {{ expires_on }}{% else %}expires on {{ expires_on }} "
            "({{ days_left }} day{{ '' if days_left == 1 else 's' }} from today){% endif %}. {{ renewal }} "
            "Once you have the new card, please upload it in Procare so we can update your record. "
            "Thank you! - {{ center_name }}"
        ),
    },
    check=_reminder_check,
    recipient="first_name",
    trusted=("label", "renewal"),
)


async def reminder(
    ctx: AgentContext,
    school: School,
    employee: Employee,
    cred: Credential,
    expires_on: date,
    days_left: int,
    finding: Finding,
) -> Proposal:
    """A renewal reminder to the staff member, drafted from the issuer's rule and the policy expiry."""
    facts = {
        "first_name": employee.first_name,
        "label": rules.label_of(cred.kind),
        "expires_on": str(expires_on),
        "days_left": days_left,
        "expired": days_left < 0,
        "renewal": rules.VALIDITY_RULES[cred.kind].renewal,
        "center_name": school.name,
    }
    draft, rejected = await draft_or_fallback(ctx.drafter, REMINDER, facts)
    return proposals.send_message(
        id=stable_id(WORKFLOW, "reminder", cred.credential_id, str(expires_on)),
        workflow=WORKFLOW,
        school_id=school.school_id,
        to_employee_id=employee.employee_id,
        subject=draft.value.subject,
        body=draft.value.body,
        description=f"Send {display_name(employee)} a renewal reminder",
        rationale=finding.summary + (f" Model draft rejected: {rejected}" if rejected else ""),
        finding_id=finding.id,
        citation=finding.citation,
        draft=draft,
        context={"credential_kind": cred.kind},
    )


def director_task(
    school: School, employee: Employee, finding: Finding, priority: str, today: date, *, course: str = ""
) -> Proposal:
    """A follow-up task for the director: due tomorrow when urgent, else in a week; `course` says what the
    renewal-course search found (the class proposed, or that none fits), when it searched."""
    name = display_name(employee)
    return proposals.create_task(
        id=stable_id(WORKFLOW, "task", finding.id),
        workflow=WORKFLOW,
        school_id=school.school_id,
        title=f"Credential follow-up: {name}",
        body=f"{finding.summary}{' ' + course if course else ''} Source: {finding.citation}",
        priority=priority,
        due_on=today + timedelta(days=1 if priority == "urgent" else 7),
        related_employee_id=employee.employee_id,
        description=f"Create {with_article(f'{priority}-priority task')} for the director about {name}",
        rationale=finding.summary,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
    )


def credential_update(
    proposal_id: str,
    cred: Credential,
    employee: Employee,
    args: dict[str, Any],
    *,
    description: str,
    rationale: str,
    finding: Finding,
    citation: str,
) -> Proposal:
    """An `update_credential` write-back (automation phase), carrying the kind the guardrails re-check."""
    return Proposal(
        id=proposal_id,
        workflow=WORKFLOW,
        action="update_credential",
        args={"credential_id": cred.credential_id, **args},
        description=description,
        rationale=rationale,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=citation,
        context={"credential_kind": cred.kind},
    )


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def session_text(option: RenewalOption) -> str:
    """When and where, as a director reads it: 'on 2026-11-14 08:30-15:30 at X, City' or the online window."""
    session, where = option.session, option.course.location
    if session.self_paced or session.start_minutes is None or session.end_minutes is None:
        when = f"online, self-paced, {session.starts_on} to {session.ends_on}"
    else:
        when = f"on {session.starts_on} {_clock(session.start_minutes)}-{_clock(session.end_minutes)}"
    if where is not None:
        when += f" at {where.venue}, {where.city}"
        if option.distance_km is not None:
            when += f" ({option.distance_km:.0f} km from the center)"
    elif not session.self_paced:
        when += " (online)"
    return when


def training_assignment(
    school: School,
    employee: Employee,
    cred: Credential,
    expires_on: date,
    option: RenewalOption,
    finding: Finding,
) -> Proposal:
    """`assign_training`: the renewal session on the staff member's training plan (a task-like write, so
    assistive phase and up), due the day the session ends; every fact is the catalog's and the policy's."""
    course, session, name = option.course, option.session, display_name(employee)
    label = rules.label_of(cred.kind)
    how = (
        "its card renews this credential"
        if option.match == "same"
        else "its card satisfies the same licensing requirement (AHA and Red Cross are both accepted)"
    )
    return Proposal(
        id=stable_id(WORKFLOW, "assign_training", cred.credential_id, str(expires_on), session.session_id),
        workflow=WORKFLOW,
        action="assign_training",
        args={
            "employee_id": employee.employee_id,
            "school_id": school.school_id,
            "course_id": course.course_id,
            "session_id": session.session_id,
            "credential_id": cred.credential_id,
            "due_on": session.ends_on.isoformat(),
            "note": f"Renews {label} (expires {expires_on}): {course.title}, {course.provider}, "
            f"{session_text(option)}.",
        },
        description=f"Assign {name} to {course.title} ({course.provider}) {session_text(option)}",
        rationale=f"{finding.summary} An approved course near the center: {how}; the session fits "
        f"{employee.first_name}'s scheduled shifts and ends before the deadline; "
        f"{session.seats_left} of {session.seats_total} seats {'was' if session.seats_left == 1 else 'were'} "
        "left and one is held for this proposal.",
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
        context={"credential_kind": cred.kind, "renewal_match": option.match, "renews": list(course.renews)},
    )
