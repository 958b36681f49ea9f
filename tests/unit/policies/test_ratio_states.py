"""Ten more states (issue 13), worked cases from each cited text: every band at its limit and one over,
group caps, the state's mixed-age rule and each documented exception."""

from __future__ import annotations

import pytest

from policies.ratio_model import Source
from policies.ratio_tables import RULES
from policies.ratios import band_for_age, check_room

# A center open 6:30-18:30 (12 hours) and one open 8:00-14:00 (6 hours), minutes from midnight.
OPEN, CLOSE = 390, 1110
SHORT_OPEN, SHORT_CLOSE = 480, 840

NEW_STATES = ("WA", "PA", "OH", "GA", "NC", "MI", "NJ", "VA", "AZ", "MA")


@pytest.mark.parametrize(
    ("state", "age", "ratio", "cap"),
    [
        # Washington WAC 110-300-0356
        ("WA", 0, 4, 8),
        ("WA", 11, 4, 8),
        ("WA", 12, 7, 14),
        ("WA", 29, 7, 14),
        ("WA", 30, 10, 20),
        ("WA", 71, 10, 20),
        ("WA", 72, 15, 30),
        # Pennsylvania 55 Pa. Code 3270.51
        ("PA", 12, 4, 8),
        ("PA", 13, 5, 10),
        ("PA", 24, 5, 10),
        ("PA", 25, 6, 12),
        ("PA", 37, 10, 20),
        ("PA", 72, 12, 24),
        ("PA", 120, 15, 30),
        # Ohio Rev. Code 5104.033
        ("OH", 11, 5, 12),
        ("OH", 12, 6, 12),
        ("OH", 18, 7, 14),
        ("OH", 30, 8, 16),
        ("OH", 36, 12, 24),
        ("OH", 48, 14, 28),
        ("OH", 71, 14, 28),
        ("OH", 72, 18, 36),
        ("OH", 132, 20, 40),
        # Georgia 591-1-1-.32
        ("GA", 17, 6, 12),
        ("GA", 18, 8, 16),
        ("GA", 24, 10, 20),
        ("GA", 36, 15, 30),
        ("GA", 48, 18, 36),
        ("GA", 60, 20, 40),
        ("GA", 72, 25, 50),
        # North Carolina 10A NCAC 09 .0713
        ("NC", 11, 5, 10),
        ("NC", 12, 6, 12),
        ("NC", 24, 10, 20),
        ("NC", 36, 15, 25),
        ("NC", 48, 20, 25),
        ("NC", 60, 25, 25),
        # Michigan R 400.8182
        ("MI", 29, 4, 12),
        ("MI", 30, 8, 16),
        ("MI", 36, 10, 30),
        ("MI", 48, 12, 36),
        ("MI", 72, 18, 36),
        # New Jersey N.J.A.C. 3A:52-4.3(c): no group cap encoded
        ("NJ", 17, 4, None),
        ("NJ", 18, 6, None),
        ("NJ", 30, 10, None),
        ("NJ", 48, 12, None),
        ("NJ", 60, 15, None),
        # Virginia 8VAC20-780-350
        ("VA", 15, 4, 12),
        ("VA", 16, 5, 12),
        ("VA", 24, 8, 16),
        ("VA", 36, 10, 20),
        ("VA", 72, 18, None),
        ("VA", 108, 20, None),
        # Arizona R9-5-404: no group cap
        ("AZ", 12, 5, None),
        ("AZ", 13, 6, None),
        ("AZ", 24, 8, None),
        ("AZ", 36, 13, None),
        ("AZ", 48, 15, None),
        ("AZ", 60, 20, None),
        # Massachusetts 606 CMR 7.10(9)
        ("MA", 14, 3, 7),
        ("MA", 15, 4, 9),
        ("MA", 33, 10, 20),
        ("MA", 72, 13, 26),
    ],
)
def test_band_at_the_limit_and_one_over(state: str, age: int, ratio: int, cap: int | None) -> None:
    band = band_for_age(state, age)
    assert (band.children_per_staff, band.max_group_size) == (ratio, cap)
    assert check_room(state, [age] * ratio, 1, children_in_care=40).compliant
    over = check_room(state, [age] * (ratio + 1), 1, children_in_care=40)
    assert over.required_staff == 2 and not over.compliant
    if cap is not None:
        beyond = check_room(state, [age] * (cap + 1), cap, children_in_care=40)
        assert beyond.group_size_exceeded and not beyond.compliant


@pytest.mark.parametrize(
    ("state", "age", "staff", "children", "compliant"),
    [
        ("OH", 6, 2, 12, True),  # 5104.033: infants 5:1, or 12:2 with two staff in the room
        ("OH", 6, 2, 13, False),  # 13 > group 12 (and > 12:2)
        ("AZ", 6, 2, 11, True),  # R9-5-404(A): infants 1:5 or 2:11
        ("AZ", 6, 2, 12, False),
        ("AZ", 6, 4, 22, True),  # two teams of 2:11
        ("AZ", 18, 2, 13, True),  # 1-year-olds 1:6 or 2:13
        ("AZ", 18, 2, 14, False),
        ("MA", 5, 2, 7, True),  # infants 1:3, two educators for seven
        ("MA", 5, 1, 4, False),
        ("MA", 20, 2, 9, True),  # toddlers 1:4, two for nine
        ("MA", 20, 2, 10, False),
    ],
)
def test_two_staff_team_ratios(state: str, age: int, staff: int, children: int, compliant: bool) -> None:
    assert check_room(state, [age] * children, staff).compliant is compliant


@pytest.mark.parametrize(
    ("state", "ages", "band_key"),
    [
        ("WA", [10, 40, 40], "infant"),
        ("PA", [30] + [50] * 9, "older_toddler"),
        ("GA", [30] + [50] * 9, "2y"),
        ("NC", [30] + [50] * 9, "2y"),
        ("MI", [20] + [50] * 9, "birth_30m"),
        ("NJ", [20] + [50] * 9, "18_30m"),
        ("VA", [20] + [50] * 9, "toddler"),
        ("AZ", [30] + [50] * 9, "2y"),
        ("MA", [30] + [50] * 9, "toddler"),
        ("OH", [20] + [40] * 9, "toddler_18_29m"),
    ],
)
def test_mixed_groups_follow_the_youngest_child(state: str, ages: list[int], band_key: str) -> None:
    check = check_room(state, ages, 3)
    assert check.governing_band is not None and check.governing_band.key == band_key
    assert RULES[state].mixed_citation in check.citation


@pytest.mark.parametrize(
    ("ages", "band_key", "required"),
    [
        ([32] + [40] * 11, "3y", 1),  # one 30+ month child among 3-year-olds: the 3-year-olds' 1:12
        ([32, 32] + [40] * 10, "toddler_30_35m", 2),  # two younger children: youngest (1:8)
        ([28] + [32] * 8, "toddler_18_29m", 2),  # the younger child is under 30 months: youngest
        ([32] + [50] * 11, "toddler_30_35m", 2),  # the others are not the next older category
    ],
)
def test_ohio_one_younger_child_exception(ages: list[int], band_key: str, required: int) -> None:
    check = check_room("OH", ages, 0)  # 5104.033(B)(1)
    assert check.governing_band is not None and check.governing_band.key == band_key
    assert check.required_staff == required


def test_ohio_nap_time_lifts_only_the_group_size() -> None:
    awake = check_room("OH", [40] * 30, 3)  # OAC 5101:2-12-18(A)(7)
    assert awake.group_size_exceeded and not awake.compliant
    nap = check_room("OH", [40] * 30, 3, napping=True)
    assert nap.compliant and nap.max_group_size is None and nap.children_per_staff == 12
    assert not check_room("OH", [40] * 30, 2, napping=True).compliant


@pytest.mark.parametrize(
    ("state", "ages", "awake", "napping"),
    [
        ("PA", [30] * 12, 2, 1),  # 3270.55: older toddlers 1:12 at nap (awake 1:6)
        ("PA", [20] * 10, 2, 1),  # young toddlers 1:10
        ("PA", [50] * 20, 2, 1),  # preschool 1:20
        ("PA", [6] * 8, 2, 2),  # infants: no nap ratio
        ("NJ", [10] * 10, 3, 1),  # 3A:52-4.3(d): under 18 months 1:10 at rest
        ("NJ", [20] * 12, 2, 1),  # 18 months to 2 1/2 years 1:12
        ("NJ", [40] * 20, 2, 1),  # 2 1/2 and above 1:20
        ("VA", [30] * 16, 2, 1),  # 8VAC20-780-350 D: ratio doubled at rest (2-year-olds 1:16)
        ("VA", [10] * 8, 2, 2),  # infants: not doubled
    ],
)
def test_nap_time_ratios(state: str, ages: list[int], awake: int, napping: int) -> None:
    assert check_room(state, ages, 0).required_staff == awake
    nap = check_room(state, ages, napping, napping=True)
    assert nap.required_staff == napping and nap.compliant
    if napping < awake:
        assert nap.exception_applied is not None and "nap time" in nap.exception_applied
        rule = RULES[state].nap
        assert rule is not None and rule.citation in nap.citation


def test_virginia_first_and_last_hour_lift_the_group_size() -> None:
    # 8VAC20-780-350 D 5: centers open more than six hours; the ratio still applies.
    first_hour = check_room(
        "VA", [40] * 25, 3, minute_of_day=OPEN + 30, open_minutes=OPEN, close_minutes=CLOSE
    )
    assert first_hour.compliant and first_hour.max_group_size is None
    noon = check_room("VA", [40] * 25, 3, minute_of_day=720, open_minutes=OPEN, close_minutes=CLOSE)
    assert noon.group_size_exceeded
    six_hours = check_room(
        "VA", [40] * 25, 3, minute_of_day=SHORT_OPEN, open_minutes=SHORT_OPEN, close_minutes=SHORT_CLOSE
    )
    assert six_hours.group_size_exceeded
    assert not check_room(
        "VA", [40] * 25, 2, minute_of_day=OPEN + 30, open_minutes=OPEN, close_minutes=CLOSE
    ).compliant


@pytest.mark.parametrize(
    ("ages", "minute", "permitted"),
    [
        ([10, 30], 720, False),  # .0713(a)(5): under one apart from two and older
        ([10, 20], 720, True),  # infants with 12-24 months
        ([15, 30], 720, True),  # (a)(6): all under three
        ([15, 40], 720, False),  # 12-24 months with a child of three
        ([10, 30], OPEN + 30, True),  # (a)(2): all ages together in the first operating hour
        ([15, 40], CLOSE - 30, True),  # and the last
        ([10, 30], OPEN + 60, False),
    ],
)
def test_north_carolina_age_separations(ages: list[int], minute: int, permitted: bool) -> None:
    check = check_room("NC", ages, 2, minute_of_day=minute, open_minutes=OPEN, close_minutes=CLOSE)
    assert check.mixing_permitted is permitted and check.compliant is permitted


def test_north_carolina_first_hour_keeps_the_youngest_childs_ratio() -> None:
    check = check_room("NC", [10] + [40] * 5, 1, minute_of_day=OPEN, open_minutes=OPEN, close_minutes=CLOSE)
    assert check.mixing_permitted and check.required_staff == 2 and not check.compliant


@pytest.mark.parametrize(("in_care", "permitted"), [(6, False), (40, False), (5, True)])
def test_arizona_infants_apart_when_six_or_more_children_are_present(in_care: int, permitted: bool) -> None:
    check = check_room("AZ", [8, 30], 2, children_in_care=in_care)  # R9-5-404(C)(3)
    assert check.mixing_permitted is permitted


def test_arizona_aides_are_not_counted() -> None:
    assert not check_room("AZ", [40] * 13, 1, ["aide"]).compliant  # R9-5-404(B)(3)
    assert check_room("AZ", [40] * 13, 1, ["assistant"]).compliant


@pytest.mark.parametrize(
    ("state", "age", "preschool", "kindergarten"),
    [
        ("WA", 62, (10, 20), (15, 30)),  # kindergartners are school-age
        ("PA", 62, (10, 20), (12, 24)),  # young school-age starts with kindergarten
        ("OH", 62, (14, 28), (18, 36)),  # enrolled in or eligible for kindergarten
        ("VA", 62, (10, 20), (18, None)),  # school age eligible; no group size for school age
    ],
)
def test_kindergarten_classes_use_the_school_age_band(
    state: str, age: int, preschool: tuple[int, int | None], kindergarten: tuple[int, int | None]
) -> None:
    plain = band_for_age(state, age)
    k = band_for_age(state, age, kindergarten=True)
    assert (plain.children_per_staff, plain.max_group_size) == preschool
    assert (k.children_per_staff, k.max_group_size) == kindergarten


def test_sources_are_reported_for_the_new_states() -> None:
    assert check_room("NC", [40] * 15, 1).source is Source.PRIMARY
    assert check_room("WA", [40] * 10, 1).source is Source.SECONDARY
    assert check_room("MA", [80] * 13, 1).source is Source.UNVERIFIED
    for state in NEW_STATES:
        assert RULES[state].base_citation and all(b.citation for b in RULES[state].bands)
