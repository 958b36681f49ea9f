"""Credential validity rules, alert windows and state training hours, with the sources' own examples."""

from __future__ import annotations

from datetime import date

import pytest

from policies import credentials as rules
from policies.errors import InvalidInput


@pytest.mark.parametrize(
    ("kind", "issued", "expected"),
    [
        # AHA: two years, through the end of the month of issue (AHA Course Card FAQ).
        ("pediatric_cpr_aha", date(2024, 3, 15), date(2026, 3, 31)),
        ("pediatric_cpr_aha", date(2024, 3, 1), date(2026, 3, 31)),
        ("first_aid_aha", date(2024, 2, 29), date(2026, 2, 28)),
        ("first_aid_aha", date(2023, 12, 31), date(2025, 12, 31)),
        # Red Cross: two years from completion, through the anniversary.
        ("pediatric_cpr_red_cross", date(2024, 3, 15), date(2026, 3, 15)),
        ("first_aid_red_cross", date(2024, 2, 29), date(2026, 2, 28)),
        # Background checks: at least once every 5 years (45 CFR 98.43(d)(1)-(2)).
        ("background_check", date(2021, 7, 1), date(2026, 7, 1)),
    ],
)
def test_expiry_follows_the_issuer_rule(kind: str, issued: date, expected: date) -> None:
    assert rules.expiry(kind, issued) == expected


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match=r"unknown credential kind 'cpr'.*pediatric_cpr_aha"):
        rules.expiry("cpr", date(2024, 1, 1))


def test_every_rule_is_cited() -> None:
    assert all(r.citation and r.authority for r in rules.VALIDITY_RULES.values())
    assert all(r.citation for r in rules.REQUIRED_CREDENTIALS)
    assert all(r.citation for r in rules.TRAINING_RULES.values())


@pytest.mark.parametrize(
    ("expires", "bucket", "priority"),
    [
        (date(2026, 11, 1), "expired", "urgent"),
        (date(2026, 11, 2), "due_30", "high"),  # expires today: still valid today
        (date(2026, 12, 2), "due_30", "high"),  # 30 days
        (date(2026, 12, 3), "due_60", "normal"),  # 31 days
        (date(2027, 1, 1), "due_60", "normal"),  # 60 days
        (date(2027, 1, 31), "due_90", "low"),  # 90 days
        (date(2027, 2, 1), "ok", "low"),  # 91 days
    ],
)
def test_alert_windows(expires: date, bucket: str, priority: str) -> None:
    status = rules.classify_expiry(expires, date(2026, 11, 2), (90, 60, 30))
    assert (status.bucket, status.priority) == (bucket, priority)
    assert status.needs_action is (bucket != "ok")


def test_windows_are_configurable_and_validated() -> None:
    assert rules.classify_expiry(date(2026, 11, 20), date(2026, 11, 2), [14]).bucket == "ok"
    assert rules.classify_expiry(date(2026, 11, 10), date(2026, 11, 2), [14]).bucket == "due_14"
    with pytest.raises(InvalidInput):
        rules.classify_expiry(date(2026, 11, 10), date(2026, 11, 2), [0])


def _hours(*items: tuple[float, str, bool]) -> list[rules.TrainingHours]:
    return [rules.TrainingHours(h, c, i) for h, c, i in items]


def test_texas_24_hours_with_instructor_led_self_study_and_maltreatment_rules() -> None:
    ok = rules.training_gap(
        "TX", _hours((18, "child_development", True), (5, "guidance", False), (1, "child_maltreatment", True))
    )
    # 18 + 1 instructor-led + at most 3 self-study hours count: 22 of 24.
    assert ok is not None and not ok.compliant
    assert ok.hours_done == 22 and ok.shortfall == 2
    full = rules.training_gap(
        "TX", _hours((20, "child_development", True), (3, "guidance", False), (1, "child_maltreatment", True))
    )
    assert full is not None and full.compliant
    no_cpr = rules.training_gap("TX", _hours((23, "cpr", True), (1, "child_maltreatment", True)))
    assert no_cpr is not None and no_cpr.hours_done == 1  # CPR and first aid are not counted (746.1309(h))
    few_led = rules.training_gap("TX", _hours((4, "child_maltreatment", True), (20, "curriculum", False)))
    assert few_led is not None and any("instructor-led" in p for p in few_led.problems)
    no_maltreatment = rules.training_gap("TX", _hours((24, "child_development", True)))
    assert no_maltreatment is not None and any("maltreatment" in p for p in no_maltreatment.problems)


def test_director_hours_and_states_without_a_rule() -> None:
    director = rules.training_gap(
        "TX", _hours((24, "leadership", True), (1, "child_maltreatment", True)), is_director=True
    )
    assert director is not None and director.hours_required == 30 and not director.compliant
    illinois = rules.training_gap("IL", _hours((15, "curriculum", False)))
    assert illinois is not None and illinois.compliant
    assert rules.training_gap("CA", _hours((1, "x", True))) is None


def test_pennsylvania_12_clock_hours_a_year() -> None:
    # 55 Pa. Code 3270.31(e): an annual minimum of 12 clock hours; delivery is not restricted.
    at_limit = rules.training_gap(
        "PA", _hours((8, "child_development", False), (4, "health_and_safety", True))
    )
    assert at_limit is not None and at_limit.compliant and at_limit.hours_required == 12
    short = rules.training_gap("PA", _hours((11, "child_development", True)))
    assert short is not None and not short.compliant and short.shortfall == 1
    assert "3270.31(e)" in short.citation


def test_arizona_18_hours_in_at_least_two_topics() -> None:
    # R9-5-403(B)(1): 18 or more actual hours every 12 months, in at least two of the listed topics.
    at_limit = rules.training_gap(
        "AZ", _hours((10, "Child Growth and Development", True), (8, "Health", False))
    )
    assert at_limit is not None and at_limit.compliant and at_limit.hours_done == 18
    one_short = rules.training_gap(
        "AZ", _hours((10, "child_growth_and_development", True), (7, "health", True))
    )
    assert one_short is not None and one_short.shortfall == 1 and not one_short.compliant
    one_topic = rules.training_gap("AZ", _hours((18, "child_growth_and_development", True)))
    assert one_topic is not None and one_topic.shortfall == 0 and not one_topic.compliant
    assert one_topic.problems == ("training in 1 topic(s), at least 2 required",)


def test_states_whose_training_rule_was_not_read_answer_none() -> None:
    for state in ("OH", "GA", "MA", "MI", "NJ", "NC"):
        assert rules.training_gap(state, _hours((40, "child_development", True))) is None


def test_required_credentials_depend_on_the_position() -> None:
    assert {r.group for r in rules.required_for("Lead Teacher")} == {
        "pediatric_cpr",
        "first_aid",
        "background_check",
    }
    assert {r.group for r in rules.required_for("Cook")} == {"background_check"}


def test_background_recheck_cites_98_43_d_1_2() -> None:
    # 45 CFR 98.43(d)(1)-(2): before hire and at least once every 5 years; (d)(4) is provisional hiring.
    assert "98.43(d)(1)-(2)" in rules.VALIDITY_RULES["background_check"].citation
    assert all("(d)(4)" not in r.citation for r in rules.REQUIRED_CREDENTIALS)


def _tx(*items: tuple[float, str, str], **kwargs: bool) -> rules.TrainingGap:
    gap = rules.training_gap(
        "TX", [rules.TrainingHours.from_delivery(h, c, d) for h, c, d in items], **kwargs
    )
    assert gap is not None
    return gap


def test_texas_self_study_cap_is_on_self_study_only() -> None:
    # 746.1309(g): 5 instructor-led; the other 19 may be self-instructional, at most 3 of them self-study.
    ok = _tx(
        (1, "Child Maltreatment", "instructor_led"),
        (4, "Guidance and Discipline", "instructor_led"),
        (19, "Child Growth and Development", "self_instructional"),
    )
    assert ok.compliant and ok.hours_done == 24
    study = _tx(
        (1, "Child Maltreatment", "instructor_led"),
        (4, "Guidance and Discipline", "instructor_led"),
        (19, "Child Growth and Development", "self_study"),
    )
    assert study.hours_done == 8 and study.shortfall == 16
    mixed = _tx(
        (5, "child_maltreatment", "instructor_led"),
        (16, "curriculum", "self_instructional"),
        (4, "curriculum", "self_study"),
    )
    assert mixed.compliant and mixed.hours_done == 24  # 5 + 16 + 3 of the 4 self-study hours


def test_texas_core_topics_and_infant_topics() -> None:
    no_core = _tx((1, "Child Maltreatment", "instructor_led"), (23, "Family Engagement", "instructor_led"))
    assert any("core topics" in p and "746.1309(b)" in p for p in no_core.problems)
    five_core = _tx(
        (1, "Child Maltreatment", "instructor_led"),
        (5, "Guidance and Discipline", "instructor_led"),
        (18, "Family Engagement", "self_instructional"),
    )
    assert not five_core.compliant  # at least 6 core hours
    base = (
        (1, "Child Maltreatment", "instructor_led"),
        (6, "Teacher-Child Interaction", "instructor_led"),
        (17, "Family Engagement", "self_instructional"),
    )
    assert _tx(*base).compliant
    infants = _tx(*base, cares_for_under_24_months=True)
    assert any("infant topics" in p and "746.1309(d)" in p for p in infants.problems)
    assert _tx(*base, (1, "Safe Sleep", "instructor_led"), cares_for_under_24_months=True).compliant


def test_procare_category_names_are_normalised() -> None:
    # Procare stores "Child Maltreatment"; before issue 13 only "child_maltreatment" was recognised.
    gap = _tx(
        (1, "Child Maltreatment", "instructor_led"), (23, "Child Growth and Development", "instructor_led")
    )
    assert gap.compliant
    cpr = _tx((24, "Pediatric CPR", "instructor_led"))
    assert cpr.hours_done == 0  # 746.1309(h)
