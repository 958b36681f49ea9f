"""`schedule.published`: project each room's day from the new schedule and flag every predicted shortfall."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from agents.common.types import AgentOutput
from agents.ratios.report import finish
from agents.ratios.room_tracker import Gap, RoomDay, coalesce
from agents.ratios.run import MAX_PROJECTION_DAYS, RatioRun
from agents.ratios.shortfalls import claim_windows, shortfall


async def schedule_published(run_: RatioRun) -> AgentOutput:
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
    claims = await claim_windows(run_, [(room, gap) for room, gap, _now in found])
    for room, gap, now in found:
        await shortfall(run_, info, room, gap, now, live=False, claims=claims, always_cover=True)
    return finish(run_, info)


def _days_to_project(data: dict[str, Any], today: date) -> list[date]:
    if data.get("date"):
        return [date.fromisoformat(str(data["date"]))]
    if data.get("week_start"):
        first = date.fromisoformat(str(data["week_start"]))
        return [first + timedelta(days=i) for i in range(MAX_PROJECTION_DAYS)]
    return [today]
