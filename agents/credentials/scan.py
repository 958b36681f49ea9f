"""The compliance check of one or all staff of a center: required credentials and state training hours.

Validity is the issuer's rule (policies.credentials.expiry), never the record's own expiry field; a
record that claims more than the rule allows is a finding of its own. For an expiring or expired card
(assistive phase and up) the reminder and the director task come with an `assign_training` proposal: an
approved renewal course near the center that fits the person's shifts and ends before the expiry, its seat
held in the ledger (agents.common.training); one session renewing two cards (pediatric CPR and first aid
in one class) is proposed once.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from agents.common.people import display_name
from agents.common.report import by_severity, finding_line
from agents.common.training import RenewalFinder
from agents.common.types import AgentContext, AgentOutput, Event, Finding, Proposal, source_record, stable_id
from agents.credentials.proposals import (
    WORKFLOW,
    credential_update,
    director_task,
    reminder,
    training_assignment,
)
from policies import credentials as rules
from policies import training_courses
from tools.models import Credential, Employee, School, TrainingRecord


async def scan(event: Event, ctx: AgentContext, *, only_employee: str | None) -> AgentOutput:
    """Check every active staff member of the event's center, or only `only_employee`."""
    client = ctx.client
    school = await client.get_school(event.center_id)
    out = AgentOutput(reads=[source_record(school)])
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

    horizon = max((*ctx.credential_windows_days, training_courses.EXPIRED_RENEWAL_DAYS))
    finder = RenewalFinder(ctx, school, owner=event.id, horizon_days=horizon)
    for employee in staff:
        if employee.employment_status != "active":
            continue
        out.reads.append(source_record(employee))
        out.reads.extend(source_record(c, employee.employee_id) for c in creds_by[employee.employee_id])
        await _check_credentials(out, ctx, school, employee, creds_by[employee.employee_id], finder)
        _check_training(out, ctx, school, employee, training_by[employee.employee_id])
    out.report = gap_report(school, ctx.local_date(school), out.findings)
    return out


async def _check_credentials(
    out: AgentOutput,
    ctx: AgentContext,
    school: School,
    employee: Employee,
    held: list[Credential],
    finder: RenewalFinder,
) -> None:
    name = display_name(employee)
    courses: list[Proposal] = []
    for req in rules.required_for(employee.position):
        matching = [c for c in held if c.kind in req.kinds]
        if not matching:
            finding = Finding(
                id=stable_id(WORKFLOW, "missing", employee.employee_id, req.group),
                workflow=WORKFLOW,
                kind="credential_missing",
                severity="critical",
                summary=f"{name} has no {req.label} on file.",
                staff_ids=[employee.employee_id],
                evidence={"required": req.group, "position": employee.position},
                citation=req.citation,
            )
            out.findings.append(finding)
            if ctx.phase != "read_only":
                out.proposals.append(
                    director_task(school, employee, finding, "urgent", ctx.local_date(school))
                )
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
                    summary=f"{rules.label_of(latest.kind)} of {name}: "
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
        status = rules.classify_expiry(policy_expiry, ctx.local_date(school), ctx.credential_windows_days)
        if not status.needs_action:
            continue
        expired = status.bucket == "expired"
        finding = Finding(
            id=stable_id(WORKFLOW, status.bucket, latest.credential_id, str(policy_expiry)),
            workflow=WORKFLOW,
            kind="credential_expired" if expired else "credential_expiring",
            severity="critical" if expired else "warning",
            summary=f"{rules.label_of(latest.kind)} of {name} "
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
            await reminder(ctx, school, employee, latest, policy_expiry, status.days_left, finding)
        )
        course = await _renewal_course(finder, out, school, employee, latest, policy_expiry, finding, courses)
        found = await _course_line(finder, employee, latest, policy_expiry, course)
        out.proposals.append(
            director_task(school, employee, finding, status.priority, ctx.local_date(school), course=found)
        )
        if isinstance(course, Proposal):
            courses.append(course)
            out.proposals.append(course)
        if ctx.phase == "automation":
            out.proposals.append(
                credential_update(
                    stable_id(WORKFLOW, "renewal_initiated", latest.credential_id, str(policy_expiry)),
                    latest,
                    employee,
                    {"status": "renewal_initiated"},
                    description=f"Mark {rules.label_of(latest.kind)} of {name} as Renewal Initiated",
                    rationale=finding.summary
                    + " A reminder was proposed; the status shows renewal is under way.",
                    finding=finding,
                    citation=rule.citation,
                )
            )


async def _renewal_course(
    finder: RenewalFinder,
    out: AgentOutput,
    school: School,
    employee: Employee,
    cred: Credential,
    expires_on: date,
    finding: Finding,
    proposed: list[Proposal],
) -> Proposal | bool:
    """An `assign_training` proposal for the card; True when one already proposed in this scan renews it
    too (that proposal then says so); False when no session fits."""
    for earlier in proposed:
        renews = earlier.context.get("renews", [])
        if training_courses.renewal_match(cred.kind, renews) and str(earlier.args["due_on"]) <= str(
            training_courses.renewal_deadline(expires_on, finder.today)
        ):
            earlier.rationale += f" It also renews {rules.label_of(cred.kind)} (expires {expires_on})."
            return True
    option = await finder.find_renewal(employee, cred.kind, expires_on)
    if option is None:
        return False
    chosen = option.course.model_copy(update={"sessions": [option.session]})
    out.reads.append(source_record(chosen, employee.employee_id))  # the class the proposal rests on
    return training_assignment(school, employee, cred, expires_on, option, finding)


async def _course_line(
    finder: RenewalFinder,
    employee: Employee,
    cred: Credential,
    expires_on: date,
    course: Proposal | bool,
) -> str:
    """What the director's task says of the renewal-course search: the class proposed, or that no approved
    class near the center fits (so it is booked by hand); nothing for a kind no course renews, one already
    on the plan, or one another proposal of this scan covers (`course` True)."""
    if isinstance(course, Proposal):
        return f"Renewal course proposed: {course.description.removeprefix('Assign ')}."
    if course or not await finder.renewable(cred.kind) or await finder.already_planned(employee, cred.kind):
        return ""
    deadline = training_courses.renewal_deadline(expires_on, finder.today)
    return (
        f"No approved renewal course near the center with a free seat fits {employee.first_name}'s shifts "
        f"before {deadline}: book one by hand."
    )


def _check_training(
    out: AgentOutput, ctx: AgentContext, school: School, employee: Employee, records: list[TrainingRecord]
) -> None:
    rule = rules.TRAINING_RULES.get(school.state.upper())
    if rule is None or not rules.is_caregiver(employee.position):
        return
    since = ctx.local_date(school) - timedelta(days=round(rule.period_months * 365.25 / 12))
    recent = [r for r in records if r.completed_on > since]
    out.reads.extend(source_record(r, employee.employee_id) for r in recent)
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
            summary=f"{display_name(employee)}: training since {since}: " + "; ".join(gap.problems),
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


def _days(n: int) -> str:
    return "1 day" if n == 1 else f"{n} days"


def gap_report(school: School, today: date, findings: list[Finding]) -> str:
    """The credential-gap report: what a director reads in every phase, read_only included."""
    lines = [f"# Credential gaps: {school.name} ({school.school_id}, {school.state}) on {today}", ""]
    gaps = by_severity(findings)
    if not gaps:
        lines.append("No gaps: every required credential is current and training hours are on track.")
    lines.extend(finding_line(f) for f in gaps)
    return "\n".join(lines)
