"""Generated leaves, classroom observations and calendar events of a center's staff.

Leaves and observations are a lazy stage of a center (`center_data.STAGES["hr"]`), drawn from an RNG of
their own. Calendar events are a pure function of (seed, employee, day), built for the range asked, so a
calendar of any length costs nothing until read: directors have two or three meetings a weekday, other
staff none to two, between 9:00 and 17:00 local time.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

Record = dict[str, Any]

OBSERVATION_AREAS = (
    "transitions",
    "family communication",
    "classroom management",
    "curriculum planning",
    "health and safety routines",
    "responsive caregiving",
)
OBSERVATION_NOTES = (
    "Calm, clear transition from outdoor play to lunch; children followed the visual schedule.",
    "Greeted each family at drop-off and shared a note about the morning.",
    "Redirected two children during circle time without raising her voice.",
    "Lesson plan posted but the art activity started late.",
    "Hand washing before snack was skipped for part of the group.",
    "Comforted an upset toddler and kept the rest of the group engaged.",
)
LEAVE_KINDS = ("vacation", "sick", "personal", "medical", "parental")
MEETINGS = ("Staff meeting", "Parent tour", "Licensing prep", "Curriculum planning", "Budget review")


def build(center: Any, rng: random.Random, today: date) -> None:
    """Fill `center.rows_of["leaves"]` and `["observations"]` (a lazy stage of the generator)."""
    director = center.employees[0]["employee_id"] if center.employees else None
    for emp in center.employees:
        if emp["employment_status"] == "terminated":
            continue
        eid, sid = emp["employee_id"], emp["school_id"]
        on_leave = emp["employment_status"] == "on_leave"
        if on_leave or rng.random() < 0.18:
            start = (
                today - timedelta(days=rng.randint(2, 10))
                if on_leave
                else today + timedelta(days=rng.randint(-60, 45))
            )
            center.rows_of["leaves"].append(
                {
                    "leave_id": f"{eid}-LV1",
                    "employee_id": eid,
                    "school_id": sid,
                    "kind": rng.choice(LEAVE_KINDS),
                    "start": start.isoformat(),
                    "end": (start + timedelta(days=rng.randint(3, 21))).isoformat(),
                }
            )
        if eid == director:
            continue
        for n in range(1, rng.randint(1, 4) + 1):
            center.rows_of["observations"].append(
                {
                    "observation_id": f"{eid}-OB{n}",
                    "employee_id": eid,
                    "school_id": sid,
                    "observed_on": (today - timedelta(days=rng.randint(5, 300))).isoformat(),
                    "observer_employee_id": director,
                    "area": rng.choice(OBSERVATION_AREAS),
                    "rating": rng.choice(("needs_improvement", "meets", "meets", "exceeds")),
                    "note": rng.choice(OBSERVATION_NOTES),
                }
            )


def calendar_events(
    seed: int, employee: Record, zone: ZoneInfo, start: datetime, end: datetime, *, director: bool
) -> list[Record]:
    """The generated busy intervals of one employee overlapping `[start, end)`, in time order."""
    out: list[Record] = []
    day = start.astimezone(zone).date() - timedelta(days=1)
    last = end.astimezone(zone).date()
    while day <= last:
        out.extend(
            e
            for e in _day_events(seed, employee, zone, day, director)
            if e["start"] < end and e["end"] > start
        )
        day += timedelta(days=1)
    return [{**e, "start": e["start"].isoformat(), "end": e["end"].isoformat()} for e in out]


def _day_events(seed: int, employee: Record, zone: ZoneInfo, day: date, director: bool) -> list[Record]:
    if day.weekday() >= 5:
        return []
    digest = hashlib.sha256(f"{seed}:{employee['employee_id']}:{day.isoformat()}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    count = rng.randint(2, 3) if director else rng.choice((0, 0, 1, 1, 2))
    starts = sorted(rng.sample(range(9 * 2, 16 * 2), count))  # half hours from 9:00 to 15:30
    events = []
    for n, half in enumerate(starts):
        begin = datetime.combine(day, time(half // 2, 30 * (half % 2)), tzinfo=zone)
        events.append(
            {
                "busy_id": f"{employee['employee_id']}-{day:%Y%m%d}-{n}",
                "employee_id": employee["employee_id"],
                "start": begin,
                "end": begin + timedelta(minutes=rng.choice((30, 60))),
                "source": "event",
                "title": rng.choice(MEETINGS),
            }
        )
    return events
