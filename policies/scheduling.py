"""Finding a meeting slot on two calendars in the center's time zone, safely across DST changes.

Working hours are wall-clock times in the center's zone (``zoneinfo``); busy intervals are instants
(calendars send them with an offset). Candidates are stepped in real elapsed time from each day's opening
instant, so a spring-forward day simply has no 2:30 and a fall-back day has 1:30 twice; a slot's length is
always real minutes. A slot never overlaps a busy interval of either person widened by the buffer, stays
inside both people's working hours, and the choice is deterministic: earliest first, at most
``per_day`` per day.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from policies.errors import InvalidInput

ALLOWED_STEPS = (5, 10, 15, 30, 60)
MAX_DURATION_MINUTES = 8 * 60
MAX_BUFFER_MINUTES = 120


@dataclass(frozen=True)
class Busy:
    """A busy interval on someone's calendar, as instants (timezone-aware)."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        for value in (self.start, self.end):
            if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
                raise InvalidInput(f"calendar times need a UTC offset, got {value!r}")
        if self.end <= self.start:
            raise InvalidInput(f"a busy interval must end after it starts ({self.start} to {self.end})")


@dataclass(frozen=True)
class WorkingHours:
    """Wall-clock working hours on the given weekdays (0 = Monday), in the center's zone."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: frozenset[int] = field(default_factory=lambda: frozenset(range(5)))

    def __post_init__(self) -> None:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise InvalidInput(
                "working hours are wall-clock times without a zone (the center's zone applies)"
            )
        if self.end <= self.start:
            raise InvalidInput(f"working hours must end after they start ({self.start} to {self.end})")
        if not self.weekdays or not set(self.weekdays) <= set(range(7)):
            raise InvalidInput("working weekdays are numbers 0 (Monday) to 6 (Sunday), at least one")


@dataclass(frozen=True)
class Slot:
    """A proposed meeting, as aware datetimes in the center's zone."""

    start: datetime
    end: datetime

    @property
    def label(self) -> str:
        """How a director reads it, e.g. ``Tue 2026-03-10 09:00-10:00 PDT`` (both zones when they differ)."""
        if self.start.tzname() == self.end.tzname():
            return f"{self.start:%a %Y-%m-%d %H:%M}-{self.end:%H:%M} {self.start.tzname()}"
        return f"{self.start:%a %Y-%m-%d %H:%M} {self.start.tzname()}-{self.end:%H:%M} {self.end.tzname()}"


def find_slots(
    *,
    days: Iterable[date],
    tz: str,
    duration_minutes: int,
    director_busy: Sequence[Busy] = (),
    staff_busy: Sequence[Busy] = (),
    director_hours: WorkingHours | None = None,
    staff_hours: WorkingHours | None = None,
    buffer_minutes: int = 15,
    step_minutes: int = 15,
    not_before: datetime | None = None,
    per_day: int = 1,
    limit: int = 3,
) -> list[Slot]:
    """Free slots of ``duration_minutes`` on ``days`` that both calendars can take, earliest first."""
    zone = _zone(tz)
    _check(duration_minutes, buffer_minutes, step_minutes, per_day, limit)
    if not_before is not None and (not_before.tzinfo is None or not_before.utcoffset() is None):
        raise InvalidInput("not_before needs a UTC offset")
    director_hours = director_hours or WorkingHours()
    staff_hours = staff_hours or director_hours
    pad = timedelta(minutes=buffer_minutes)
    busy = sorted(
        ((b.start.astimezone(UTC) - pad, b.end.astimezone(UTC) + pad) for b in (*director_busy, *staff_busy)),
    )
    length, step = timedelta(minutes=duration_minutes), timedelta(minutes=step_minutes)
    slots: list[Slot] = []
    for day in sorted(set(days)):
        window = _window(day, zone, director_hours, staff_hours)
        if window is None:
            continue
        opens, closes = window
        if not_before is not None:
            opens = max(opens, _ceil(not_before.astimezone(UTC), opens, step))
        taken = 0
        start = opens
        while start + length <= closes and taken < per_day and len(slots) < limit:
            end = start + length
            clash = next((e for s, e in busy if s < end and e > start), None)
            if clash is None:
                slots.append(Slot(start.astimezone(zone), end.astimezone(zone)))
                taken += 1
                start = end
            else:
                start = _ceil(clash, opens, step)
        if len(slots) >= limit:
            break
    return slots


def first_slot(**kwargs: object) -> Slot | None:
    """The earliest slot ``find_slots`` would propose, or None when there is none."""
    found = find_slots(**{**kwargs, "limit": 1})  # type: ignore[arg-type]
    return found[0] if found else None


def _window(
    day: date, zone: ZoneInfo, director: WorkingHours, staff: WorkingHours
) -> tuple[datetime, datetime] | None:
    """Both people's working hours on ``day`` as UTC instants, or None when they do not overlap."""
    if day.weekday() not in director.weekdays or day.weekday() not in staff.weekdays:
        return None
    opens = max(_instant(day, director.start, zone), _instant(day, staff.start, zone))
    closes = min(_instant(day, director.end, zone), _instant(day, staff.end, zone))
    return (opens, closes) if opens < closes else None


def _instant(day: date, wall: time, zone: ZoneInfo) -> datetime:
    """The instant of a wall-clock time on ``day``: the earlier one when the hour repeats (fall back), the
    first instant at or after it when the wall time does not exist (spring forward: 02:30 -> 03:00)."""
    local = datetime.combine(day, wall, tzinfo=zone)
    instant = local.astimezone(UTC)
    naive = local.replace(tzinfo=None)
    if instant.astimezone(zone).replace(tzinfo=None) == naive:
        return instant
    before = local.replace(fold=1).astimezone(UTC)  # read with the later offset: a wall time before the gap
    lo, hi = 0, int((instant - before).total_seconds() // 60)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if (before + timedelta(minutes=mid)).astimezone(zone).replace(tzinfo=None) >= naive:
            hi = mid
        else:
            lo = mid
    return before + timedelta(minutes=hi)


def _ceil(moment: datetime, origin: datetime, step: timedelta) -> datetime:
    """The first step boundary (counted from ``origin``) at or after ``moment``."""
    if moment <= origin:
        return origin
    steps = -(-(moment - origin) // step)
    return origin + steps * step


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError, TypeError):
        raise InvalidInput(
            f"unknown time zone {tz!r}; use an IANA name such as America/Los_Angeles"
        ) from None


def _check(duration: int, buffer: int, step: int, per_day: int, limit: int) -> None:
    for name, value in (
        ("duration_minutes", duration),
        ("buffer_minutes", buffer),
        ("step_minutes", step),
        ("per_day", per_day),
        ("limit", limit),
    ):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(f"{name} must be a whole number, got {value!r}")
    if not 15 <= duration <= MAX_DURATION_MINUTES:
        raise InvalidInput(f"a review lasts 15 to {MAX_DURATION_MINUTES} minutes, got {duration}")
    if not 0 <= buffer <= MAX_BUFFER_MINUTES:
        raise InvalidInput(f"buffer_minutes must be 0 to {MAX_BUFFER_MINUTES}, got {buffer}")
    if step not in ALLOWED_STEPS:
        raise InvalidInput(f"step_minutes must be one of {ALLOWED_STEPS}, got {step}")
    if per_day < 1 or limit < 1:
        raise InvalidInput("per_day and limit must be at least 1")
