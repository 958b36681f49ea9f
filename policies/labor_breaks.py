"""Meal and rest period rules for one workday, checked from punches.

Only California has them here: federal law requires neither meal nor rest breaks (29 CFR 785.18-785.19 only
say how breaks count as hours worked), so every other state returns no violations.

Which wage order: IWC Order 5-2001 (public housekeeping) names "child nurseries, child care institutions ...
offering board or lodging in addition to ... child care"; a day-only center is otherwise classed under Order
4-2001 (occupations). Sections 11 (meal) and 12(A) (rest) read the same in both orders, so the result does not
depend on which one a center falls under; both are cited.

Input model: ``segments`` are the on-the-clock intervals of ONE workday, with raw (unrounded) punches, as
Donohue requires for meal periods. A gap between two segments is an unpaid, off-the-clock break, so it is
a meal attempt; a gap under 30 minutes is a short meal, never a meal period. Rest breaks are paid, so they
are passed separately and must lie inside worked segments. The 5th and 10th hour are counted in hours worked
(gaps excluded). A shift that runs past midnight belongs to the day it started.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal

from policies.errors import InvalidInput
from policies.labor_time import (
    Segment,
    hours,
    instant_at_worked_utc,
    normalize_state,
    validate_segments_utc,
)

Timed = tuple[Segment, Segment]
"""A checked segment and its UTC twin (`validate_segments_utc`): each instant converted once per call."""

PREMIUM_CITATION = (
    "Cal. Labor Code 226.7(c): one additional hour of pay at the regular rate of compensation for each "
    "workday a meal period is not provided, and one for each workday a rest period is not provided"
)
MEAL_CITATION = (
    "Cal. Labor Code 512(a); IWC Wage Orders 4-2001 and 5-2001 sec. 11(A); Brinker Restaurant Corp. v. "
    "Superior Court (2012) 53 Cal.4th 1004; Donohue v. AMN Services, LLC (2021) 11 Cal.5th 58"
)
REST_CITATION = (
    "IWC Wage Order 5-2001 sec. 12(A) (same text in Order 4-2001 sec. 12(A)): 10 minutes net rest per 4 "
    "hours or major fraction thereof, none required under 3.5 hours; counts per Brinker (2012) "
    "53 Cal.4th 1004"
)

H = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class MealRule:
    """Meal-period thresholds, in hours worked in the workday."""

    first_required_over: timedelta
    first_start_by: timedelta
    first_waivable_up_to: timedelta
    second_required_over: timedelta
    second_start_by: timedelta
    second_waivable_up_to: timedelta
    minimum: timedelta
    citation: str


MEAL_RULES: dict[str, MealRule] = {
    "CA": MealRule(
        first_required_over=5 * H,
        first_start_by=5 * H,
        first_waivable_up_to=6 * H,
        second_required_over=10 * H,
        second_start_by=10 * H,
        second_waivable_up_to=12 * H,
        minimum=timedelta(minutes=30),
        citation=MEAL_CITATION,
    ),
}


@dataclass(frozen=True, slots=True)
class RestRule:
    """Rest entitlement: ``net`` minutes per ``per`` hours or major fraction, none under ``none_under``."""

    net: timedelta
    per: timedelta
    none_under: timedelta
    citation: str


REST_RULES: dict[str, RestRule] = {
    "CA": RestRule(net=timedelta(minutes=10), per=4 * H, none_under=3.5 * H, citation=REST_CITATION),
}


@dataclass(frozen=True, slots=True)
class MealBreakViolation:
    """One non-compliant meal period, with the punch evidence behind it."""

    kind: Literal["missed", "short", "late"]
    meal: Literal[1, 2]
    workday: date
    worked_hours: float
    deadline: datetime
    """The instant the meal had to start by (end of the 5th or 10th hour of work)."""
    break_start: datetime | None
    break_end: datetime | None
    break_minutes: float | None
    worked_hours_before_break: float | None
    premium_hours: float
    """1.0 on the day's first meal violation, 0.0 on the others: one premium per workday (226.7(c))."""
    citation: str
    premium_citation: str
    message: str


@dataclass(frozen=True, slots=True)
class RestBreakViolation:
    """One rest period the day was owed and did not get in full."""

    kind: Literal["missed", "short"]
    workday: date
    worked_hours: float
    authorized: int
    taken_in_full: int
    break_start: datetime | None
    break_end: datetime | None
    break_minutes: float | None
    premium_hours: float
    """1.0 on the day's first rest violation, 0.0 on the others: one premium per workday (226.7(c))."""
    citation: str
    premium_citation: str
    message: str


@dataclass(frozen=True, slots=True)
class _Gap:
    start: datetime
    end: datetime
    length: timedelta
    worked_before: timedelta
    start_utc: datetime


def _one_workday(segments: list[Segment]) -> list[Timed]:
    checked = validate_segments_utc(segments)
    if checked and checked[-1][1][1] - checked[0][1][0] > 24 * H:
        raise InvalidInput(
            f"segments from {checked[0][0][0].isoformat()} to {checked[-1][0][1].isoformat()} span more "
            "than 24 hours: pass one workday at a time"
        )
    return checked


def _worked(segments: list[Timed]) -> timedelta:
    return sum((end - start for _, (start, end) in segments), timedelta(0))


def _gaps(segments: list[Timed]) -> list[_Gap]:
    gaps: list[_Gap] = []
    done = timedelta(0)
    for ((_, end), (start_utc, end_utc)), ((next_start, _), (next_utc, _)) in itertools.pairwise(segments):
        done += end_utc - start_utc
        gaps.append(_Gap(end, next_start, next_utc - end_utc, done, end_utc))
    return gaps


def _clock(t: datetime) -> str:
    return t.isoformat(timespec="minutes")


def _ordinal(meal: int) -> str:
    return "1st" if meal == 1 else "2nd"


def _assess_meal(
    meal: Literal[1, 2],
    candidates: list[_Gap],
    start_by: timedelta,
    rule: MealRule,
    segments: list[Timed],
    workday: date,
    total: timedelta,
) -> tuple[MealBreakViolation | None, _Gap | None]:
    """Judge one required meal from the gaps still available; return the violation and the gap it used."""
    qualifying = next((g for g in candidates if g.length >= rule.minimum), None)
    if qualifying is not None and qualifying.worked_before <= start_by:
        return None, qualifying  # most days: the deadline and the wording are only needed for a violation
    deadline = instant_at_worked_utc(segments, start_by)
    due = f"a {rule.minimum // timedelta(minutes=1)}-minute meal had to start by {_clock(deadline)}"
    shorts = [g for g in candidates if g.length < rule.minimum]
    kind: Literal["missed", "short", "late"]
    if qualifying is not None:
        kind, evidence = "late", qualifying
        worked = hours(qualifying.worked_before)
        detail = f"it started at {_clock(qualifying.start)} after {worked:.2f} h of work"
    elif shorts:
        kind, evidence = "short", max(shorts, key=lambda g: g.length)
        minutes = evidence.length / timedelta(minutes=1)
        detail = f"the longest break was {minutes:.0f} min ({_clock(evidence.start)})"
    else:
        kind, evidence = "missed", None
        detail = "no break was taken"
    violation = MealBreakViolation(
        kind=kind,
        meal=meal,
        workday=workday,
        worked_hours=hours(total),
        deadline=deadline,
        break_start=evidence.start if evidence else None,
        break_end=evidence.end if evidence else None,
        break_minutes=evidence.length / timedelta(minutes=1) if evidence else None,
        worked_hours_before_break=hours(evidence.worked_before) if evidence else None,
        premium_hours=0.0,
        citation=rule.citation,
        premium_citation=PREMIUM_CITATION,
        message=f"{_ordinal(meal)} meal period {kind}: worked {hours(total):.2f} h, {detail}; {due}",
    )
    return violation, evidence


def _with_premium(violations: list[MealBreakViolation]) -> list[MealBreakViolation]:
    return [replace(v, premium_hours=1.0 if i == 0 else 0.0) for i, v in enumerate(violations)]


def meal_break_violations(
    state: str,
    segments: list[Segment],
    *,
    meal_waiver_signed: bool = False,
    second_meal_waiver_signed: bool = False,
) -> list[MealBreakViolation]:
    """Meal-period violations in one workday's worked segments (gaps between segments are breaks).

    California (Labor Code 512(a)): a 30-minute meal must start by the end of the 5th hour of work when the
    day is over 5 hours, unless a waiver was signed and the day is at most 6 hours; a second by the end of
    the 10th hour when the day is over 10 hours, unless waived, the day is at most 12 hours and the first was
    not waived. Each violation is missed, short (< 30 min) or late, with its evidence; the day owes one
    premium hour in total. Every other state returns [] because federal law has no meal-period rule.
    """
    code = normalize_state(state)
    checked = _one_workday(segments)
    rule = MEAL_RULES.get(code)
    if rule is None or not checked:
        return []
    total = _worked(checked)
    workday = checked[0][0][0].date()
    gaps = _gaps(checked)

    first_waived = meal_waiver_signed and total <= rule.first_waivable_up_to
    second_waived = second_meal_waiver_signed and total <= rule.second_waivable_up_to and not first_waived
    violations: list[MealBreakViolation] = []
    remaining = gaps
    if total > rule.first_required_over and not first_waived:
        found, used = _assess_meal(1, remaining, rule.first_start_by, rule, checked, workday, total)
        violations += [found] if found else []
        remaining = [g for g in remaining if used is not None and g.start_utc > used.start_utc]
    if total > rule.second_required_over and not second_waived:
        found, _ = _assess_meal(2, remaining, rule.second_start_by, rule, checked, workday, total)
        violations += [found] if found else []
    return _with_premium(violations)


def rest_breaks_authorized(worked: timedelta | float, state: str = "CA") -> int:
    """How many 10-minute rest periods a day of ``worked`` hours earns (0 where the state has no rule).

    "Per four hours or major fraction thereof": a remainder over 2 hours earns one more, so 3.5-6 h: 1,
    over 6 to 10 h: 2, over 10 to 14 h: 3 (Brinker (2012) 53 Cal.4th 1004).
    """
    rule = REST_RULES.get(normalize_state(state))
    if isinstance(worked, bool) or not isinstance(worked, timedelta | int | float):
        raise InvalidInput(f"worked time must be hours or a timedelta, got {worked!r}")
    span = worked if isinstance(worked, timedelta) else timedelta(hours=worked)
    if span < timedelta(0) or span > 24 * H:
        raise InvalidInput(f"worked time must be between 0 and 24 hours, got {worked!r}")
    if rule is None or span < rule.none_under:
        return 0
    blocks, rest = divmod(span, rule.per)
    return int(blocks) + (1 if rest > rule.per / 2 else 0)


def rest_break_violations(
    state: str, segments: list[Segment], rest_breaks_taken: list[Segment]
) -> list[RestBreakViolation]:
    """Rest periods owed but not taken in full on one workday (California; [] elsewhere).

    ``rest_breaks_taken`` are the paid rest periods as (start, end); each must lie inside a worked segment.
    A break under 10 minutes is "short"; owed breaks with no break at all are "missed". The day owes one
    premium hour in total (Labor Code 226.7(c)). Timing within the work period is not judged.
    """
    code = normalize_state(state)
    checked = _one_workday(segments)
    timed_breaks = validate_segments_utc(rest_breaks_taken, what="rest break")
    for (b_start, b_end), (b_start_utc, b_end_utc) in timed_breaks:
        if not any(s <= b_start_utc and b_end_utc <= e for _, (s, e) in checked):
            raise InvalidInput(
                f"rest break {_clock(b_start)}-{_clock(b_end)} is not inside a worked segment: rest periods "
                "are paid time; an off-the-clock gap between segments is judged as a meal attempt instead"
            )
    rule = REST_RULES.get(code)
    if rule is None or not checked:
        return []
    total = _worked(checked)
    owed = rest_breaks_authorized(total, code)
    full = [b for b, (start, end) in timed_breaks if end - start >= rule.net]
    short = [(b, end - start) for b, (start, end) in timed_breaks if end - start < rule.net]
    shortfall = max(owed - len(full), 0)
    workday = checked[0][0][0].date()
    violations: list[RestBreakViolation] = []
    for i in range(shortfall):
        evidence, length = short[i] if i < len(short) else (None, None)
        minutes = length / timedelta(minutes=1) if length is not None else None
        if evidence is not None:
            detail = f"a rest break of {minutes:.0f} min at {_clock(evidence[0])} is under 10 minutes net"
        else:
            detail = "no rest break was recorded for it"
        violations.append(
            RestBreakViolation(
                kind="short" if evidence else "missed",
                workday=workday,
                worked_hours=hours(total),
                authorized=owed,
                taken_in_full=len(full),
                break_start=evidence[0] if evidence else None,
                break_end=evidence[1] if evidence else None,
                break_minutes=minutes,
                premium_hours=1.0 if i == 0 else 0.0,
                citation=rule.citation,
                premium_citation=PREMIUM_CITATION,
                message=(
                    f"rest period {len(full) + i + 1} of {owed} owed for {hours(total):.2f} h worked: "
                    f"{detail}"
                ),
            )
        )
    return violations
