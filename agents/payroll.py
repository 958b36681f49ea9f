"""Payroll hour validation: a submitted timesheet, or a whole center's pay period before payroll export.

Reads punches, scheduled shifts and room attendance through the Procare client; applies policies.labor
and policies.ratios; reports every exception with its evidence (times, rule, citation) and scores patterns
without accusing anyone. Per phase: read_only -> findings and the exception report; assistive -> plus a
director task per employee with exceptions and per strong pattern; automation -> plus one
`PATCH /employees/{id}/payroll` per employee with the corrections the law owes (meal and rest premiums per
Labor Code 226.7, overtime reclassification). The model drafts only the report's summary paragraph.

Scale: staff are streamed one at a time (per-employee punch and shift queries, since the punch endpoint
orders by time, not by employee), and the cross-staff checks stream each center-day in time order
(agents/payroll_daystream.py): memory holds one employee, or what is open at one moment of a day (the
current minute's punches, who is clocked in where, the packed attendance of open rooms), plus the findings.
A source that does not keep time order is detected and that day is re-read and sorted, at the old cost of
holding the day. Source records are kept for the audit trail only for the staff-days behind a finding.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field

from agents import payroll_proposals as proposals
from agents.llm import DraftSpec, draft_or_fallback
from agents.payroll_checks import check_employee
from agents.payroll_daystream import (
    Clocked,
    DayStream,
    Departure,
    OutOfOrder,
    ages_present,
    pack_children,
    sort_day,
)
from agents.payroll_model import (
    WORKFLOW,
    PayrollSettings,
    Period,
    staff_facts,
    week_start,
)
from agents.payroll_patterns import RATIO_CITATION_PREFIX, EditTally, SharedDeviceTally
from agents.payroll_punches import clock, local
from agents.payroll_report import exception_report_csv, exception_report_markdown, is_pattern
from agents.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from policies import ratios
from procare_ai.errors import InvalidInput
from tools.models import Employee, School

__all__ = ["exception_report_csv", "resolve_period", "run"]

log = logging.getLogger(__name__)

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
    shared: SharedDeviceTally = field(init=False)
    ratio_unavailable: bool = False
    unordered_days: list[date] = field(default_factory=list)
    """Days whose punch stream was not in time order and had to be re-read and sorted."""
    peak_open_staff: int = 0
    """Most staff clocked in at one moment of a day: the size of the day pass's per-staff state."""
    peak_rooms_cached: int = 0
    """Most rooms whose packed attendance was held at once (a room is dropped when it closes)."""
    _children: dict[str, array[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.zone = ZoneInfo(self.school.timezone)
        self.shared = SharedDeviceTally(self.zone)

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
        self.out.reads.append(source_record("employee", emp.employee_id, emp, emp.employee_id))
        days = result.evidence_days
        self.out.reads.extend(
            source_record("shift", s.shift_id, s, emp.employee_id) for s in shifts if s.date in days
        )
        self.out.reads.extend(
            source_record("time_punch", p.punch_id, p, emp.employee_id)
            for p in punches
            if local(p.punched_at, self.zone).date() in days
        )
        self.out.proposals.extend(proposals.for_employee(self.ctx, self.school, self.period, emp, result))

    async def days(self) -> None:
        """The cross-staff pass, one center-day at a time, each streamed in time order."""
        day = self.period.start
        while day <= self.period.end and day < self.ctx.today:
            try:
                await self._day(day, self._ordered(day))
            except OutOfOrder as exc:
                log.warning(
                    "punches of %s on %s are not in time order (%s); re-reading the day sorted",
                    self.school.school_id,
                    day,
                    exc,
                )
                self.unordered_days.append(day)
                await self._day(day, self._sorted(day))
            day += DAY
        log.info(
            "cross-staff pass of %s: at most %d staff clocked in and %d rooms' attendance held at once; "
            "%d day(s) re-read sorted",
            self.school.school_id,
            self.peak_open_staff,
            self.peak_rooms_cached,
            len(self.unordered_days),
        )
        self.out.findings.extend(self.shared.findings(self.cfg, self.period.start))
        self.out.findings.extend(self.edits.findings(self.cfg, self.period.start))

    async def _ordered(self, day: date) -> AsyncGenerator[Clocked, None]:
        punches = self.ctx.client.iter_punches(school_id=self.school.school_id, start=day, end=day)
        try:
            async for p in punches:
                yield Clocked.of(p)
        finally:
            closing = getattr(punches, "aclose", None)
            if closing is not None:
                await closing()

    async def _sorted(self, day: date) -> AsyncGenerator[Clocked, None]:
        for e in sort_day([e async for e in self._ordered(day)]):
            yield e

    async def _day(self, day: date, events: AsyncGenerator[Clocked, None]) -> None:
        """One day; what it finds is kept apart and added only once the day has been read to the end, so
        a day that turns out to be unordered can be read again without counting anything twice."""
        stream, edits = DayStream(day, self.zone), EditTally()
        found: list[Finding] = []
        self._children.clear()
        try:
            async for e in events:
                if self.focus in (None, e.employee_id):
                    edits.add(e, self.zone)
                await self._departures(day, stream.add(e), found)
                self.peak_rooms_cached = max(self.peak_rooms_cached, len(self._children))
                for room in stream.closed:
                    if not stream.is_open(room):
                        self._children.pop(room, None)
                stream.closed.clear()
            await self._departures(day, stream.finish(), found)
        finally:
            await events.aclose()
            self._children.clear()
        self.peak_open_staff = max(self.peak_open_staff, stream.peak_open)
        for group in stream.shared:
            if self.focus is None or self.focus in {e.employee_id for e in group}:
                self.shared.add(group)
        self.edits.merge(edits)
        self.out.findings.extend(found)

    async def _departures(self, day: date, departures: list[Departure], found: list[Finding]) -> None:
        for d in departures:
            if self.focus in (None, d.employee_id):
                finding = await self._ratio(day, d)
                if finding is not None:
                    found.append(finding)

    async def _ratio(self, day: date, d: Departure) -> Finding | None:
        if self.ratio_unavailable:
            return None
        packed = self._children.get(d.room)
        if packed is None:
            packed = pack_children([a async for a in self.ctx.client.iter_attendance(d.room, day)])
            self._children[d.room] = packed
        m = d.minute_of_day
        ages = ages_present(packed, m)
        if not ages:
            return None
        try:
            check = ratios.check_room(
                self.school.state,
                ages,
                d.staff_remaining,
                minute_of_day=m,
                open_minutes=self.school.open_minutes,
                close_minutes=self.school.close_minutes,
                city=(self.school.model_extra or {}).get("city"),
                postal_code=(self.school.model_extra or {}).get("postal_code"),
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
            return None
        except InvalidInput:
            check = ratios.check_room(self.school.state, ages, d.staff_remaining)
        if check.compliant:
            return None
        action = "clocked out" if d.kind == "out" else "started a break"
        return Finding(
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
    out = AgentOutput(reads=[source_record("school", school.school_id, school)])
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
