"""Mandated training: assigned by role when a person is hired, tracked to completion, overdue items alerted.

`skills.mandated_training` (queued by the service after a `staff.hired` run, agents.registry
FOLLOW_UP_EVENTS) checks one new hire; the daily `scan.training` checks every active staff member hired
within `mandated_training_track_days` (a setting, default 365: earlier hires' pre-service training predates
the records Procare holds, and the annual hours are the credentials workflow's). Rules come from
policies.mandated_training; completion from the person's training records and valid CPR / first aid cards.

Per person: a status finding (every topic, done / due / overdue, with the records that completed it). Per
open topic (assistive phase and up): the approved catalog session near the center that covers it and fits
the person's shifts (agents.skills.courses) is proposed for their training plan (`assign_training`, the
credentials workflow's action), once per person and topic across runs (the ledger), with a seat held
while it waits (`ctx.ledger.claim_seat`); a topic already covered by an upcoming session on the plan is not
proposed again, and one no approved course covers is said in a finding. Per overdue topic: a finding
alerted to the director once across every run and worker (the Postgres ledger: `ctx.ledger.claim`), and,
for the items first alerted in this run, one task for the center's director.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from agents.common import proposals
from agents.common.people import NotAtCenter, director_of, display_name, employee_at
from agents.common.training import MAX_HORIZON_DAYS, Interval, shift_intervals
from agents.common.types import (
    AgentContext,
    AgentOutput,
    Event,
    Finding,
    Proposal,
    event_problem,
    source_record,
    stable_id,
)
from agents.skills.courses import CourseOption, course_fits, options_for
from agents.skills.plans import gap_of
from policies import credentials as credential_rules
from policies import mandated_training as rules
from policies.mandated_training import Completion, MandatedStatus
from policies.training_courses import NEAR_KM, earliest_start
from tools.models import Employee, School, TrainingCourse

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
        citation="; ".join(sorted({re.split(r"[:,]", s.requirement.citation)[0] for s in items})) or None,
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


class CourseSearch:
    """One run's catalog at one center (read once), and each person's shifts and plan (read once each)."""

    def __init__(self, ctx: AgentContext, school: School) -> None:
        self.ctx, self.school = ctx, school
        self.today = ctx.local_date(school)
        self.first = earliest_start(self.today)
        self.horizon = self.today + timedelta(days=MAX_HORIZON_DAYS)
        self._courses: list[TrainingCourse] | None = None

    async def courses(self) -> list[TrainingCourse]:
        if self._courses is None:
            self._courses = [
                c
                async for c in self.ctx.client.iter_training_courses(
                    near_school_id=self.school.school_id,
                    within_km=NEAR_KM,
                    approved=True,
                    start=self.first,
                    end=self.horizon,
                )
            ]
        return self._courses

    async def busy(self, employee: Employee) -> list[Interval]:
        shifts = [
            s
            async for s in self.ctx.client.iter_shifts(
                employee_id=employee.employee_id, start=self.first, end=self.horizon
            )
        ]
        return shift_intervals(shifts, self.school.timezone)

    async def planned(self, employee: Employee) -> list[TrainingCourse]:
        """The courses of upcoming sessions already on the person's plan."""
        by_id = {c.course_id: c for c in await self.courses()}
        found = []
        async for entry in self.ctx.client.iter_training_plan(employee.employee_id):
            course = by_id.get(entry.course_id)
            if entry.status != "assigned" or course is None:
                continue
            session = next((s for s in course.sessions if s.session_id == entry.session_id), None)
            if session is not None and session.ends_on >= self.today:
                found.append(course)
        return found


def _when(option: CourseOption) -> str:
    if option.start_minutes is None or option.end_minutes is None:
        return f"online, {option.starts_on} to {option.ends_on}"
    start, end = divmod(option.start_minutes, 60), divmod(option.end_minutes, 60)
    where = f" at {option.venue}" if option.venue else " (online)"
    return f"on {option.starts_on} {start[0]:02d}:{start[1]:02d}-{end[0]:02d}:{end[1]:02d}{where}"


def _assignment(
    school: School, employee: Employee, item: MandatedStatus, option: CourseOption, finding: Finding
) -> Proposal:
    req, name = item.requirement, display_name(employee)
    args: dict[str, Any] = {
        "employee_id": employee.employee_id,
        "school_id": school.school_id,
        "course_id": option.course_id,
        "session_id": option.session_id,
        "due_on": option.ends_on.isoformat(),
        "note": f"Mandated training: {item.label}, due {item.due_on} ({req.citation.split(':')[0]}): "
        f"{option.title}, {option.provider}, {_when(option)}.",
    }
    return Proposal(
        id=stable_id(WORKFLOW, "mandated_assign", employee.employee_id, req.key, option.session_id),
        workflow=WORKFLOW,
        action="assign_training",
        args=args,
        description=f"Assign {name} to {option.title} ({option.provider}) {_when(option)}",
        rationale=f"{name} ({employee.position}) has not completed mandated training '{item.label}', due "
        f"{item.due_on}. An approved course near the center covers it, the session fits "
        f"{employee.first_name}'s scheduled shifts, and one of its {option.seats_left} free seats is held "
        "for this proposal.",
        staff_ids=[employee.employee_id],
        finding_id=finding.id,
        citation=req.citation,
        context={"mandated_topic": req.topic, "requirement": req.key},
    )


async def propose_courses(
    ctx: AgentContext,
    search: CourseSearch,
    school: School,
    employee: Employee,
    open_items: list[MandatedStatus],
    status: Finding,
    out: AgentOutput,
    *,
    owner: str,
) -> None:
    """An `assign_training` proposal per open topic that an approved session closes, once per person and
    topic across runs; a finding naming the topics no approved course nearby covers."""
    courses = await search.courses()
    planned = await search.planned(employee)
    busy: list[Interval] | None = None
    uncovered: list[str] = []
    for item in open_items:
        gap = gap_of(item)
        if any(course_fits(gap, school.state, c) for c in planned):
            continue
        if busy is None:
            busy = await search.busy(employee)
        options = options_for(gap, school.state, courses, search.today, busy=busy, limit=5)
        if not options:
            uncovered.append(item.label)
            continue
        key = stable_id(
            WORKFLOW, "mandated_assign", school.school_id, employee.employee_id, item.requirement.key
        )
        if not await ctx.ledger.first_alert(school.school_id, key, owner=owner):
            continue  # proposed in an earlier run: decided there, or still waiting for review
        for option in options:
            held = await ctx.ledger.claim_seat(
                option.session_id,
                holder=employee.employee_id,
                seats_left=option.seats_left,
                center_id=school.school_id,
                owner=owner,
            )
            if held:
                out.proposals.append(_assignment(school, employee, item, option, status))
                break
    if uncovered:
        out.findings.append(
            Finding(
                id=stable_id(
                    WORKFLOW, "mandated_no_course", school.school_id, employee.employee_id, *uncovered
                ),
                workflow=WORKFLOW,
                kind="mandated_training_no_course",
                severity="info",
                summary=f"No approved course near {school.name} that fits {display_name(employee)}'s shifts "
                f"covers: {', '.join(uncovered)}.",
                staff_ids=[employee.employee_id],
                evidence={"topics": uncovered},
            )
        )


async def check_person(
    ctx: AgentContext,
    school: School,
    employee: Employee,
    staff: list[Employee],
    out: AgentOutput,
    *,
    owner: str,
    search: CourseSearch,
) -> list[MandatedStatus]:
    """One person's mandated topics: findings, course proposals, the overdue alerts and task; the open
    topics (returned)."""
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
    open_items = rules.open_items(items)
    if open_items and ctx.phase != "read_only":
        await propose_courses(ctx, search, school, employee, open_items, status, out, owner=owner)
    return open_items


async def hired(event: Event, ctx: AgentContext) -> AgentOutput:
    """A new hire: their mandated topics, proposed for their training plan, tracked from day one."""
    out = AgentOutput()
    employee_id = event.data.get("employee_id")
    if not isinstance(employee_id, str) or not employee_id:
        out.findings.append(
            event_problem(WORKFLOW, event, "event_without_employee", "The event names no employee.")
        )
        return out
    try:
        employee = await employee_at(ctx.client, employee_id, event.center_id)
    except NotAtCenter as refused:
        out.findings.append(event_problem(WORKFLOW, event, refused.kind, refused.summary))
        return out
    school = await ctx.client.get_school(employee.school_id)
    staff = [e async for e in ctx.client.iter_employees(school_id=school.school_id, status="active")]
    out.reads += [source_record(employee), source_record(school)]
    await check_person(ctx, school, employee, staff, out, owner=event.id, search=CourseSearch(ctx, school))
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
    search = CourseSearch(ctx, school)
    for employee in tracked:
        out.reads.append(source_record(employee))
        await check_person(ctx, school, employee, staff, out, owner=event.id, search=search)
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
