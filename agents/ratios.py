"""Staffing ratio guardian: live compliance per room, predicted shortfalls, and who can cover them.

`attendance.changed` (a child or staff check-in, check-out or room transfer) updates that one room's live
model (agents/room_tracker.py) and answers compliance at once through `policies.ratios.check_room`; a live
violation is a critical finding with `alert=True`, so the runner pushes it to the director's channels as
soon as this run ends, with no daily scan involved. The same event, and `schedule.published`, project the
rest of the day from scheduled shifts and breaks, shifts ending and expected arrivals and departures
(`project_required_staff`), and flag each predicted shortfall with its window and size before it happens.

Short spells of one room a few minutes apart (two staggered breaks) are one window (`coalesce`), and each
window gets at most one coverage action: the agent looks for coverage (agents/ratio_coverage.py), a
floater or a staff member of a room with slack, qualified, available, not needed at home and not pushed
into overtime. Per phase: read_only -> findings and a report; assistive -> plus a director task naming the
suggested staff; automation -> a `create_staff_move` when one person closes the window (else the task).
A run proposes for its `MAX_PROPOSAL_WINDOWS` soonest windows; the rest stay findings, counted in an info
finding and the report, and are proposed by a later run, so a week's schedule never floods the inbox.
Every number comes from policies/; the text is written here from those numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ValidationError, model_validator

from agents.ratio_coverage import (
    MIN_COVER_MINUTES,
    WORKWEEK_SETTING,
    CoverageChoice,
    Passed,
    candidate_order,
    overtime_problem,
    qualification_problems,
    workweek,
)
from agents.ratio_data import (
    CACHE,
    ROOM_MAX_AGE,
    SCHEDULE_MAX_AGE,
    CenterInfo,
    DaySchedule,
    RatioCache,
    build_room,
    policy_from,
    read_attendance,
    read_center,
    read_schedule,
    staff_room,
)
from agents.room_tracker import Gap, RoomDay, StaffDay, Window, coalesce, hhmm
from agents.types import AgentContext, AgentOutput, Event, Finding, Proposal, source_record, stable_id
from policies.ratios import CenterRatioPolicy, RatioCheck, RatioInputError
from tools.models import Credential, Employee, Shift

WORKFLOW = "ratios"
MAX_PROJECTION_DAYS = 7
MAX_PROPOSAL_WINDOWS = 10
"""Short windows per run that get a coverage search and proposal (setting `ratio_max_proposal_windows`);
the rest are findings, counted in the report and proposed by a later run, so a director's queue stays
short and the soonest windows come first."""


class AttendanceChange(BaseModel):
    """One attendance event, in either shape Procare-style senders use.

    The sandbox sends `{"classroom_id", "child_id", "date", "check_in_minutes" | "check_out_minutes"}`;
    richer senders add `action`, `minute`, `age_months`, `employee_id` and `to_classroom_id`.
    """

    classroom_id: str
    child_id: str | None = None
    employee_id: str | None = None
    action: Literal["check_in", "check_out", "transfer"]
    minute: int
    date: date
    age_months: int | None = None
    to_classroom_id: str | None = None

    @model_validator(mode="after")
    def _who(self) -> AttendanceChange:
        if (self.child_id is None) == (self.employee_id is None):
            raise ValueError("exactly one of child_id or employee_id is needed")
        if self.action == "transfer" and not self.to_classroom_id:
            raise ValueError("a transfer needs to_classroom_id")
        if not 0 <= self.minute <= 1440:
            raise ValueError(f"minute must be 0..1440 (minutes from midnight), got {self.minute}")
        return self


@dataclass
class _Run:
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
    weeks: dict[str, list[Shift]] = field(default_factory=dict)
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
            self.out.reads.append(source_record("school", center_id, info.school))
        return info

    async def schedule(self, day: date) -> DaySchedule:
        key = (self.event.center_id, day)
        schedule = self.cache.days.get(key, self.at, self.schedule_max_age)
        if schedule is None:
            schedule = await read_schedule(self.ctx.client, self.event.center_id, day)
            self.cache.days.put(key, schedule, self.at)
            self.out.reads.extend(
                source_record("shift", s.shift_id, s, s.employee_id) for s in schedule.shifts
            )
            self.out.reads.extend(
                source_record("staff_move", m.move_id, m, m.employee_id) for m in schedule.moves
            )
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
        self.out.reads.extend(source_record("attendance", f"{classroom_id}:{r.child_id}", r) for r in rows)
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
        if employee_id not in self.credentials:
            found = [c async for c in self.ctx.client.iter_credentials(employee_id=employee_id)]
            self.credentials[employee_id] = found
            self.out.reads.extend(source_record("credential", c.credential_id, c, employee_id) for c in found)
        return self.credentials[employee_id]

    async def week(self, employee_id: str, first: date, last: date) -> list[Shift]:
        if employee_id not in self.weeks:
            self.weeks[employee_id] = [
                s async for s in self.ctx.client.iter_shifts(employee_id=employee_id, start=first, end=last)
            ]
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


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Route by event type: a live attendance change, or a projection of a published schedule."""
    cache = ctx.settings.get("ratio_cache") or CACHE
    state = _Run(
        event,
        ctx,
        cache,
        _minutes(ctx.settings.get("ratio_schedule_max_age_minutes")) or SCHEDULE_MAX_AGE,
        _minutes(ctx.settings.get("ratio_room_max_age_minutes")) or ROOM_MAX_AGE,
        [],
        int(ctx.settings.get("ratio_max_proposal_windows") or MAX_PROPOSAL_WINDOWS),
    )
    try:
        state.policies = [
            p
            for p in (
                policy_from(ctx.settings.get("ratio_center_policy")),
                policy_from(event.data.get("center_policy")),
            )
            if p is not None
        ]
    except (RatioInputError, ValueError, TypeError) as exc:
        return state.problem(
            "center_policy_invalid",
            f"The center ratio policy given for {event.center_id} was refused: {exc}. "
            "The state's rules apply until it is fixed.",
            {"center_policy": event.data.get("center_policy")},
        )
    if event.type == "schedule.published":
        cache.forget_center(event.center_id)
        return await _schedule_published(state)
    if event.type == "attendance.changed":
        return await _attendance_changed(state)
    return state.problem(
        "event_not_handled", f"The ratio agent does not handle {event.type!r} events.", {"type": event.type}
    )


def _minutes(value: Any) -> timedelta | None:
    return timedelta(minutes=float(value)) if value else None


# --- attendance.changed --------------------------------------------------------------------------------


def _parse_change(event: Event, day: date, minute: int) -> AttendanceChange | str:
    data = dict(event.data)
    if "action" not in data:
        if data.get("to_classroom_id"):
            data["action"] = "transfer"
        elif data.get("check_out_minutes") is not None:
            data["action"] = "check_out"
        elif data.get("check_in_minutes") is not None:
            data["action"] = "check_in"
    if data.get("minute") is None:
        data["minute"] = next(
            (data[k] for k in ("check_out_minutes", "check_in_minutes") if data.get(k) is not None), minute
        )
    data.setdefault("date", day)
    try:
        return AttendanceChange.model_validate(data)
    except ValidationError as exc:
        return "; ".join(f"{'.'.join(str(p) for p in e['loc']) or 'data'}: {e['msg']}" for e in exc.errors())


async def _attendance_changed(run_: _Run) -> AgentOutput:
    if not run_.event.data.get("classroom_id"):
        return run_.problem(
            "attendance_event_incomplete",
            "An attendance event without classroom_id cannot be placed in a room; nothing was checked.",
            {"data": run_.event.data},
        )
    info = await run_.center()
    day, minute = run_.local(info)
    change = _parse_change(run_.event, day, minute)
    if isinstance(change, str):
        return run_.problem(
            "attendance_event_incomplete",
            f"Attendance event {run_.event.id} could not be applied: {change}.",
            {"data": run_.event.data},
        )
    rooms = [change.classroom_id] + ([change.to_classroom_id] if change.to_classroom_id else [])
    unknown = [r for r in rooms if r not in info.classrooms]
    if unknown:
        return run_.problem(
            "attendance_event_incomplete",
            f"Attendance event {run_.event.id} names room(s) {', '.join(unknown)} that "
            f"{info.school.name} does not have.",
            {"data": run_.event.data},
        )
    if change.action == "transfer" and change.child_id is not None and change.age_months is None:
        origin = await run_.room(info, change.classroom_id, change.date)
        known = origin.children.get(change.child_id)
        if known is not None:
            change = change.model_copy(update={"age_months": known.age_months})
    for classroom_id in dict.fromkeys(rooms):
        room = await run_.room(info, classroom_id, change.date)
        applied = _apply(room, change)
        if not applied and classroom_id not in run_.fresh_rooms:  # a child we never saw: re-read the room
            room = await run_.room(info, classroom_id, change.date, reload=True)
            applied = _apply(room, change)
        if not applied:
            run_.problem(
                "attendance_event_incomplete",
                f"Child {change.child_id} is not on {room.name}'s list for {change.date} and the event gives "
                "no age; the room was checked without them.",
                {"data": run_.event.data},
            )
        await _check_live(run_, info, room, change)
    return _finish(run_, info)


def _apply(room: RoomDay, change: AttendanceChange) -> bool:
    """Apply the change to one room of the event (the origin, or the destination of a transfer)."""
    leaving = room.classroom_id == change.classroom_id and change.action in ("check_out", "transfer")
    if change.employee_id is not None:
        room.staff_event(change.employee_id, change.minute, checked_in=not leaving)
        return True
    assert change.child_id is not None
    if leaving:
        return room.child_out(change.child_id, change.minute) or change.action == "transfer"
    return room.child_in(change.child_id, change.minute, change.age_months)


async def _check_live(run_: _Run, info: CenterInfo, room: RoomDay, change: AttendanceChange) -> None:
    now = change.minute
    check = room.check(now, now)
    new_violation = not check.compliant and (room.live_since is None or room.live_since > now)
    if new_violation and room.classroom_id not in run_.fresh_rooms:
        # Confirm against Procare before alerting: the cached model may have missed a change.
        cached = room
        room = await run_.room(info, room.classroom_id, room.day, reload=True)
        for person in cached.staff.values():
            for minute, checked_in in person.events:
                room.staff_event(person.employee_id, minute, checked_in)
        _apply(room, change)
        check = room.check(now, now)
    gaps = coalesce(room.project(now, now))
    if check.compliant:
        room.live_since = None
    else:
        room.live_since = now if room.live_since is None else room.live_since
        current = next((g for g in gaps if g.start <= now), None)
        await _live_violation(run_, info, room, check, now, current)
    for gap in gaps:
        if gap.start > now:
            await _shortfall(run_, info, room, gap, now, live=False)


async def _live_violation(
    run_: _Run, info: CenterInfo, room: RoomDay, check: RatioCheck, now: int, gap: Gap | None
) -> None:
    since = room.live_since if room.live_since is not None else now
    finding_id = stable_id(WORKFLOW, "live", room.school_id, room.classroom_id, str(room.day), since)
    until = f" until {hhmm(gap.end)} on the current schedule" if gap is not None else ""
    finding = Finding(
        id=finding_id,
        workflow=WORKFLOW,
        kind="live_ratio_violation",
        severity="critical",
        summary=f"{room.name} is out of ratio now ({hhmm(now)}): {check.children} children, "
        f"{check.staff_present} staff, {check.required_staff} required at {check.ratio}{until}. "
        + "; ".join(check.violations),
        staff_ids=room.staff_at(now),
        evidence={
            "classroom_id": room.classroom_id,
            "date": str(room.day),
            "minute": now,
            "since_minute": since,
            "children": check.children,
            "staff_present": check.staff_present,
            "required_staff": check.required_staff,
            "staff_short": check.staff_short,
            "ratio": check.ratio,
            "group_size_exceeded": check.group_size_exceeded,
            "violations": list(check.violations),
            "explanation": check.explanation,
            "until_minute": gap.end if gap is not None else None,
        },
        citation=check.citation,
        alert=run_.cache.first_alert(finding_id),
    )
    run_.out.findings.append(finding)
    if finding.alert and check.staff_short > 0:
        window_end = gap.end if gap is not None else min(now + 60, room.close_minutes)
        short = Gap(
            room.classroom_id, room.day, now, window_end, check.staff_short, check.required_staff,
            check.staff_present, check.children, check.ratio, check.citation,
        )  # fmt: skip
        await _cover(run_, info, room, short, now, finding, live=True)
    elif finding.alert and run_.ctx.phase != "read_only":
        run_.covered += 1  # live problems are never deferred, but they use up the run's budget
        run_.out.proposals.append(_director_task(info, room, finding, [], [], live=True))


# --- schedule.published --------------------------------------------------------------------------------


async def _schedule_published(run_: _Run) -> AgentOutput:
    info = await run_.center()
    today, minute = run_.local(info)
    data = run_.event.data
    try:
        days = _days_to_project(data, today)
    except ValueError as exc:
        return run_.problem(
            "schedule_event_incomplete", f"Schedule event not projected: {exc}.", {"data": data}
        )
    only = data.get("classroom_id")
    if only is not None and only not in info.classrooms:
        return run_.problem(
            "schedule_event_incomplete",
            f"Schedule event names room {only} that {info.school.name} does not have.",
            {"data": data},
        )
    found: list[tuple[RoomDay, Gap, int | None]] = []
    for day in days:
        if day < today:
            continue
        now = minute if day == today else None
        schedule = await run_.schedule(day)
        if not schedule.shifts:
            continue  # closed that day
        rooms = {cid: await run_.room(info, cid, day) for cid in info.classrooms if only in (None, cid)}
        for room in rooms.values():
            gaps = coalesce(room.project(now if now is not None else room.open_minutes, now))
            found.extend((room, gap, now) for gap in gaps)
    found.sort(key=lambda item: (item[1].day, item[1].start, item[1].classroom_id))  # soonest first
    for room, gap, now in found:
        await _shortfall(run_, info, room, gap, now, live=False, always_cover=True)
    return _finish(run_, info)


def _days_to_project(data: dict[str, Any], today: date) -> list[date]:
    if data.get("date"):
        return [date.fromisoformat(str(data["date"]))]
    if data.get("week_start"):
        first = date.fromisoformat(str(data["week_start"]))
        return [first + timedelta(days=i) for i in range(MAX_PROJECTION_DAYS)]
    return [today]


# --- shortfalls and coverage ---------------------------------------------------------------------------


async def _shortfall(
    run_: _Run,
    info: CenterInfo,
    room: RoomDay,
    gap: Gap,
    now: int | None,
    *,
    live: bool,
    always_cover: bool = False,
) -> None:
    """A predicted window: a warning finding (alerted once) and, when new or on a published schedule,
    the coverage search and its proposals."""
    finding_id = stable_id(
        WORKFLOW, "predicted", room.school_id, room.classroom_id, str(gap.day), gap.start, gap.end, gap.short
    )
    when = f"{hhmm(gap.start)}-{hhmm(gap.end)} on {gap.day}"
    spells = (
        f" ({len(gap.spells)} short spells: {', '.join(f'{hhmm(s)}-{hhmm(e)}' for s, e in gap.spells)})"
        if len(gap.spells) > 1
        else ""
    )
    finding = Finding(
        id=finding_id,
        workflow=WORKFLOW,
        kind="predicted_ratio_violation",
        severity="warning",
        summary=f"{room.name} will be {gap.short} staff short {when}{spells}: {gap.children} children "
        f"need {gap.required} staff at {gap.ratio}, {gap.present} scheduled.",
        staff_ids=room.staff_at(gap.start - 1) if gap.start > 0 else [],
        evidence={
            "classroom_id": room.classroom_id,
            "date": str(gap.day),
            "start_minutes": gap.start,
            "end_minutes": gap.end,
            "spells": [list(spell) for spell in gap.spells],
            "staff_short": gap.short,
            "required_staff": gap.required,
            "staff_scheduled": gap.present,
            "children": gap.children,
            "ratio": gap.ratio,
            "projected_at_minute": now,
        },
        citation=gap.citation,
        alert=run_.cache.first_alert(finding_id),
    )
    run_.out.findings.append(finding)
    deferred_before = run_.cache.take_deferred(finding_id)
    # Attendance events: once per window, on the run that first sees it (or the first after a deferral).
    if finding.alert or always_cover or deferred_before:
        await _cover(run_, info, room, gap, now, finding, live=live)


async def _cover(
    run_: _Run, info: CenterInfo, room: RoomDay, gap: Gap, now: int | None, finding: Finding, *, live: bool
) -> None:
    """At most one coverage action for the window: a staff move when one person closes it (automation),
    else a director task naming the suggestions. Past the run's cap (live problems excepted) the window
    stays a finding and waits for a later run."""
    if not live and run_.covered >= run_.max_windows:
        finding.evidence["coverage_deferred"] = True
        run_.deferred.append(finding)
        run_.cache.defer(finding.id)
        return
    run_.covered += 1
    choices, passed = await _find_coverage(run_, info, room, gap, now)
    finding.evidence["coverage"] = [c.employee_id for c in choices]
    finding.evidence["passed_over"] = {p.employee_id: p.reason for p in passed}
    phase = run_.ctx.phase
    if phase == "read_only":
        return
    if phase == "automation" and len(choices) == 1:
        run_.out.proposals.append(_staff_move(info, room, gap, choices[0], finding))
    else:
        run_.out.proposals.append(_director_task(info, room, finding, choices, passed, live=live))


async def _find_coverage(
    run_: _Run, info: CenterInfo, target: RoomDay, gap: Gap, now: int | None
) -> tuple[list[CoverageChoice], list[Passed]]:
    """Pick up to `gap.short` staff who can move in for the window; say why others were passed over."""
    window = gap.window
    schedule = await run_.schedule(gap.day)
    employees = await run_.staff(info)
    in_target = set(target.staff_at(gap.start))
    busy = {
        m.employee_id for m in schedule.moves if m.start_minutes < window[1] and window[0] < m.end_minutes
    }
    passed: list[Passed] = []
    pool: list[tuple[tuple[int, int, int, int, str], Employee, Shift, RoomDay | None, Window]] = []
    for shift in schedule.shifts:
        emp_id = shift.employee_id
        if emp_id in in_target or emp_id in busy or emp_id not in employees:
            continue
        if shift.classroom_id == target.classroom_id:  # already counted here (the gap may be their break)
            continue
        person = StaffDay(
            emp_id,
            [(shift.start_minutes, shift.end_minutes)],
            [(b.start_minutes, b.end_minutes) for b in shift.breaks],
        )
        free_until = person.free_until(window[0])
        if free_until is None:
            if person.scheduled(window[0]):
                passed.append(Passed(emp_id, f"on a break at {hhmm(window[0])}"))
            continue
        end = min(free_until, window[1])
        if end - window[0] < min(MIN_COVER_MINUTES, window[1] - window[0]):
            passed.append(Passed(emp_id, f"free only until {hhmm(end)} (break or end of shift)"))
            continue
        home = None
        slack = 0
        if shift.classroom_id is not None and shift.classroom_id in info.classrooms:
            home = await run_.room(info, shift.classroom_id, gap.day)
            at = home.check(window[0], now)
            slack = at.staff_present - at.required_staff
        order = candidate_order(
            employees[emp_id],
            shift,
            slack,
            cover_minutes=end - window[0],
            gap_minutes=window[1] - window[0],
        )
        pool.append((order, employees[emp_id], shift, home, (window[0], end)))
    pool.sort(key=lambda item: item[0])
    first, last = workweek(gap.day, int(run_.ctx.settings.get(WORKWEEK_SETTING, 0)))
    chosen: list[CoverageChoice] = []
    emptied: dict[str, RoomDay] = {}
    for _order, emp, shift, home, cover in pool:
        if len(chosen) >= gap.short:
            break
        problems = qualification_problems(
            emp, await run_.held(emp.employee_id), gap.day, run_.ctx.credential_windows_days
        )
        if problems:
            passed.append(Passed(emp.employee_id, "not qualified: " + "; ".join(problems)))
            continue
        after = None
        if home is not None:
            after = emptied.get(home.classroom_id, home).without(emp.employee_id, cover)
            left = after.project(cover[0], now, cover[1])
            if left:
                passed.append(
                    Passed(
                        emp.employee_id,
                        f"needed in {home.name}: moving would leave it {left[0].short} short "
                        f"{hhmm(left[0].start)}-{hhmm(left[0].end)}",
                    )
                )
                continue
        week = await run_.week(emp.employee_id, first, last)
        reason, hours = overtime_problem(info.school.state, week, gap.day, 0, week_start=first)
        if reason:
            passed.append(Passed(emp.employee_id, reason))
            continue
        if home is not None and after is not None:
            emptied[home.classroom_id] = after
        chosen.append(
            CoverageChoice(
                employee_id=emp.employee_id,
                name=f"{emp.first_name} {emp.last_name}",
                from_classroom_id=home.classroom_id if home is not None else None,
                window=cover,
                week_hours_after=hours,
                floater=emp.is_floater or shift.classroom_id is None,
            )
        )
    return chosen, passed


def _staff_move(
    info: CenterInfo, room: RoomDay, gap: Gap, choice: CoverageChoice, finding: Finding
) -> Proposal:
    origin = _origin(info, choice)
    start, end = choice.window
    when = f"{hhmm(start)}-{hhmm(end)}"
    partial = (
        ""
        if choice.window == gap.window
        else f" This covers {when} of the {hhmm(gap.start)}-{hhmm(gap.end)} gap (a break or the end of "
        "their shift comes first); the rest is flagged again on the next check."
    )
    return Proposal(
        id=stable_id(WORKFLOW, "move", room.classroom_id, str(gap.day), start, end, choice.employee_id),
        workflow=WORKFLOW,
        action="create_staff_move",
        args={
            "classroom_id": room.classroom_id,
            "employee_id": choice.employee_id,
            "date": str(gap.day),
            "start_minutes": start,
            "end_minutes": end,
            "reason": f"Ratio coverage for {room.name} {when}: {gap.short} staff short at {gap.ratio}",
        },
        description=f"Move {choice.name} ({origin}) into {room.name} {when} on {gap.day}",
        rationale=f"{finding.summary} {choice.name} is qualified (credentials valid on {gap.day}), "
        f"scheduled and not on a break {when}, leaves "
        + (f"{origin} within ratio" if choice.from_classroom_id else "no room short (floating)")
        + f", and stays at {choice.week_hours_after:g} h this workweek (no overtime)."
        + partial,
        staff_ids=[choice.employee_id],
        finding_id=finding.id,
        citation=finding.citation,
        context={"from_classroom_id": choice.from_classroom_id, "staff_short": gap.short},
    )


def _origin(info: CenterInfo, choice: CoverageChoice) -> str:
    """Where the suggested staff member comes from, as a director reads it."""
    return info.classrooms[choice.from_classroom_id].name if choice.from_classroom_id else "floating"


def _director_task(
    info: CenterInfo,
    room: RoomDay,
    finding: Finding,
    choices: list[CoverageChoice],
    passed: list[Passed],
    *,
    live: bool,
) -> Proposal:
    if choices:
        suggestion = (
            "Suggested coverage: " + ", ".join(f"{c.name} ({_origin(info, c)})" for c in choices) + "."
        )
    else:
        suggestion = (
            "No qualified, available staff member was found without creating another gap or overtime."
        )
    if passed:
        suggestion += f" Passed over: {len(passed)} (see the finding's evidence)."
    return Proposal(
        id=stable_id(WORKFLOW, "task", finding.id),
        workflow=WORKFLOW,
        action="create_task",
        args={
            "school_id": info.school.school_id,
            "title": f"{'Out of ratio now' if live else 'Ratio gap ahead'}: {room.name}",
            "body": f"{finding.summary} {suggestion} Source: {finding.citation}",
            "priority": "urgent" if live else "high",
            "due_on": str(room.day),
            **({"related_employee_id": choices[0].employee_id} if choices else {}),
        },
        description=f"Create an {'urgent' if live else 'high'}-priority ratio task for {room.name}",
        rationale=finding.summary,
        staff_ids=[c.employee_id for c in choices],
        finding_id=finding.id,
        citation=finding.citation,
    )


def _finish(run_: _Run, info: CenterInfo) -> AgentOutput:
    """Close the run: say how many windows wait for a proposal, and write the report."""
    if run_.deferred:
        first = min(run_.deferred, key=lambda f: (f.evidence["date"], f.evidence["start_minutes"]))
        run_.out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "deferred", run_.event.id),
                workflow=WORKFLOW,
                kind="coverage_proposals_capped",
                severity="info",
                summary=f"{len(run_.deferred)} more short window(s) at {info.school.name}, the first at "
                f"{hhmm(first.evidence['start_minutes'])} on {first.evidence['date']}, are findings without "
                f"a coverage proposal yet: this run looked for coverage for the {run_.max_windows} soonest. "
                "A later event or schedule check proposes for them.",
                evidence={
                    "max_windows": run_.max_windows,
                    "windows_proposed": run_.covered,
                    "windows_deferred": len(run_.deferred),
                    "deferred_finding_ids": [f.id for f in run_.deferred],
                },
            )
        )
    run_.out.report = _report(info, run_.out.findings)
    return run_.out


def _report(info: CenterInfo, findings: list[Finding]) -> str:
    lines = [f"# Staffing ratios: {info.school.name} ({info.school.school_id}, {info.school.state})", ""]
    ratio_findings = [f for f in findings if f.kind in ("live_ratio_violation", "predicted_ratio_violation")]
    if not ratio_findings:
        lines.append("Every checked room is within ratio now and for the rest of the projected day.")
    for f in findings:
        cover = f.evidence.get("coverage")
        extra = f" Coverage: {', '.join(cover)}." if cover else ""
        lines.append(f"- **{f.severity}** {f.summary}{extra}" + (f" _({f.citation})_" if f.citation else ""))
    return "\n".join(lines)
