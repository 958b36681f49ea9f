"""Finding an approved renewal course for a credential: near the center, fitting the person's shifts,
ending before the card expires, with a seat held for the proposal.

`RenewalFinder` serves one run at one center: it reads the catalog near the center once (approved
courses only, sessions from the earliest proposable day to the horizon), each person's scheduled shifts
once, and each person's training plan once (someone already holding a session that renews the kind gets
no second one). The rules are policies.training_courses'; `renewal_candidates` applies them and is pure.
A candidate becomes the answer only when the ledger grants its seat (agents.common.ledger.claim_seat), so
two staff members of one scan, or two runs, never both get the session's last seat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from agents.common.types import AgentContext
from policies import training_courses as rules
from tools.models import Employee, School, Shift, TrainingCourse, TrainingSession

Interval = tuple[datetime, datetime]

MAX_HORIZON_DAYS = 90
"""How far ahead sessions (and shifts) are read: a schedule is asked for at most 92 days at once."""


@dataclass(frozen=True)
class RenewalOption:
    """One session that renews the credential: how (`same` card or an `equivalent` one) and how far."""

    course: TrainingCourse
    session: TrainingSession
    match: rules.RenewalMatch
    distance_km: float | None
    """From the center to the venue; None for an online course."""


def _local(day: date, minutes: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(), tzinfo=zone) + timedelta(minutes=minutes)


def session_times(course: TrainingCourse, session: TrainingSession) -> rules.SessionTimes:
    """When a session takes the person's time, day by day, as instants (none when self-paced)."""
    in_person = course.format != "online"
    if session.self_paced or session.start_minutes is None or session.end_minutes is None:
        return rules.SessionTimes(intervals=(), in_person=in_person)
    zone = ZoneInfo(session.timezone)
    days = (session.ends_on - session.starts_on).days + 1
    intervals = tuple(
        (
            _local(session.starts_on + timedelta(days=n), session.start_minutes, zone),
            _local(session.starts_on + timedelta(days=n), session.end_minutes, zone),
        )
        for n in range(max(1, days))
    )
    return rules.SessionTimes(intervals=intervals, in_person=in_person)


def shift_intervals(shifts: Sequence[Shift], timezone: str) -> list[Interval]:
    """Scheduled shifts as instants in the center's zone (an end past 1440 runs over midnight)."""
    zone = ZoneInfo(timezone)
    return [(_local(s.date, s.start_minutes, zone), _local(s.date, s.end_minutes, zone)) for s in shifts]


def venue_distance(course: TrainingCourse, school: School) -> float | None:
    """Km from the center to the course's venue; None online. Raises LookupError when the center has no
    coordinates (nothing can be called near then)."""
    if course.location is None:
        return None
    if school.latitude is None or school.longitude is None:
        raise LookupError(f"center {school.school_id} has no coordinates")
    where = course.location
    return rules.distance_km(school.latitude, school.longitude, where.latitude, where.longitude)


def renewal_candidates(
    courses: Sequence[TrainingCourse],
    kind: str,
    school: School,
    *,
    first: date,
    deadline: date,
    busy: Sequence[Interval],
    limit_km: float = rules.NEAR_KM,
) -> list[RenewalOption]:
    """Every session that renews `kind`, is approved, near, has a seat left, starts on or after `first`,
    ends by `deadline` and fits the busy intervals; same-card renewals first, then the earliest, nearest."""
    out: list[RenewalOption] = []
    for course in courses:
        match = rules.renewal_match(kind, course.renews)
        if match is None or not course.approved:
            continue
        try:
            far = venue_distance(course, school)
        except LookupError:
            continue
        if far is not None and not rules.is_near(far, limit_km):
            continue
        for session in course.sessions:
            if session.seats_left <= 0 or session.starts_on < first or session.ends_on > deadline:
                continue
            if rules.fits_schedule(session_times(course, session), busy):
                out.append(RenewalOption(course, session, match, far))
    out.sort(
        key=lambda o: (
            o.match != "same",
            o.session.starts_on,
            o.session.start_minutes or 0,
            o.distance_km or 0.0,
            o.course.course_id,
            o.session.session_id,
        )
    )
    return out


class RenewalFinder:
    """One run's renewal-course search at one center (catalog, shifts and plans read once each)."""

    def __init__(self, ctx: AgentContext, school: School, *, owner: str, horizon_days: int) -> None:
        self.ctx, self.school, self.owner = ctx, school, owner
        self.today = ctx.local_date(school)
        self.first = rules.earliest_start(self.today)
        self.horizon = self.today + timedelta(days=min(horizon_days, MAX_HORIZON_DAYS))
        self._courses: list[TrainingCourse] | None = None
        self._busy: dict[str, list[Interval]] = {}
        self._planned: dict[str, set[str]] = {}

    async def courses(self) -> list[TrainingCourse]:
        if self._courses is None:
            self._courses = [
                c
                async for c in self.ctx.client.iter_training_courses(
                    near_school_id=self.school.school_id,
                    within_km=rules.NEAR_KM,
                    approved=True,
                    start=self.first,
                    end=self.horizon,
                )
            ]
        return self._courses

    async def _busy_of(self, employee: Employee) -> list[Interval]:
        if employee.employee_id not in self._busy:
            shifts = [
                s
                async for s in self.ctx.client.iter_shifts(
                    employee_id=employee.employee_id, start=self.first, end=self.horizon
                )
            ]
            self._busy[employee.employee_id] = shift_intervals(shifts, self.school.timezone)
        return self._busy[employee.employee_id]

    async def _planned_kinds(self, employee: Employee) -> set[str]:
        """Credential kinds an upcoming session already on the person's plan renews."""
        if employee.employee_id not in self._planned:
            by_id = {c.course_id: c for c in await self.courses()}
            kinds: set[str] = set()
            async for entry in self.ctx.client.iter_training_plan(employee.employee_id):
                course = by_id.get(entry.course_id)
                if entry.status != "assigned" or course is None:
                    continue
                session = next((s for s in course.sessions if s.session_id == entry.session_id), None)
                if session is not None and session.ends_on >= self.today:
                    kinds.update(course.renews)
            self._planned[employee.employee_id] = kinds
        return self._planned[employee.employee_id]

    async def renewable(self, kind: str) -> bool:
        """Whether any approved course near the center, in the search window, renews `kind` at all."""
        return any(rules.renewal_match(kind, c.renews) is not None for c in await self.courses())

    async def already_planned(self, employee: Employee, kind: str) -> bool:
        """Whether the person's plan already holds an upcoming session renewing `kind` (or an equivalent)."""
        return rules.renewal_match(kind, sorted(await self._planned_kinds(employee))) is not None

    async def find_renewal(self, employee: Employee, kind: str, expires_on: date) -> RenewalOption | None:
        """The first candidate session whose seat the ledger grants to this person, or None."""
        deadline = min(rules.renewal_deadline(expires_on, self.today), self.horizon)
        if deadline < self.first:
            return None
        courses = [c for c in await self.courses() if rules.renewal_match(kind, c.renews) is not None]
        if not courses or await self.already_planned(employee, kind):
            return None
        busy = await self._busy_of(employee)
        options = renewal_candidates(
            courses, kind, self.school, first=self.first, deadline=deadline, busy=busy
        )
        for option in options:
            granted = await self.ctx.ledger.claim_seat(
                option.session.session_id,
                holder=employee.employee_id,
                seats_left=option.session.seats_left,
                center_id=self.school.school_id,
                owner=self.owner,
            )
            if granted:
                return option
        return None
