"""When and where a review goes: the allowed days (policies.review_timing) and a free slot on both calendars
(policies.scheduling), in the center's time zone.

Leave comes from Procare's leave records, incidents involving the person from the center's incident
reports; busy intervals from the director's and the staff member's calendars over the allowed days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agents.common.types import SourceRecord, source_record
from policies.review_timing import IncidentRef, Leave, ReviewTiming, review_timing
from policies.scheduling import Busy, Slot, WorkingHours, find_slots
from tools.models import Employee, Incident, School
from tools.models import Leave as LeaveRecord
from tools.protocols import ProcareReader

REVIEW_MINUTES = 60
REVIEW_HOURS = (time(9, 0), time(17, 0))
"""Reviews are held between 9:00 and 17:00, inside the center's opening hours."""
SLOTS_OFFERED = 3


@dataclass(frozen=True)
class Plan:
    """The timing of one review, the slots found, and the calendar records read to find them."""

    timing: ReviewTiming
    slots: list[Slot]
    reads: list[SourceRecord]


def incident_refs(incidents: list[Incident], zone: ZoneInfo) -> list[IncidentRef]:
    return [IncidentRef(i.incident_id, i.occurred_at.astimezone(zone).date()) for i in incidents]


def leave_periods(leaves: list[LeaveRecord]) -> list[Leave]:
    return [Leave(x.start, x.end) for x in leaves]


async def plan(
    client: ProcareReader,
    school: School,
    employee: Employee,
    director: Employee,
    *,
    last_completed: date | None,
    today: date,
    now: datetime,
    leaves: list[LeaveRecord],
    incidents: list[Incident],
    reason_incident_id: str | None,
) -> Plan:
    """The review's allowed days and up to three free hours on both calendars, earliest first."""
    zone = ZoneInfo(school.timezone)
    timing = review_timing(
        hire_date=employee.hire_date,
        last_completed=last_completed,
        today=today,
        leaves=leave_periods(leaves),
        incidents=incident_refs(incidents, zone),
        reason_incident_id=reason_incident_id,
    )
    if not timing.days:
        return Plan(timing, [], [])
    start = datetime.combine(timing.days[0], time(0), tzinfo=zone)
    end = min(
        datetime.combine(timing.days[-1] + timedelta(days=1), time(0), tzinfo=zone),
        start + timedelta(days=31),
    )
    reads: list[SourceRecord] = []
    busy: dict[str, list[Busy]] = {}
    for person in (director, employee):
        intervals = [b async for b in client.iter_busy(person.employee_id, start=start, end=end)]
        reads += [source_record(b, person.employee_id) for b in intervals]
        busy[person.employee_id] = [Busy(b.start, b.end) for b in intervals]
    hours = _hours(school)
    slots = find_slots(
        days=[d for d in timing.days if d < end.date()],
        tz=school.timezone,
        duration_minutes=REVIEW_MINUTES,
        director_busy=busy[director.employee_id],
        staff_busy=busy[employee.employee_id],
        director_hours=hours,
        not_before=now,
        limit=SLOTS_OFFERED,
    )
    return Plan(timing, slots, reads)


def _hours(school: School) -> WorkingHours:
    opens = time(school.open_minutes // 60, school.open_minutes % 60)
    closes = time(min(school.close_minutes, 1439) // 60, min(school.close_minutes, 1439) % 60)
    return WorkingHours(start=max(opens, REVIEW_HOURS[0]), end=min(closes, REVIEW_HOURS[1]))
