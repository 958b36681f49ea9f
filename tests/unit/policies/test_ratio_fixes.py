"""Issue 13 fixes, each a worked case from the cited text: NAEYC, California, Illinois, Texas, New York City.

Every case states the limit (compliant), one over (not), and the group cap where the rule has one.
"""

from __future__ import annotations

import pytest

from policies.ratio_docs import all_rows
from policies.ratio_model import Source
from policies.ratio_tables import RULES
from policies.ratios import RatioInputError, check_room, required_staff

# An Illinois program open 7:00-18:00 (11 hours), minutes from midnight.
IL_OPEN, IL_CLOSE = 420, 1080


def staff_for(state: str, ages: list[int], **kwargs: object) -> int:
    return check_room(state, ages, 0, **kwargs).required_staff  # type: ignore[arg-type]


# --- NAEYC 2018: five-year-olds are preschool unless the class is a kindergarten ---------------------------


@pytest.mark.parametrize(
    ("ages", "kindergarten", "ratio", "cap"),
    [
        ([62] * 10, False, 10, 20),  # preschool (30 months-5 years): 1:10, class 20
        ([62] * 12, True, 12, 24),  # kindergarten (enrolled): 1:12, class 24
        ([80] * 15, False, 15, 30),  # school-age (K-3rd): 1:15, class 30
    ],
)
def test_naeyc_bands_at_the_limit_and_one_over(
    ages: list[int], kindergarten: bool, ratio: int, cap: int
) -> None:
    at_limit = check_room("NAEYC", ages, 1, kindergarten=kindergarten)
    assert at_limit.compliant and at_limit.children_per_staff == ratio and at_limit.max_group_size == cap
    over = check_room("NAEYC", [*ages, ages[0]], 1, kindergarten=kindergarten)
    assert not over.compliant and over.required_staff == 2
    too_big = check_room("NAEYC", [ages[0]] * (cap + 1), 9, kindergarten=kindergarten)
    assert too_big.group_size_exceeded and not too_big.compliant


def test_naeyc_five_year_olds_need_the_stricter_preschool_reading_without_a_kindergarten_class() -> None:
    assert staff_for("NAEYC", [65] * 12) == 2  # 1:10
    assert staff_for("NAEYC", [65] * 12, kindergarten=True) == 1  # 1:12
    assert check_room("NAEYC", [65] * 24, 3).group_size_exceeded  # class 20 for preschool


def test_naeyc_school_age_stops_at_third_grade() -> None:
    with pytest.raises(RatioInputError, match="third grade"):
        check_room("NAEYC", [130], 1)


def test_naeyc_mixed_classes_follow_the_youngest_category() -> None:
    check = check_room("NAEYC", [14, 62, 62], 1)
    assert check.governing_band is not None and check.governing_band.key == "infant"


# --- California Title 22 -----------------------------------------------------------------------------------


def test_california_infants_have_no_group_cap_only_the_aide_supervision_clause() -> None:
    check = check_room("CA", [10] * 13, 4)  # 101416.5(b): 1:4; the 12 limits what one teacher supervises
    assert check.compliant and check.max_group_size is None
    assert not check_room("CA", [10] * 13, 3).compliant


@pytest.mark.parametrize(
    ("children", "roles", "compliant", "short"),
    [
        (12, ["teacher"], True, 0),  # 101216.3(a): one teacher per 12
        (13, ["teacher"], False, 1),
        (15, ["teacher", "aide"], True, 0),  # (b): one teacher and one aide per 15
        (16, ["teacher", "aide"], False, 1),
        (24, ["teacher", "aide"], False, 1),  # a head count at 1:12 would have passed this
        (24, ["teacher", "teacher"], True, 0),
        (18, ["lead_teacher", "qualified_aide"], True, 0),  # (b)(1): fully qualified + qualified aide: 18
        (19, ["lead_teacher", "qualified_aide"], False, 1),
        (18, ["teacher", "qualified_aide"], False, 1),  # the teacher is not fully qualified
        (10, ["aide"], False, 1),  # an aide alone does not count
        (12, ["director"], True, 0),  # (d): the director counts when teaching
        (12, ["teacher", "volunteer"], True, 0),
        (13, ["teacher", "volunteer"], False, 1),  # volunteers are not counted
    ],
)
def test_california_preschool_with_aides(
    children: int, roles: list[str], compliant: bool, short: int
) -> None:
    check = check_room("CA", [40] * children, len(roles), roles)
    assert (check.compliant, check.staff_short) == (compliant, short), check.explanation
    if roles == ["teacher", "aide"] and children > 15:
        assert "101216.3(b)" in check.citation


def test_california_qualified_pair_ratio_is_preschool_only() -> None:
    # 101216.3(b)(1)(A): the 18 does not apply to school-age centers; 101516.5(b): teacher + aide 28.
    assert check_room("CA", [90] * 28, 2, ["lead_teacher", "qualified_aide"]).compliant
    assert not check_room("CA", [90] * 29, 2, ["lead_teacher", "qualified_aide"]).compliant


@pytest.mark.parametrize(
    ("infants", "roles", "compliant"),
    [
        (12, ["lead_teacher", "aide", "aide"], True),  # 101416.5(b)(1): aides for 4 each under a lead teacher
        (13, ["lead_teacher", "aide", "aide", "aide"], False),  # the lead teacher supervises at most 12
        (13, ["lead_teacher", "lead_teacher", "aide", "aide"], True),
        (8, ["teacher", "aide"], False),  # no fully qualified teacher: the aide cannot stand in
    ],
)
def test_california_infant_aides(infants: int, roles: list[str], compliant: bool) -> None:
    assert check_room("CA", [8] * infants, len(roles), roles).compliant is compliant


def test_california_nap_time() -> None:
    nap = check_room("CA", [40] * 24, 1, napping=True)  # 101230(c): one teacher for 24 napping children
    assert nap.compliant and "immediately available" in (nap.exception_applied or "")
    assert not check_room("CA", [40] * 25, 1, napping=True).compliant
    assert check_room("CA", [8] * 12, 1, napping=True).compliant  # 101416.5(d): 12 sleeping infants
    assert not check_room("CA", [8] * 13, 1, napping=True).compliant


def test_california_mixed_rule_is_cited_outside_school_age_groups() -> None:
    check = check_room("CA", [12, 40], 1)
    assert check.governing_band is not None and check.governing_band.key == "infant"
    # No Title 22 section outside school age was found; a Title 22 guide states the youngest-child rule.
    assert "childcareratios.com" in check.citation and check.source is Source.SECONDARY
    school = check_room("CA", [60, 100], 1)
    assert "101516.5(c)" in school.citation
    # The youngest child's band (infant 1:4) governs the whole room: at the limit, one over.
    assert check_room("CA", [12, 40, 40, 40], 1).compliant
    over = check_room("CA", [12, 40, 40, 40, 40], 1)
    assert over.required_staff == 2 and not over.compliant


def test_california_toddler_program() -> None:
    assert required_staff("CA", [20] * 12, toddler_program=True) == 2  # H&S Code 1596.955: 1:6, group 12
    assert check_room("CA", [20] * 13, 3, toddler_program=True).group_size_exceeded


# --- Illinois 407.190 ------------------------------------------------------------------------------------


def test_illinois_school_age_row() -> None:
    at_cap = check_room("IL", [90] * 30, 2)  # school-age: 1:20, group 30
    assert at_cap.compliant and at_cap.max_group_size == 30
    assert not check_room("IL", [90] * 21, 1).compliant
    assert check_room("IL", [90] * 31, 2).group_size_exceeded
    assert check_room("IL", [62] * 25, 2, kindergarten=True).compliant  # kindergartners present
    assert check_room("IL", [62] * 25, 2).group_size_exceeded  # five-year-olds (preschool): group 20


@pytest.mark.parametrize(
    ("roles", "exceeded"),
    [
        (["teacher", "assistant"], False),
        (["lead_teacher", "aide"], False),
        (["teacher", "teacher"], True),
        (None, True),
    ],
)
def test_illinois_teacher_with_assistant_may_have_thirty_five_year_olds(
    roles: list[str] | None, exceeded: bool
) -> None:
    check = check_room("IL", [62] * 30, 2, roles)  # 407.190(b)
    assert check.group_size_exceeded is exceeded and check.compliant is not exceeded
    if not exceeded:
        assert "407.190(b)" in check.citation


def test_illinois_assistant_exception_needs_every_child_five() -> None:
    check = check_room("IL", [58] + [62] * 19, 2, ["teacher", "assistant"])
    assert check.max_group_size == 20


@pytest.mark.parametrize(
    ("ages", "minute", "permitted"),
    [
        ([62, 100], 720, False),  # 5 with school-age: no (d) window (the old "5 and older" window is gone)
        ([62, 100], IL_OPEN + 10, True),  # first hour of an 11-hour program: any ages (d)(4)
        ([50, 80], 720, True),  # four- through six-year-olds (d)(3)
        ([50, 90], 720, False),
    ],
)
def test_illinois_permitted_mixes_follow_407_190_d(ages: list[int], minute: int, permitted: bool) -> None:
    check = check_room("IL", ages, 2, minute_of_day=minute, open_minutes=IL_OPEN, close_minutes=IL_CLOSE)
    assert check.mixing_permitted is permitted


# --- Texas ----------------------------------------------------------------------------------------


def test_texas_general_mixed_rule_is_not_cited_as_the_infant_mix_section() -> None:
    check = check_room("TX", [30] + [50] * 17, 2, children_in_care=40)
    assert "746.1605" not in check.citation and "unverified" in check.citation
    infants = check_room("TX", [8, 30], 2, children_in_care=40)
    assert "746.1605" in infants.citation and not infants.mixing_permitted


def test_texas_small_centers_say_their_table_is_not_encoded() -> None:
    small = check_room("TX", [30] * 10, 1)
    assert any("12 or fewer" in n for n in small.notes) and small.source is Source.UNVERIFIED
    large = check_room("TX", [30] * 10, 1, children_in_care=40)
    assert not any("12 or fewer" in n for n in large.notes)


# --- New York City (Health Code Article 47) -------------------------------------------------------


@pytest.mark.parametrize(
    ("city", "postal_code", "code"),
    [
        ("Brooklyn", None, "NYC"),
        ("  staten   island ", None, "NYC"),
        ("Flushing", None, "NYC"),
        (None, "11201", "NYC"),
        (None, "10027-1234", "NYC"),
        (None, "11004", "NYC"),  # Glen Oaks, Queens, under the Nassau prefix
        ("Albany", "12207", "NY"),
        ("New York", "12207", "NY"),  # the ZIP decides when it is known
        (None, "11003", "NY"),  # Elmont, Nassau County
        ("Buffalo", None, "NY"),
        (None, None, "NY"),
    ],
)
def test_new_york_city_is_chosen_from_the_address(
    city: str | None, postal_code: str | None, code: str
) -> None:
    assert check_room("NY", [50], 1, city=city, postal_code=postal_code).state == code


def test_new_york_city_four_year_olds() -> None:
    assert check_room("NYC", [50] * 12, 1).compliant  # 1:12 (NY outside the city: 1:8)
    assert not check_room("NY", [50] * 12, 1).compliant
    assert check_room("NYC", [50] * 13, 1).required_staff == 2
    assert check_room("NYC", [50] * 21, 2).group_size_exceeded  # group 20


@pytest.mark.parametrize(
    ("ages", "band_key"),
    [
        ([30, 30, 40, 40, 40], "3y"),  # predominant age, not the youngest
        ([30, 30, 30, 40, 40], "2y"),
        ([30, 30, 40, 40], "2y"),  # a tie goes to the younger group
        ([10, 40, 40, 40], "infant"),  # a child under 12 months: youngest
        ([30, 50, 50, 50], "2y"),  # 2s and 4s with no 3s: not a contiguous range, youngest
    ],
)
def test_new_york_city_mixed_groups_use_the_predominant_age(ages: list[int], band_key: str) -> None:
    check = check_room("NYC", ages, 2)
    assert check.governing_band is not None and check.governing_band.key == band_key


def test_new_york_city_school_age_children_follow_part_414() -> None:
    # Article 47 covers children under six; a school-age room in the city is a Part 414 program.
    check = check_room("NY", [80] * 10, 1, city="Queens")
    assert check.state == "NYC" and check.compliant and "414.8" in check.citation


# --- sources are data, not comments -----------------------------------------------------------------------


@pytest.mark.parametrize("state", sorted(RULES))
def test_every_row_says_what_confirmed_it(state: str) -> None:
    rules = RULES[state]
    for band in all_rows(rules):
        assert isinstance(band.source, Source) and band.citation
        if band.source is not Source.PRIMARY:
            assert band.note, f"{state} {band.key}: a row not read in the regulation says why"
    assert isinstance(rules.mixed_source, Source)


def test_a_verdict_reports_its_weakest_source() -> None:
    assert check_room("IL", [40] * 10, 1).source is Source.PRIMARY
    assert check_room("NY", [40] * 7, 1).source is Source.SECONDARY
    assert check_room("NYC", [40] * 7, 1).source is Source.UNVERIFIED


# --- staff roles ------------------------------------------------------------------------------------------


def test_staff_roles_are_validated() -> None:
    with pytest.raises(RatioInputError, match="unknown staff role"):
        check_room("CA", [40], 1, ["cook"])
    with pytest.raises(RatioInputError, match="staff_present is 2"):
        check_room("CA", [40], 2, ["teacher"])


def test_roles_only_filter_who_counts_where_a_state_has_no_role_rule() -> None:
    assert check_room("TX", [40] * 15, 1, ["aide"], children_in_care=40).compliant
    other = check_room("TX", [40] * 15, 2, ["other", "volunteer"], children_in_care=40)
    assert not other.compliant and other.counted_staff == 0 and other.staff_short == 1
