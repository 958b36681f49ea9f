"""Staff-to-child ratio checks for one room, by state (or city, or the NAEYC standard).

The ratio agent and the guardrails ask one question: given the children in a room (ages in whole months)
and the staff present, how many staff does the rule require, and is the room compliant? The numbers live
in `policies/ratio_states/` (collected by `policies/ratio_tables.py`); this module applies them through
the steps in `policies/ratio_apply.py`. It is also the one public door: the lookups
(`policies/ratio_lookup.py`), the center policy (`policies/ratio_center_policy.py`) and the verdict's
shape (`policies/ratio_verdict.py`) live in modules of their own and are re-exported here.

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
  (the stricter reading) unless `kindergarten=True`. Likewise a half-day program's looser table
  (Massachusetts) applies only with `half_day=True`, and a rule for small centers (Georgia's 18 or
  fewer) only with the center's `licensed_capacity`; the result notes the conditions the rules set.
- `state="NY"` with the center's `city` or `postal_code` in New York City checks against NYC's own
  Health Code (`policies.ratio_jurisdiction`); `"NYC"` may also be passed directly.
- A center may configure a STRICTER policy (`CenterRatioPolicy`). A looser value never loosens the state
  rule: it is ignored, and `notes` and `explanation` say so.
"""

from __future__ import annotations

from collections.abc import Sequence

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
    apply_role_group_cap,
    apply_separations,
    apply_small_center,
    band_of,
    heads_needed,
    validate_ages,
    validate_count,
    validate_times,
)
from policies.ratio_apply import governing_band as _governing
from policies.ratio_center_policy import CenterRatioPolicy, apply_center_policy
from policies.ratio_jurisdiction import jurisdiction
from policies.ratio_lookup import (
    UnsupportedState,
    band_for_age,
    governing_band,
    most_restrictive_band,
    role_dependent,
    rules_for,
    rules_with_program,
    supported_states,
    time_edges,
)
from policies.ratio_model import Source
from policies.ratio_roles import ROLES, counted, fewest_needed
from policies.ratio_verdict import RatioCheck, StaffNeed, short_message, with_explanation

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
    "time_edges",
]


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
    half_day: bool = False,
    licensed_capacity: int | None = None,
    city: object = None,
    postal_code: object = None,
    center_policy: CenterRatioPolicy | None = None,
) -> RatioCheck:
    """Check one room against the ratio, group size, mixed-age and role rules that govern it.

    ``staff_roles`` gives one role per person present (``len == staff_present``). ``minute_of_day``,
    ``open_minutes`` and ``close_minutes`` are minutes from midnight (Procare's form). ``children_in_care``
    is the whole center's headcount (defaults to this room's), used by Texas's 13-or-more rules and
    Arizona's six-or-more. ``toddler_program`` is California's licensed toddler component;
    ``kindergarten`` says the five-year-olds are a kindergarten class; ``napping`` that the children nap;
    ``half_day`` that the room is a half-day program (Massachusetts's half-day table);
    ``licensed_capacity`` the center's licensed capacity (Georgia's rule for 18 or fewer).
    """
    rules = rules_with_program(jurisdiction(state, city=city, postal_code=postal_code), toddler_program)
    ages = validate_ages(ages_months)
    staff = validate_count("staff_present", staff_present)
    roles = _validate_roles(staff_roles, staff)
    in_care = len(ages) if children_in_care is None else validate_count("children_in_care", children_in_care)
    capacity = None if licensed_capacity is None else validate_count("licensed_capacity", licensed_capacity)
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

    bands = [
        band_of(rules, a, toddler_program=toddler_program, kindergarten=kindergarten, half_day=half_day)
        for a in ages
    ]
    moment = Moment(minute_of_day, open_minutes, close_minutes, in_care, napping, capacity)
    edge = (
        rules.combined is not None and rules.combined.edge is not None and moment.in_edge(rules.combined.edge)
    )
    band = _governing(rules, bands, ages, edge=edge)
    mixed = len({b.key for b in bands}) > 1
    work = Working(band.children_per_staff, band.max_group_size, band.team, [band.citation], [band.source])
    if mixed:
        work.cite(rules.mixed_citation, rules.mixed_source)
    if half_day:
        work.notes.append(
            f"half-day program: {rules.half_day.condition}"
            if rules.half_day is not None
            else f"{rules.code} has no half-day table encoded; the full-day table applies"
        )

    apply_opening_closing(rules, ages, moment, work)
    napped = apply_nap(rules, band, moment, work)
    apply_permitted_mixes(rules, ages, mixed, moment, work)
    apply_separations(rules, ages, moment, work)
    apply_infant_mix_limit(rules, ages, moment, work)
    apply_group_cap_waivers(rules, moment, work)
    apply_small_center(rules, moment, work)
    apply_role_group_cap(rules, ages, counted_roles, work)
    if rules.size_caveat is not None and in_care <= rules.size_caveat.max_children_in_care:
        work.notes.append(rules.size_caveat.message)
        work.cite(rules.size_caveat.citation, Source.UNVERIFIED)

    min_staff = 0
    if center_policy is not None:
        min_staff = apply_center_policy(center_policy, work)

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
        work.violations.append(short_message(required, short, counted_staff, work.per_staff, counted_roles))

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
    return with_explanation(check, rules, ages, mixed)


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
    half_day: bool = False,
    licensed_capacity: int | None = None,
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
        half_day=half_day,
        licensed_capacity=licensed_capacity,
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
