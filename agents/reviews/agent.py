"""Performance-review scheduling and prep: the daily review-due scan of a center.

For every active staff member it finds the review that is due (scheduled in Procare, or owed by the
center's cadence in policies.reviews and not scheduled at all), and for reviews inside the preparation
window or overdue it proposes a prep task for the reviewer with a drafted brief (tenure, credentials and
training standing, all computed by policies) and a heads-up message to the staff member. Procare's
review forms have no write endpoint in the surface, so nothing is written to a form.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from agents.common import proposals
from agents.common.llm import DraftSpec, draft_or_fallback
from agents.common.people import display_name
from agents.common.report import finding_line
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from policies import credentials as credential_rules
from policies import reviews as rules
from tools.models import Employee, PerformanceReview, School

WORKFLOW = "reviews"

BRIEF_INSTRUCTIONS = (
    "You write a short preparation brief for a childcare center director about an upcoming staff performance "
    "review. Use only the facts given (tenure, position, credential and training standing); do not invent "
    "performance judgements; at most 120 words; no personal data beyond the name. Fields: title, body."
)


class Brief(BaseModel):
    title: str = Field(min_length=5, max_length=120)
    body: str = Field(min_length=20, max_length=1500)


def _brief_check(draft: Brief, facts: Any) -> list[str]:
    return (
        [] if str(facts["due_on"]) in draft.body else [f"the brief must state the due date {facts['due_on']}"]
    )


BRIEF = DraftSpec(
    name="review_prep_brief",
    schema=Brief,
    instructions=BRIEF_INSTRUCTIONS,
    templates={
        "title": "Prepare {{ name }}'s {{ kind }} review (due {{ due_on }})",
        "body": (
            "{{ name }} ({{ position }}) has a {{ kind }} review due {{ due_on }}"
            "{% if overdue %}, now overdue{% endif %}. Tenure: {{ tenure }}. Credentials: {{ credentials }}. "
            "Suggested prep: review goals from the last cycle, classroom observations, and the "
            "credential items above."
        ),
    },
    check=_brief_check,
    trusted=("kind", "tenure", "credentials"),
)


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Check every active staff member's review standing (or one, when the event names an employee)."""
    client = ctx.client
    school = await client.get_school(event.center_id)
    out = AgentOutput(reads=[source_record(school)])
    only = event.data.get("employee_id")
    staff = (
        [await client.get_employee(str(only))]
        if only
        else [e async for e in client.iter_employees(school_id=school.school_id, status="active")]
    )
    reviews: dict[str, list[PerformanceReview]] = defaultdict(list)
    async for review in client.iter_reviews(school_id=school.school_id):
        reviews[review.employee_id].append(review)
    held = defaultdict(list)
    async for cred in client.iter_credentials(school_id=school.school_id):
        held[cred.employee_id].append(cred)
    for employee in staff:
        if employee.employment_status == "active":
            await _check(
                out, ctx, school, employee, reviews[employee.employee_id], held[employee.employee_id]
            )
    out.report = _report(school, ctx.today, out.findings)
    return out


async def _check(
    out: AgentOutput,
    ctx: AgentContext,
    school: School,
    employee: Employee,
    reviews: list[PerformanceReview],
    held: list[Any],
) -> None:
    policy = rules.DEFAULT_POLICY
    completed = [r.due_on for r in reviews if r.status == "completed"]
    open_reviews = sorted((r for r in reviews if r.status != "completed"), key=lambda r: r.due_on)
    scheduled = open_reviews[0] if open_reviews else None
    due = (
        scheduled.due_on
        if scheduled
        else rules.next_review_due(employee.hire_date, max(completed, default=None))
    )
    standing = rules.standing(due, ctx.today, policy)
    kind = "introductory" if not completed else "annual"
    name = display_name(employee)
    if scheduled is not None:
        out.reads.append(source_record(scheduled))
    if scheduled is None and standing != "upcoming":
        finding_kind, summary = (
            "review_not_scheduled",
            f"{name}'s {kind} review was due {due} and is not scheduled.",
        )
    elif standing == "overdue":
        finding_kind, summary = (
            "review_overdue",
            f"{name}'s {kind} review is overdue: it was due {due}.",
        )
    elif standing == "prepare":
        finding_kind, summary = "review_due_soon", f"{name}'s {kind} review is due {due}: time to prepare."
    else:
        return
    out.reads.append(source_record(employee))
    finding = Finding(
        id=stable_id(WORKFLOW, finding_kind, employee.employee_id, str(due)),
        workflow=WORKFLOW,
        kind=finding_kind,
        severity="warning" if standing == "overdue" else "info",
        summary=summary,
        staff_ids=[employee.employee_id],
        evidence={
            "due_on": str(due),
            "standing": standing,
            "kind": kind,
            "review_id": scheduled.review_id if scheduled else None,
        },
        citation=policy.citation,
    )
    out.findings.append(finding)
    if ctx.phase == "read_only":
        return
    facts = {
        "name": name,
        "position": employee.position,
        "kind": kind,
        "due_on": str(due),
        "overdue": standing == "overdue",
        "tenure": _tenure(employee.hire_date, ctx.today),
        "credentials": _credential_standing(held, ctx),
    }
    draft, rejected = await draft_or_fallback(ctx.drafter, BRIEF, facts)
    out.proposals.append(
        proposals.create_task(
            id=stable_id(WORKFLOW, "prep", employee.employee_id, str(due)),
            workflow=WORKFLOW,
            school_id=school.school_id,
            title=draft.value.title,
            body=draft.value.body,
            priority="high" if standing == "overdue" else "normal",
            due_on=max(due, ctx.today + timedelta(days=1)),
            related_employee_id=employee.employee_id,
            assignee_employee_id=scheduled.reviewer_employee_id if scheduled else None,
            description=f"Create a review-prep task for {name}'s {kind} review",
            rationale=summary + (f" Model draft rejected: {rejected}" if rejected else ""),
            staff_ids=[employee.employee_id],
            finding_id=finding.id,
            citation=policy.citation,
            draft=draft,
        )
    )
    if scheduled is not None and standing == "prepare":
        out.proposals.append(
            proposals.send_message(
                id=stable_id(WORKFLOW, "heads_up", scheduled.review_id),
                workflow=WORKFLOW,
                school_id=school.school_id,
                to_employee_id=employee.employee_id,
                subject=f"Your {kind} review on {due}",
                body=f"Hi {employee.first_name}, your {kind} performance review is scheduled for "
                f"{due}. Take a few minutes to note your highlights and goals; we will go through them "
                "together.",
                description=f"Tell {name} about the review on {due}",
                rationale=summary,
                finding_id=finding.id,
                citation=policy.citation,
            )
        )


def _tenure(hired: date, today: date) -> str:
    months = (today.year - hired.year) * 12 + today.month - hired.month - (today.day < hired.day)
    return f"{months // 12} years {months % 12} months" if months >= 12 else f"{max(months, 0)} months"


def _credential_standing(held: list[Any], ctx: AgentContext) -> str:
    """Each credential's standing by its issuer's rule (policies.credentials), in a few words."""
    parts = []
    for cred in sorted(held, key=lambda c: c.kind):
        if cred.kind not in credential_rules.VALIDITY_RULES:
            continue
        expires = credential_rules.expiry(cred.kind, cred.issued_on)
        status = credential_rules.classify_expiry(expires, ctx.today, ctx.credential_windows_days)
        label = credential_rules.label_of(cred.kind)
        parts.append(f"{label} {'expired' if status.bucket == 'expired' else 'valid'} through {expires}")
    return "; ".join(parts) or "none on file"


def _report(school: School, today: date, findings: list[Finding]) -> str:
    lines = [f"# Reviews due: {school.name} ({school.school_id}) on {today}", ""]
    if not findings:
        lines.append("No review is overdue, unscheduled or inside its preparation window.")
    lines.extend(
        finding_line(f, cite=False)
        for f in sorted(findings, key=lambda f: (f.severity != "warning", f.summary))
    )
    return "\n".join(lines)
