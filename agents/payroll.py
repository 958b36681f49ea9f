"""Payroll hour validation: a submitted timesheet, or a whole center's pay period before payroll export.

Reads punches, scheduled shifts and room attendance through the Procare client; applies policies.labor
and policies.ratios; reports every exception with its evidence (times, rule, citation) and scores patterns
without accusing anyone. Per phase: read_only -> findings and the exception report; assistive -> plus a
director task per employee with exceptions and per strong pattern; automation -> plus one
`PATCH /employees/{id}/payroll` per employee with the corrections the law owes (meal and rest premiums per
Labor Code 226.7, overtime reclassification). The model drafts only the report's summary paragraph.

Scale: staff are streamed one at a time (per-employee punch and shift queries, since the punch endpoint
orders by date, not by employee), and cross-staff checks stream one center-day at a time
(agents/payroll_patterns.py), so memory holds one employee or one day plus the findings. Source records
are kept for the audit trail only for the staff-days behind a finding.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from agents import payroll_proposals as proposals
from agents.llm import DraftSpec, draft_or_fallback
from agents.payroll_checks import check_employee
from agents.payroll_model import (
    WORKFLOW,
    PayrollSettings,
    Period,
    staff_facts,
    week_start,
)
from agents.payroll_patterns import RATIO_CITATION_PREFIX, DayScan, Departure, EditTally, SharedDeviceTally
from agents.payroll_punches import clock, local
from agents.payroll_report import exception_report_csv, exception_report_markdown, is_pattern
from agents.types import AgentContext, AgentOutput, Event, Finding, SourceRecord, stable_id
from policies import ratios
from procare_ai.errors import InvalidInput
from tools.models import ChildAttendance, Employee, School

__all__ = ["exception_report_csv", "resolve_period", "run"]

PII_FIELDS = {"ssn", "birth_date", "home_address"}
DAY = timedelta(days=1)

SUMMARY_INSTRUCTIONS = (
    "You write the opening paragraph of a payroll exception report for a childcare center director, to be "
    "read before payroll export. Use only the numbers in the facts, never invent any; name the pay period; "
    "say that patterns are signals to review, not conclusions about anyone; no names; at most 120 words. "
    "Fields: headline, body."
)


class PayrollSummary(BaseModel):
    """The drafted summary: prose only; every count comes from the facts."""

    headline: str = Field(min_length=5, max_length=160)
    body: str = Field(min_length=20, max_length=1500)


def _summary_check(draft: PayrollSummary, facts: Any) -> list[str]:
    problems = []
    if str(facts["exceptions"]) not in draft.body:
        problems.append(f"the body must state the number of exceptions ({facts['exceptions']})")
    if str(facts["period_start"]) not in draft.body:
        problems.append(f"the body must name the pay period start {facts['period_start']}")
    return problems


SUMMARY = DraftSpec(
    name="payroll_summary",
    schema=PayrollSummary,
    instructions=SUMMARY_INSTRUCTIONS,
    templates={
        "headline": "Payroll exceptions for {{ center_name }}, {{ period_start }} to {{ period_end }}",
        "body": (
            "Pay period {{ period_start }} to {{ period_end }}: {{ staff_checked }} staff and "
            "{{ punches_checked }} punches checked; {{ exceptions }} exceptions "
            "({{ critical }} critical, {{ warning }} warnings, {{ info }} for information)"
            "{% if top_kinds %}, most often {{ top_kinds | join(', ') }}{% endif %}. "
            "{{ patterns }} patterns are listed with a score for review; they are signals, not conclusions "
            "about anyone. Please review before payroll export."
        ),
    },
    check=_summary_check,
)


def resolve_period(event: Event, today: date, cfg: PayrollSettings) -> tuple[Period | None, str | None]:
    """The pay period from the event, or the last `pay_period_days` days before today, with a note."""
    raw_start, raw_end = event.data.get("pay_period_start"), event.data.get("pay_period_end")
    try:
        start = date.fromisoformat(str(raw_start)) if raw_start else None
        end = date.fromisoformat(str(raw_end)) if raw_end else None
    except ValueError:
        return None, f"pay period {raw_start!r} to {raw_end!r} is not a pair of YYYY-MM-DD dates"
    if start and end:
        if end < start or (end - start).days > 62:
            return None, f"pay period {start} to {end} is reversed or longer than 62 days"
        return Period(start, end), None
    if start:
        return Period(start, start + (cfg.pay_period_days - 1) * DAY), "the event gave no pay_period_end"
    end = today - DAY
    return Period(end - (cfg.pay_period_days - 1) * DAY, end), "the event gave no pay period"


def _read(kind: str, id_: str, staff_id: str | None, model: BaseModel) -> SourceRecord:
    return SourceRecord(
        kind=kind, id=id_, staff_id=staff_id, data=model.model_dump(mode="json", exclude=PII_FIELDS)
    )


@dataclass
class _Scan:
    """One run's state: the findings so far and the small per-period tallies; no per-staff data."""

    ctx: AgentContext
    school: School
    period: Period
    cfg: PayrollSettings
    focus: str | None
    out: AgentOutput
    zone: ZoneInfo = field(init=False)
    staff_checked: int = 0
    punches_checked: int = 0
    edits: EditTally = field(default_factory=EditTally)
    shared: SharedDeviceTally = field(default_factory=SharedDeviceTally)
    ratio_unavailable: bool = False

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.school.timezone)

    async def employee(self, emp: Employee) -> None:
        client, period = self.ctx.client, self.period
        first = week_start(period.start, self.cfg.workweek_start)
        shifts = [
            s async for s in client.iter_shifts(employee_id=emp.employee_id, start=first, end=period.end)
        ]
        punches = [
            p
            async for p in client.iter_punches(
                employee_id=emp.employee_id, start=first - DAY, end=period.end + DAY
            )
        ]
        facts = staff_facts(emp, self.school, self.zone, period.start)
        result = check_employee(facts, shifts, punches, period, self.cfg, today=self.ctx.today)
        self.staff_checked += 1
        self.punches_checked += sum(1 for p in punches if local(p.punched_at, self.zone).date() in period)
        if not result.findings:
            return
        self.out.findings.extend(result.findings)
        self.out.reads.append(_read("employee", emp.employee_id, emp.employee_id, emp))
        days = result.evidence_days
        self.out.reads.extend(
            _read("shift", s.shift_id, emp.employee_id, s) for s in shifts if s.date in days
        )
        self.out.reads.extend(
            _read("time_punch", p.punch_id, emp.employee_id, p)
            for p in punches
            if local(p.punched_at, self.zone).date() in days
        )
        self.out.proposals.extend(proposals.for_employee(self.ctx, self.school, self.period, emp, result))

    async def days(self) -> None:
        """The cross-staff pass, one center-day at a time."""
        day = self.period.start
        while day <= self.period.end and day < self.ctx.today:
            scan = DayScan(day, self.zone)
            async for p in self.ctx.client.iter_punches(school_id=self.school.school_id, start=day, end=day):
                scan.add(p)
                if self.focus in (None, p.employee_id):
                    self.edits.add(p, self.zone)
            for group in scan.shared_device_minutes():
                if self.focus is None or self.focus in {e.employee_id for e in group}:
                    self.shared.add(group)
            attendance: dict[str, list[ChildAttendance]] = {}
            for d in scan.departures():
                if self.focus in (None, d.employee_id):
                    await self._ratio(day, d, attendance)
            day += DAY
        self.out.findings.extend(self.shared.findings(self.cfg, self.zone, self.period.start))
        self.out.findings.extend(self.edits.findings(self.cfg, self.period.start))

    async def _ratio(self, day: date, d: Departure, cache: dict[str, list[ChildAttendance]]) -> None:
        if self.ratio_unavailable:
            return
        if d.room not in cache:
            cache[d.room] = [a async for a in self.ctx.client.iter_attendance(d.room, day)]
        m = d.minute_of_day
        ages = [
            a.age_months
            for a in cache[d.room]
            if a.check_in_minutes is not None
            and a.check_in_minutes <= m
            and (a.check_out_minutes is None or m < a.check_out_minutes)
        ]
        if not ages:
            return
        try:
            check = ratios.check_room(
                self.school.state,
                ages,
                d.staff_remaining,
                minute_of_day=m,
                open_minutes=self.school.open_minutes,
                close_minutes=self.school.close_minutes,
            )
        except ratios.UnsupportedState as exc:
            self.ratio_unavailable = True
            self.out.findings.append(
                Finding(
                    id=stable_id(WORKFLOW, "ratio_rules_unavailable", self.school.school_id),
                    workflow=WORKFLOW,
                    kind="ratio_rules_unavailable",
                    severity="info",
                    summary=f"Ratio at clock-out was not checked: {exc.message}",
                    evidence={"state": self.school.state},
                )
            )
            return
        except InvalidInput:
            check = ratios.check_room(self.school.state, ages, d.staff_remaining)
        if check.compliant:
            return
        action = "clocked out" if d.kind == "out" else "started a break"
        self.out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "left_room_below_ratio", d.employee_id, d.punch_id),
                workflow=WORKFLOW,
                kind="left_room_below_ratio",
                severity="critical",
                summary=f"{d.employee_id} {action} at {clock(d.at, self.zone)} from room {d.room}, leaving "
                f"{d.staff_remaining} staff for {check.children} children where {check.required_staff} "
                f"are required ({check.ratio}).",
                staff_ids=[d.employee_id],
                evidence={
                    "employee_id": d.employee_id,
                    "workday": str(day),
                    "punch_id": d.punch_id,
                    "punch_kind": d.kind,
                    "room": d.room,
                    "at": clock(d.at, self.zone),
                    "children_present": check.children,
                    "staff_remaining": d.staff_remaining,
                    "required_staff": check.required_staff,
                    "ratio": check.ratio,
                },
                citation=RATIO_CITATION_PREFIX + check.citation,
            )
        )


async def _staff(ctx: AgentContext, school: School, only: str | None) -> AsyncIterator[Employee]:
    if only is not None:
        yield await ctx.client.get_employee(only)
        return
    async for emp in ctx.client.iter_employees(school_id=school.school_id, status="active"):
        yield emp


def _event_problem(event: Event, problem: str) -> Finding:
    return Finding(
        id=stable_id(WORKFLOW, "event_incomplete", event.id),
        workflow=WORKFLOW,
        kind="timesheet_event_incomplete",
        severity="warning",
        summary=f"Event {event.type} {event.id} could not be checked: {problem}.",
        evidence={"event_id": event.id, "data_keys": sorted(event.data)},
    )


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Validate a submitted timesheet (one employee) or a whole center's pay period (`scan.payroll`)."""
    cfg = PayrollSettings.from_mapping(ctx.settings)
    school = await ctx.client.get_school(event.center_id)
    out = AgentOutput(reads=[_read("school", school.school_id, None, school)])
    only = None
    if event.type == "timesheet.submitted":
        raw = event.data.get("employee_id")
        if not raw:
            out.findings.append(_event_problem(event, "it names no employee_id"))
            out.report = f"# Timesheet not checked\n\n{out.findings[0].summary}\n"
            return out
        only = str(raw)
    period, note = resolve_period(event, ctx.today, cfg)
    if period is None:
        out.findings.append(_event_problem(event, str(note)))
        out.report = f"# Timesheet not checked\n\n{out.findings[0].summary}\n"
        return out
    if note:
        out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "period_assumed", event.id),
                workflow=WORKFLOW,
                kind="pay_period_assumed",
                severity="info",
                summary=f"{note}: checked {period.start} to {period.end}.",
                evidence={"pay_period_start": str(period.start), "pay_period_end": str(period.end)},
            )
        )
    scan = _Scan(ctx, school, period, cfg, only, out)
    async for emp in _staff(ctx, school, only):
        await scan.employee(emp)
    await scan.days()
    out.proposals.extend(proposals.cross_staff(ctx, school, cfg, out.findings))
    out.report = await _report(ctx, school, scan)
    return out


async def _report(ctx: AgentContext, school: School, scan: _Scan) -> str:
    findings = scan.out.findings
    counted = [f for f in findings if f.kind not in ("pay_period_assumed",)]
    kinds: dict[str, int] = {}
    for f in counted:
        kinds[f.kind] = kinds.get(f.kind, 0) + 1
    facts = {
        "center_name": school.name,
        "period_start": str(scan.period.start),
        "period_end": str(scan.period.end),
        "staff_checked": scan.staff_checked,
        "punches_checked": scan.punches_checked,
        "exceptions": sum(1 for f in counted if not is_pattern(f)),
        "critical": sum(1 for f in counted if f.severity == "critical"),
        "warning": sum(1 for f in counted if f.severity == "warning" and not is_pattern(f)),
        "info": sum(1 for f in counted if f.severity == "info" and not is_pattern(f)),
        "patterns": sum(1 for f in counted if is_pattern(f)),
        "top_kinds": [f"{k} ({n})" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1])[:3]],
    }
    draft, rejected = await draft_or_fallback(ctx.drafter, SUMMARY, facts)
    summary = draft.value.body + (f"\n\n_Model draft rejected: {rejected}_" if rejected else "")
    return exception_report_markdown(
        title=f"{draft.value.headline} ({school.school_id})",
        summary=summary,
        findings=findings,
        staff_checked=scan.staff_checked,
        punches_checked=scan.punches_checked,
    )
