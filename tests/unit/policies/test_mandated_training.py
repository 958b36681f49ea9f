"""Mandated training: which topics each role owes in each state, by when, and what completes them."""

from __future__ import annotations

from datetime import date

import pytest

from policies import mandated_training as mt
from policies.errors import InvalidInput
from policies.mandated_training import Completion
from policies.ratio_model import Source

HIRED = date(2026, 9, 1)


def _keys(state: str, position: str) -> set[str]:
    return {r.key for r in mt.mandated_for(state, position)}


@pytest.mark.parametrize(
    ("position", "role"),
    [
        ("Lead Teacher", "lead_teacher"),
        ("Assistant Teacher", "assistant"),
        ("Teacher's Aide", "assistant"),
        ("Floater", "teacher"),
        ("Director", "director"),
        ("Assistant Director", "director"),
        ("Cook", "cook"),
        ("Bus Driver", "driver"),
        ("Bookkeeper", "other"),
    ],
)
def test_roles_from_positions(position: str, role: str) -> None:
    assert mt.training_role(position) == role


def test_caregivers_owe_every_ccdbg_topic_and_cooks_none() -> None:
    teacher = _keys("CA", "Lead Teacher")
    assert {"ccdbg_safe_sleep", "ccdbg_pediatric_cpr", "ccdbg_child_abuse_reporting"} <= teacher
    assert "ccdbg_transportation" not in teacher
    assert teacher == _keys("CA", "Assistant Teacher") == _keys("CA", "Director")
    assert _keys("CA", "Cook") == set()
    assert _keys("IL", "Driver") == {"ccdbg_transportation"}
    assert all("98.44(b)(1)" in r.citation for r in mt.mandated_for("CA", "Lead Teacher"))
    assert all(r.source is Source.SECONDARY for r in mt.mandated_for("NY", "Floater"))


def test_orientation_period_by_state() -> None:
    tx = {r.key: r.within_days for r in mt.mandated_for("TX", "Lead Teacher")}
    assert tx["ccdbg_pediatric_cpr"] == 90
    assert mt.orientation_days("ca") == 90


def test_florida_adds_the_introductory_course() -> None:
    rows = {r.key: r for r in mt.mandated_for("FL", "Assistant Teacher")}
    intro = rows["fl_introductory_course"]
    assert intro.min_hours == 40 and intro.within_days == 365 and intro.start_within_days == 90
    assert "402.305(2)(d)1" in intro.citation
    assert "fl_introductory_course" not in _keys("TX", "Assistant Teacher")


def test_annual_hours_per_state_and_role() -> None:
    tx = mt.annual_hours("TX", "Lead Teacher")
    assert tx is not None and tx.hours == 24 and tx.source is Source.PRIMARY
    director = mt.annual_hours("TX", "Director")
    assert director is not None and director.hours == 30
    fl = mt.annual_hours("FL", "Floater")
    assert fl is not None and fl.hours == 10 and fl.source is Source.SECONDARY
    assert mt.annual_hours("CA", "Lead Teacher") is None
    assert mt.annual_hours("TX", "Cook") is None


def test_bad_state_is_invalid_input() -> None:
    with pytest.raises(InvalidInput, match="state code"):
        mt.mandated_for("Texas!", "Lead Teacher")
    with pytest.raises(InvalidInput, match="unknown training topic"):
        mt.covers("juggling", "Juggling for toddlers")


def test_topics_match_titles_and_categories_by_whole_words() -> None:
    assert mt.covers("safe_sleep", "Safe sleep practices for infants", "Health, Safety and Nutrition")
    assert mt.covers("child_abuse_reporting", "Recognizing and reporting child abuse")
    assert mt.covers("child_abuse_reporting", "", "Child Maltreatment")
    assert mt.covers("emergency_preparedness", "Fire and lockdown drills")
    assert mt.covers("food_allergies", "Food allergy awareness")
    assert not mt.covers("pediatric_cpr", "Circle time: scripted practices")  # 'cpr' not inside a word
    assert not mt.covers("abusive_head_trauma", "Recognizing and reporting child abuse", "Child Maltreatment")


def test_track_done_due_and_overdue() -> None:
    records = [
        Completion(
            "TR1", "Safe sleep practices for infants", "Health, Safety and Nutrition", 2, date(2026, 9, 3)
        ),
        Completion("TR2", "Recognizing and reporting child abuse", "Child Maltreatment", 1, date(2025, 1, 5)),
    ]
    before = {
        s.requirement.key: s for s in mt.track("CA", "Lead Teacher", HIRED, records, today=date(2026, 11, 1))
    }
    assert before["ccdbg_safe_sleep"].status == "done"
    assert before["ccdbg_safe_sleep"].evidence == ("TR1",)
    assert before["ccdbg_child_abuse_reporting"].status == "done"  # before hire counts (pre-service)
    assert before["ccdbg_medication"].status == "due"
    assert before["ccdbg_medication"].due_on == date(2026, 11, 30)
    after = {
        s.requirement.key: s for s in mt.track("CA", "Lead Teacher", HIRED, records, today=date(2026, 12, 3))
    }
    assert after["ccdbg_medication"].status == "overdue" and after["ccdbg_medication"].days_overdue == 3
    assert after["ccdbg_safe_sleep"].status == "done"
    opened = mt.open_items(after.values())
    assert opened and all(s.status == "overdue" for s in opened)
    assert "ccdbg_safe_sleep" not in {s.requirement.key for s in opened}


def test_a_valid_card_completes_cpr_and_first_aid() -> None:
    cpr = Completion.from_credential("C1", "pediatric_cpr_aha", date(2026, 8, 1))
    aid = Completion.from_credential("C2", "first_aid_red_cross", date(2026, 8, 1))
    assert Completion.from_credential("C3", "background_check", date(2026, 8, 1)) is None
    assert cpr is not None and aid is not None
    got = {s.requirement.key: s for s in mt.track("TX", "Floater", HIRED, [cpr], today=date(2027, 1, 1))}
    assert got["ccdbg_pediatric_cpr"].status == "done"
    assert got["ccdbg_pediatric_first_aid"].status == "overdue"
    got = {s.requirement.key: s for s in mt.track("TX", "Floater", HIRED, [cpr, aid], today=date(2027, 1, 1))}
    assert got["ccdbg_pediatric_first_aid"].status == "done"


def test_florida_course_needs_its_forty_hours() -> None:
    part = [
        Completion(
            "A", "Introductory Child Care Course, Part I", "Introductory Child Care", 30, date(2026, 10, 1)
        ),
    ]
    status = {
        s.requirement.key: s for s in mt.track("FL", "Lead Teacher", HIRED, part, today=date(2026, 12, 1))
    }
    intro = status["fl_introductory_course"]
    assert intro.status == "due" and intro.hours_done == 30 and intro.start_by == date(2026, 11, 30)
    whole = [*part, Completion("B", "Part II", "Introductory child care", 10, date(2027, 2, 1))]
    status = {
        s.requirement.key: s for s in mt.track("FL", "Lead Teacher", HIRED, whole, today=date(2027, 9, 2))
    }
    assert status["fl_introductory_course"].status == "done"
    assert status["fl_introductory_course"].completed_on == date(2027, 2, 1)
    assert status["fl_introductory_course"].evidence == ("A", "B")
