"""Staff-to-child ratio checks for one room, by state.

The ratio agent and the guardrails ask one question: given the children in a room (ages in whole months)
and the staff present, how many staff does the law require, and is the room compliant? The numbers live
in ``policies/ratio_tables.py``; this module only applies them.

Decisions worth knowing:
- ``staff_present`` counts heads of qualified staff. Teacher-plus-aide variants (CA) are not modelled.
- Mixed-age groups follow the state's own rule (``ratio_tables.MixedAgeRule``).
- A center may configure a STRICTER policy (``CenterRatioPolicy``). A looser configured value never
  loosens the state rule: it is ignored, and the check's ``notes`` and ``explanation`` say so. Invalid
  values (zero, negative) are refused when the policy is built.
- Texas's opening/closing allowance and Illinois's first/last-hour mixing apply only when the time of
  day and the opening hours are given.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from policies.ratio_tables import (
    MAX_CHILD_AGE_MONTHS,
    RULES,
    AgeBand,
    MixedAgeRule,
    StateRules,
)
from procare_ai.errors import InvalidInput

MINUTES_PER_DAY = 24 * 60


class RatioInputError(InvalidInput, ValueError):
    """Bad input to a ratio check (negative counts, impossible ages or times, bad center policy)."""


class UnsupportedState(RatioInputError):
    """The state has no ratio table here; the message lists the supported ones."""

    code = "unsupported_state"


@dataclass(frozen=True)
class CenterRatioPolicy:
    """A center's own limits for a room, e.g. Procare's classroom ratio and max children.

    Each value only ever tightens the state rule; a looser value is ignored and reported.
    """

    children_per_staff: int | None = None
    max_group_size: int | None = None
    min_staff: int | None = None
    """Minimum staff whenever any child is present (a "two adults in every room" rule)."""

    def __post_init__(self) -> None:
        for name in ("children_per_staff", "max_group_size", "min_staff"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
                raise RatioInputError(
                    f"CenterRatioPolicy.{name} must be a whole number of at least 1, got {value!r}"
                )


@dataclass(frozen=True)
class RatioCheck:
    """The verdict for one room, with the facts a director needs to act on it."""

    state: str
    children: int
    staff_present: int
    required_staff: int
    compliant: bool
    citation: str
    explanation: str
    governing_band: AgeBand | None
    children_per_staff: int | None
    """The ratio applied (N in 1:N), after exceptions and the center policy; None for an empty room."""
    max_group_size: int | None
    group_size_exceeded: bool
    mixing_permitted: bool
    exception_applied: str | None
    violations: tuple[str, ...]
    notes: tuple[str, ...]

    @property
    def ratio(self) -> str | None:
        """The applied ratio as text, e.g. ``"1:4"``."""
        return None if self.children_per_staff is None else f"1:{self.children_per_staff}"

    @property
    def staff_short(self) -> int:
        """How many more staff the room needs (0 when enough are present)."""
        return max(0, self.required_staff - self.staff_present)


@dataclass(frozen=True)
class StaffNeed:
    """Required staff at one minute of the day (for projecting a schedule)."""

    minute_of_day: int
    children: int
    required_staff: int
    ratio: str | None
    citation: str


# --- lookups ----------------------------------------------------------------------------------------------


def supported_states() -> tuple[str, ...]:
    """Codes accepted by every function here ("NAEYC" is the accreditation standard)."""
    return tuple(sorted(RULES))


def rules_for(state: str) -> StateRules:
    """The table for ``state`` (case-insensitive); raises ``UnsupportedState`` listing what is supported."""
    code = state.strip().upper() if isinstance(state, str) else ""
    if code not in RULES:
        raise UnsupportedState(
            f"No staff-to-child ratio rules for state {state!r}; supported: {', '.join(supported_states())}"
        )
    return RULES[code]


def band_for_age(state: str, age_months: int, *, toddler_program: bool = False) -> AgeBand:
    """The band a child of this age falls in under ``state``'s table."""
    rules = rules_for(state)
    _check_toddler_program(rules, toddler_program)
    return _band(rules, _validate_ages([age_months])[0], toddler_program)


def most_restrictive_band(
    state: str, ages_months: Sequence[int], *, toddler_program: bool = False
) -> AgeBand | None:
    """The band of the children present with the fewest children per staff (the room's hardest need).

    Ties go to the smaller group cap, then the younger band. None for an empty room.
    """
    rules = rules_for(state)
    _check_toddler_program(rules, toddler_program)
    ages = _validate_ages(ages_months)
    if not ages:
        return None
    present = {_band(rules, a, toddler_program) for a in ages}
    return min(
        present,
        key=lambda b: (
            b.children_per_staff,
            b.max_group_size if b.max_group_size is not None else math.inf,
            b.min_months,
        ),
    )


def governing_band(
    state: str, ages_months: Sequence[int], *, toddler_program: bool = False
) -> AgeBand | None:
    """The band whose ratio and group size the state applies to this group (its mixed-age rule)."""
    rules = rules_for(state)
    _check_toddler_program(rules, toddler_program)
    ages = _validate_ages(ages_months)
    return _governing_band(rules, ages, toddler_program) if ages else None


# --- the check --------------------------------------------------------------------------------------------


def check_room(
    state: str,
    ages_months: Sequence[int],
    staff_present: int,
    *,
    minute_of_day: int | None = None,
    open_minutes: int | None = None,
    close_minutes: int | None = None,
    children_in_care: int | None = None,
    toddler_program: bool = False,
    center_policy: CenterRatioPolicy | None = None,
) -> RatioCheck:
    """Check one room against ``state``'s ratio, group size and mixed-age rules.

    ``minute_of_day``, ``open_minutes`` and ``close_minutes`` are minutes from midnight (Procare's form);
    with all three, Texas's first/last 45 minutes and Illinois's first/last hour apply. ``children_in_care``
    is the whole center's headcount (defaults to this room's), used by Texas's 13-or-more-children rules.
    ``toddler_program`` is California's licensed toddler component (18-36 months at 1:6).
    """
    rules = rules_for(state)
    _check_toddler_program(rules, toddler_program)
    ages = _validate_ages(ages_months)
    staff = _validate_count("staff_present", staff_present)
    in_care = len(ages) if children_in_care is None else _validate_count("children_in_care", children_in_care)
    _validate_times(minute_of_day, open_minutes, close_minutes)

    if not ages:
        return RatioCheck(
            state=rules.code,
            children=0,
            staff_present=staff,
            required_staff=0,
            compliant=True,
            citation=rules.base_citation,
            explanation=f"{rules.code}: no children present, so no staff are required.",
            governing_band=None,
            children_per_staff=None,
            max_group_size=None,
            group_size_exceeded=False,
            mixing_permitted=True,
            exception_applied=None,
            violations=(),
            notes=(),
        )

    band = _governing_band(rules, ages, toddler_program)
    mixed = len({_band(rules, a, toddler_program) for a in ages}) > 1
    per_staff = band.children_per_staff
    group_cap = band.max_group_size
    citations = [band.citation] + ([rules.mixed_citation] if mixed else [])
    notes: list[str] = []
    violations: list[str] = []
    exception: str | None = None

    allowance = rules.opening_closing
    if (
        allowance is not None
        and _in_edge_window(minute_of_day, open_minutes, close_minutes, allowance.window_minutes)
        and min(ages) >= allowance.min_age_months
        and in_care >= allowance.min_children_in_care
        and allowance.children_per_staff > per_staff
    ):
        per_staff = allowance.children_per_staff
        exception = f"1:{per_staff} allowed in the first and last {allowance.window_minutes} minutes"
        citations.append(allowance.citation)

    mixing_ok = True
    limit = rules.infant_mix_limit
    if (
        limit is not None
        and min(ages) < limit.infant_below_months
        and max(ages) - min(ages) > limit.max_spread_months
        and in_care >= limit.min_children_in_care
    ):
        mixing_ok = False
        violations.append(
            f"infants may not be grouped with children more than {limit.max_spread_months} months older than "
            f"the youngest (ages {min(ages)} to {max(ages)} months; {limit.citation})"
        )
        citations.append(limit.citation)

    mixes = rules.permitted_mixes
    if mixes is not None and mixed and not _fits_a_window(ages, mixes.windows):
        program_minutes = (
            close_minutes - open_minutes if open_minutes is not None and close_minutes is not None else 0
        )
        if program_minutes >= mixes.any_mix_min_open_minutes and _in_edge_window(
            minute_of_day, open_minutes, close_minutes, mixes.any_mix_window_minutes
        ):
            exception = f"any ages may mix in the first and last {mixes.any_mix_window_minutes} minutes"
        else:
            mixing_ok = False
            violations.append(
                f"ages {min(ages)} to {max(ages)} months may not share a group outside the first and last "
                f"hour of a program open {mixes.any_mix_min_open_minutes // 60}+ hours ({mixes.citation})"
            )
        citations.append(mixes.citation)

    min_staff = 0
    if center_policy is not None:
        per_staff, group_cap, min_staff = _apply_center_policy(center_policy, per_staff, group_cap, notes)

    required = max(math.ceil(len(ages) / per_staff), min_staff)
    group_exceeded = group_cap is not None and len(ages) > group_cap
    if group_exceeded:
        violations.append(f"{len(ages)} children exceed the maximum group size of {group_cap}")
    if staff < required:
        violations.append(f"{required} staff required at 1:{per_staff}, {staff} present")

    citation = "; ".join(dict.fromkeys(citations))
    check = RatioCheck(
        state=rules.code,
        children=len(ages),
        staff_present=staff,
        required_staff=required,
        compliant=not violations,
        citation=citation,
        explanation="",
        governing_band=band,
        children_per_staff=per_staff,
        max_group_size=group_cap,
        group_size_exceeded=group_exceeded,
        mixing_permitted=mixing_ok,
        exception_applied=exception,
        violations=tuple(violations),
        notes=tuple(notes),
    )
    return _with_explanation(check, rules, ages, mixed)


def required_staff(
    state: str,
    ages_months: Sequence[int],
    *,
    minute_of_day: int | None = None,
    open_minutes: int | None = None,
    close_minutes: int | None = None,
    children_in_care: int | None = None,
    toddler_program: bool = False,
    center_policy: CenterRatioPolicy | None = None,
) -> int:
    """Staff the room needs at that moment (ratio, exceptions and center policy applied)."""
    return check_room(
        state,
        ages_months,
        0,
        minute_of_day=minute_of_day,
        open_minutes=open_minutes,
        close_minutes=close_minutes,
        children_in_care=children_in_care,
        toddler_program=toddler_program,
        center_policy=center_policy,
    ).required_staff


def project_required_staff(
    state: str,
    timeline: Sequence[tuple[int, Sequence[int]]],
    *,
    open_minutes: int | None = None,
    close_minutes: int | None = None,
    toddler_program: bool = False,
    center_policy: CenterRatioPolicy | None = None,
) -> list[StaffNeed]:
    """Required staff for each (minute_of_day, ages present) point of a projected day, in the given order.

    Lets the ratio agent compare the schedule with attendance and propose coverage before a gap happens.
    """
    needs: list[StaffNeed] = []
    for minute, ages in timeline:
        check = check_room(
            state,
            ages,
            0,
            minute_of_day=minute,
            open_minutes=open_minutes,
            close_minutes=close_minutes,
            toddler_program=toddler_program,
            center_policy=center_policy,
        )
        needs.append(StaffNeed(minute, check.children, check.required_staff, check.ratio, check.citation))
    return needs


# --- internals ----------------------------------------------------------------------------------------------


def _band(rules: StateRules, age: int, toddler_program: bool) -> AgeBand:
    if (
        toddler_program
        and rules.toddler_program_band is not None
        and rules.toddler_program_band.contains(age)
    ):
        return rules.toddler_program_band
    for band in rules.bands:
        if band.contains(age):
            return band
    raise AssertionError(f"{rules.code} table does not cover age {age} months")  # tables are contiguous


def _governing_band(rules: StateRules, ages: list[int], toddler_program: bool) -> AgeBand:
    youngest = _band(rules, min(ages), toddler_program)
    if rules.mixed_rule is MixedAgeRule.YOUNGEST or min(ages) < 24:
        return youngest
    counts = Counter(_band(rules, a, toddler_program) for a in ages)
    # Largest age group; a tie goes to the younger (stricter) group.
    return max(counts, key=lambda b: (counts[b], -b.min_months))


def _fits_a_window(ages: list[int], windows: tuple[tuple[int, int | None], ...]) -> bool:
    low, high = min(ages), max(ages)
    return any(low >= lo and (hi is None or high < hi) for lo, hi in windows)


def _in_edge_window(minute: int | None, open_: int | None, close: int | None, window: int) -> bool:
    if minute is None or open_ is None or close is None:
        return False
    return open_ <= minute < open_ + window or close - window <= minute < close


def _apply_center_policy(
    policy: CenterRatioPolicy, per_staff: int, group_cap: int | None, notes: list[str]
) -> tuple[int, int | None, int]:
    if policy.children_per_staff is not None:
        if policy.children_per_staff < per_staff:
            notes.append(
                f"center policy 1:{policy.children_per_staff} is stricter than 1:{per_staff} and applies"
            )
            per_staff = policy.children_per_staff
        elif policy.children_per_staff > per_staff:
            notes.append(
                f"center policy 1:{policy.children_per_staff} is looser than 1:{per_staff} and is ignored"
            )
    if policy.max_group_size is not None:
        if group_cap is None or policy.max_group_size < group_cap:
            notes.append(f"center maximum group size {policy.max_group_size} applies")
            group_cap = policy.max_group_size
        elif policy.max_group_size > group_cap:
            notes.append(
                f"center maximum group size {policy.max_group_size} is looser than {group_cap} and is ignored"
            )
    min_staff = policy.min_staff or 0
    if min_staff:
        notes.append(f"center policy requires at least {min_staff} staff whenever children are present")
    return per_staff, group_cap, min_staff


def _with_explanation(check: RatioCheck, rules: StateRules, ages: list[int], mixed: bool) -> RatioCheck:
    band = check.governing_band
    assert band is not None
    span = f"{min(ages)}" if min(ages) == max(ages) else f"{min(ages)}-{max(ages)}"
    cap = "no group-size cap" if check.max_group_size is None else f"max group {check.max_group_size}"
    parts = [
        f"{rules.code}: {check.children} children aged {span} months.",
        f"Governing band: {band.label} at {band.ratio}" + (" (mixed-age rule applied)." if mixed else "."),
    ]
    if check.exception_applied:
        parts.append(f"Exception: {check.exception_applied}.")
    parts.extend(f"Note: {n}." for n in check.notes)
    parts.append(
        f"Applied {check.ratio}, {cap}: {check.required_staff} staff required, {check.staff_present} present."
    )
    parts.append("Compliant." if check.compliant else "Not compliant: " + "; ".join(check.violations) + ".")
    parts.append(f"Source: {check.citation}.")
    return RatioCheck(**{**check.__dict__, "explanation": " ".join(parts)})


def _check_toddler_program(rules: StateRules, toddler_program: bool) -> None:
    if toddler_program and rules.toddler_program_band is None:
        raise RatioInputError(
            f"toddler_program applies only to California's licensed toddler component, not {rules.code}"
        )


def _validate_ages(ages_months: Sequence[int]) -> list[int]:
    ages = list(ages_months)
    for age in ages:
        if isinstance(age, bool) or not isinstance(age, int):
            raise RatioInputError(f"child ages must be whole months, got {age!r}")
        if age < 0:
            raise RatioInputError(f"child ages cannot be negative, got {age} months")
        if age >= MAX_CHILD_AGE_MONTHS:
            raise RatioInputError(f"age {age} months is 18 years or older; check the child's birth date")
    return ages


def _validate_count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RatioInputError(f"{name} must be a whole number, got {value!r}")
    if value < 0:
        raise RatioInputError(f"{name} cannot be negative, got {value}")
    return value


def _validate_times(minute: int | None, open_: int | None, close: int | None) -> None:
    for name, value in (("minute_of_day", minute), ("open_minutes", open_), ("close_minutes", close)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MINUTES_PER_DAY
        ):
            raise RatioInputError(
                f"{name} must be minutes from midnight (0 to {MINUTES_PER_DAY}), got {value!r}"
            )
    if open_ is not None and close is not None and open_ >= close:
        raise RatioInputError(f"open_minutes ({open_}) must be before close_minutes ({close})")
