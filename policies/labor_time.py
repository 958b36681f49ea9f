"""Time arithmetic shared by the labor rules: validated work segments measured in real elapsed time.

Why a module of its own: every labor rule starts from punches, and the same three mistakes recur
(an end before its start, naive and aware times mixed, and wall-clock subtraction across a daylight-saving
change). Python subtracts two datetimes that share a tzinfo on the wall clock, so 01:00-03:00 on the
spring-forward night in America/Los_Angeles would come out as 2 hours; here it is 1 hour, because every
duration is measured in UTC.

Workday attribution: a shift belongs to the workday (local calendar date) on which it started, including
any part that runs past midnight. Labor Code 500(a) lets an employer fix a workday that starts at another
hour; callers who use one must split shifts themselves before calling these rules.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from policies.errors import InvalidInput

Segment = tuple[datetime, datetime]
"""A worked interval: (start, end), both naive or both timezone-aware."""

_STATE_CODES = (
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
    "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP"
)
US_STATES = frozenset(code for code in _STATE_CODES.split(" "))
_ZERO = timedelta(0)


def normalize_state(state: str) -> str:
    """Return the two-letter postal code in upper case, or refuse a value that is not a US jurisdiction."""
    if not isinstance(state, str) or state.strip().upper() not in US_STATES:
        raise InvalidInput(f"unknown state {state!r}: pass a two-letter US postal code such as 'CA' or 'TX'")
    return state.strip().upper()


_ALWAYS_AWARE = (ZoneInfo, timezone)
"""tzinfo types whose `utcoffset` is never None: a datetime carrying one needs no check before converting."""


def is_aware(t: datetime) -> bool:
    """True when ``t`` carries a usable UTC offset."""
    zone = t.tzinfo
    return zone is not None and (type(zone) in _ALWAYS_AWARE or t.utcoffset() is not None)


def to_utc(t: datetime) -> datetime:
    """Aware datetimes go to UTC; naive ones are returned unchanged (treated as one fixed offset)."""
    zone = t.tzinfo
    if zone is None or zone is UTC:  # the common cases answered without a conversion (payroll asks often)
        return t
    if type(zone) in _ALWAYS_AWARE or t.utcoffset() is not None:
        return t.astimezone(UTC)
    return t


def elapsed(start: datetime, end: datetime) -> timedelta:
    """Real time between two instants (UTC arithmetic, so daylight-saving changes are measured correctly)."""
    return to_utc(end) - to_utc(start)


def shift_instant(t: datetime, delta: timedelta) -> datetime:
    """``t`` moved by ``delta`` of real time, expressed in ``t``'s own time zone."""
    if not is_aware(t):
        return t + delta
    return (t.astimezone(UTC) + delta).astimezone(t.tzinfo)


def hours(td: timedelta) -> float:
    """A duration in hours."""
    return td.total_seconds() / 3600


def dated_entries(entries: Iterable[Any], *, value: str, twice: str) -> Iterator[tuple[date, Any]]:
    """Check `(date, value)` pairs: the shape, a real date (not a datetime), each date once.

    `value` names the second element in messages ("hours", "segments"); `twice` says what to do instead
    of repeating a date.
    """
    seen: set[date] = set()
    for entry in entries:
        if not isinstance(entry, tuple | list) or len(entry) != 2:
            raise InvalidInput(f"each day must be a (date, {value}) pair, got {entry!r}")
        day, item = entry
        if isinstance(day, datetime) or not isinstance(day, date):
            raise InvalidInput(f"each day must be a date (not a datetime), got {day!r}")
        if day in seen:
            raise InvalidInput(f"{day.isoformat()} appears twice: {twice}")
        seen.add(day)
        yield day, item


def validate_segments(
    segments: list[Segment], *, what: str = "segment", overlaps_ok: bool = False
) -> list[Segment]:
    """Check and sort worked intervals: each end after its start, no overlaps, no naive/aware mix.

    ``overlaps_ok`` is for collections that are not one person's timeline (e.g. many employees' shifts).

    Unpaired punches are the caller's to resolve; an interval whose end is not after its start is refused
    with the offending times in the message rather than silently dropped.
    """
    return [segment for segment, _ in validate_segments_utc(segments, what=what, overlaps_ok=overlaps_ok)]


def validate_segments_utc(
    segments: list[Segment], *, what: str = "segment", overlaps_ok: bool = False
) -> list[tuple[Segment, Segment]]:
    """`validate_segments`, each checked segment paired with its UTC twin (naive ones stay as they are).

    Why: a rule that measures a day (worked time, gaps, deadlines) converts each instant once here and then
    subtracts UTC values, instead of converting the same instant again for every measurement.
    """
    checked: list[tuple[Segment, Segment]] = []
    aware: bool | None = None  # whether the segments so far are timezone-aware (all alike, or refused)
    for i, pair in enumerate(segments):
        if not isinstance(pair, tuple | list) or len(pair) != 2:
            raise InvalidInput(f"{what} {i} must be a (start, end) pair, got {pair!r}")
        start, end = pair
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            raise InvalidInput(f"{what} {i} must hold two datetimes, got {start!r} and {end!r}")
        start_aware = is_aware(start)
        if start_aware is not is_aware(end) or (aware is not None and start_aware is not aware):
            raise InvalidInput(f"{what} {i}: do not mix naive and timezone-aware datetimes")
        aware = start_aware
        real = (to_utc(start), to_utc(end))
        if real[1] - real[0] <= _ZERO:
            raise InvalidInput(
                f"{what} {i} ends at {end.isoformat()} which is not after its start {start.isoformat()}: "
                "fix the missing or swapped punch first"
            )
        checked.append(((start, end), real))
    checked.sort(key=lambda s: s[1][0])
    if overlaps_ok:
        return checked
    for ((a_start, a_end), (_, a_end_utc)), ((b_start, _b_end), (b_start_utc, _)) in itertools.pairwise(
        checked
    ):
        if b_start_utc < a_end_utc:
            raise InvalidInput(
                f"{what}s overlap: {a_start.isoformat()}-{a_end.isoformat()} "
                f"and one starting {b_start.isoformat()}"
            )
    return checked


def worked_time(segments: list[Segment]) -> timedelta:
    """Total real time worked across validated segments."""
    return sum((elapsed(s, e) for s, e in segments), timedelta(0))


def worked_hours(segments: list[Segment]) -> float:
    """Hours worked in a list of (start, end) intervals, validated and measured in real elapsed time."""
    return hours(worked_time(validate_segments(segments)))


def workday_of(segments: list[Segment]) -> date:
    """The workday a shift belongs to: the local calendar date on which its first segment started."""
    checked = validate_segments(segments)
    if not checked:
        raise InvalidInput("a shift with no segments has no workday")
    return checked[0][0].date()


def instant_at_worked(segments: list[Segment], worked: timedelta) -> datetime:
    """The instant at which cumulative work reaches ``worked`` (the last end if the day is shorter)."""
    return instant_at_worked_utc([(s, (to_utc(s[0]), to_utc(s[1]))) for s in segments], worked)


def instant_at_worked_utc(segments: list[tuple[Segment, Segment]], worked: timedelta) -> datetime:
    """`instant_at_worked` over segments paired with their UTC twins (`validate_segments_utc`)."""
    done = timedelta(0)
    for (start, _end), (start_utc, end_utc) in segments:
        length = end_utc - start_utc
        if done + length >= worked:
            if not is_aware(start):
                return start + (worked - done)
            return (start_utc + (worked - done)).astimezone(start.tzinfo)
        done += length
    return segments[-1][0][1]
