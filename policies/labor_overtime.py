"""Overtime for one workweek: which worked hours are regular, time-and-a-half and double time.

Rules are data (``OVERTIME_RULES``), each with its citation; one small function applies any of them.
Hours are computed in exact decimal arithmetic (8.1 - 8 is 0.1, not 0.09999999999999964) and returned as
floats.

Rules applied, each cited in the result (`Overtime.citation`):
- Seventh day (California): Labor Code 510(a) pays 1.5x for the first 8 hours and 2x beyond on "the
  seventh consecutive day of work in a workweek"; it applies only when all seven days of the workweek
  were worked (`SEVENTH_DAY_CITATION`).
- No pyramiding: an hour already paid at a daily premium is not counted again toward the weekly 40, so
  the weekly threshold counts regular hours only. Federal law credits daily premium pay toward weekly
  overtime (29 U.S.C. 207(h)(2); 29 CFR 778.202(a)); California's Labor Commissioner (DLSE) applies
  Labor Code 510(a) the same way (read in practitioners' summaries of DLSE guidance, secondary; the
  manual section was not read) (`NO_PYRAMIDING_CITATION`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from policies.errors import InvalidInput
from policies.labor_time import dated_entries, normalize_state

ZERO = Decimal(0)

SEVENTH_DAY_CITATION = (
    "seventh day: Cal. Labor Code 510(a), applied when all seven days of the workweek were worked"
)
NO_PYRAMIDING_CITATION = (
    "no pyramiding: hours paid at a daily premium are not counted again toward the weekly 40 "
    "(29 U.S.C. 207(h)(2), 29 CFR 778.202(a); DLSE practice for Labor Code 510(a), secondary)"
)


@dataclass(frozen=True, slots=True)
class OvertimeRule:
    """One jurisdiction's overtime thresholds, in hours."""

    daily_overtime_after: Decimal | None
    daily_double_time_after: Decimal | None
    weekly_overtime_after: Decimal
    seventh_day: bool
    """California's seventh consecutive workday of the workweek: 1.5x for the first 8 h, 2x beyond."""
    citation: str
    caveat: str | None = None


FEDERAL_RULE = OvertimeRule(
    daily_overtime_after=None,
    daily_double_time_after=None,
    weekly_overtime_after=Decimal(40),
    seventh_day=False,
    citation="FLSA, 29 U.S.C. 207(a)(1): 1.5x for hours over 40 in a workweek",
)

OVERTIME_RULES: dict[str, OvertimeRule] = {
    "CA": OvertimeRule(
        daily_overtime_after=Decimal(8),
        daily_double_time_after=Decimal(12),
        weekly_overtime_after=Decimal(40),
        seventh_day=True,
        citation=(
            "Cal. Labor Code 510(a): 1.5x over 8 h in a workday, over 40 h in a workweek and for the first "
            "8 h of the seventh consecutive day of work in a workweek; 2x over 12 h in a day and over 8 h on "
            "that seventh day"
        ),
    ),
    "AK": OvertimeRule(
        daily_overtime_after=Decimal(8),
        daily_double_time_after=None,
        weekly_overtime_after=Decimal(40),
        seventh_day=False,
        citation="Alaska Stat. 23.10.060(b): 1.5x over 8 h in a day or 40 h in a week",
        caveat="Alaska's rule covers employers of 4 or more employees (read in a secondary summary).",
    ),
    "CO": OvertimeRule(
        daily_overtime_after=Decimal(12),
        daily_double_time_after=None,
        weekly_overtime_after=Decimal(40),
        seventh_day=False,
        citation=(
            "Colorado COMPS Order, 7 CCR 1103-1 Rule 4.1.1: 1.5x over 12 h in a workday or 40 h in a workweek"
        ),
        caveat=(
            "Colorado also counts 12 consecutive hours across a workday boundary; daily totals cannot show "
            "that, so check overnight shifts by hand (read in a secondary summary)."
        ),
    ),
}

# States whose own rule depends on facts a list of daily hours does not carry: the federal result is
# returned with a caveat instead of a silent answer.
_STATE_CAVEATS: dict[str, str] = {
    "NV": (
        "Nevada (NRS 608.018) also pays 1.5x over 8 h in a day to employees earning under 1.5x the state "
        "minimum wage; that depends on the pay rate, which is not an input here."
    ),
    "KY": (
        "Kentucky (KRS 337.050) pays 1.5x for the seventh consecutive day in some workweeks; "
        "not computed here."
    ),
}


@dataclass(frozen=True, slots=True)
class DayOvertime:
    """How one day's hours split between regular, overtime and double time."""

    day: date
    hours: float
    regular: float
    overtime: float
    double_time: float
    seventh_day: bool


@dataclass(frozen=True, slots=True)
class Overtime:
    """One workweek's hours by pay rate, with the day-by-day split and the rule that produced it."""

    state: str
    regular: float
    overtime: float
    double_time: float
    days: tuple[DayOvertime, ...]
    citation: str
    caveat: str | None = None

    @property
    def total(self) -> float:
        """All hours worked in the week."""
        return self.regular + self.overtime + self.double_time


def _as_decimal(value: object, day: date) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise InvalidInput(f"hours for {day.isoformat()} must be a number, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidInput(f"hours for {day.isoformat()} must be finite, got {value!r}")
    # repr() of a float is the shortest decimal that round-trips, so 8.1 becomes exactly 8.1.
    hours = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not hours.is_finite():
        raise InvalidInput(f"hours for {day.isoformat()} must be finite, got {value!r}")
    if hours < 0:
        raise InvalidInput(f"hours for {day.isoformat()} cannot be negative, got {value!r}")
    if hours > 24:
        raise InvalidInput(f"hours for {day.isoformat()} exceed 24 in one day ({value!r}): split the shift")
    return hours


def _validate_week(days: list[tuple[date, float]], workweek_start: date | None) -> list[tuple[date, Decimal]]:
    if len(days) > 7:
        raise InvalidInput(f"one workweek has at most 7 days, got {len(days)} entries")
    parsed: list[tuple[date, Decimal]] = []
    for day, value in dated_entries(days, value="hours", twice="give one total per day"):
        parsed.append((day, _as_decimal(value, day)))
    parsed.sort(key=lambda p: p[0])
    if parsed and (parsed[-1][0] - parsed[0][0]).days >= 7:
        raise InvalidInput(
            f"dates from {parsed[0][0].isoformat()} to {parsed[-1][0].isoformat()} span more than one "
            "7-day workweek: call once per workweek"
        )
    if workweek_start is not None:
        last = workweek_start + timedelta(days=6)
        for day, _ in parsed:
            if not workweek_start <= day <= last:
                raise InvalidInput(
                    f"{day.isoformat()} is outside the workweek "
                    f"{workweek_start.isoformat()}-{last.isoformat()}"
                )
    return parsed


def overtime(state: str, days: list[tuple[date, float]], *, workweek_start: date | None = None) -> Overtime:
    """Split one workweek's daily hours into regular, overtime (1.5x) and double time (2x).

    ``days`` holds at most one (date, hours worked) entry per day, all inside one 7-day workweek; give
    ``workweek_start`` to have that checked against the employer's fixed workweek. States without their own
    rule get the federal weekly rule. In California the seventh-day rule applies only when all seven days of
    the workweek were worked (hours > 0): "seventh consecutive day of work in a workweek" (Labor Code 510(a)).
    """
    code = normalize_state(state)
    week = _validate_week(days, workweek_start)
    rule = OVERTIME_RULES.get(code, FEDERAL_RULE)
    caveat = rule.caveat or _STATE_CAVEATS.get(code)

    worked_all_seven = len(week) == 7 and all(h > 0 for _, h in week)
    regular_so_far = ZERO
    totals = [ZERO, ZERO, ZERO]
    split: list[DayOvertime] = []
    for index, (day, worked) in enumerate(week):
        seventh = rule.seventh_day and worked_all_seven and index == 6
        if seventh:
            reg, ot, dt = ZERO, min(worked, Decimal(8)), max(worked - 8, ZERO)
        else:
            dt_after = rule.daily_double_time_after
            dt = max(worked - dt_after, ZERO) if dt_after is not None else ZERO
            ot_after = rule.daily_overtime_after
            ot = max(worked - dt - ot_after, ZERO) if ot_after is not None else ZERO
            reg = worked - ot - dt
        # Weekly rule: regular hours beyond the weekly threshold become overtime (no pyramiding).
        room = max(rule.weekly_overtime_after - regular_so_far, ZERO)
        if reg > room:
            ot += reg - room
            reg = room
        regular_so_far += reg
        totals = [totals[0] + reg, totals[1] + ot, totals[2] + dt]
        split.append(DayOvertime(day, float(worked), float(reg), float(ot), float(dt), seventh))

    return Overtime(
        state=code,
        regular=float(totals[0]),
        overtime=float(totals[1]),
        double_time=float(totals[2]),
        days=tuple(split),
        citation=_citation(rule),
        caveat=caveat,
    )


def _citation(rule: OvertimeRule) -> str:
    """The rule's own citation plus the seventh-day and no-pyramiding rules it applies."""
    parts = [rule.citation]
    if rule.daily_overtime_after is not None:
        parts.append(NO_PYRAMIDING_CITATION)
    if rule.seventh_day:
        parts.append(SEVENTH_DAY_CITATION)
    return "; ".join(parts)
