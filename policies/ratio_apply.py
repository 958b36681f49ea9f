"""The steps of a ratio check, one small function per kind of rule (used by `policies/ratios.py`).

Each step reads one field of `StateRules` and says what it changed, why, and which section said so; the
public `check_room` strings them together. Kept apart from the public module so each stays readable.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from policies.errors import InvalidInput
from policies.ratio_model import AgeBand, EdgeHours, MixedAgeRule, Source, StateRules, TeamRatio
from policies.ratio_roles import has_teacher_and_assistant
from policies.ratio_tables import MAX_CHILD_AGE_MONTHS

MINUTES_PER_DAY = 24 * 60

_RANK = {Source.PRIMARY: 0, Source.SECONDARY: 1, Source.UNVERIFIED: 2}


class RatioInputError(InvalidInput, ValueError):
    """Bad input to a ratio check (negative counts, impossible ages or times, bad center policy)."""


@dataclass(frozen=True)
class Moment:
    """When the check is made, and the facts about the day it needs."""

    minute: int | None
    open_: int | None
    close: int | None
    children_in_care: int
    napping: bool
    licensed_capacity: int | None = None

    def in_edge(self, edge: EdgeHours) -> bool:
        """Inside the first or last `edge.window_minutes` of a day at least `edge.min_open_minutes` long."""
        if self.minute is None or self.open_ is None or self.close is None:
            return False
        if self.close - self.open_ < edge.min_open_minutes:
            return False
        return in_window(self.minute, self.open_, self.close, edge.window_minutes)


@dataclass
class Working:
    """What the check has decided so far: the ratio, cap and team applied, and what it found."""

    per_staff: int
    group_cap: int | None
    team: TeamRatio | None
    citations: list[str]
    sources: list[Source]
    exceptions: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    mixing_ok: bool = True

    def cite(self, citation: str, source: Source) -> None:
        self.citations.append(citation)
        self.sources.append(source)

    @property
    def weakest(self) -> Source:
        return max(self.sources, key=_RANK.__getitem__)


def in_window(minute: int, open_: int, close: int, window: int) -> bool:
    return open_ <= minute < open_ + window or close - window <= minute < close


# --- bands -------------------------------------------------------------------------------------------


def band_of(
    rules: StateRules, age: int, *, toddler_program: bool, kindergarten: bool, half_day: bool = False
) -> AgeBand:
    """The band a child of `age` months falls in, program variants first."""
    if rules.age_limit_months is not None and age >= rules.age_limit_months:
        raise RatioInputError(f"{rules.code}: {rules.age_limit_message} (child aged {age} months)")
    if (
        toddler_program
        and rules.toddler_program_band is not None
        and rules.toddler_program_band.contains(age)
    ):
        return rules.toddler_program_band
    if half_day and rules.half_day is not None:
        for band in rules.half_day.bands:
            if band.contains(age):
                return band
    if kindergarten:
        for band in rules.kindergarten_bands:
            if band.contains(age):
                return band
    for band in rules.bands:
        if band.contains(age):
            return band
    raise AssertionError(f"{rules.code} table does not cover age {age} months")  # tables are contiguous


def governing_band(
    rules: StateRules, bands: Sequence[AgeBand], ages: Sequence[int] = (), *, edge: bool = False
) -> AgeBand:
    """The band whose ratio and group size apply to the group, by the state's mixed-age rule.

    `ages` are the children's ages (the combined-groups rule needs them); `edge` says the moment is in
    the day's first or last minutes where the state allows more combinations."""
    youngest = min(bands, key=lambda b: b.min_months)
    if rules.mixed_rule is MixedAgeRule.YOUNGEST:
        return _one_younger_exception(rules, bands, youngest)
    if rules.mixed_rule is MixedAgeRule.COMBINED_GROUPS:
        if len({b.key for b in bands}) == 1:
            return bands[0]  # one age group: its own row (Tennessee's Chart 1)
        return _combined_group(rules, ages or [b.min_months for b in bands], edge, youngest)
    if rules.mixed_rule is MixedAgeRule.COUNTED_YOUNGER:
        return _counted_mix(rules, bands, youngest)
    counts = Counter(b.key for b in bands)
    by_key = {b.key: b for b in bands}
    if rules.mixed_rule is MixedAgeRule.LARGEST_GROUP_WHEN_ALL_TWO_PLUS:
        if youngest.min_months < 24:
            return youngest
    elif rules.mixed_rule is MixedAgeRule.PREDOMINANT_AGE and (
        youngest.min_months < 12 or not _contiguous(rules, set(counts))
    ):
        return youngest
    # Largest age group; a tie goes to the younger (stricter) group.
    key = max(counts, key=lambda k: (counts[k], -by_key[k].min_months))
    return by_key[key]


def _one_younger_exception(rules: StateRules, bands: Sequence[AgeBand], youngest: AgeBand) -> AgeBand:
    """Ohio 5104.033(B)(1): one child of 30+ months among children all in the next older band."""
    floor = rules.one_younger_child_from_months
    if floor is None:
        return youngest
    younger = [b for b in bands if b.key == youngest.key]
    others = {b.key: b for b in bands if b.key != youngest.key}
    if len(younger) != 1 or len(others) != 1 or youngest.min_months < floor:
        return youngest
    (older,) = others.values()
    return older if older.min_months == youngest.max_months else youngest


def _combined_group(rules: StateRules, ages: Sequence[int], edge: bool, youngest: AgeBand) -> AgeBand:
    """Tennessee 1240-04-01-.22(1)(c): the narrowest chart row holding every child (ties: stricter)."""
    combined = rules.combined
    rows = [*rules.bands, *(combined.groups if combined is not None else ())]
    if edge and combined is not None:
        rows.extend(combined.edge_groups)
    fits = [r for r in rows if all(r.holds(a) for a in ages)]
    if not fits:
        return youngest
    return min(
        fits,
        key=lambda r: (
            r.width,
            r.children_per_staff,
            r.max_group_size if r.max_group_size is not None else math.inf,
        ),
    )


def _counted_mix(rules: StateRules, bands: Sequence[AgeBand], youngest: AgeBand) -> AgeBand:
    """Missouri 5 CSR 25-500.112(1)(A) Types 1 and 2: two-year-olds with older children only."""
    mix = rules.counted_mix
    keys = Counter(b.key for b in bands)
    if (
        mix is None
        or mix.young_key not in keys
        or len(keys) == 1
        or not set(keys) <= {mix.young_key, *mix.older_keys}
    ):
        return youngest
    return mix.within if keys[mix.young_key] <= mix.max_young else mix.over


def _contiguous(rules: StateRules, keys: set[str]) -> bool:
    order = [b.key for b in rules.bands]
    positions = sorted(order.index(k) for k in keys if k in order)
    return all(b - a == 1 for a, b in itertools.pairwise(positions))


# --- time-of-day and grouping exceptions --------------------------------------------------------------------


def apply_opening_closing(rules: StateRules, ages: list[int], moment: Moment, work: Working) -> None:
    """Texas 746.1615: 1:16 for children 18 months and older in the first and last 45 minutes."""
    allowance = rules.opening_closing
    if (
        allowance is not None
        and moment.in_edge(EdgeHours(allowance.window_minutes, 0))
        and min(ages) >= allowance.min_age_months
        and moment.children_in_care >= allowance.min_children_in_care
        and allowance.children_per_staff > work.per_staff
    ):
        work.per_staff, work.team = allowance.children_per_staff, None
        work.exceptions.append(
            f"1:{allowance.children_per_staff} allowed in the first and last "
            f"{allowance.window_minutes} minutes"
        )
        work.cite(allowance.citation, allowance.source)


def apply_nap(rules: StateRules, band: AgeBand, moment: Moment, work: Working) -> bool:
    """A looser ratio (or no group cap) while the children nap; True when a nap ratio was applied."""
    nap = rules.nap
    if nap is None or not moment.napping:
        return False
    applied = False
    entry = next((r for r in nap.ratios if r.contains(band.min_months)), None)
    if entry is not None and entry.children_per_staff > work.per_staff:
        work.per_staff, work.team, applied = entry.children_per_staff, None, True
        work.exceptions.append(f"nap time: 1:{entry.children_per_staff} provided {nap.condition}")
    if nap.group_cap_waived and work.group_cap is not None:
        work.group_cap = None
        work.exceptions.append(f"nap time: no group-size limit ({nap.condition})")
    if applied or nap.group_cap_waived:
        work.cite(nap.citation, nap.source)
    return applied


def apply_permitted_mixes(
    rules: StateRules, ages: list[int], mixed: bool, moment: Moment, work: Working
) -> None:
    """Illinois 407.190(d): only listed age spans may share a group, any ages in the edge hours."""
    mixes = rules.permitted_mixes
    if mixes is None or not mixed:
        return
    low, high = min(ages), max(ages)
    if any(low >= lo and (hi is None or high < hi) for lo, hi in mixes.windows):
        return
    if mixes.any_mix is not None and moment.in_edge(mixes.any_mix):
        work.exceptions.append(
            f"any ages may mix in the first and last {mixes.any_mix.window_minutes} minutes"
        )
    else:
        work.mixing_ok = False
        edge = mixes.any_mix
        when = (
            ""
            if edge is None
            else f" outside the first and last hour of a program open {edge.min_open_minutes // 60}+ hours"
        )
        work.violations.append(f"ages {low} to {high} months may not share a group{when} ({mixes.citation})")
    work.cite(mixes.citation, mixes.source)


def apply_separations(rules: StateRules, ages: list[int], moment: Moment, work: Working) -> None:
    """Age spans that must be kept apart (North Carolina .0713(a)(5)-(6), Arizona R9-5-404(C)(3))."""
    for sep in rules.separations:
        young = [a for a in ages if sep.young_min_months <= a < sep.young_max_months]
        older = [a for a in ages if a >= sep.older_from_months]
        if not young or not older or moment.children_in_care < sep.min_children_in_care:
            continue
        if sep.lifted_in is not None and moment.in_edge(sep.lifted_in):
            work.exceptions.append(
                f"ages may be together in the first and last {sep.lifted_in.window_minutes} minutes"
            )
        else:
            work.mixing_ok = False
            work.violations.append(
                f"children aged {sep.young_min_months}-{sep.young_max_months - 1} months may not share a "
                f"group with children of {sep.older_from_months} months and older ({sep.citation})"
            )
        work.cite(sep.citation, sep.source)


def apply_infant_mix_limit(rules: StateRules, ages: list[int], moment: Moment, work: Working) -> None:
    """Texas 746.1605: infants only with children at most 18 months older than the youngest."""
    limit = rules.infant_mix_limit
    if (
        limit is not None
        and min(ages) < limit.infant_below_months
        and max(ages) - min(ages) > limit.max_spread_months
        and moment.children_in_care >= limit.min_children_in_care
    ):
        work.mixing_ok = False
        work.violations.append(
            f"infants may not be grouped with children more than {limit.max_spread_months} months older than "
            f"the youngest (ages {min(ages)} to {max(ages)} months; {limit.citation})"
        )
        work.cite(limit.citation, limit.source)


def apply_group_cap_waivers(rules: StateRules, moment: Moment, work: Working) -> None:
    """Times when the group-size cap is lifted (Virginia's first and last hour)."""
    for waiver in rules.group_cap_waivers:
        if work.group_cap is not None and moment.in_edge(waiver.edge):
            work.group_cap = None
            work.exceptions.append(
                f"no group-size limit in the first and last {waiver.edge.window_minutes} minutes"
            )
            work.cite(waiver.citation, waiver.source)


def apply_small_center(rules: StateRules, moment: Moment, work: Working) -> None:
    """Georgia 591-1-1-.32(1): no group-size cap in a center licensed for 18 or fewer children."""
    rule = rules.small_center
    if (
        rule is None
        or moment.licensed_capacity is None
        or moment.licensed_capacity > rule.max_licensed_capacity
        or not rule.group_cap_waived
        or work.group_cap is None
    ):
        return
    work.group_cap = None
    work.exceptions.append(
        f"no group-size limit in a center licensed for {rule.max_licensed_capacity} or fewer children"
    )
    work.cite(rule.citation, rule.source)


def apply_role_group_cap(
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


# --- validation --------------------------------------------------------------------------------------


def validate_ages(ages_months: Sequence[int]) -> list[int]:
    ages = list(ages_months)
    for age in ages:
        if isinstance(age, bool) or not isinstance(age, int):
            raise RatioInputError(f"child ages must be whole months, got {age!r}")
        if age < 0:
            raise RatioInputError(f"child ages cannot be negative, got {age} months")
        if age >= MAX_CHILD_AGE_MONTHS:
            raise RatioInputError(f"age {age} months is 18 years or older; check the child's birth date")
    return ages


def validate_count(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RatioInputError(f"{name} must be a whole number, got {value!r}")
    if value < 0:
        raise RatioInputError(f"{name} cannot be negative, got {value}")
    return value


def validate_times(minute: int | None, open_: int | None, close: int | None) -> None:
    for name, value in (("minute_of_day", minute), ("open_minutes", open_), ("close_minutes", close)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MINUTES_PER_DAY
        ):
            raise RatioInputError(
                f"{name} must be minutes from midnight (0 to {MINUTES_PER_DAY}), got {value!r}"
            )
    if open_ is not None and close is not None and open_ >= close:
        raise RatioInputError(f"open_minutes ({open_}) must be before close_minutes ({close})")


def heads_needed(children: int, per_staff: int, team: TeamRatio | None) -> int:
    """Fewest staff for `children` at 1:per_staff, using the team ratio where it allows more."""
    if team is None:
        return math.ceil(children / per_staff)
    staff = 0
    while (
        staff * per_staff < children
        and (staff // team.staff) * team.children + (staff % team.staff) * per_staff < children
    ):
        staff += 1
    return staff
