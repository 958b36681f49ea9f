"""Federal hours limits for 14- and 15-year-old employees (29 CFR 570.35(a), Child Labor Regulation No. 3).

Limits: outside school hours; at most 3 hours on a school day (Fridays included) and 18 in a week when
school is in session; at most 8 hours on a non-school day and 40 in a week when school is not in session;
only between 7 a.m. and 7 p.m., or 9 p.m. from June 1 through Labor Day. From 16 on there are no federal
hours limits (only hazardous-occupation bans, which are not hours), so older staff get [].

Weeks follow the employer's workweek (``week_starts_on``, Sunday by default); a week in which school is in
session on any day is a school week (29 CFR 570.35(b) definitions, read in a secondary copy). State
child-labor laws can be stricter and are not encoded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from policies.errors import InvalidInput
from policies.labor_time import Segment, dated_entries, hours, is_aware, validate_segments, worked_time

MINOR_CITATION = "29 CFR 570.35(a) (minors 14 and 15: hours and time-of-day standards)"
MINIMUM_AGE_CITATION = "29 CFR 570.2(a) and 570.119: no non-agricultural employment under 14 (FLSA sec. 3(l))"


@dataclass(frozen=True, slots=True)
class MinorHoursRule:
    """The 570.35(a) limits as data."""

    school_day_max: timedelta = timedelta(hours=3)
    school_week_max: timedelta = timedelta(hours=18)
    other_day_max: timedelta = timedelta(hours=8)
    other_week_max: timedelta = timedelta(hours=40)
    earliest: time = time(7, 0)
    latest: time = time(19, 0)
    summer_latest: time = time(21, 0)
    citation: str = MINOR_CITATION


MINOR_RULE = MinorHoursRule()

Kind = Literal["under_minimum_age", "daily_hours", "weekly_hours", "time_of_day", "school_hours"]


@dataclass(frozen=True, slots=True)
class MinorHourViolation:
    """One breach of the 14-15 hours standards, with the day or week and the times behind it."""

    kind: Kind
    day: date | None
    week_start: date | None
    worked_hours: float | None
    limit_hours: float | None
    segment_start: datetime | None
    segment_end: datetime | None
    citation: str
    message: str


def labor_day(year: int) -> date:
    """Labor Day: the first Monday of September."""
    first = date(year, 9, 1)
    return first + timedelta(days=(0 - first.weekday()) % 7)


def latest_end(day: date, rule: MinorHoursRule = MINOR_RULE) -> time:
    """The evening limit for ``day``: 9 p.m. from June 1 through Labor Day, else 7 p.m."""
    summer = date(day.year, 6, 1) <= day <= labor_day(day.year)
    return rule.summer_latest if summer else rule.latest


def _wall(t: datetime, zone_of: datetime) -> datetime:
    """``t`` on the local wall clock of ``zone_of`` (naive), for time-of-day comparisons."""
    if is_aware(t):
        return t.astimezone(zone_of.tzinfo).replace(tzinfo=None)
    return t


def _check_inputs(
    age_years: int,
    days: list[tuple[date, list[Segment]]],
    school_days: set[date],
    school_hours: tuple[time, time] | None,
    week_starts_on: int,
) -> list[tuple[date, list[Segment]]]:
    if isinstance(age_years, bool) or not isinstance(age_years, int) or not 0 <= age_years <= 120:
        raise InvalidInput(f"age_years must be a whole number of years between 0 and 120, got {age_years!r}")
    if not isinstance(school_days, set | frozenset) or not all(
        isinstance(d, date) and not isinstance(d, datetime) for d in school_days
    ):
        raise InvalidInput("school_days must be a set of dates")
    if school_hours is not None and not (
        len(school_hours) == 2
        and all(isinstance(t, time) for t in school_hours)
        and school_hours[0] < school_hours[1]
    ):
        raise InvalidInput(
            f"school_hours must be (start, end) times with start before end, got {school_hours!r}"
        )
    if isinstance(week_starts_on, bool) or week_starts_on not in range(7):
        raise InvalidInput(
            f"week_starts_on must be a weekday number 0 (Monday) to 6 (Sunday), got {week_starts_on!r}"
        )
    checked: list[tuple[date, list[Segment]]] = []
    for day, segments in dated_entries(days, value="segments", twice="give all of a day's segments together"):
        segs = validate_segments(segments)
        for start, _ in segs:
            if start.date() != day:
                raise InvalidInput(
                    f"segment starting {start.isoformat()} is listed under {day.isoformat()}: a segment "
                    "belongs to the day it starts"
                )
        checked.append((day, segs))
    checked.sort(key=lambda e: e[0])
    return checked


def minor_hour_violations(
    age_years: int,
    days: list[tuple[date, list[Segment]]],
    *,
    school_days: set[date],
    school_hours: tuple[time, time] | None = None,
    week_starts_on: int = 6,
) -> list[MinorHourViolation]:
    """Breaches of the federal hours standards for a 14- or 15-year-old over the given days.

    ``days`` are (date, worked segments) with each segment listed under the day it starts; ``school_days``
    are the dates school is in session (from the local district calendar); ``school_hours`` (start, end), when
    given, is checked against work on school days. Under 14 is one ``under_minimum_age`` finding; 16 and
    over returns [] (no federal hours limits).
    """
    checked = _check_inputs(age_years, days, school_days, school_hours, week_starts_on)
    rule = MINOR_RULE
    if age_years >= 16:
        return []
    if age_years < 14:
        return [
            MinorHourViolation(
                kind="under_minimum_age",
                day=None,
                week_start=None,
                worked_hours=None,
                limit_hours=None,
                segment_start=None,
                segment_end=None,
                citation=MINIMUM_AGE_CITATION,
                message=f"employee is {age_years}: federal law bars this employment under age 14",
            )
        ]

    found: list[MinorHourViolation] = []
    weeks: dict[date, timedelta] = {}
    for day, segs in checked:
        for start, end in segs:
            found += _time_of_day(day, start, end, school_days, school_hours, rule)
        total = worked_time(segs)
        school_day = day in school_days
        limit = rule.school_day_max if school_day else rule.other_day_max
        if total > limit:
            label = "school day" if school_day else "non-school day"
            found.append(
                MinorHourViolation(
                    kind="daily_hours",
                    day=day,
                    week_start=None,
                    worked_hours=hours(total),
                    limit_hours=hours(limit),
                    segment_start=segs[0][0],
                    segment_end=segs[-1][1],
                    citation=rule.citation,
                    message=(
                        f"{hours(total):.2f} h on {day.isoformat()}, a {label}: "
                        f"the limit is {hours(limit):g} h"
                    ),
                )
            )
        week_start = day - timedelta(days=(day.weekday() - week_starts_on) % 7)
        weeks[week_start] = weeks.get(week_start, timedelta(0)) + total

    for week_start, total in sorted(weeks.items()):
        in_session = any(week_start + timedelta(days=i) in school_days for i in range(7))
        limit = rule.school_week_max if in_session else rule.other_week_max
        if total > limit:
            label = "a week when school is in session" if in_session else "a week without school"
            found.append(
                MinorHourViolation(
                    kind="weekly_hours",
                    day=None,
                    week_start=week_start,
                    worked_hours=hours(total),
                    limit_hours=hours(limit),
                    segment_start=None,
                    segment_end=None,
                    citation=rule.citation,
                    message=(
                        f"{hours(total):.2f} h in the week of {week_start.isoformat()}, {label}: "
                        f"the limit is {hours(limit):g} h"
                    ),
                )
            )
    return found


def _time_of_day(
    day: date,
    start: datetime,
    end: datetime,
    school_days: set[date],
    school_hours: tuple[time, time] | None,
    rule: MinorHoursRule,
) -> list[MinorHourViolation]:
    """Work before 7 a.m., after the evening limit, or during school hours on a school day."""
    found: list[MinorHourViolation] = []
    local_start, local_end = _wall(start, start), _wall(end, start)
    earliest = datetime.combine(day, rule.earliest)
    latest = datetime.combine(day, latest_end(day, rule))
    if local_start < earliest or local_end > latest:
        found.append(
            MinorHourViolation(
                kind="time_of_day",
                day=day,
                week_start=None,
                worked_hours=None,
                limit_hours=None,
                segment_start=start,
                segment_end=end,
                citation=rule.citation,
                message=(
                    f"worked {local_start:%H:%M}-{local_end:%Y-%m-%d %H:%M} on {day.isoformat()}: "
                    f"allowed only between {rule.earliest:%H:%M} and {latest_end(day, rule):%H:%M}"
                ),
            )
        )
    if school_hours is not None and day in school_days:
        school_start = datetime.combine(day, school_hours[0])
        school_end = datetime.combine(day, school_hours[1])
        if local_start < school_end and local_end > school_start:
            found.append(
                MinorHourViolation(
                    kind="school_hours",
                    day=day,
                    week_start=None,
                    worked_hours=None,
                    limit_hours=None,
                    segment_start=start,
                    segment_end=end,
                    citation=rule.citation,
                    message=(
                        f"worked {local_start:%H:%M}-{local_end:%H:%M} on {day.isoformat()} during school "
                        f"hours {school_hours[0]:%H:%M}-{school_hours[1]:%H:%M}: must be outside school hours"
                    ),
                )
            )
    return found
