"""Credentials and training compliance: the daily scan, staff updates and uploaded renewal cards.

Rules come from policies.credentials (issuer validity, background-check cycle, state training hours);
this agent only reads Procare, applies them, and drafts a personal reminder. Per phase:
read_only -> a credential-gap report and findings; assistive -> plus a reminder message and a director
task per gap; automation -> plus a "renewal_initiated" status on the record, and on an uploaded card the
new issue and expiry dates.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from pydantic import BaseModel, Field

from agents.llm import DraftSpec, draft_or_fallback
from agents.types import AgentContext, AgentOutput, Event, Finding, Proposal, source_record, stable_id
from policies import credentials as rules
from tools.models import Credential, Employee, School, TrainingRecord

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
)


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Route by event type: a renewal card upload, or a compliance check of one or all staff."""
    if event.type == "credential.document_uploaded":
        return await _document_uploaded(event, ctx)
    employee_id = event.data.get("employee_id")
    return await _scan(event, ctx, only_employee=str(employee_id) if employee_id else None)


async def _scan(event: Event, ctx: AgentContext, *, only_employee: str | None) -> AgentOutput:
    client = ctx.client
    school = await client.get_school(event.center_id)
    out = AgentOutput(reads=[source_record("school", school.school_id, school)])
    if only_employee:
        staff = [await client.get_employee(only_employee)]
        creds = [c async for c in client.iter_credentials(employee_id=only_employee)]
        training = [t async for t in client.iter_training_records(employee_id=only_employee)]
    else:
        staff = [e async for e in client.iter_employees(school_id=school.school_id, status="active")]
        creds = [c async for c in client.iter_credentials(school_id=school.school_id)]
        training = [t async for t in client.iter_training_records(school_id=school.school_id)]
    creds_by, training_by = defaultdict(list), defaultdict(list)
    for c in creds:
        creds_by[c.employee_id].append(c)
    for t in training:
        training_by[t.employee_id].append(t)

    for employee in staff:
        if employee.employment_status != "active":
            continue
        out.reads.append(source_record("employee", employee.employee_id, employee, employee.employee_id))
        out.reads.extend(
            source_record("credential", c.credential_id, c, employee.employee_id)
            for c in creds_by[employee.employee_id]
        )
        await _check_credentials(out, ctx, school, employee, creds_by[employee.employee_id])
        _check_training(out, ctx, school, employee, training_by[employee.employee_id])
    out.report = _gap_report(school, ctx.today, out.findings)
    return out


async def _check_credentials(
    out: AgentOutput, ctx: AgentContext, school: School, employee: Employee, held: list[Credential]
) -> None:
    for req in rules.required_for(employee.position):
        matching = [c for c in held if c.kind in req.kinds]
        if not matching:
            finding = Finding(
                id=stable_id(WORKFLOW, "missing", employee.employee_id, req.group),
                workflow=WORKFLOW,
                kind="credential_missing",
                severity="critical",
                summary=f"{employee.first_name} {employee.last_name} has no {req.label} on file.",
                staff_ids=[employee.employee_id],
                evidence={"required": req.group, "position": employee.position},
                citation=req.citation,
            )
            out.findings.append(finding)
            if ctx.phase != "read_only":
                out.proposals.append(_director_task(school, employee, finding, "urgent", ctx.today))
            continue
        latest = max(matching, key=lambda c: c.issued_on)
        policy_expiry = rules.expiry(latest.kind, latest.issued_on)
        rule = rules.VALIDITY_RULES[latest.kind]
        if latest.expires_on is not None and latest.expires_on > policy_expiry:
            out.findings.append(
                Finding(
                    id=stable_id(WORKFLOW, "mismatch", latest.credential_id, str(latest.expires_on)),
                    workflow=WORKFLOW,
                    kind="expiry_after_issuer_rule",
                    severity="warning",
                    summary=f"{rules.label_of(latest.kind)} of {employee.first_name} {employee.last_name}: "
                    f"the record says it expires {latest.expires_on}, "
                    f"the issuer's rule ends it {policy_expiry}.",
                    staff_ids=[employee.employee_id],
                    evidence={
                        "credential_id": latest.credential_id,
                        "record": str(latest.expires_on),
                        "policy": str(policy_expiry),
                    },
                    citation=rule.citation,
                )
            )
        status = rules.classify_expiry(policy_expiry, ctx.today, ctx.credential_windows_days)
        if not status.needs_action:
            continue
        expired = status.bucket == "expired"
        finding = Finding(
            id=stable_id(WORKFLOW, status.bucket, latest.credential_id, str(policy_expiry)),
            workflow=WORKFLOW,
            kind="credential_expired" if expired else "credential_expiring",
            severity="critical" if expired else "warning",
            summary=f"{rules.label_of(latest.kind)} of {employee.first_name} {employee.last_name} "
            + (
                f"expired on {policy_expiry}."
                if expired
                else f"expires on {policy_expiry} ({_days(status.days_left)})."
            ),
            staff_ids=[employee.employee_id],
            evidence={
                "credential_id": latest.credential_id,
                "kind": latest.kind,
                "issued_on": str(latest.issued_on),
                "expires_on": str(policy_expiry),
                "days_left": status.days_left,
                "bucket": status.bucket,
                "record_status": latest.status,
            },
            citation=rule.citation,
        )
        out.findings.append(finding)
        if ctx.phase == "read_only" or latest.status == "renewal_initiated":
            continue
        out.proposals.append(
            await _reminder(ctx, school, employee, latest, policy_expiry, status.days_left, finding)
        )
        out.proposals.append(_director_task(school, employee, finding, status.priority, ctx.today))
        if ctx.phase == "automation":
            out.proposals.append(
                Proposal(
                    id=stable_id(WORKFLOW, "renewal_initiated", latest.credential_id, str(policy_expiry)),
                    workflow=WORKFLOW,
                    action="update_credential",
                    args={"credential_id": latest.credential_id, "status": "renewal_initiated"},
                    description=f"Mark {rules.label_of(latest.kind)} of {employee.first_name} "
                    f"{employee.last_name} as Renewal Initiated",
                    rationale=finding.summary
                    + " A reminder was proposed; the status shows renewal is under way.",
                    staff_ids=[employee.employee_id],
                    finding_id=finding.id,
                    citation=rule.citation,
                    context={"credential_kind": latest.kind},
                )
            )


async def _reminder(
    ctx: AgentContext,
    school: School,
    employee: Employee,
    cred: Credential,
    expires_on: date,
    days_left: int,
    finding: Finding,
) -> Proposal:
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
    rationale = finding.summary + (f" Model draft rejected: {rejected}" if rejected else "")
    return Proposal(
        id=stable_id(WORKFLOW, "reminder", cred.credential_id, str(expires_on)),
        workflow=WORKFLOW,
        action="send_message",
        args={
            "school_id": school.school_id,
            "to_employee_id": employee.employee_id,
            "subject": draft.value.subject,
            "body": draft.value.body,
        },
        description=f"Send {employee.first_name} {employee.last_name} a renewal reminder",
        rationale=rationale,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        prompt=draft.prompt,
        model_output=draft.raw_output,
        model=draft.model,
        citation=finding.citation,
        context={"credential_kind": cred.kind},
    )


def _director_task(
    school: School, employee: Employee, finding: Finding, priority: str, today: date
) -> Proposal:
    due = today + timedelta(days=1 if priority == "urgent" else 7)
    return Proposal(
        id=stable_id(WORKFLOW, "task", finding.id),
        workflow=WORKFLOW,
        action="create_task",
        args={
            "school_id": school.school_id,
            "title": f"Credential follow-up: {employee.first_name} {employee.last_name}",
            "body": f"{finding.summary} Source: {finding.citation}",
            "priority": priority,
            "due_on": str(due),
            "related_employee_id": employee.employee_id,
        },
        description=f"Create a {priority}-priority task for the director about "
        f"{employee.first_name} {employee.last_name}",
        rationale=finding.summary,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
    )


def _check_training(
    out: AgentOutput, ctx: AgentContext, school: School, employee: Employee, records: list[TrainingRecord]
) -> None:
    rule = rules.TRAINING_RULES.get(school.state.upper())
    if rule is None or not rules.is_caregiver(employee.position):
        return
    since = ctx.today - timedelta(days=round(rule.period_months * 365.25 / 12))
    recent = [r for r in records if r.completed_on > since]
    out.reads.extend(source_record("training_record", r.training_id, r, employee.employee_id) for r in recent)
    gap = rules.training_gap(
        school.state,
        [rules.TrainingHours.from_delivery(r.hours, r.category, r.delivery) for r in recent],
        is_director="director" in employee.position.lower(),
    )
    if gap is None or gap.compliant:
        return
    out.findings.append(
        Finding(
            id=stable_id(WORKFLOW, "training", employee.employee_id, str(since), gap.hours_done),
            workflow=WORKFLOW,
            kind="training_hours_short",
            severity="warning",
            summary=f"{employee.first_name} {employee.last_name}: training since {since}: "
            + "; ".join(gap.problems),
            staff_ids=[employee.employee_id],
            evidence={
                "hours_done": gap.hours_done,
                "hours_required": gap.hours_required,
                "shortfall": gap.shortfall,
                "since": str(since),
            },
            citation=gap.citation,
        )
    )


async def _document_uploaded(event: Event, ctx: AgentContext) -> AgentOutput:
    """A renewal card was uploaded: propose the new dates by the issuer's rule and clear the alert."""
    client = ctx.client
    cred = await client.get_credential(str(event.data["credential_id"]))
    employee = await client.get_employee(cred.employee_id)
    out = AgentOutput(
        reads=[
            source_record("credential", cred.credential_id, cred, cred.employee_id),
            source_record("employee", employee.employee_id, employee, employee.employee_id),
        ]
    )
    document_id = event.data.get("document_id")
    if document_id:
        doc = await client.get_document(str(document_id))
        out.reads.append(source_record("document", doc.document_id, doc, cred.employee_id))
    issued_raw = event.data.get("issued_on")
    name = f"{employee.first_name} {employee.last_name}"
    rule = rules.VALIDITY_RULES.get(cred.kind)
    if rule is None:  # e.g. a training-hours certificate: no issuer validity to apply
        out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "upload_no_rule", event.id),
                workflow=WORKFLOW,
                kind="document_recorded",
                severity="info",
                summary=f"A new document for {name}'s {rules.label_of(cred.kind)} was uploaded; this "
                "kind has no issuer validity rule, so its dates are left as recorded.",
                staff_ids=[employee.employee_id],
                evidence={"credential_id": cred.credential_id, "document_id": document_id},
            )
        )
        return out
    if not issued_raw:
        finding = Finding(
            id=stable_id(WORKFLOW, "upload_without_date", event.id),
            workflow=WORKFLOW,
            kind="renewal_needs_issue_date",
            severity="warning",
            summary=f"A new {rules.label_of(cred.kind)} document for {name} has no issue date; enter it to "
            "compute the expiry.",
            staff_ids=[employee.employee_id],
            evidence={"document_id": document_id},
            citation=rule.citation,
        )
        out.findings.append(finding)
        if ctx.phase != "read_only":
            out.proposals.append(
                _director_task(
                    await client.get_school(event.center_id), employee, finding, "normal", ctx.today
                )
            )
        return out
    issued = date.fromisoformat(str(issued_raw))
    new_expiry = rules.expiry(cred.kind, issued)
    finding = Finding(
        id=stable_id(WORKFLOW, "renewed", cred.credential_id, str(issued)),
        workflow=WORKFLOW,
        kind="credential_renewed",
        severity="info",
        summary=f"{rules.label_of(cred.kind)} of {name} renewed: issued {issued}, "
        f"valid through {new_expiry}; the expiry alert is cleared once the record is updated.",
        staff_ids=[employee.employee_id],
        evidence={
            "credential_id": cred.credential_id,
            "issued_on": str(issued),
            "expires_on": str(new_expiry),
            "previous_expires_on": str(cred.expires_on),
            "alert_cleared": True,
        },
        citation=rule.citation,
    )
    out.findings.append(finding)
    if ctx.phase == "automation":
        args: dict[str, Any] = {
            "credential_id": cred.credential_id,
            "status": "valid",
            "issued_on": str(issued),
            "expires_on": str(new_expiry),
        }
        if document_id:
            args["document_id"] = str(document_id)
        out.proposals.append(
            Proposal(
                id=stable_id(WORKFLOW, "renewal", cred.credential_id, str(issued)),
                workflow=WORKFLOW,
                action="update_credential",
                args=args,
                description=f"Record {name}'s renewed {rules.label_of(cred.kind)}: "
                f"valid through {new_expiry}",
                rationale=finding.summary,
                staff_ids=[employee.employee_id],
                finding_id=finding.id,
                citation=rule.citation,
                context={"credential_kind": cred.kind},
            )
        )
    return out


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def _gap_report(school: School, today: date, findings: list[Finding]) -> str:
    """The credential-gap report: what a director reads in every phase, read_only included."""
    lines = [f"# Credential gaps: {school.name} ({school.school_id}, {school.state}) on {today}", ""]
    order = {"critical": 0, "warning": 1, "info": 2}
    gaps = sorted(findings, key=lambda f: (order[f.severity], f.summary))
    if not gaps:
        lines.append("No gaps: every required credential is current and training hours are on track.")
    for f in gaps:
        lines.append(f"- **{f.severity}** {f.summary} _({f.citation})_")
    return "\n".join(lines)
