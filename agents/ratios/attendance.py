"""`attendance.changed`: apply one check-in, check-out or transfer to its room and judge it at once.

A live violation is a critical finding with `alert=True` (pushed to the director's channels as soon as the
run ends) the first time any worker sees it (the ledger decides); the room is read from Procare for the
run and its snapshot kept among the reads, so the finding's evidence is in the thread's own checkpoint.
The rest of the room's day is projected too, so a shortfall later in the day is flagged (and alerted once)
before it happens; the coverage search for such a window is handed to the follow-up run
(agents.ratios.coverage_due), so this run stays short.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ValidationError, model_validator

from agents.common.ledger import StaffEvent
from agents.common.types import AgentOutput, Event, Finding, stable_id
from agents.ratios.coverage_due import coverage_due_event
from agents.ratios.data import CenterInfo
from agents.ratios.proposals import director_task
from agents.ratios.report import finish
from agents.ratios.room_tracker import Gap, RoomDay, coalesce, hhmm
from agents.ratios.run import WORKFLOW, RatioRun
from agents.ratios.shortfalls import claim_windows, cover, shortfall
from policies.ratios import RatioCheck


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


async def attendance_changed(run_: RatioRun) -> AgentOutput:
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
        if change.employee_id is not None:
            leaving = classroom_id == change.classroom_id and change.action in ("check_out", "transfer")
            staff_event = StaffEvent(run_.event.id, change.employee_id, change.minute, not leaving)
            await run_.remember_staff_event(classroom_id, change.date, staff_event)
        if not applied:
            run_.problem(
                "attendance_event_incomplete",
                f"Child {change.child_id} is not on {room.name}'s list for {change.date} and the event gives "
                "no age; the room was checked without them.",
                {"data": run_.event.data},
            )
        await _check_live(run_, info, room, change)
    if run_.hand_off:
        run_.out.follow_ups.append(coverage_due_event(run_.event, change.date))
    return finish(run_, info)


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


async def _check_live(run_: RatioRun, info: CenterInfo, room: RoomDay, change: AttendanceChange) -> None:
    now = change.minute
    check = room.check(now, now)
    run_.snapshot(room, now)
    gaps = coalesce(room.project(now, now))
    ahead = [g for g in gaps if g.start > now]
    live_id = None
    if not check.compliant:
        room.live_since = violation_since(room, now)
        live_id = stable_id(
            WORKFLOW, "live", room.school_id, room.classroom_id, str(room.day), room.live_since
        )
    claims = await claim_windows(run_, [(room, g) for g in ahead], [live_id] if live_id else [], take=False)
    if live_id is not None:
        current = next((g for g in gaps if g.start <= now), None)
        await _live_violation(run_, info, room, check, now, current, live_id in claims.alerted)
    for gap in ahead:
        await shortfall(run_, info, room, gap, now, live=False, claims=claims, hand_off=True)


async def _live_violation(
    run_: RatioRun,
    info: CenterInfo,
    room: RoomDay,
    check: RatioCheck,
    now: int,
    gap: Gap | None,
    alert: bool,
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
        alert=alert,
    )
    run_.out.findings.append(finding)
    if finding.alert and check.staff_short > 0:
        window_end = gap.end if gap is not None else min(now + 60, room.close_minutes)
        short = Gap(
            room.classroom_id, room.day, now, window_end, check.staff_short, check.required_staff,
            check.staff_present, check.children, check.ratio, check.citation,
        )  # fmt: skip
        await cover(run_, info, room, short, now, finding, live=True)
    elif finding.alert and run_.ctx.phase != "read_only":
        run_.covered += 1  # live problems are never deferred, but they use up the run's budget
        run_.out.proposals.append(director_task(info, room, finding, [], [], live=True))


def violation_since(room: RoomDay, now: int) -> int:
    """The minute the room's current violation began, from the room's own day (no memory of earlier
    runs): every event during one violation names the same start, so the same finding, alerted once."""
    since = now
    for point in reversed(room.change_points(0, now)):  # from midnight: a room may fill before opening
        if room.check(point, now).compliant:
            break
        since = point
    return since
