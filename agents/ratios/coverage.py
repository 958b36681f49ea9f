"""Who can cover a room that is (or will be) short: the rules a suggested staff move must pass.

A suggestion is only useful if a director can approve it as-is, so each candidate must be: a caregiver
with every required credential valid on the day (policies.credentials), scheduled for the whole window
and on no break in it, not needed in their own room (moving them must not make it short), and not pushed
into overtime for the center's workweek (policies.labor.overtime). Pure functions: the agent reads Procare and
passes the records in; the reasons a candidate was passed over are kept for the audit trail.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from agents.ratios.presence import Window
from policies import credentials as credential_rules
from policies.labor import overtime
from tools.models import Credential, Employee, Shift


@dataclass(frozen=True)
class CoverageChoice:
    """A staff member who can move into the short room for the window, and why they qualify."""

    employee_id: str
    name: str
    from_classroom_id: str | None
    window: Window
    week_hours_after: float
    floater: bool


@dataclass(frozen=True)
class Passed:
    """A candidate who was considered and not suggested, with the reason (kept in the evidence)."""

    employee_id: str
    reason: str


def qualification_problems(
    employee: Employee, held: Iterable[Credential], day: date, windows_days: tuple[int, ...]
) -> list[str]:
    """Why `employee` may not be counted in a room's ratio on `day` (empty when they may).

    Validity uses the issuer's rule (`credentials.expiry`) and `classify_expiry`, never the record's own
    expiry field, the same way the credentials agent judges them.
    """
    if employee.employment_status != "active":
        return [f"employment status is {employee.employment_status}"]
    if not credential_rules.is_caregiver(employee.position):
        return [f"position {employee.position!r} is not a caregiving role"]
    problems = []
    held = list(held)
    for requirement in credential_rules.required_for(employee.position):
        matching = [c for c in held if c.kind in requirement.kinds]
        if not matching:
            problems.append(f"no {requirement.label} on file")
            continue
        latest = max(matching, key=lambda c: c.issued_on)
        expires = credential_rules.expiry(latest.kind, latest.issued_on)
        if credential_rules.classify_expiry(expires, day, windows_days).bucket == "expired":
            problems.append(f"{credential_rules.label_of(latest.kind)} expired on {expires}")
    return problems


def paid_hours_by_day(shifts: Iterable[Shift]) -> dict[date, float]:
    """Scheduled paid hours per day: shift length minus meal breaks (short rest breaks are paid)."""
    hours: dict[date, float] = defaultdict(float)
    for shift in shifts:
        meal = sum(b.end_minutes - b.start_minutes for b in shift.breaks if b.kind == "meal")
        hours[shift.date] += max(0, shift.end_minutes - shift.start_minutes - meal) / 60
    return dict(hours)


def overtime_problem(
    state: str, week_shifts: Iterable[Shift], day: date, extra_minutes: int, *, week_start: date
) -> tuple[str | None, float]:
    """(reason, week hours) where the reason is set when the week, with this move, has overtime hours.

    The move itself stays inside the candidate's scheduled shift, so `extra_minutes` is usually 0; a
    candidate whose scheduled week already runs into overtime is still passed over, because working the
    move would be worked at the overtime rate.
    """
    days = paid_hours_by_day(week_shifts)
    days[day] = days.get(day, 0.0) + extra_minutes / 60
    split = overtime(state, sorted(days.items()), workweek_start=week_start)
    total = round(split.total, 2)
    if split.overtime > 0 or split.double_time > 0:
        return (
            f"would work {total} h in the workweek from {week_start} with "
            f"{split.overtime + split.double_time:g} h at an overtime rate ({split.citation})",
            total,
        )
    return None, total


MIN_COVER_MINUTES = 15
"""A partial cover shorter than this is not worth a move (unless the whole gap is shorter)."""


def candidate_order(
    employee: Employee, shift: Shift, slack: int, *, cover_minutes: int, gap_minutes: int
) -> tuple[int, int, int, int, str]:
    """Whoever covers the whole window first, then floaters, then the longest cover, then staff of the
    rooms with the most slack; ties by id, so the same data always gives the same suggestion."""
    floater = employee.is_floater or shift.classroom_id is None
    whole = cover_minutes >= gap_minutes
    return (0 if whole else 1, 0 if floater else 1, -cover_minutes, -slack, employee.employee_id)
