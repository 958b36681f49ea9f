"""Staff-to-child ratio checks for one room, by state (or city, or the NAEYC standard).

The ratio agent and the guardrails ask one question: given the children in a room (ages in whole months)
and the staff present, how many staff does the rule require, and is the room compliant? The numbers live
in `policies/ratio_states/` (collected by `policies/ratio_tables.py`); this module applies them through
the steps in `policies/ratio_apply.py`.

Decisions worth knowing:
- `staff_present` counts heads. With `staff_roles` (one role per person present, see
  `policies.ratio_roles.ROLES`) a state's role rules apply: California aides count only paired with a
  teacher, Arizona aides never count, Illinois's teacher-with-assistant may have a larger group.
  Volunteers and `other` staff are never counted (the stricter reading).
- Mixed-age groups follow the state's own rule (`ratio_model.MixedAgeRule`).
- Time-of-day exceptions (Texas's first/last 45 minutes, first/last hour mixing in Illinois and North
  Carolina, Virginia's first/last hour without a group cap) apply only when the time of day and the
  opening hours are given; nap-time ratios only with `napping=True`, and the result says the condition
  the regulation puts on them.
- Age alone cannot tell a kindergartner from a five-year-old preschooler: five-year-olds are preschool
  (the stricter reading) unless `kindergarten=True`.
- `state="NY"` with the center's `city` or `postal_code` in New York City checks against NYC's own
  Health Code (`policies.ratio_jurisdiction`); `"NYC"` may also be passed directly.
- A center may configure a STRICTER policy (`CenterRatioPolicy`). A looser value never loosens the state
  rule: it is ignored, and `notes` and `explanation` say so.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from policies.ratio_apply import (
    MINUTES_PER_DAY,
    Moment,
    RatioInputError,
    Working,
    apply_group_cap_waivers,
    apply_infant_mix_limit,
    apply_nap,
    apply_opening_closing,
    apply_permitted_mixes,
    apply_separations,
    band_of,
    heads_needed,
    validate_ages,
    validate_count,
    validate_times,
)
from policies.ratio_apply import governing_band as _governing
from policies.ratio_jurisdiction import jurisdiction
from policies.ratio_model import AgeBand, Source, StateRules
from policies.ratio_roles import ROLES, counted, fewest_needed, has_teacher_and_assistant
from policies.ratio_tables import RULES

__all__ = [
    "MINUTES_PER_DAY",
    "CenterRatioPolicy",
    "RatioCheck",
    "RatioInputError",
    "StaffNeed",
    "UnsupportedState",
    "band_for_age",
    "check_room",
    "governing_band",
    "most_restrictive_band",
    "project_required_staff",
    "required_staff",
    "role_dependent",
    "rules_for",
    "supported_states",
]


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
    """The code applied: the state's, or a city's own ("NYC")."""
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
    staff_short: int = 0
    """How many more (qualified) staff the room needs; 0 when enough are present."""
    counted_staff: int = 0
    """Staff counted in ratio (with `staff_roles`, volunteers, `other` and roles a state excludes are not)."""
    source: Source = Source.PRIMARY
    """The weakest confirmation among the rows applied (a verdict resting on a secondary row says so)."""

    @property
    def ratio(self) -> str | None:
        """The applied ratio as text, e.g. ``"1:4"``."""
        return None if self.children_per_staff is None else f"1:{self.children_per_staff}"


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
    """Codes accepted by every function here ("NYC" is New York City, "NAEYC" the accreditation standard)."""
    return tuple(sorted(RULES))


def rules_for(state: str) -> StateRules:
    """The table for ``state`` (case-insensitive); raises ``UnsupportedState`` listing what is supported."""
    code = state.strip().upper() if isinstance(state, str) else ""
    if code not in RULES:
        raise UnsupportedState(
            f"No staff-to-child ratio rules for state {state!r}; supported: {', '.join(supported_states())}"
        )
    return RULES[code]


def role_dependent(state: str) -> bool:
    """Whether `state`'s ratio depends on staff roles (so a caller should pass `staff_roles`)."""
    return rules_for(state).roles is not None


def band_for_age(
    state: str, age_months: int, *, toddler_program: bool = False, kindergarten: bool = False
) -> AgeBand:
    """The band a child of this age falls in under ``state``'s table."""
    rules = _rules(state, toddler_program)
    age = validate_ages([age_months])[0]
    return band_of(rules, age, toddler_program=toddler_program, kindergarten=kindergarten)


def most_restrictive_band(
    state: str, ages_months: Sequence[int], *, toddler_program: bool = False, kindergarten: bool = False
) -> AgeBand | None:
    """The band of the children present with the fewest children per staff (the room's hardest need).

    Ties go to the smaller group cap, then the younger band. None for an empty room.
    """
    rules = _rules(state, toddler_program)
    ages = validate_ages(ages_months)
    if not ages:
        return None
    present = [band_of(rules, a, toddler_program=toddler_program, kindergarten=kindergarten) for a in ages]
    return min(
        present,
        key=lambda b: (
            b.children_per_staff,
            b.max_group_size if b.max_group_size is not None else math.inf,
            b.min_months,
        ),
    )


def governing_band(
    state: str, ages_months: Sequence[int], *, toddler_program: bool = False, kindergarten: bool = False
) -> AgeBand | None:
    """The band whose ratio and group size the state applies to this group (its mixed-age rule)."""
    rules = _rules(state, toddler_program)
    ages = validate_ages(ages_months)
    if not ages:
        return None
    return _governing(
        rules, [band_of(rules, a, toddler_program=toddler_program, kindergarten=kindergarten) for a in ages]
    )


# --- the check --------------------------------------------------------------------------------------------


def check_room(
    state: str,
    ages_months: Sequence[int],
    staff_present: int,
    staff_roles: Sequence[str] | None = None,
    *,
    minute_of_day: int | None = None,
    open_minutes: int | None = None,
    close_minutes: int | None = None,
    children_in_care: int | None = None,
    toddler_program: bool = False,
    kindergarten: bool = False,
    napping: bool = False,
    city: object = None,
    postal_code: object = None,
    center_policy: CenterRatioPolicy | None = None,
) -> RatioCheck:
    """Check one room against the ratio, group size, mixed-age and role rules that govern it.

    ``staff_roles`` gives one role per person present (``len == staff_present``). ``minute_of_day``,
    ``open_minutes`` and ``close_minutes`` are minutes from midnight (Procare's form). ``children_in_care``
    is the whole center's headcount (defaults to this room's), used by Texas's 13-or-more rules and
    Arizona's six-or-more. ``toddler_program`` is California's licensed toddler component;
    ``kindergarten`` says the five-year-olds are a kindergarten class; ``napping`` that the children nap.
    """
    rules = _rules(jurisdiction(state, city=city, postal_code=postal_code), toddler_program)
    ages = validate_ages(ages_months)
    staff = validate_count("staff_present", staff_present)
    roles = _validate_roles(staff_roles, staff)
    in_care = len(ages) if children_in_care is None else validate_count("children_in_care", children_in_care)
    validate_times(minute_of_day, open_minutes, close_minutes)
    counted_roles = counted(roles, rules.roles) if roles is not None else None
    counted_staff = staff if counted_roles is None else sum(counted_roles.values())

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
            counted_staff=counted_staff,
        )

    bands = [band_of(rules, a, toddler_program=toddler_program, kindergarten=kindergarten) for a in ages]
    band = _governing(rules, bands)
    mixed = len({b.key for b in bands}) > 1
    work = Working(band.children_per_staff, band.max_group_size, band.team, [band.citation], [band.source])
    if mixed:
        work.cite(rules.mixed_citation, rules.mixed_source)
    moment = Moment(minute_of_day, open_minutes, close_minutes, in_care, napping)

    apply_opening_closing(rules, ages, moment, work)
    napped = apply_nap(rules, band, moment, work)
    apply_permitted_mixes(rules, ages, mixed, moment, work)
    apply_separations(rules, ages, moment, work)
    apply_infant_mix_limit(rules, ages, moment, work)
    apply_group_cap_waivers(rules, moment, work)
    _apply_role_group_cap(rules, ages, counted_roles, work)
    if rules.size_caveat is not None and in_care <= rules.size_caveat.max_children_in_care:
        work.notes.append(rules.size_caveat.message)
        work.cite(rules.size_caveat.citation, Source.UNVERIFIED)

    min_staff = 0
    if center_policy is not None:
        min_staff = _apply_center_policy(center_policy, work)

    if counted_roles is None:
        required = heads_needed(len(ages), work.per_staff, work.team)
        short = max(0, required - staff)
    else:
        rule = None if napped else rules.roles
        if rule is not None and rule.aides_need_teacher:
            work.cite(rule.citation, rule.source)
        required, short = fewest_needed(counted_roles, band, work.per_staff, work.team, rule, len(ages))
        if counted_staff < staff:
            work.notes.append(
                f"{staff - counted_staff} of the {staff} staff present are not counted in ratio"
            )
    if min_staff:
        required = max(required, min_staff)
        short = max(short, min_staff - counted_staff)

    group_exceeded = work.group_cap is not None and len(ages) > work.group_cap
    if group_exceeded:
        work.violations.append(f"{len(ages)} children exceed the maximum group size of {work.group_cap}")
    if short > 0:
        work.violations.append(_short_message(required, short, counted_staff, work.per_staff, counted_roles))

    check = RatioCheck(
        state=rules.code,
        children=len(ages),
        staff_present=staff,
        required_staff=required,
        compliant=not work.violations,
        citation="; ".join(dict.fromkeys(work.citations)),
        explanation="",
        governing_band=band,
        children_per_staff=work.per_staff,
        max_group_size=work.group_cap,
        group_size_exceeded=group_exceeded,
        mixing_permitted=work.mixing_ok,
        exception_applied="; ".join(work.exceptions) or None,
        violations=tuple(work.violations),
        notes=tuple(work.notes),
        staff_short=short,
        counted_staff=counted_staff,
        source=work.weakest,
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
    kindergarten: bool = False,
    napping: bool = False,
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
        kindergarten=kindergarten,
        napping=napping,
        center_policy=center_policy,
    ).required_staff


def project_required_staff(
    state: str,
    timeline: Sequence[tuple[int, Sequence[int]]],
    *,
    open_minutes: int | None = None,
    close_minutes: int | None = None,
    toddler_program: bool = False,
    kindergarten: bool = False,
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
            kindergarten=kindergarten,
            center_policy=center_policy,
        )
        needs.append(StaffNeed(minute, check.children, check.required_staff, check.ratio, check.citation))
    return needs


# --- internals ----------------------------------------------------------------------------------------------


def _rules(state: str, toddler_program: bool) -> StateRules:
    rules = rules_for(state)
    if toddler_program and rules.toddler_program_band is None:
        raise RatioInputError(
            f"toddler_program applies only to California's licensed toddler component, not {rules.code}"
        )
    return rules


def _validate_roles(staff_roles: Sequence[str] | None, staff: int) -> list[str] | None:
    if staff_roles is None:
        return None
    roles = [r.strip().lower() if isinstance(r, str) else r for r in staff_roles]
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise RatioInputError(f"unknown staff role(s) {unknown!r}; known roles: {', '.join(ROLES)}")
    if len(roles) != staff:
        raise RatioInputError(f"staff_roles lists {len(roles)} people but staff_present is {staff}")
    return roles


def _apply_role_group_cap(
    rules: StateRules, ages: list[int], roles: Counter[str] | None, work: Working
) -> None:
    """Illinois 407.190(b): a teacher aided by an assistant may have up to 30 when every child is 5+."""
    rule = rules.roles
    if rule is None or rule.group_cap is None or roles is None or work.group_cap is None:
        return
    cap = rule.group_cap
    if not has_teacher_and_assistant(roles):
        return
    if min(ages) >= cap.min_age_months and cap.max_group_size > work.group_cap:
        work.group_cap = cap.max_group_size
        work.exceptions.append(f"a teacher aided by an assistant may have up to {cap.max_group_size}")
        work.cite(rule.citation, rule.source)


def _apply_center_policy(policy: CenterRatioPolicy, work: Working) -> int:
    if policy.children_per_staff is not None:
        if policy.children_per_staff < work.per_staff:
            work.notes.append(
                f"center policy 1:{policy.children_per_staff} is stricter than 1:{work.per_staff} and applies"
            )
            work.per_staff, work.team = policy.children_per_staff, None
        elif policy.children_per_staff > work.per_staff:
            work.notes.append(
                f"center policy 1:{policy.children_per_staff} is looser than 1:{work.per_staff} "
                "and is ignored"
            )
    if policy.max_group_size is not None:
        if work.group_cap is None or policy.max_group_size < work.group_cap:
            work.notes.append(f"center maximum group size {policy.max_group_size} applies")
            work.group_cap = policy.max_group_size
        elif policy.max_group_size > work.group_cap:
            work.notes.append(
                f"center maximum group size {policy.max_group_size} is looser than {work.group_cap} "
                "and is ignored"
            )
    min_staff = policy.min_staff or 0
    if min_staff:
        work.notes.append(f"center policy requires at least {min_staff} staff whenever children are present")
    return min_staff


def _short_message(
    required: int, short: int, present: int, per_staff: int, roles: Counter[str] | None
) -> str:
    if roles is None:
        return f"{required} staff required at 1:{per_staff}, {present} present"
    return (
        f"with the {present} counted staff present, {short} more qualified teacher{'s' if short > 1 else ''} "
        f"needed ({required} staff at 1:{per_staff} under the state's role rules)"
    )


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
        f"Applied {check.ratio}, {cap}: {check.required_staff} staff required, {check.counted_staff} counted "
        f"of {check.staff_present} present."
    )
    parts.append("Compliant." if check.compliant else "Not compliant: " + "; ".join(check.violations) + ".")
    parts.append(f"Source: {check.citation}.")
    if check.source is not Source.PRIMARY:
        parts.append(f"Weakest confirmation of the rules applied: {check.source.value}.")
    return RatioCheck(**{**check.__dict__, "explanation": " ".join(parts)})
