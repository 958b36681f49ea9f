"""`ratios.coverage_due`: the coverage searches an attendance event handed on, run on the batch lane.

An `attendance.changed` run judges the room now (and the current shortfall window, with its alert and
coverage proposal) and alerts each newly predicted window, but does not search coverage for those: each
search weighs the whole day's schedule (~1.3 ms each, 3-7 per event at a morning's first check-ins) and a
live alert must not wait behind it. The live run defers each new window in the ledger with its numbers
(`shortfalls.window_record`) and asks for this follow-up run (`AgentOutput.follow_ups`; the worker keeps at
most one waiting per center). This run takes every window of the day still waiting in the ledger,
rebuilds each as it was judged, and runs the same search (`shortfalls.cover`) under the same
`ratio_max_proposal_windows` cap, soonest first; what is past the cap is deferred again for a later run.
It reads the rooms from Procare itself, so its checkpoint holds what its proposals rest on.
"""

from __future__ import annotations

from datetime import date

from agents.common.types import AgentOutput, Event, stable_id
from agents.ratios.report import finish
from agents.ratios.run import WORKFLOW, RatioRun
from agents.ratios.shortfalls import gap_from, shortfall

EVENT_TYPE = "ratios.coverage_due"


def coverage_due_event(trigger: Event, day: date) -> Event:
    """The follow-up event of `trigger`: one per triggering event (a retry asks for the same one), judged
    as of the trigger's instant, for the windows of `day`."""
    return Event(
        id=f"ratio-cover-{stable_id(WORKFLOW, 'coverage_due', trigger.center_id, trigger.id)}",
        type=EVENT_TYPE,
        occurred_at=trigger.occurred_at,
        center_id=trigger.center_id,
        data={"date": day.isoformat(), "coalesce": day.isoformat(), "trigger_event_id": trigger.id},
    )


async def coverage_due(run_: RatioRun) -> AgentOutput:
    info = await run_.center()
    try:
        day = date.fromisoformat(str(run_.event.data.get("date")))
    except ValueError:
        return run_.problem(
            "coverage_event_incomplete",
            f"Coverage event {run_.event.id} names no valid date; nothing was searched.",
            {"data": run_.event.data},
        )
    ledger, center = run_.ctx.ledger, run_.event.center_id
    waiting = await ledger.waiting(center, day, owner=run_.event.id)
    claims = await ledger.claim(center, alerts=[], deferred=[k for k, _ in waiting], owner=run_.event.id)
    for finding_id, record in waiting:
        if finding_id not in claims.taken:
            continue  # another follow-up took it meanwhile
        try:
            gap = gap_from(record)
        except (KeyError, ValueError, TypeError):
            continue  # not a record this module wrote: nothing to rebuild it from
        if gap.classroom_id not in info.classrooms:
            continue
        room = await run_.room(info, gap.classroom_id, day)
        now = record.get("now")
        await shortfall(run_, info, room, gap, None if now is None else int(now), live=False, claims=claims)
    return finish(run_, info)
