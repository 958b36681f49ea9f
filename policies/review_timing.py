"""When a performance review may take place: the cadence window minus leave and the week after an incident.

The cadence (introductory review, then yearly, a minimum interval between two reviews) is the center's
policy in ``policies.reviews``. Two data rules keep a review fair to the person: it is never held while
they are on leave, and never in the week after an incident involving them, unless that incident is the
reason for the review (a review right after a hard day judges the day, not the year). Both are center
HR policy, not statute, and say so in their reasons.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from policies.errors import InvalidInput
from policies.reviews import DEFAULT_POLICY, ReviewPolicy, next_review_due

INCIDENT_COOLING_OFF_DAYS = 7
"""No review in the 7 days starting on the day of an incident involving the person (center policy)."""
OVERDUE_WINDOW_DAYS = 14
"""An overdue review is scheduled within this many days from today."""
MAX_PUSH_DAYS = 120
"""How far past the window a review may be pushed when leave or incidents block all of it."""


@dataclass(frozen=True)
class Leave:
    """A leave of absence, first and last day inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidInput(f"a leave cannot end ({self.end}) before it starts ({self.start})")


@dataclass(frozen=True)
class IncidentRef:
    """An incident involving the person under review."""

    incident_id: str
    occurred_on: date


@dataclass(frozen=True)
class Blocked:
    """Days the review may not take place, and why."""

    start: date
    end: date
    reason: str


@dataclass(frozen=True)
class ReviewTiming:
    """The due date, the window to hold the review in, and the allowed days inside it."""

    kind: str
    due: date
    window_start: date
    window_end: date
    days: tuple[date, ...]
    blocked: tuple[Blocked, ...]
    pushed: bool
    citation: str

    @property
    def earliest(self) -> date | None:
        """The first allowed day, if any."""
        return self.days[0] if self.days else None


def review_timing(
    *,
    hire_date: date,
    last_completed: date | None,
    today: date,
    leaves: Sequence[Leave] = (),
    incidents: Sequence[IncidentRef] = (),
    reason_incident_id: str | None = None,
    policy: ReviewPolicy = DEFAULT_POLICY,
    workdays: Iterable[int] = (0, 1, 2, 3, 4),
) -> ReviewTiming:
    """The window for the next review and the days in it when it may be held.

    The window runs from ``prepare_days_before`` the due date (never before today, never inside the
    minimum interval after the last review) to the due date; an overdue review gets the next
    ``OVERDUE_WINDOW_DAYS``. A review held because of an incident (``reason_incident_id``) is due now: its
    window starts today, the minimum interval does not hold it back (it is not a regular review), and the
    incident that is its reason does not block it. When leave or incidents
    block the whole window, it is pushed to the next allowed workday (``pushed``), at most
    ``MAX_PUSH_DAYS`` later.
    """
    if last_completed is not None and last_completed < hire_date:
        raise InvalidInput(f"the last review ({last_completed}) cannot be before the hire date ({hire_date})")
    if reason_incident_id is not None and reason_incident_id not in {i.incident_id for i in incidents}:
        raise InvalidInput(
            f"the review's reason, incident {reason_incident_id!r}, is not among the incidents"
        )
    weekdays = frozenset(workdays)
    if not weekdays or not weekdays <= set(range(7)):
        raise InvalidInput("workdays are weekday numbers 0 (Monday) to 6 (Sunday), at least one")
    kind = "introductory" if last_completed is None else "annual"
    due = next_review_due(hire_date, last_completed, policy)
    floor = today
    if last_completed is not None and reason_incident_id is None:
        floor = max(floor, last_completed + timedelta(days=policy.min_interval_days))
    if reason_incident_id is not None:
        kind, due = "incident follow-up", today
        start, end = today, today + timedelta(days=OVERDUE_WINDOW_DAYS)
    elif due < floor:
        start, end = floor, floor + timedelta(days=OVERDUE_WINDOW_DAYS)
    else:
        start, end = max(floor, due - timedelta(days=policy.prepare_days_before)), due
    blocked = _blocked(leaves, incidents, reason_incident_id)
    days = _allowed(start, end, blocked, weekdays)
    pushed = False
    if not days:
        later = _allowed(end + timedelta(days=1), end + timedelta(days=MAX_PUSH_DAYS), blocked, weekdays)
        days, pushed = later[:1], True
    overlapping = tuple(b for b in blocked if b.end >= start and b.start <= (days[-1] if days else end))
    return ReviewTiming(kind, due, start, end, tuple(days), overlapping, pushed, _citation(policy))


def is_allowed(
    day: date,
    *,
    leaves: Sequence[Leave] = (),
    incidents: Sequence[IncidentRef] = (),
    reason_incident_id: str | None = None,
) -> bool:
    """Whether a review may be held on ``day`` (not on leave, not in an incident's cooling-off week)."""
    return not any(b.start <= day <= b.end for b in _blocked(leaves, incidents, reason_incident_id))


def _blocked(
    leaves: Sequence[Leave], incidents: Sequence[IncidentRef], reason_incident_id: str | None
) -> tuple[Blocked, ...]:
    out = [Blocked(leave.start, leave.end, "on leave") for leave in leaves]
    for incident in incidents:
        if incident.incident_id == reason_incident_id:
            continue
        out.append(
            Blocked(
                incident.occurred_on,
                incident.occurred_on + timedelta(days=INCIDENT_COOLING_OFF_DAYS - 1),
                f"within {INCIDENT_COOLING_OFF_DAYS} days of incident {incident.incident_id} "
                f"on {incident.occurred_on} (center policy)",
            )
        )
    return tuple(sorted(out, key=lambda b: (b.start, b.end)))


def _allowed(start: date, end: date, blocked: Sequence[Blocked], weekdays: frozenset[int]) -> list[date]:
    days = []
    day = start
    while day <= end:
        if day.weekday() in weekdays and not any(b.start <= day <= b.end for b in blocked):
            days.append(day)
        day += timedelta(days=1)
    return days


def _citation(policy: ReviewPolicy) -> str:
    return (
        f"{policy.citation}; at least {policy.min_interval_days} days between reviews; not during leave; "
        f"not within {INCIDENT_COOLING_OFF_DAYS} days after an incident involving the person unless it is "
        "the reason (center HR policy)"
    )
