"""One run of the ratio agent: the event, the reads it makes and the output it builds.

Every run reads what its findings rest on from Procare itself (the center, the day's schedule, the room's
attendance) and keeps those records for the audit trail (`keep_reads`: the judged rooms' own records, or
the whole schedule when a coverage search weighed it), with a snapshot of each room as judged
(`room_snapshot` among its reads): nothing comes from an earlier run's memory, so the checkpoint of a
thread holds all of its evidence and any worker judges an event the same way. What only an earlier event
knows (a staff member's check-out: Procare's attendance lists children) and what must be decided once for
every worker (an alert sent, a deferred proposal) comes from the injected ledger (agents.common.ledger).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents.common.ledger import StaffEvent
from agents.common.types import (
    AgentContext,
    AgentOutput,
    Event,
    Finding,
    SourceRecord,
    source_record,
    stable_id,
)
from agents.ratios.data import (
    CenterInfo,
    DaySchedule,
    build_room,
    read_attendance,
    read_center,
    read_schedule,
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
    """One agent run: the event, its context and the output being built (reads memoised for this run)."""

    event: Event
    ctx: AgentContext
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
    info: CenterInfo | None = None
    days: dict[date, DaySchedule] = field(default_factory=dict)
    rooms: dict[tuple[str, date], RoomDay] = field(default_factory=dict)
    hand_off: bool = False
    """A predicted window waits for the follow-up run's coverage search (`coverage_due`): an attendance
    event judges the room now and alerts, and leaves the searches to the batch lane."""
    searched: bool = False
    """A coverage search ran (it weighs every scheduled person: `keep_reads` keeps them all)."""
    kept: bool = False

    @property
    def at(self) -> datetime:
        stamp = self.event.occurred_at
        return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)

    async def center(self) -> CenterInfo:
        if self.info is None:
            self.info = await read_center(self.ctx.client, self.event.center_id)
        return self.info

    async def schedule(self, day: date) -> DaySchedule:
        if day not in self.days:
            self.days[day] = await read_schedule(self.ctx.client, self.event.center_id, day)
        return self.days[day]

    def keep_reads(self, *, everything: bool = False) -> None:
        """Put the center and schedule records this run's findings rest on among its reads (once, first).

        A run that judged rooms without a coverage search rests on the school, those rooms, their staff's
        shifts, the moves into and out of them (with the movers' shifts, for their breaks) and the employee
        records of their staff (roles); a coverage search weighed every scheduled person, so it keeps the
        whole schedule and staff, as does a run that stopped on a problem (`everything`). The rest of what
        was read decided nothing; not copying it keeps an attendance event's checkpoint small."""
        if self.kept or self.info is None:
            return
        self.kept = True
        info, whole = self.info, everything or self.searched
        judged = {classroom_id for classroom_id, _day in self.rooms}
        present = {emp for room in self.rooms.values() for emp in room.staff}
        reads = [source_record(info.school)]
        reads += [source_record(c) for c in info.classrooms.values() if whole or c.classroom_id in judged]
        staff = {e.employee_id: e for e in info.staff}
        if whole:
            staff |= self.employees or {}
        reads += [source_record(e) for emp_id, e in staff.items() if whole or emp_id in present]
        for day, schedule in self.days.items():
            rooms = {classroom_id for classroom_id, d in self.rooms if d == day}
            moves = [
                m for m in schedule.moves if whole or m.classroom_id in rooms or m.employee_id in present
            ]
            movers = {m.employee_id for m in moves}
            reads += [
                source_record(s)
                for s in schedule.shifts
                if whole or s.classroom_id in rooms or s.employee_id in present | movers
            ]
            reads += [source_record(m) for m in moves]
        self.out.reads[:0] = reads

    async def room(self, info: CenterInfo, classroom_id: str, day: date) -> RoomDay:
        """The room's day as Procare and the ledger know it now: attendance read for this run, the
        schedule's staff, and the staff check-ins and check-outs earlier events recorded."""
        key = (classroom_id, day)
        if key not in self.rooms:
            rows = await read_attendance(self.ctx.client, classroom_id, day)
            self.out.reads.extend(source_record(r) for r in rows)
            room = build_room(
                info, await self.schedule(day), info.classrooms[classroom_id], rows, self.policies
            )
            for e in await self.ctx.ledger.staff_events(self.event.center_id, classroom_id, day):
                room.staff_event(e.employee_id, e.minute, e.checked_in)  # idempotent: a retry adds nothing
            self.rooms[key] = room
        return self.rooms[key]

    async def remember_staff_event(self, classroom_id: str, day: date, event: StaffEvent) -> None:
        """Keep this event's staff check-in or check-out for the room's later events (any worker)."""
        await self.ctx.ledger.record_staff_event(self.event.center_id, classroom_id, day, event)

    def snapshot(self, room: RoomDay, minute: int) -> None:
        """Keep the room as judged at `minute` among the run's reads: the data a live finding rests on."""
        self.out.reads.append(
            SourceRecord(
                kind="room_snapshot",
                id=f"{room.classroom_id}:{room.day}:{minute}",
                data={
                    "classroom_id": room.classroom_id,
                    "date": str(room.day),
                    "minute": minute,
                    "state": room.state,
                    "children": [
                        {
                            "child_id": c.child_id,
                            "age_months": c.age_months,
                            "check_in": c.check_in,
                            "check_out": c.check_out,
                            "expected_in": c.expected_in,
                            "expected_out": c.expected_out,
                        }
                        for c in room.children.values()
                    ],
                    "staff": [
                        {
                            "employee_id": p.employee_id,
                            "windows": [list(w) for w in p.windows],
                            "breaks": [list(b) for b in p.breaks],
                            "events": [list(e) for e in p.events],
                            "role": room.roles.get(p.employee_id),
                        }
                        for p in room.staff.values()
                    ],
                    "staff_present": room.staff_at(minute),
                },
            )
        )

    async def staff(self, info: CenterInfo) -> dict[str, Employee]:
        """The center's active staff; where the state's ratio depends on role the run read them with the
        center already (`read_center`, the same listing), so they are not read and parsed again."""
        if self.employees is None:
            school_id = info.school.school_id
            found = info.staff or [
                e async for e in self.ctx.client.iter_employees(school_id=school_id, status="active")
            ]
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
        self.keep_reads(everything=True)
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
