"""Mandated training: assigned by role when a person is hired, tracked to completion, overdue items alerted.

`skills.mandated_training` (queued by the service after a `staff.hired` run, agents.registry
FOLLOW_UP_EVENTS) checks one new hire; the daily `scan.training` checks every active staff member hired
within `mandated_training_track_days` (a setting, default 365: earlier hires' pre-service training predates
the records Procare holds, and the annual hours are the credentials workflow's). Rules come from
policies.mandated_training; completion from the person's training records and valid CPR / first aid cards.

Per person: a status finding (every topic, done / due / overdue, with the records that completed it). Per
overdue topic: a finding alerted to the director once across every run and worker (the Postgres ledger:
`ctx.ledger.claim`), and, for the items first alerted in this run, one task for the center's director.
Which approved catalog session closes each open topic is the development plan's answer
(agents.skills.courses, `GET /skills/plans/{staff_id}`).
"""

from __future__ import annotations

from datetime import date, timedelta

from agents.common import proposals
from agents.common.people import director_of, display_name
from agents.common.types import AgentContext, AgentOutput, Event, Finding, Proposal, source_record, stable_id
from policies import credentials as credential_rules
from policies import mandated_training as rules
from policies.mandated_training import Completion, MandatedStatus
from tools.errors import ProcareNotFound
from tools.models import Employee, School

WORKFLOW = "skills"
TRACK_DAYS_SETTING = "mandated_training_track_days"
DEFAULT_TRACK_DAYS = 365


async def completions(
    ctx: AgentContext, employee: Employee, today: date, out: AgentOutput
) -> list[Completion]:
    """What completes a topic for this person: training records, and CPR / first aid cards valid today."""
    eid = employee.employee_id
    trainings = [t async for t in ctx.client.iter_training_records(employee_id=eid)]
    credentials = [c async for c in ctx.client.iter_credentials(employee_id=eid)]
    out.reads += [source_record(t) for t in trainings] + [source_record(c) for c in credentials]
    done = [Completion(t.training_id, t.title, t.category, t.hours, t.completed_on) for t in trainings]
    for c in credentials:
        expires = c.expires_on
        if expires is None and c.kind in credential_rules.VALIDITY_RULES:
            expires = credential_rules.expiry(c.kind, c.issued_on)  # the issuer's rule, as the scan judges
        if c.status == "valid" and (expires is None or expires >= today):
            card = Completion.from_credential(c.credential_id, c.kind, c.issued_on)
            if card is not None:
                done.append(card)
    return done


def _overdue_finding(school: School, employee: Employee, item: MandatedStatus, *, alert: bool) -> Finding:
    req = item.requirement
    return Finding(
        id=stable_id(WORKFLOW, "mandated_overdue", school.school_id, employee.employee_id, req.key),
        workflow=WORKFLOW,
        kind="mandated_training_overdue",
        severity="warning",
        summary=f"{display_name(employee)} ({employee.position}) has not completed mandated training "
        f"'{item.label}', due {item.due_on} ({item.days_overdue} day(s) overdue).",
        staff_ids=[employee.employee_id],
        evidence={
            "requirement": req.key,
            "topic": req.topic,
            "hire_date": employee.hire_date.isoformat(),
            "due_on": item.due_on.isoformat(),
            "days_overdue": item.days_overdue,
            "hours_done": item.hours_done,
            "source": req.source.value,
        },
        citation=req.citation,
        alert=alert,
    )


def _status_finding(school: School, employee: Employee, items: list[MandatedStatus], today: date) -> Finding:
    done = [s for s in items if s.status == "done"]
    due = [s for s in items if s.status == "due"]
    overdue = [s for s in items if s.status == "overdue"]
    return Finding(
        id=stable_id(WORKFLOW, "mandated_status", school.school_id, employee.employee_id, today),
        workflow=WORKFLOW,
        kind="mandated_training_status",
        severity="warning" if overdue else "info",
        summary=f"Mandated training of {display_name(employee)} ({employee.position}): {len(done)} of "
        f"{len(items)} topics done, {len(due)} due, {len(overdue)} overdue.",
        staff_ids=[employee.employee_id],
        evidence={
            "role": rules.training_role(employee.position),
            "state": school.state,
            "items": [
                {
                    "requirement": s.requirement.key,
                    "status": s.status,
                    "due_on": s.due_on.isoformat(),
                    "completed_on": s.completed_on.isoformat() if s.completed_on else None,
                    "evidence": list(s.evidence),
                }
                for s in items
            ],
        },
        citation="; ".join(sorted({s.requirement.citation.split(":")[0] for s in items})) or None,
    )


def _director_task(
    school: School,
    employee: Employee,
    director: Employee | None,
    alerted: list[MandatedStatus],
    today: date,
    finding: Finding,
) -> Proposal:
    lines = [f"- {s.label}: due {s.due_on} ({s.requirement.citation})" for s in alerted]
    name = display_name(employee)
    return proposals.create_task(
        id=stable_id(
            WORKFLOW,
            "overdue_task",
            school.school_id,
            employee.employee_id,
            *(s.requirement.key for s in alerted),
        ),
        workflow=WORKFLOW,
        school_id=school.school_id,
        title=f"Mandated training overdue: {name}",
        body=f"{name} ({employee.position}, hired {employee.hire_date}) is overdue on mandated training:\n"
        + "\n".join(lines),
        priority="high",
        due_on=today + timedelta(days=7),
        related_employee_id=employee.employee_id,
        assignee_employee_id=director.employee_id
        if director and director.employee_id != employee.employee_id
        else None,
        description=f"Create a high-priority task for the director: {name}'s overdue mandated training",
        rationale=finding.summary,
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
    )


async def check_person(
    ctx: AgentContext,
    school: School,
    employee: Employee,
    staff: list[Employee],
    out: AgentOutput,
    *,
    owner: str,
) -> list[MandatedStatus]:
    """One person's mandated topics: findings, the overdue alerts and task, the open topics (returned)."""
    today = ctx.local_date(school)
    items = rules.track(
        school.state,
        employee.position,
        employee.hire_date,
        await completions(ctx, employee, today, out),
        today=today,
    )
    if not items:
        return []
    status = _status_finding(school, employee, items, today)
    out.findings.append(status)
    overdue = [s for s in items if s.status == "overdue"]
    found = [_overdue_finding(school, employee, s, alert=False) for s in overdue]
    claims = (
        await ctx.ledger.claim(school.school_id, alerts=[f.id for f in found], deferred=[], owner=owner)
        if found
        else None
    )
    alerted: list[MandatedStatus] = []
    for item, finding in zip(overdue, found, strict=True):
        first = claims is not None and finding.id in claims.alerted
        out.findings.append(finding.model_copy(update={"alert": first}))
        if first:
            alerted.append(item)
    if alerted:
        out.proposals.append(_director_task(school, employee, director_of(staff), alerted, today, status))
    return rules.open_items(items)


async def hired(event: Event, ctx: AgentContext) -> AgentOutput:
    """A new hire: their mandated topics, proposed for their training plan, tracked from day one."""
    out = AgentOutput()
    employee_id = event.data.get("employee_id")
    if not isinstance(employee_id, str) or not employee_id:
        out.findings.append(_problem(event, "event_without_employee", "The event names no employee."))
        return out
    try:
        employee = await ctx.client.get_employee(employee_id)
    except ProcareNotFound:
        out.findings.append(
            _problem(event, "employee_not_found", f"Employee {employee_id} is not in Procare.")
        )
        return out
    if employee.school_id != event.center_id:
        out.findings.append(
            _problem(
                event, "employee_of_another_center", f"Employee {employee_id} is not at {event.center_id}."
            )
        )
        return out
    school = await ctx.client.get_school(employee.school_id)
    staff = [e async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")]
    out.reads += [source_record(employee), source_record(school)]
    await check_person(ctx, school, employee, staff, out, owner=event.id)
    out.report = _report(school, out)
    return out


async def scan(event: Event, ctx: AgentContext) -> AgentOutput:
    """Every recent hire of a center: completion tracked, overdue topics alerted once."""
    out = AgentOutput()
    school = await ctx.client.get_school(event.center_id)
    out.reads.append(source_record(school))
    today = ctx.local_date(school)
    window = int(ctx.settings.get(TRACK_DAYS_SETTING) or DEFAULT_TRACK_DAYS)
    staff = [e async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")]
    tracked = sorted(
        (e for e in staff if 0 <= (today - e.hire_date).days <= window),
        key=lambda e: (e.hire_date, e.employee_id),
    )
    for employee in tracked:
        out.reads.append(source_record(employee))
        await check_person(ctx, school, employee, staff, out, owner=event.id)
    out.findings.append(
        Finding(
            id=stable_id(WORKFLOW, "mandated_center", school.school_id, today),
            workflow=WORKFLOW,
            kind="mandated_training_report",
            severity="info",
            summary=f"Mandated training at {school.name}: {len(tracked)} staff hired within {window} days "
            f"checked, {sum(f.kind == 'mandated_training_overdue' for f in out.findings)} overdue topic(s).",
            evidence={"school_id": school.school_id, "tracked": len(tracked), "as_of": today.isoformat()},
        )
    )
    out.report = _report(school, out)
    return out


def _report(school: School, out: AgentOutput) -> str:
    lines = [f"Mandated training at {school.name} ({school.state}):"]
    lines += [
        f"- {f.summary}"
        for f in out.findings
        if f.kind in ("mandated_training_status", "mandated_training_overdue")
    ]
    return "\n".join(lines) if len(lines) > 1 else f"Mandated training at {school.name}: no one to track."


def _problem(event: Event, kind: str, summary: str) -> Finding:
    return Finding(
        id=stable_id(WORKFLOW, kind, event.id),
        workflow=WORKFLOW,
        kind=kind,
        severity="warning",
        summary=summary,
        evidence={"event_id": event.id, "event_type": event.type},
    )
