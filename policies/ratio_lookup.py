"""Which table applies, and which band a child or a group falls in (no staff involved).

Kept apart from the check itself (`policies/ratios.py`) because the agents and the sandbox ask these
questions on their own: is a state encoded, does its ratio depend on staff roles, which band governs a
room of these ages under the state's mixed-age rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

from policies.ratio_apply import RatioInputError, band_of, validate_ages
from policies.ratio_apply import governing_band as _governing
from policies.ratio_model import AgeBand, EdgeHours, StateRules
from policies.ratio_tables import RULES


class UnsupportedState(RatioInputError):
    """The state has no ratio table here; the message lists the supported ones."""

    code = "unsupported_state"


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


def rules_with_program(state: str, toddler_program: bool) -> StateRules:
    """`rules_for`, refusing California's toddler-program flag for any other state."""
    rules = rules_for(state)
    if toddler_program and rules.toddler_program_band is None:
        raise RatioInputError(
            f"toddler_program applies only to California's licensed toddler component, not {rules.code}"
        )
    return rules


def role_dependent(state: str) -> bool:
    """Whether `state`'s ratio depends on staff roles (so a caller should pass `staff_roles`)."""
    return rules_for(state).roles is not None


def time_windows(state: str) -> tuple[int, ...]:
    """The lengths of every first-and-last-minutes window a rule of ``state`` has (Texas's 45 minutes,
    Illinois's hour, Tennessee's 90 minutes), sorted: the only way the time of day enters a check."""
    rules = rules_for(state)
    edges = [e for e in (rules.combined.edge if rules.combined is not None else None,) if e is not None]
    if rules.opening_closing is not None:
        edges.append(EdgeHours(rules.opening_closing.window_minutes, 0))
    if rules.permitted_mixes is not None and rules.permitted_mixes.any_mix is not None:
        edges.append(rules.permitted_mixes.any_mix)
    edges += [s.lifted_in for s in rules.separations if s.lifted_in is not None]
    edges += [w.edge for w in rules.group_cap_waivers]
    return tuple(sorted({e.window_minutes for e in edges}))


@lru_cache(maxsize=4096)
def time_edges(state: str, open_minutes: int, close_minutes: int) -> tuple[int, ...]:
    """The minutes of a day where a time-of-day rule of ``state`` starts or stops applying: opening,
    closing, and each window's end after opening and start before closing, sorted.

    Between two consecutive edges every minute gets the same verdict from `check_room` (the time of day
    enters it only through `Moment.in_edge`), so a caller may judge a whole stretch at one minute of it.
    An unsupported state has only opening and closing (the check itself reports the state).
    """
    try:
        windows = time_windows(state)
    except UnsupportedState:
        windows = ()
    points = {open_minutes, close_minutes}
    for window in windows:
        points |= {open_minutes + window, close_minutes - window}
    return tuple(sorted(points))


def band_for_age(
    state: str, age_months: int, *, toddler_program: bool = False, kindergarten: bool = False
) -> AgeBand:
    """The band a child of this age falls in under ``state``'s table."""
    rules = rules_with_program(state, toddler_program)
    age = validate_ages([age_months])[0]
    return band_of(rules, age, toddler_program=toddler_program, kindergarten=kindergarten)


def most_restrictive_band(
    state: str, ages_months: Sequence[int], *, toddler_program: bool = False, kindergarten: bool = False
) -> AgeBand | None:
    """The band of the children present with the fewest children per staff (the room's hardest need).

    Ties go to the smaller group cap, then the younger band. None for an empty room.
    """
    rules = rules_with_program(state, toddler_program)
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
    rules = rules_with_program(state, toddler_program)
    ages = validate_ages(ages_months)
    if not ages:
        return None
    return _governing(
        rules,
        [band_of(rules, a, toddler_program=toddler_program, kindergarten=kindergarten) for a in ages],
        ages,
    )
