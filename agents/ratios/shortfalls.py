"""A short window of one room: its finding, and at most one coverage action found for it.

The coverage search walks the day's scheduled staff in `coverage.candidate_order` and keeps whoever is
qualified, free for the window, not needed in their own room, not pushed into overtime in the center's
workweek (agents.common.workweek, the same week payroll counts) and, where the state's ratio depends on
role, of a role that actually shrinks the shortfall (a California aide does not replace a teacher); why
each other candidate was passed over is kept in the finding's evidence.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from agents.common.ledger import Claims
from agents.common.people import display_name
from agents.common.types import Finding, stable_id
from agents.common.workweek import workweek, workweek_start
from agents.ratios.coverage import (
    MIN_COVER_MINUTES,
    CoverageChoice,
    Passed,
    candidate_order,
    overtime_problem,
    qualification_problems,
)
from agents.ratios.data import CenterInfo
from agents.ratios.presence import StaffDay, Window
from agents.ratios.proposals import director_task, staff_move
from agents.ratios.room_tracker import Gap, RoomDay, hhmm
from agents.ratios.run import WORKFLOW, RatioRun
from tools.models import Employee, Shift


def predicted_id(room: RoomDay, gap: Gap) -> str:
    """The finding id of a predicted window: the same for every event that sees the same window."""
    return stable_id(
        WORKFLOW, "predicted", room.school_id, room.classroom_id, str(gap.day), gap.start, gap.end, gap.short
    )


def window_record(gap: Gap, now: int | None) -> dict[str, Any]:
    """A deferred window as the ledger keeps it: everything `gap_from` needs to rebuild the same window
    (and so the same finding id) in the run that searches its coverage, and the minute it was judged at."""
    return {
        "classroom_id": gap.classroom_id,
        "date": gap.day.isoformat(),
        "start": gap.start,
        "end": gap.end,
        "short": gap.short,
        "required": gap.required,
        "present": gap.present,
        "children": gap.children,
        "ratio": gap.ratio,
        "citation": gap.citation,
        "parts": [list(p) for p in gap.parts],
        "now": now,
    }


def gap_from(record: dict[str, Any]) -> Gap:
    """The window `window_record` kept (a KeyError or ValueError on a record it did not write)."""
    return Gap(
        str(record["classroom_id"]),
        date.fromisoformat(str(record["date"])),
        int(record["start"]),
        int(record["end"]),
        int(record["short"]),
        int(record["required"]),
        int(record["present"]),
        int(record["children"]),
        None if record.get("ratio") is None else str(record["ratio"]),
        str(record["citation"]),
        tuple((int(a), int(b)) for a, b in record.get("parts") or ()),
    )


async def claim_windows(
    run_: RatioRun, windows: list[tuple[RoomDay, Gap]], live_ids: Sequence[str] = (), *, take: bool = True
) -> Claims:
    """Ask the ledger, in one go, which of these windows (and live findings) this run alerts and which
    deferred windows it proposes for (`take=False`: which wait for a follow-up run, taking none)."""
    ids = [predicted_id(room, gap) for room, gap in windows]
    return await run_.ctx.ledger.claim(
        run_.event.center_id, alerts=[*live_ids, *ids], deferred=ids, owner=run_.event.id, take=take
    )


async def shortfall(
    run_: RatioRun,
    info: CenterInfo,
    room: RoomDay,
    gap: Gap,
    now: int | None,
    *,
    live: bool,
    claims: Claims,
    always_cover: bool = False,
    hand_off: bool = False,
) -> None:
    """A predicted window: a warning finding (alerted once) and, when new or on a published schedule,
    the coverage search and its proposals. `claims` holds the ledger's answers for this window
    (`claim_windows`). With `hand_off` (an attendance event) the search is not run here: a new window
    is deferred with its numbers and the run asks for the follow-up run that searches (`coverage_due`)."""
    finding_id = predicted_id(room, gap)
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
        alert=finding_id in claims.alerted,
    )
    run_.out.findings.append(finding)
    deferred_before = finding_id in claims.taken
    if hand_off:
        if finding.alert:
            finding.evidence["coverage_pending"] = True
            await run_.ctx.ledger.defer(
                run_.event.center_id, finding_id, owner=run_.event.id, window=window_record(gap, now)
            )
        run_.hand_off = run_.hand_off or finding.alert or finding_id in claims.waiting
        return
    # Once per window, on the run that first sees it (or the first after a deferral).
    if finding.alert or always_cover or deferred_before:
        await cover(run_, info, room, gap, now, finding, live=live)


async def cover(
    run_: RatioRun,
    info: CenterInfo,
    room: RoomDay,
    gap: Gap,
    now: int | None,
    finding: Finding,
    *,
    live: bool,
) -> None:
    """At most one coverage action for the window: a staff move when one person closes it (automation),
    else a director task naming the suggestions. Past the run's cap (live problems excepted) the window
    stays a finding and waits for a later run."""
    if not live and run_.covered >= run_.max_windows:
        finding.evidence["coverage_deferred"] = True
        run_.deferred.append(finding)
        await run_.ctx.ledger.defer(
            run_.event.center_id, finding.id, owner=run_.event.id, window=window_record(gap, now)
        )
        return
    run_.covered += 1
    choices, passed = await _find_coverage(run_, info, room, gap, now)
    finding.evidence["coverage"] = [c.employee_id for c in choices]
    finding.evidence["passed_over"] = {p.employee_id: p.reason for p in passed}
    phase = run_.ctx.phase
    if phase == "read_only":
        return
    if phase == "automation" and len(choices) == 1:
        run_.out.proposals.append(staff_move(info, room, gap, choices[0], finding))
    else:
        run_.out.proposals.append(director_task(info, room, finding, choices, passed, live=live))


async def _find_coverage(
    run_: RatioRun, info: CenterInfo, target: RoomDay, gap: Gap, now: int | None
) -> tuple[list[CoverageChoice], list[Passed]]:
    """Pick up to `gap.short` staff who can move in for the window; say why others were passed over."""
    run_.searched = True
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
    first, last = workweek(gap.day, workweek_start(run_.ctx.settings, info.school.school_id))
    chosen: list[CoverageChoice] = []
    emptied: dict[str, RoomDay] = {}
    filled = target
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
        if target.roles:  # the state's ratio depends on role: an aide may not close the window
            joined = filled.with_staff(emp.employee_id, cover, [])
            if _worst_short(joined, cover, now) >= _worst_short(filled, cover, now):
                role = target.roles.get(emp.employee_id, "unknown role")
                passed.append(
                    Passed(
                        emp.employee_id,
                        f"as {role}, would not reduce the shortfall under the state's role rules",
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
        if target.roles:
            filled = filled.with_staff(emp.employee_id, cover, [])
        chosen.append(
            CoverageChoice(
                employee_id=emp.employee_id,
                name=display_name(emp),
                from_classroom_id=home.classroom_id if home is not None else None,
                window=cover,
                week_hours_after=hours,
                floater=emp.is_floater or shift.classroom_id is None,
            )
        )
    return chosen, passed


def _worst_short(room: RoomDay, window: Window, now: int | None) -> int:
    """The most staff `room` is short at any point of `window` (0: covered)."""
    return max((gap.short for gap in room.project(window[0], now, window[1])), default=0)
