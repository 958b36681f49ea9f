"""Staffing ratio guardian: live compliance per room, predicted shortfalls, and who can cover them.

`attendance.changed` (a child or staff check-in, check-out or room transfer) updates that one room's live
model (`room_tracker`) and answers compliance at once through `policies.ratios.check_room`; a live
violation is a critical finding with `alert=True`, so the runner pushes it to the director's channels as
soon as this run ends, with no daily scan involved. The same event, and `schedule.published`, project the
rest of the day from scheduled shifts and breaks, shifts ending and expected arrivals and departures
(each point judged by `check_room` with the staff and roles expected there, as the live check judges
it), and flag each predicted shortfall with its window and size before it happens.

Short spells of one room a few minutes apart (two staggered breaks) are one window (`coalesce`), and each
window gets at most one coverage action: the agent looks for coverage (`coverage`), a
floater or a staff member of a room with slack, qualified, available, not needed at home and not pushed
into overtime. Per phase: read_only -> findings and a report; assistive -> plus a director task naming the
suggested staff; automation -> a `create_staff_move` when one person closes the window (else the task).
An attendance event searches coverage only for the room's current window (its alert must not wait);
the searches for the windows it newly predicts run in a follow-up, `ratios.coverage_due` on the batch
lane (`coverage_due`), at most one waiting per center. A run proposes for its `MAX_PROPOSAL_WINDOWS`
soonest windows; the rest stay findings, counted in an info
finding and the report, and are proposed by a later run, so a week's schedule never floods the inbox.
Every number comes from policies/; the text is written here from those numbers.
"""

from __future__ import annotations

from agents.common.types import AgentContext, AgentOutput, Event
from agents.ratios.attendance import attendance_changed
from agents.ratios.coverage_due import EVENT_TYPE as COVERAGE_DUE
from agents.ratios.coverage_due import coverage_due
from agents.ratios.data import policy_from
from agents.ratios.run import MAX_PROPOSAL_WINDOWS, RatioRun
from agents.ratios.schedule import schedule_published
from policies.ratios import RatioInputError


async def run(event: Event, ctx: AgentContext) -> AgentOutput:
    """Route by event type: a live attendance change, or a projection of a published schedule."""
    state = RatioRun(
        event, ctx, [], int(ctx.settings.get("ratio_max_proposal_windows") or MAX_PROPOSAL_WINDOWS)
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
        return await schedule_published(state)
    if event.type == "attendance.changed":
        return await attendance_changed(state)
    if event.type == COVERAGE_DUE:
        return await coverage_due(state)
    return state.problem(
        "event_not_handled", f"The ratio agent does not handle {event.type!r} events.", {"type": event.type}
    )
