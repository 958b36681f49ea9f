"""A center's own needs in a plan, without I/O: shown by the profile (the ranker `skills match` uses, reasons
naming the record) or a gap, and the catalog courses the same ranker finds the need in."""

from __future__ import annotations

from datetime import date

import pytest

from agents.skills import default_ranker, skills_profiles
from agents.skills.courses import course_fits, options_for
from agents.skills.needs import DeclaredNeed, check_needs, need_gap
from tests.unit.agents.skills.test_plans import _course

TODAY = date(2026, 11, 2)
SPANISH = DeclaredNeed(1, "bilingual Spanish for family communications", "dana", date(2026, 10, 1))
STEM = DeclaredNeed(2, "STEM curriculum support", "dana", date(2026, 10, 2))
LUZ = {"staff_id": "L", "bio": "I translate the parent newsletter into Spanish.", "languages": ["Spanish"]}
BEN = {"staff_id": "B", "bio": "Runs our robotics club.", "trainings": ["Safe sleep practices for infants"]}


def test_a_need_is_shown_by_the_records_skills_match_would_list_the_person_with() -> None:
    luz, ben = skills_profiles([LUZ, BEN], as_of=TODAY)
    spanish, stem = check_needs(luz, [SPANISH, STEM])
    assert spanish.shown and "language: Spanish" in spanish.reasons
    assert not stem.shown and stem.reasons == [] and stem.score == 0
    [match] = default_ranker().rank([luz], SPANISH.need, 1)  # the same scorer, the same reasons
    assert (spanish.reasons, spanish.score) == (match.reasons, match.score)
    assert [c.shown for c in check_needs(ben, [SPANISH, STEM])] == [False, True]


def test_a_need_not_shown_is_a_gap_citing_its_declaration() -> None:
    [ben] = skills_profiles([BEN], as_of=TODAY)
    [check] = check_needs(ben, [SPANISH])
    gap = need_gap(check)
    assert (gap.kind, gap.key, gap.status) == ("center_need", "center_need:1", "missing")
    assert gap.label == "center need: bilingual Spanish for family communications"
    assert gap.citation == "declared by dana on 2026-10-01"


@pytest.mark.parametrize(
    ("title", "topic", "spanish", "stem"),
    [
        ("Communicating with families", "family_engagement", True, False),
        ("Play-based learning centers", "curriculum", False, True),
        ("Heartsaver Pediatric First Aid CPR AED", "pediatric_first_aid_cpr", False, False),
    ],
)
def test_a_course_closes_a_need_the_ranker_finds_in_its_title_and_topic(
    title: str, topic: str, spanish: bool, stem: bool
) -> None:
    [ben] = skills_profiles([BEN], as_of=TODAY)
    course = _course("C1", title, topic, "Family Engagement")
    gaps = [need_gap(c) for c in check_needs(ben, [SPANISH, STEM])]
    assert [course_fits(g, "TX", course) for g in gaps] == [spanish, stem]
    closed = options_for(gaps[0], "TX", [course, _course("C2", title, topic, "x", approved=False)], TODAY)
    assert [o.course_id for o in closed] == (["C1"] if spanish else [])  # approved ones only
