"""Performance reviews, whole: the daily review-due scan of a center.

For every active staff member it finds the review that is due (scheduled in Procare, or owed by the
center's cadence in policies.reviews and not scheduled at all). For reviews inside the preparation window
or overdue it reads the person's records and proposes:

- a booking on the director's and the staff member's calendars (`book_calendar`), on a day the review
  may be held (policies.review_timing: not during their leave, not in the week after an incident
  involving them unless that incident is the reason, `data.reason_incident_id` of a one-person run) and
  in the first hour both calendars hold free (policies.scheduling, the center's time zone, DST-safe);
- the review form pre-filled with agenda points from objective data only (attendance and punctuality,
  observations, incidents, training, credentials), each citing its records (`prefill_review_form`,
  automation phase; the guardrails refuse a line without a source);
- a prep task for the reviewer with a drafted brief and, for a scheduled review, a heads-up message.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agents.common import proposals as common
from agents.common.llm import draft_or_fallback
from agents.common.people import display_name
from agents.common.report import finding_line
from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from agents.common.wording import with_article
from agents.reviews import proposals
from agents.reviews.agenda import Records, agenda, cite
from agents.reviews.brief import BRIEF
from agents.reviews.timing import plan
from policies import credentials as credential_rules
from policies import reviews as rules
from policies.model_data import WITHHELD
from policies.review_agenda import ATTENDANCE_LOOKBACK_DAYS, render
from tools.models import Credential, Employee, Incident, PerformanceReview, School

WORKFLOW = proposals.WORKFLOW
DIRECTOR_POSITIONS = ("Director", "Center Director", "Assistant Director")


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Check every active staff member's review standing (or one, when the event names an employee)."""
    client = ctx.client
    school = await client.get_school(event.center_id)
    out = AgentOutput(reads=[source_record(school)])
    only = event.data.get("employee_id")
    everyone = [e async for e in client.iter_employees(school_id=school.school_id, status="active")]
    staff = [await client.get_employee(str(only))] if only else everyone
    reviews: dict[str, list[PerformanceReview]] = defaultdict(list)
    async for review in client.iter_reviews(school_id=school.school_id):
        reviews[review.employee_id].append(review)
    held: dict[str, list[Credential]] = defaultdict(list)
    async for cred in client.iter_credentials(school_id=school.school_id):
        held[cred.employee_id].append(cred)
    incidents = [i async for i in client.iter_incidents(school_id=school.school_id)]
    reason = event.data.get("reason_incident_id") if only else None
    for employee in staff:
        if employee.employment_status == "active":
            await _check(
                out,
                ctx,
                event,
                school,
                employee,
                everyone,
                reviews[employee.employee_id],
                held[employee.employee_id],
                [i for i in incidents if employee.employee_id in i.staff_ids],
                str(reason) if reason else None,
            )
    out.report = _report(school, ctx.local_date(school), out.findings)
    return out


async def _check(
    out: AgentOutput,
    ctx: AgentContext,
    event: Event,
    school: School,
    employee: Employee,
    everyone: list[Employee],
    reviews: list[PerformanceReview],
    held: list[Credential],
    incidents: list[Incident],
    reason: str | None,
) -> None:
    policy = rules.DEFAULT_POLICY
    completed = [r.due_on for r in reviews if r.status == "completed"]
    open_reviews = sorted((r for r in reviews if r.status != "completed"), key=lambda r: r.due_on)
    scheduled = open_reviews[0] if open_reviews else None
    last = max(completed, default=None)
    due = scheduled.due_on if scheduled else rules.next_review_due(employee.hire_date, last)
    standing = rules.standing(due, ctx.local_date(school), policy)
    kind = "introductory" if not completed else "annual"
    name = display_name(employee)
    if scheduled is not None:
        out.reads.append(source_record(scheduled))
    if reason is not None:
        finding_kind, summary = "review_after_incident", f"{name}'s review follows incident {reason}."
    elif scheduled is None and standing != "upcoming":
        finding_kind, summary = (
            "review_not_scheduled",
            f"{name}'s {kind} review was due {due} and is not scheduled.",
        )
    elif standing == "overdue":
        finding_kind, summary = "review_overdue", f"{name}'s {kind} review is overdue: it was due {due}."
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
    zone = ZoneInfo(school.timezone)
    records = await _records(ctx, employee, held, incidents, ctx.local_date(school))
    out.reads += [source_record(r, employee.employee_id) for r in _all(records)]
    director = _director(everyone, scheduled, employee)
    slot_label = None
    if director is not None and not _booked(scheduled, event):
        leaves = [x async for x in ctx.client.iter_leaves(employee_id=employee.employee_id)]
        out.reads += [source_record(x) for x in leaves]
        found = await plan(
            ctx.client,
            school,
            employee,
            director,
            last_completed=last,
            today=ctx.local_date(school),
            now=event.occurred_at,
            leaves=leaves,
            incidents=incidents,
            reason_incident_id=reason,
        )
        out.reads += found.reads
        finding.evidence["allowed_days"] = [d.isoformat() for d in found.timing.days[:10]]
        finding.evidence["blocked"] = [f"{b.start} to {b.end}: {b.reason}" for b in found.timing.blocked]
        if found.slots:
            slot_label = found.slots[0].label
            out.proposals.append(
                proposals.booking(
                    school,
                    employee,
                    director,
                    found.slots[0],
                    found.slots[1:],
                    found.timing,
                    scheduled,
                    name=name,
                    finding_id=finding.id,
                )
            )
        else:
            finding.evidence["no_slot"] = "no free hour on both calendars on an allowed day"
    points = agenda(records, today=ctx.local_date(school), zone=zone, windows=ctx.credential_windows_days)
    prefilled = scheduled is not None and scheduled.form.get("agenda") == render(points)
    if scheduled is not None and points and ctx.phase == "automation" and not prefilled:
        sources = [cite(r) for r in _all(records)]
        out.proposals.append(proposals.prefill(scheduled, points, sources, name=name, finding_id=finding.id))
    facts = {
        "name": name,
        "position": employee.position,
        "kind": kind,
        "kind_review": with_article(f"{kind} review"),  # "an introductory review", "an annual review"
        "due_on": str(due),
        "overdue": standing == "overdue",
        "tenure": _tenure(employee.hire_date, ctx.local_date(school)),
        "credentials": _credential_standing(held, ctx, ctx.local_date(school)),
        "slot": slot_label or "",
        "bio": employee.bio,
        WITHHELD: [employee.last_name],
    }
    draft, rejected = await draft_or_fallback(ctx.drafter, BRIEF, facts)
    out.proposals.append(
        common.create_task(
            id=stable_id(WORKFLOW, "prep", employee.employee_id, str(due)),
            workflow=WORKFLOW,
            school_id=school.school_id,
            title=draft.value.title,
            body=draft.value.body,
            priority="high" if standing == "overdue" else "normal",
            due_on=max(due, ctx.local_date(school) + timedelta(days=1)),
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
            common.send_message(
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


async def _records(
    ctx: AgentContext, employee: Employee, held: list[Credential], incidents: list[Incident], today: date
) -> Records:
    """One person's records the agenda is computed from (attendance over its lookback, the rest a year)."""
    client, eid = ctx.client, employee.employee_id
    since = today - timedelta(days=ATTENDANCE_LOOKBACK_DAYS)
    until = today - timedelta(days=1)
    return Records(
        shifts=[s async for s in client.iter_shifts(employee_id=eid, start=since, end=until)],
        punches=[p async for p in client.iter_punches(employee_id=eid, start=since, end=until)],
        observations=[o async for o in client.iter_observations(employee_id=eid)],
        incidents=incidents,
        training=[t async for t in client.iter_training_records(employee_id=eid)],
        credentials=held,
    )


def _all(records: Records) -> list[Any]:
    return [
        *records.shifts,
        *records.punches,
        *records.observations,
        *records.incidents,
        *records.training,
        *records.credentials,
    ]


def _director(
    everyone: list[Employee], review: PerformanceReview | None, employee: Employee
) -> Employee | None:
    """Who holds the review: its reviewer, else the center's director (never the person reviewed)."""
    by_id = {e.employee_id: e for e in everyone}
    if review is not None and review.reviewer_employee_id in by_id:
        found = by_id[review.reviewer_employee_id]
        return found if found.employee_id != employee.employee_id else None
    for position in DIRECTOR_POSITIONS:
        for person in sorted(everyone, key=lambda e: e.employee_id):
            if person.position == position and person.employee_id != employee.employee_id:
                return person
    return None


def _booked(review: PerformanceReview | None, event: Event) -> bool:
    """The review already has a meeting booked from now on (nothing to book again)."""
    return (
        review is not None and review.scheduled_for is not None and review.scheduled_for >= event.occurred_at
    )


def _tenure(hired: date, today: date) -> str:
    months = (today.year - hired.year) * 12 + today.month - hired.month - (today.day < hired.day)
    return f"{months // 12} years {months % 12} months" if months >= 12 else f"{max(months, 0)} months"


def _credential_standing(held: list[Credential], ctx: AgentContext, today: date) -> str:
    """Each credential's standing by its issuer's rule (policies.credentials), in a few words."""
    parts = []
    for cred in sorted(held, key=lambda c: c.kind):
        if cred.kind not in credential_rules.VALIDITY_RULES:
            continue
        expires = credential_rules.expiry(cred.kind, cred.issued_on)
        status = credential_rules.classify_expiry(expires, today, ctx.credential_windows_days)
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
