"""Staff-to-child ratio rules: worked cases from each cited regulation, plus the center-policy guarantees."""

from __future__ import annotations

import itertools
import random

import pytest

from policies.errors import InvalidInput
from policies.ratio_tables import RULES
from policies.ratios import (
    CenterRatioPolicy,
    RatioCheck,
    RatioInputError,
    UnsupportedState,
    band_for_age,
    check_room,
    governing_band,
    most_restrictive_band,
    project_required_staff,
    required_staff,
    supported_states,
)

# Texas center open 6:30 to 18:30 (minutes from midnight, as Procare stores them).
TX_OPEN, TX_CLOSE = 390, 1110
# Illinois program open 7:00 to 18:00 (11 hours) and a shorter one, 8:00 to 17:00 (9 hours).
IL_OPEN, IL_CLOSE = 420, 1080
IL_SHORT_OPEN, IL_SHORT_CLOSE = 480, 1020


# --- contract -------------------------------------------------------------------------------------------


def test_contract_attributes_and_types() -> None:
    check = check_room("TX", [6, 7, 8, 9, 10], 1)
    assert isinstance(check, RatioCheck)
    assert isinstance(check.required_staff, int) and check.required_staff == 2
    assert isinstance(check.compliant, bool) and check.compliant is False
    assert isinstance(check.citation, str) and "746.1601" in check.citation
    assert check.children == 5
    assert check.max_group_size == 10
    assert check.group_size_exceeded is False
    assert check.governing_band is not None and check.governing_band.key == "0_11m"
    assert check.ratio == "1:4"
    assert check.staff_short == 1
    assert "1:4" in check.explanation and "Not compliant" in check.explanation


def test_supported_states_listed() -> None:
    assert supported_states() == (
        *("AZ", "CA", "FL", "GA", "IL", "MA", "MI", "MN", "MO", "MT", "NAEYC", "NC"),
        *("NJ", "NY", "NYC", "OH", "PA", "TN", "TX", "VA", "WA"),
    )


@pytest.mark.parametrize("state", ["OR", "", "DC", "Texas"])
def test_unknown_state_is_a_clear_value_error(state: str) -> None:
    with pytest.raises(UnsupportedState) as info:
        check_room(state, [24], 1)
    assert isinstance(info.value, ValueError) and isinstance(info.value, InvalidInput)
    for code in supported_states():
        assert code in str(info.value)


@pytest.mark.parametrize("state", [" tx ", "naeyc", "Ny"])
def test_state_code_is_case_and_space_insensitive(state: str) -> None:
    assert check_room(state, [30], 1).state == state.strip().upper()


@pytest.mark.parametrize("state", sorted(RULES))
def test_empty_room_needs_no_staff(state: str) -> None:
    check = check_room(state, [], 0)
    assert check.required_staff == 0 and check.compliant and check.citation
    assert check.governing_band is None and check.ratio is None


@pytest.mark.parametrize(
    ("ages", "staff", "message"),
    [
        ([12], -1, "negative"),
        ([-1], 1, "negative"),
        ([12.5], 1, "whole months"),
        ([True], 1, "whole months"),
        ([216], 1, "18 years"),
        ([12], 1.0, "whole number"),
    ],
)
def test_bad_counts_and_ages_are_refused(ages: list[int], staff: int, message: str) -> None:
    with pytest.raises(RatioInputError, match=message):
        check_room("TX", ages, staff)


@pytest.mark.parametrize(
    ("minute", "open_", "close", "message"),
    [(-5, 400, 1000, "minute_of_day"), (500, 1000, 400, "before"), (500, 400, 1441, "close_minutes")],
)
def test_bad_times_are_refused(minute: int, open_: int, close: int, message: str) -> None:
    with pytest.raises(RatioInputError, match=message):
        check_room("TX", [24], 1, minute_of_day=minute, open_minutes=open_, close_minutes=close)


@pytest.mark.parametrize("state", sorted(RULES))
def test_tables_are_contiguous_and_cited(state: str) -> None:
    bands = RULES[state].bands
    assert bands[0].min_months == 0 and bands[-1].max_months == RULES[state].age_limit_months
    for lower, upper in itertools.pairwise(bands):
        assert lower.max_months == upper.min_months
    assert all(b.children_per_staff > 0 and b.citation for b in bands)


# --- pure age bands at their edges ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "age", "ratio", "cap"),
    [
        # Texas 26 TAC 746.1601 / 746.1609
        ("TX", 0, 4, 10),
        ("TX", 11, 4, 10),
        ("TX", 12, 5, 13),
        ("TX", 17, 5, 13),
        ("TX", 18, 9, 18),
        ("TX", 23, 9, 18),
        ("TX", 24, 11, 22),
        ("TX", 35, 11, 22),
        ("TX", 36, 15, 30),
        ("TX", 48, 18, 35),
        ("TX", 71, 22, 35),
        ("TX", 72, 26, 35),
        # New York 18 NYCRR 418-1.8
        ("NY", 1, 3, 6),
        ("NY", 2, 4, 8),
        ("NY", 17, 4, 8),
        ("NY", 18, 5, 12),
        ("NY", 35, 5, 12),
        ("NY", 36, 7, 18),
        ("NY", 48, 8, 21),
        ("NY", 60, 9, 24),
        ("NY", 72, 10, 20),
        ("NY", 119, 10, 20),
        ("NY", 120, 15, 30),
        # Florida 402.305(4): no group-size cap
        ("FL", 11, 4, None),
        ("FL", 12, 6, None),
        ("FL", 23, 6, None),
        ("FL", 24, 11, None),
        ("FL", 36, 15, None),
        ("FL", 59, 20, None),
        ("FL", 60, 25, None),
        # Illinois 407.190(a)
        ("IL", 14, 4, 12),
        ("IL", 15, 5, 15),
        ("IL", 24, 8, 16),
        ("IL", 36, 10, 20),
        ("IL", 59, 10, 20),
        ("IL", 60, 20, 20),
        # California Title 22: 101416.5 sets no infant group size (the "12" is its aide-supervision clause)
        ("CA", 23, 4, None),
        ("CA", 24, 12, None),
        ("CA", 71, 12, None),
        ("CA", 72, 14, None),
        # NAEYC 2018
        ("NAEYC", 15, 4, 8),
        ("NAEYC", 16, 6, 12),
        ("NAEYC", 36, 10, 20),
        ("NAEYC", 60, 10, 20),  # a five-year-old not in kindergarten is preschool (NAEYC 2018)
        ("NAEYC", 72, 15, 30),
    ],
)
def test_band_edges(state: str, age: int, ratio: int, cap: int | None) -> None:
    band = band_for_age(state, age)
    assert (band.children_per_staff, band.max_group_size) == (ratio, cap)
    check = check_room(state, [age] * ratio, 1)
    assert check.compliant, check.explanation
    over = check_room(state, [age] * (ratio + 1), 1)
    assert over.required_staff == 2 and not over.compliant


@pytest.mark.parametrize(
    ("state", "ages", "staff", "required", "exceeded", "compliant"),
    [
        ("TX", [6] * 10, 3, 3, False, True),  # 10 infants: 3 caregivers, at the cap of 10
        ("TX", [6] * 11, 3, 3, True, False),  # 11th infant breaks the group cap
        ("TX", [14] * 13, 3, 3, False, True),
        ("TX", [30] * 23, 3, 3, True, False),  # 2-year-olds capped at 22
        ("NY", [10] * 9, 3, 3, True, False),  # NY infants capped at 8
        ("NY", [40] * 18, 3, 3, False, True),
        ("FL", [60] * 100, 4, 4, False, True),  # Florida: ratio only, no cap
        ("IL", [62] * 21, 2, 2, True, False),  # IL 5-year-olds: ratio and cap both 20
        ("CA", [10] * 13, 4, 4, False, True),  # 101416.5: 1:4 and no infant group-size cap
        ("CA", [40] * 25, 3, 3, False, True),
        ("CA", [90] * 28, 2, 2, False, True),
        ("NAEYC", [10] * 9, 3, 3, True, False),
    ],
)
def test_worked_rooms(
    state: str, ages: list[int], staff: int, required: int, exceeded: bool, compliant: bool
) -> None:
    check = check_room(state, ages, staff)
    assert (check.required_staff, check.group_size_exceeded, check.compliant) == (
        required,
        exceeded,
        compliant,
    )


# --- mixed ages, each state's own rule ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "ages", "band_key", "required"),
    [
        ("NY", [20] + [40] * 7, "18_36m", 2),  # one toddler: the whole room at 1:5
        ("NY", [10, 40], "6w_18m", 1),
        ("IL", [30] + [40] * 9, "2y", 2),  # one 2-year-old: 1:8 for all ten (407.190(c))
        ("TX", [30] + [50] * 17, "2y", 2),
        ("CA", [12, 40], "infant", 1),
        ("CA", [72] * 14 + [100] * 14, "school_age", 2),
        ("NAEYC", [14, 40], "infant", 1),
        ("FL", [30] * 3 + [50] * 10, "4y", 1),  # all 2+: largest group (4s) at 1:20, not the youngest
        ("FL", [30] * 6 + [40] * 6, "2y", 2),  # tie between groups: the younger one
        ("FL", [18] + [50] * 10, "1y", 2),  # a child under 2: youngest governs
    ],
)
def test_mixed_age_rules(state: str, ages: list[int], band_key: str, required: int) -> None:
    check = check_room(state, ages, required)
    assert check.governing_band is not None and check.governing_band.key == band_key
    assert check.required_staff == required and check.compliant


def test_mixed_youngest_rule_can_make_a_room_non_compliant() -> None:
    check = check_room("NY", [20] + [40] * 7, 1)
    assert not check.compliant and check.required_staff == 2
    assert "youngest" in check.citation


@pytest.mark.parametrize(
    ("ages", "children_in_care", "permitted"),
    [
        ([8, 26], 40, True),  # oldest exactly 18 months older than the youngest infant
        ([8, 27], 40, False),
        ([8, 27], None, True),  # 12 or fewer children in care: the separation rule does not apply
        ([8, 27], 12, True),
        ([20, 60], 40, True),  # no infant (under 18 months) in the group
    ],
)
def test_texas_infant_mixing(ages: list[int], children_in_care: int | None, permitted: bool) -> None:
    check = check_room("TX", ages, 2, children_in_care=children_in_care)
    assert check.mixing_permitted is permitted and check.compliant is permitted


@pytest.mark.parametrize(
    ("ages", "minute", "open_", "close", "permitted"),
    [
        ([10, 30], 720, IL_OPEN, IL_CLOSE, True),  # infants with 2s: always allowed
        ([30, 50, 70], 720, IL_OPEN, IL_CLOSE, True),  # 2s through 5s
        ([50, 80], 720, IL_OPEN, IL_CLOSE, True),  # 4s through 6s
        ([10, 40], 720, IL_OPEN, IL_CLOSE, False),  # infant with a 3-year-old at noon
        ([10, 40], IL_OPEN + 30, IL_OPEN, IL_CLOSE, True),  # first hour of an 11-hour program
        ([10, 40], IL_CLOSE - 30, IL_OPEN, IL_CLOSE, True),  # last hour
        ([10, 40], IL_OPEN + 60, IL_OPEN, IL_CLOSE, False),  # the hour is over
        ([10, 40], IL_SHORT_OPEN + 30, IL_SHORT_OPEN, IL_SHORT_CLOSE, False),  # program open only 9 hours
        ([10, 40], None, None, None, False),  # time of day unknown
    ],
)
def test_illinois_permitted_mixes(
    ages: list[int], minute: int | None, open_: int | None, close: int | None, permitted: bool
) -> None:
    check = check_room("IL", ages, 3, minute_of_day=minute, open_minutes=open_, close_minutes=close)
    assert check.mixing_permitted is permitted and check.compliant is permitted
    assert check.governing_band is not None and check.governing_band.children_per_staff == min(
        band_for_age("IL", a).children_per_staff for a in ages
    )


def test_illinois_first_hour_mix_still_uses_youngest_ratio() -> None:
    check = check_room(
        "IL", [10] + [40] * 4, 1, minute_of_day=IL_OPEN, open_minutes=IL_OPEN, close_minutes=IL_CLOSE
    )
    assert check.exception_applied and check.required_staff == 2 and not check.compliant


# --- Texas first and last 45 minutes (746.1615) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("ages", "minute", "children_in_care", "required"),
    [
        ([20] * 16, TX_OPEN, None, 1),
        ([20] * 16, TX_OPEN + 44, None, 1),
        ([20] * 16, TX_OPEN + 45, None, 2),
        ([20] * 16, TX_CLOSE - 45, None, 1),
        ([20] * 16, TX_CLOSE - 46, None, 2),
        ([20] * 16, TX_CLOSE, None, 2),  # closed: no allowance
        ([17] + [20] * 12, TX_OPEN, None, 3),  # a child under 18 months: 1:5 for all 13, no allowance
        ([30] * 12, TX_OPEN, None, 2),  # only 12 children in care
        ([30] * 12, TX_OPEN, 40, 1),  # 12 in this room, 40 in the center
        ([65] * 22, TX_OPEN, None, 1),  # 5-year-olds stay at 1:22, never tightened to 1:16
    ],
)
def test_texas_opening_and_closing(
    ages: list[int], minute: int, children_in_care: int | None, required: int
) -> None:
    check = check_room(
        "TX",
        ages,
        required,
        minute_of_day=minute,
        open_minutes=TX_OPEN,
        close_minutes=TX_CLOSE,
        children_in_care=children_in_care,
    )
    assert check.required_staff == required and check.compliant


def test_texas_allowance_needs_opening_hours_and_keeps_group_cap() -> None:
    assert check_room("TX", [20] * 16, 1, minute_of_day=TX_OPEN).required_staff == 2
    capped = check_room(
        "TX", [20] * 19, 2, minute_of_day=TX_OPEN, open_minutes=TX_OPEN, close_minutes=TX_CLOSE
    )
    assert capped.exception_applied and capped.group_size_exceeded and not capped.compliant
    assert "746.1615" in capped.citation


# --- California toddler program ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ages", "toddler_program", "required"),
    [([20] * 12, True, 2), ([20] * 12, False, 3), ([30] * 7, True, 2), ([30] * 7, False, 1)],
)
def test_california_toddler_program(ages: list[int], toddler_program: bool, required: int) -> None:
    assert required_staff("CA", ages, toddler_program=toddler_program) == required


def test_toddler_program_is_california_only() -> None:
    with pytest.raises(RatioInputError, match="California"):
        check_room("TX", [20], 1, toddler_program=True)


# --- center policy: stricter wins, looser never loosens ----------------------------------------------------


@pytest.mark.parametrize(
    ("state", "ages", "policy", "required", "exceeded"),
    [
        ("TX", [40] * 15, CenterRatioPolicy(children_per_staff=10), 2, False),  # stricter ratio applies
        ("TX", [6] * 6, CenterRatioPolicy(children_per_staff=6), 2, False),  # looser ratio ignored
        ("TX", [40] * 9, CenterRatioPolicy(max_group_size=8), 1, True),  # stricter cap applies
        ("NY", [10] * 9, CenterRatioPolicy(max_group_size=12), 3, True),  # looser cap ignored
        ("FL", [60] * 30, CenterRatioPolicy(max_group_size=24), 2, True),  # cap where the state has none
        ("NAEYC", [40], CenterRatioPolicy(min_staff=2), 2, False),  # two adults in every room
    ],
)
def test_center_policy(
    state: str, ages: list[int], policy: CenterRatioPolicy, required: int, exceeded: bool
) -> None:
    check = check_room(state, ages, required, center_policy=policy)
    assert (check.required_staff, check.group_size_exceeded) == (required, exceeded)
    assert check.notes and all(n in check.explanation for n in check.notes)


def test_looser_policy_is_reported_as_ignored() -> None:
    check = check_room("TX", [6] * 6, 1, center_policy=CenterRatioPolicy(children_per_staff=6))
    assert not check.compliant and check.ratio == "1:4"
    assert any("ignored" in n for n in check.notes)


def test_center_policy_cannot_exceed_the_texas_opening_allowance() -> None:
    def at_opening(policy: CenterRatioPolicy | None) -> int:
        return required_staff(
            "TX",
            [30] * 16,
            minute_of_day=TX_OPEN,
            open_minutes=TX_OPEN,
            close_minutes=TX_CLOSE,
            center_policy=policy,
        )

    assert at_opening(CenterRatioPolicy(children_per_staff=9)) == 2
    assert at_opening(None) == 1


def test_min_staff_policy_does_not_staff_an_empty_room() -> None:
    assert check_room("CA", [], 0, center_policy=CenterRatioPolicy(min_staff=2)).required_staff == 0


@pytest.mark.parametrize(
    "kwargs",
    [{"children_per_staff": 0}, {"max_group_size": -3}, {"min_staff": True}, {"children_per_staff": 2.5}],
)
def test_invalid_center_policy_is_refused(kwargs: dict[str, object]) -> None:
    with pytest.raises(RatioInputError, match="CenterRatioPolicy"):
        CenterRatioPolicy(**kwargs)  # type: ignore[arg-type]


def test_no_center_policy_ever_loosens_a_verdict() -> None:
    rng = random.Random(20261101)
    for _ in range(400):
        state = rng.choice(supported_states())
        limit = RULES[state].age_limit_months or 150
        ages = [rng.randrange(0, limit) for _ in range(rng.randrange(1, 30))]
        staff = rng.randrange(0, 8)
        policy = CenterRatioPolicy(
            children_per_staff=rng.choice([None, rng.randrange(1, 40)]),
            max_group_size=rng.choice([None, rng.randrange(1, 60)]),
            min_staff=rng.choice([None, rng.randrange(1, 4)]),
        )
        base = check_room(state, ages, staff, children_in_care=40)
        with_policy = check_room(state, ages, staff, children_in_care=40, center_policy=policy)
        assert with_policy.required_staff >= base.required_staff
        assert not (with_policy.compliant and not base.compliant)
        assert (with_policy.children_per_staff or 0) <= (base.children_per_staff or 0)


# --- helpers for the ratio agent ---------------------------------------------------------------------------


def test_most_restrictive_band_differs_from_governing_band_in_florida() -> None:
    ages = [30, 50, 50]
    governing = governing_band("FL", ages)
    hardest = most_restrictive_band("FL", ages)
    assert governing is not None and governing.key == "4y"
    assert hardest is not None and hardest.key == "2y"
    assert most_restrictive_band("TX", []) is None


@pytest.mark.parametrize(
    ("state", "ages", "key"),
    [("TX", [60, 20, 40], "18_23m"), ("NY", [0, 50], "under_6w"), ("CA", [20, 30], "toddler_program")],
)
def test_most_restrictive_band(state: str, ages: list[int], key: str) -> None:
    band = most_restrictive_band(state, ages, toddler_program=(state == "CA"))
    assert band is not None and band.key == key


def test_project_required_staff_over_a_texas_day() -> None:
    timeline = [(TX_OPEN, [20] * 16), (600, [20] * 16), (900, [20] * 8), (TX_CLOSE - 30, [20] * 16)]
    needs = project_required_staff("TX", timeline, open_minutes=TX_OPEN, close_minutes=TX_CLOSE)
    assert [(n.minute_of_day, n.required_staff) for n in needs] == [
        (TX_OPEN, 1),
        (600, 2),
        (900, 1),
        (TX_CLOSE - 30, 1),
    ]
    assert needs[1].ratio == "1:9" and "746.1601" in needs[1].citation


def test_required_staff_matches_check_room() -> None:
    ages = [5, 14, 30, 30, 44]
    for state in supported_states():
        assert required_staff(state, ages) == check_room(state, ages, 0).required_staff
