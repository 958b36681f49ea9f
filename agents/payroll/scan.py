"""One pay period of a center: each employee's checks, then the cross-staff pass one center-day at a time.

Staff are streamed one at a time (per-employee punch and shift queries, since the punch endpoint orders by
time, not by employee), and the cross-staff checks stream each center-day in time order (`daystream`):
memory holds one employee, or what is open at one moment of a day (the current minute's punches, who is
clocked in where, the packed attendance of open rooms), plus the findings. A source that does not keep
time order is detected and that day is re-read and sorted, at the cost of holding that day. Source
records are kept for the audit trail only for the staff-days behind a finding.
"""

from __future__ import annotations

import logging
from array import array
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from agents.common.types import AgentContext, AgentOutput, Finding, source_record, stable_id
from agents.common.workweek import week_start
from agents.payroll import proposals
from agents.payroll.checks import check_employee
from agents.payroll.daystream import (
    Clocked,
    DayStream,
    Departure,
    OutOfOrder,
    ages_present,
    pack_children,
    sort_day,
)
from agents.payroll.model import WORKFLOW, PayrollSettings, Period, staff_facts
from agents.payroll.patterns import RATIO_CITATION_PREFIX, EditTally, SharedDeviceTally
from agents.payroll.punches import clock, local
from policies import ratios
from policies.errors import InvalidInput
from tools.models import Employee, School

log = logging.getLogger(__name__)

DAY = timedelta(days=1)
RATIO_MEMO = 1024
"""Most ratio answers a scan keeps, by (ages present, staff remaining, minute): `check_room` is pure and a
center's departures meet the same rooms' headcounts over and over; cleared when full, so memory stays flat
(an answer and its key take about 0.7 KB: at most 0.7 MiB)."""


@dataclass
class PeriodScan:
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
    _ratio_checks: dict[tuple[tuple[int, ...], int, int], ratios.RatioCheck] = field(default_factory=dict)

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
        result = check_employee(
            facts, shifts, punches, period, self.cfg, today=self.ctx.local_date(self.school)
        )
        self.staff_checked += 1
        workdays = [local(p.punched_at, self.zone).date() for p in punches]  # once per punch, used twice
        self.punches_checked += sum(1 for d in workdays if d in period)
        if not result.findings:
            return
        self.out.findings.extend(result.findings)
        self.out.reads.append(source_record(emp))
        days = result.evidence_days
        self.out.reads.extend(source_record(s) for s in shifts if s.date in days)
        self.out.reads.extend(source_record(p) for p, d in zip(punches, workdays, strict=True) if d in days)
        self.out.proposals.extend(proposals.for_employee(self.ctx, self.school, self.period, emp, result))

    async def days(self) -> None:
        """The cross-staff pass, one center-day at a time, each streamed in time order."""
        day = self.period.start
        while day <= self.period.end and day < self.ctx.local_date(self.school):
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
                if e.edited_by and self.focus in (None, e.employee_id):
                    edits.add(e, self.zone)
                departures = stream.add(e)
                if departures:
                    await self._departures(day, departures, found)
                self.peak_rooms_cached = max(self.peak_rooms_cached, len(self._children))
                if stream.closed:
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
        key = (tuple(ages), d.staff_remaining, m)
        check = self._ratio_checks.get(key)
        if check is None:
            check = self._check_room(ages, d.staff_remaining, m)
            if check is None:
                return None
            if len(self._ratio_checks) >= RATIO_MEMO:
                self._ratio_checks.clear()
            self._ratio_checks[key] = check
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

    def _check_room(self, ages: list[int], staff: int, minute: int) -> ratios.RatioCheck | None:
        """The room's ratio at that minute; None (and one finding saying so) when the state has no rules."""
        try:
            return ratios.check_room(
                self.school.state,
                ages,
                staff,
                minute_of_day=minute,
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
            return ratios.check_room(self.school.state, ages, staff)


async def staff(ctx: AgentContext, school: School, only: str | None) -> AsyncIterator[Employee]:
    if only is not None:
        yield await ctx.client.get_employee(only)
        return
    async for emp in ctx.client.iter_employees(school_id=school.school_id, status="active"):
        yield emp
