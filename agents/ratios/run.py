"""One run of the ratio agent: the event, the reads it makes (through the cache) and the output it builds.

Every Procare read of a run goes through `RatioRun`, so each record actually read from Procare is kept
for the audit trail once, and a record served from the cache (read by an earlier run) is not read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agents.common.types import AgentContext, AgentOutput, Event, Finding, source_record, stable_id
from agents.ratios.data import (
    CenterInfo,
    DaySchedule,
    RatioCache,
    build_room,
    read_attendance,
    read_center,
    read_schedule,
    staff_room,
)
from agents.ratios.room_tracker import RoomDay
from policies.ratios import CenterRatioPolicy
from tools.models import Credential, Employee, Shift

WORKFLOW = "ratios"
MAX_PROJECTION_DAYS = 7
MAX_PROPOSAL_WINDOWS = 10
"""Short windows per run that get a coverage search and proposal (setting `ratio_max_proposal_windows`);
the rest are findings, counted in the report and proposed by a later run, so a director's queue stays
short and the soonest windows come first."""


@dataclass
class RatioRun:
    """One agent run: the event, its context, the cache and the output being built."""

    event: Event
    ctx: AgentContext
    cache: RatioCache
    schedule_max_age: timedelta
    room_max_age: timedelta
    policies: list[CenterRatioPolicy]
    max_windows: int = MAX_PROPOSAL_WINDOWS
    out: AgentOutput = field(default_factory=AgentOutput)
    covered: int = 0
    """Windows given a coverage search (and a proposal, unless read_only) in this run."""
    deferred: list[Finding] = field(default_factory=list)
    """Windows past `max_windows`: findings without a proposal yet."""
    credentials: dict[str, list[Credential]] = field(default_factory=dict)
    center_credentials: dict[str, list[Credential]] | None = None
    """The center's credentials by employee, read in one go the first time a candidate's are needed."""
    weeks: dict[str, list[Shift]] = field(default_factory=dict)
    center_weeks: dict[tuple[date, date], dict[str, list[Shift]]] = field(default_factory=dict)
    employees: dict[str, Employee] | None = None
    fresh_rooms: set[str] = field(default_factory=set)

    @property
    def at(self) -> datetime:
        stamp = self.event.occurred_at
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)

    async def center(self) -> CenterInfo:
        center_id = self.event.center_id
        info = self.cache.centers.get(center_id, self.at, self.room_max_age)
        if info is None:
            info = await read_center(self.ctx.client, center_id)
            self.cache.centers.put(center_id, info, self.at)
            self.out.reads.append(source_record(info.school))
        return info

    async def schedule(self, day: date) -> DaySchedule:
        key = (self.event.center_id, day)
        schedule = self.cache.days.get(key, self.at, self.schedule_max_age)
        if schedule is None:
            schedule = await read_schedule(self.ctx.client, self.event.center_id, day)
            self.cache.days.put(key, schedule, self.at)
            self.out.reads.extend(source_record(s) for s in schedule.shifts)
            self.out.reads.extend(source_record(m) for m in schedule.moves)
        return schedule

    async def room(self, info: CenterInfo, classroom_id: str, day: date, *, reload: bool = False) -> RoomDay:
        key = (self.event.center_id, classroom_id, day)
        entry = None if reload else self.cache.rooms.get(key, self.at, self.room_max_age)
        schedule = await self.schedule(day)
        if entry is not None:
            room, staffed_from = entry
            if staffed_from is not schedule:  # the schedule was renewed: re-staff, keep the children
                staff_room(room, schedule)
                self.cache.rooms.put(key, (room, schedule), self.at)
            return room
        rows = await read_attendance(self.ctx.client, classroom_id, day)
        self.out.reads.extend(source_record(r) for r in rows)
        room = build_room(info, schedule, info.classrooms[classroom_id], rows, self.policies)
        self.cache.rooms.put(key, (room, schedule), self.at)
        self.fresh_rooms.add(classroom_id)
        return room

    async def staff(self, info: CenterInfo) -> dict[str, Employee]:
        if self.employees is None:
            school_id = info.school.school_id
            found = [e async for e in self.ctx.client.iter_employees(school_id=school_id, status="active")]
            self.employees = {e.employee_id: e for e in found}
        return self.employees

    async def held(self, employee_id: str) -> list[Credential]:
        """A coverage candidate's credentials. The center's are read once (one paged request instead of
        one per candidate: a live alert waits for this search); only the candidates' go to the audit."""
        if employee_id not in self.credentials:
            if self.center_credentials is None:
                self.center_credentials = {}
                school_id = self.event.center_id
                async for c in self.ctx.client.iter_credentials(school_id=school_id):
                    self.center_credentials.setdefault(c.employee_id, []).append(c)
            found = self.center_credentials.get(employee_id, [])
            self.credentials[employee_id] = found
            self.out.reads.extend(source_record(c, employee_id) for c in found)
        return self.credentials[employee_id]

    async def week(self, employee_id: str, first: date, last: date) -> list[Shift]:
        """A candidate's shifts of the workweek, from one read of the center's week (as `held`)."""
        if (first, last) not in self.center_weeks:
            by_employee: dict[str, list[Shift]] = {}
            school_id = self.event.center_id
            async for s in self.ctx.client.iter_shifts(school_id=school_id, start=first, end=last):
                by_employee.setdefault(s.employee_id, []).append(s)
            self.center_weeks[(first, last)] = by_employee
        if employee_id not in self.weeks:
            self.weeks[employee_id] = self.center_weeks[(first, last)].get(employee_id, [])
        return self.weeks[employee_id]

    def local(self, info: CenterInfo) -> tuple[date, int]:
        """The event's day and minute on the center's clock."""
        stamp = self.at.astimezone(ZoneInfo(info.school.timezone))
        return stamp.date(), stamp.hour * 60 + stamp.minute

    def problem(self, kind: str, summary: str, evidence: dict[str, Any]) -> AgentOutput:
        self.out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, kind, self.event.id),
                workflow=WORKFLOW,
                kind=kind,
                severity="warning",
                summary=summary,
                evidence=evidence,
            )
        )
        return self.out
