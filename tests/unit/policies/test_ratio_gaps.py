"""Worked cases for the gaps closed after issue 13's first parts, each from the cited text: New York
City's rows past four-year-olds, Massachusetts's school-age and half-day rows, Georgia's rule for
centers licensed for 18 or fewer, and three more states (Tennessee, Missouri, Minnesota): every band at
its limit and one over, group caps, the state's mixed-age rule and each documented exception."""

from __future__ import annotations

import pytest

from policies.ratio_model import Source
from policies.ratio_tables import REMAINING, RULES
from policies.ratios import RatioInputError, band_for_age, check_room, governing_band, required_staff

# --- New York City: Article 47 and, for school-age children, 18 NYCRR 414.8 --------------------------------


@pytest.mark.parametrize(
    ("age", "ratio", "cap", "source"),
    [
        (12, 5, 10, Source.SECONDARY),  # toddler 12-24 months (47.01), 1:5 with 10 (47.23)
        (23, 5, 10, Source.SECONDARY),
        (24, 6, 12, Source.SECONDARY),  # two-year-olds 1:6 with 12
        (48, 12, 20, Source.SECONDARY),  # four-year-olds 1:12 with 20
        (72, 10, 20, Source.SECONDARY),  # school-age under ten, Part 414: 1:10 up to 20
        (119, 10, 20, Source.SECONDARY),  # nine-year-olds take the stricter row
        (120, 15, 30, Source.SECONDARY),  # ten and older: 1:15 up to 30
        (150, 15, 30, Source.SECONDARY),
    ],
)
def test_nyc_bands(age: int, ratio: int, cap: int, source: Source) -> None:
    band = band_for_age("NYC", age)
    assert (band.children_per_staff, band.max_group_size, band.source) == (ratio, cap, source)


def test_nyc_toddlers_at_the_limit_one_over_and_past_the_group() -> None:
    assert check_room("NYC", [18] * 5, 1).compliant
    over = check_room("NYC", [18] * 6, 1)
    assert not over.compliant and over.required_staff == 2
    capped = check_room("NYC", [18] * 11, 3)
    assert capped.group_size_exceeded and "maximum group size of 10" in capped.violations[0]


def test_nyc_school_age_rooms_and_kindergartners() -> None:
    # 20 eight-year-olds: two staff at 1:10, and 20 is the most one group may hold.
    assert check_room("NYC", [96] * 20, 2).compliant
    assert not check_room("NYC", [96] * 21, 3).compliant  # group of 21 > 20
    assert required_staff("NYC", [96] * 11) == 2
    assert required_staff("NYC", [130] * 30) == 2 and check_room("NYC", [130] * 30, 2).compliant
    # A kindergartner joins the school-age row; a five-year-old preschooler stays under Article 47.
    assert band_for_age("NYC", 66, kindergarten=True).key == "sacc_6_9y"
    assert band_for_age("NYC", 66).key == "5y"
    # The city's code is chosen from the address and now covers a school-age room too.
    assert check_room("NY", [100] * 10, 1, city="Brooklyn").state == "NYC"


def test_nyc_mixed_groups_follow_the_predominant_age_across_school_age_rows() -> None:
    # Six eight-year-olds and four ten-year-olds: contiguous, the eight-year-olds predominate (1:10).
    check = check_room("NYC", [96] * 6 + [124] * 4, 1)
    assert check.governing_band is not None and check.governing_band.key == "sacc_6_9y"
    assert check.compliant and check.mixing_permitted


# --- Massachusetts 606 CMR 7.10(9): school age and half day ------------------------------------------------


def test_massachusetts_school_age_row() -> None:
    band = band_for_age("MA", 80)
    assert (band.children_per_staff, band.max_group_size) == (13, 26)
    assert band.source is Source.UNVERIFIED  # 1:13 from a summary, group 26 not confirmed
    assert check_room("MA", [80] * 13, 1).compliant
    assert check_room("MA", [80] * 14, 1).required_staff == 2


def test_massachusetts_half_day_preschool_ratio_and_its_conditions() -> None:
    full = check_room("MA", [40] * 12, 1)
    assert not full.compliant and full.required_staff == 2  # full day: 1:10
    half = check_room("MA", [40] * 12, 1, half_day=True)
    assert half.compliant and half.children_per_staff == 12 and half.max_group_size == 24
    assert any("four hours" in n for n in half.notes) and "7.10(9)(b)4" in half.citation
    assert not check_room("MA", [40] * 13, 1, half_day=True).compliant  # one over 1:12
    assert check_room("MA", [40] * 25, 3, half_day=True).group_size_exceeded  # group 24
    # The half-day table is for preschoolers: toddlers keep their own row.
    assert check_room("MA", [20] * 5, 1, half_day=True).required_staff == 2


def test_half_day_elsewhere_keeps_the_full_day_table_and_says_so() -> None:
    check = check_room("GA", [40] * 15, 1, half_day=True)
    assert check.compliant and check.children_per_staff == 15
    assert any("no half-day table" in n for n in check.notes)


# --- Georgia 591-1-1-.32(1): centers with a licensed capacity of 18 or fewer -------------------------------


def test_georgia_small_center_has_no_group_cap_but_keeps_the_ratio() -> None:
    # 14 infants with three staff: ratio 1:6 is met, but the group cap is 12 ...
    assert check_room("GA", [6] * 14, 3).group_size_exceeded
    # ... except in a center licensed for 18 or fewer, where only the ratio applies.
    small = check_room("GA", [6] * 14, 3, licensed_capacity=18)
    assert small.compliant and small.max_group_size is None
    assert "18 or fewer" in (small.exception_applied or "") and small.source is Source.SECONDARY
    assert not check_room("GA", [6] * 14, 2, licensed_capacity=18).compliant  # ratio still 1:6
    # One child more in the license and the cap is back.
    assert check_room("GA", [6] * 14, 3, licensed_capacity=19).group_size_exceeded


def test_licensed_capacity_must_be_a_count() -> None:
    with pytest.raises(RatioInputError, match="licensed_capacity"):
        check_room("GA", [6], 1, licensed_capacity=-1)


# --- Tennessee 1240-04-01-.22 ------------------------------------------------------------------------------

OPEN, CLOSE = 390, 1110  # 6:30-18:30


@pytest.mark.parametrize(
    ("age", "ratio", "cap"),
    [
        (0, 4, 8),
        (15, 4, 8),  # 6 weeks-15 months; 12-15 months take the stricter of the overlapping rows
        (16, 6, 12),
        (30, 6, 12),
        (31, 7, 14),
        (35, 7, 14),
        (36, 9, 18),
        (48, 13, 20),
        (60, 16, 20),
        (72, 20, None),
    ],
)
def test_tennessee_chart_1(age: int, ratio: int, cap: int | None) -> None:
    band = band_for_age("TN", age)
    assert (band.children_per_staff, band.max_group_size, band.source) == (ratio, cap, Source.PRIMARY)


def test_tennessee_single_age_groups_at_the_limit_and_one_over() -> None:
    assert check_room("TN", [40] * 9, 1).compliant
    assert check_room("TN", [40] * 10, 1).required_staff == 2
    assert check_room("TN", [40] * 19, 3).group_size_exceeded  # three-year-olds: group 18
    assert check_room("TN", [100] * 40, 2).compliant  # school-age 1:20, no maximum group


def test_tennessee_overlapping_rows_hold_a_group_within_their_own_range() -> None:
    # 24-35 months is its own row (1:7, 14): 26- and 33-month-olds together take it.
    band = governing_band("TN", [26, 33])
    assert band is not None and (band.children_per_staff, band.max_group_size) == (7, 14)
    # 13- and 20-month-olds fit the 12-30 months row (1:6), narrower than 6 weeks-30 months (1:5).
    band = governing_band("TN", [13, 20])
    assert band is not None and band.children_per_staff == 6


@pytest.mark.parametrize(
    ("ages", "ratio", "cap"),
    [
        ([10, 20], 5, 10),  # 6 weeks-30 months: 1:5, 10
        ([30, 40], 9, 18),  # 2 1/2-3 years (30-47 months): 1:9, 18
        ([40, 65], 13, 22),  # 3-5 years: 1:13, 22
        ([50, 70], 16, 24),  # 4-5 years: 1:16, 24
        ([36, 50], 8, 16),  # fits 2-4 and 3-5 years alike: the stricter 1:8
        ([66, 100], 20, None),  # 5-12 years: 1:20, no maximum
        ([32, 100], 10, 10),  # 2 1/2-12 years: 1:10 with a group of 10
    ],
)
def test_tennessee_chart_2_combined_groups(ages: list[int], ratio: int, cap: int | None) -> None:
    band = governing_band("TN", ages)
    assert band is not None and (band.children_per_staff, band.max_group_size) == (ratio, cap)
    check = check_room("TN", ages, 1)
    assert "Chart 2" in check.citation or "Chart 1" in check.citation


def test_tennessee_chart_3_only_in_the_first_and_last_ninety_minutes() -> None:
    ages = [40] * 5 + [100] * 10  # 3 to 12 years, 15 children
    midday = check_room("TN", ages, 1, minute_of_day=720, open_minutes=OPEN, close_minutes=CLOSE)
    assert midday.children_per_staff == 10 and midday.group_size_exceeded  # Chart 2: 1:10, group 10
    early = check_room("TN", ages, 1, minute_of_day=OPEN + 60, open_minutes=OPEN, close_minutes=CLOSE)
    assert early.compliant and early.children_per_staff == 15 and "Chart 3" in early.citation
    late = check_room("TN", [*ages, 40], 1, minute_of_day=CLOSE - 30, open_minutes=OPEN, close_minutes=CLOSE)
    assert not late.compliant  # 16 children: one over Chart 3's 1:15 and its group of 15


def test_tennessee_keeps_infants_from_children_over_30_months() -> None:
    check = check_room("TN", [10, 10, 31], 3)
    assert not check.compliant and not check.mixing_permitted
    assert "1240-04-01-.22(1)(d)3" in check.citation
    assert check_room("TN", [10, 10, 30], 1).compliant  # 6 weeks-30 months together: 1:5


def test_tennessee_nap_room_lifts_only_the_group_cap() -> None:
    napping = check_room("TN", [40] * 20, 3, napping=True)
    assert napping.compliant and napping.max_group_size is None and napping.children_per_staff == 9
    assert not check_room("TN", [40] * 20, 2, napping=True).compliant


# --- Missouri 5 CSR 25-500.112(1)(A) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "ratio", "cap"),
    [
        (0, 4, 8),
        (23, 4, 8),
        (24, 8, 16),
        (35, 8, 16),
        (36, 10, 20),
        (59, 10, 20),
        (60, 16, 32),
        (150, 16, 32),
    ],
)
def test_missouri_chart(age: int, ratio: int, cap: int) -> None:
    band = band_for_age("MO", age)
    assert (band.children_per_staff, band.max_group_size, band.source) == (ratio, cap, Source.PRIMARY)


def test_missouri_limits_and_caps() -> None:
    assert check_room("MO", [30] * 8, 1).compliant  # two-year-olds alone 1:8
    assert check_room("MO", [30] * 9, 1).required_staff == 2
    assert check_room("MO", [30] * 17, 3).group_size_exceeded  # group 16
    assert check_room("MO", [70] * 32, 2).compliant and not check_room("MO", [70] * 33, 3).compliant


def test_missouri_mixed_types_count_the_two_year_olds() -> None:
    type1 = check_room("MO", [30] * 4 + [40] * 6, 1)  # four two-year-olds: Type 1, 1:10 with 20
    assert type1.compliant and type1.children_per_staff == 10 and type1.max_group_size == 20
    type2 = check_room("MO", [30] * 5 + [40] * 5, 1)  # five: Type 2, 1:8 with 16
    assert not type2.compliant and type2.children_per_staff == 8 and type2.required_staff == 2
    assert check_room("MO", [30] * 4 + [40] * 17, 3).group_size_exceeded  # Type 1 group of 20
    # A child under two pulls the whole group to the infant-toddler row (1:4, 8).
    assert check_room("MO", [20, 30, 40, 40, 40], 1).required_staff == 2
    # Three- to five-year-olds without two-year-olds: the youngest child's row.
    assert check_room("MO", [40] + [70] * 10, 1).children_per_staff == 10


# --- Minnesota 9503.0040 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "ratio", "cap"),
    [(0, 4, 8), (15, 4, 8), (16, 7, 14), (32, 7, 14), (33, 10, 20), (71, 10, 20), (72, 15, 30)],
)
def test_minnesota_categories(age: int, ratio: int, cap: int) -> None:
    band = band_for_age("MN", age)
    assert (band.children_per_staff, band.max_group_size, band.source) == (ratio, cap, Source.PRIMARY)


def test_minnesota_limits_kindergarten_mixing_and_naps() -> None:
    assert check_room("MN", [20] * 7, 1).compliant and not check_room("MN", [20] * 8, 1).compliant
    assert check_room("MN", [20] * 15, 3).group_size_exceeded  # toddlers: group 14
    assert band_for_age("MN", 66, kindergarten=True).children_per_staff == 15
    mixed = check_room("MN", [20, 40, 40, 40, 40, 40, 40, 40], 1)  # a toddler among preschoolers
    assert not mixed.compliant and mixed.children_per_staff == 7 and mixed.source is Source.UNVERIFIED
    napping = check_room("MN", [20] * 15, 3, napping=True)
    assert napping.compliant and napping.max_group_size is None


# --- coverage ----------------------------------------------------------------------------------------------


def test_the_new_states_are_no_longer_listed_as_remaining() -> None:
    for code in ("TN", "MO", "MN"):
        assert code in RULES and code not in REMAINING


# --- Montana 37.96.106 -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "ratio", "cap"),
    [(11, 4, 12), (12, 6, 12), (23, 6, 12), (24, 8, 16), (36, 10, 20), (71, 10, 20), (72, 20, 40)],
)
def test_montana_table(age: int, ratio: int, cap: int) -> None:
    band = band_for_age("MT", age)
    assert (band.children_per_staff, band.max_group_size, band.source) == (ratio, cap, Source.PRIMARY)


def test_montana_limits_mixing_and_the_doubled_nap_ratio() -> None:
    assert check_room("MT", [40] * 10, 1).compliant and not check_room("MT", [40] * 11, 1).compliant
    assert check_room("MT", [40] * 21, 3).group_size_exceeded
    assert check_room("MT", [10] + [40] * 4, 1).required_staff == 2  # an infant: 1:4 for all five
    nap = check_room("MT", [40] * 20, 1, napping=True)
    assert nap.compliant and nap.children_per_staff == 20 and "not a trainee" in (nap.exception_applied or "")
    assert check_room("MT", [40] * 21, 2, napping=True).group_size_exceeded  # the group size still holds
    assert check_room("MT", [10] * 5, 1, napping=True).required_staff == 2  # infants: no nap ratio
