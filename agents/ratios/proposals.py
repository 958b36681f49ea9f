"""What the ratio agent proposes for a short window: a staff move (automation) or a director task."""

from __future__ import annotations

from agents.common import proposals
from agents.common.types import Finding, Proposal, stable_id
from agents.common.wording import with_article
from agents.ratios.coverage import CoverageChoice, Passed
from agents.ratios.data import CenterInfo
from agents.ratios.room_tracker import Gap, RoomDay, hhmm
from agents.ratios.run import WORKFLOW


def staff_move(
    info: CenterInfo, room: RoomDay, gap: Gap, choice: CoverageChoice, finding: Finding
) -> Proposal:
    """Move the one staff member who closes the window into the room for it (automation phase)."""
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


def director_task(
    info: CenterInfo,
    room: RoomDay,
    finding: Finding,
    choices: list[CoverageChoice],
    passed: list[Passed],
    *,
    live: bool,
) -> Proposal:
    """A task for the director naming the suggested coverage, or saying none was found."""
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
    task_priority = "urgent" if live else "high"
    return proposals.create_task(
        id=stable_id(WORKFLOW, "task", finding.id),
        workflow=WORKFLOW,
        school_id=info.school.school_id,
        title=f"{'Out of ratio now' if live else 'Ratio gap ahead'}: {room.name}",
        body=f"{finding.summary} {suggestion} Source: {finding.citation}",
        priority=task_priority,
        due_on=room.day,
        related_employee_id=choices[0].employee_id if choices else None,
        description=f"Create {with_article(f'{task_priority}-priority ratio task')} for {room.name}",
        rationale=finding.summary,
        staff_ids=[c.employee_id for c in choices],
        finding_id=finding.id,
        citation=finding.citation,
    )
