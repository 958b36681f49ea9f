"""Each reason points at a record of the person it explains; paraphrases and codes reach the same people."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from agents.skills import rank
from tests.skills_labelled import load

LABELLED = load()
BY_ID = {p["staff_id"]: p for p in LABELLED.profiles}
AS_OF = date(2026, 12, 1)


def points_at_a_record(reason: str, profile: dict) -> bool:
    source, _, rest = reason.partition(": ")
    if source == "bio":
        quoted = rest.strip("'").replace("...", "").strip()
        return bool(quoted) and quoted in profile.get("bio", "")
    if source == "training":
        return rest.strip("'") in profile.get("trainings", [])
    if source == "room":
        return rest in profile.get("rooms", [])
    if source == "language":
        return rest.split(" (")[0] in profile.get("languages", [])
    if source == "credential":
        kind, _, validity = rest.partition(" valid to ")
        return any(
            c["kind"] == kind and validity.startswith(c.get("expires_on", ""))
            for c in profile.get("credentials", [])
        )
    return False


@pytest.mark.parametrize("need", [n.text for n in LABELLED.needs])
def test_every_reason_points_at_one_of_that_persons_records(need: str) -> None:
    for match in rank(LABELLED.profiles, need, as_of=LABELLED.as_of):
        profile = BY_ID[match.staff_id]
        for reason in match.reasons:
            assert points_at_a_record(reason, profile), (need, match.staff_id, reason)


def test_reason_formats_name_the_record() -> None:
    profiles: list[dict[str, Any]] = [
        {
            "staff_id": "S1",
            "bio": "Preschool teacher, fluent in Spanish and English. Runs our garden.",
            "trainings": ["STEM in Early Childhood"],
            "credentials": [{"kind": "pediatric_cpr_aha", "issuer": "AHA", "expires_on": "2027-03-31"}],
            "rooms": ["Pre-K Robotics"],
            "languages": ["es"],
        }
    ]

    spanish = rank(profiles, "bilingual Spanish", as_of=AS_OF)[0].reasons
    stem = rank(profiles, "robotics and STEM", as_of=AS_OF)[0].reasons
    cpr = rank(profiles, "CPR", as_of=AS_OF)[0].reasons

    assert "bio: 'Preschool teacher, fluent in Spanish and English'" in spanish
    assert "language: es (Spanish)" in spanish
    assert {"training: 'STEM in Early Childhood'", "room: Pre-K Robotics"} <= set(stem)
    assert cpr == ["credential: pediatric_cpr_aha valid to 2027-03-31"]


def test_long_bio_sentences_are_quoted_around_the_mention() -> None:
    bio = (
        "I have worked in three centers across the city over the years, in every kind of room and shift, "
        "and my favourite part has always been leading our robotics club on Friday afternoons with the fours."
    )
    (match,) = rank([{"staff_id": "S1", "bio": bio}], "robotics", as_of=AS_OF)

    quoted = match.reasons[0]
    assert quoted.startswith("bio: '...") and "robotics club" in quoted and len(quoted) < 120


SPANISH_SPEAKERS = {"S101", "S111", "S114", "S120", "S131", "S133", "S137"}


@pytest.mark.parametrize(
    "need",
    [
        "bilingual Spanish",
        "habla espanol",
        "¿Habla español?",
        "family liaison in Spanish",
        "Spanish-speaking",
    ],
)
def test_spanish_paraphrases_find_the_spanish_speakers_first(need: str) -> None:
    top = [m.staff_id for m in rank(LABELLED.profiles, need, limit=7, as_of=LABELLED.as_of)]

    assert len(set(top) & SPANISH_SPEAKERS) >= 6, top


def test_hedged_and_aspiring_speakers_rank_below_fluent_ones() -> None:
    ranked = [
        m.staff_id for m in rank(LABELLED.profiles, "bilingual Spanish", limit=20, as_of=LABELLED.as_of)
    ]

    assert ranked.index("S106") > max(
        ranked.index(s) for s in SPANISH_SPEAKERS
    )  # "took Spanish in high school"
    assert "S140" not in ranked  # "interested in learning Spanish"


@pytest.mark.parametrize("need", ["robotics club", "STEM curriculum support", "coding for kids"])
def test_stem_paraphrases_find_the_stem_staff(need: str) -> None:
    top = [m.staff_id for m in rank(LABELLED.profiles, need, limit=3, as_of=LABELLED.as_of)]

    assert "S102" in top, top
    assert set(top) <= {"S102", "S115", "S123", "S142"}, top


@pytest.mark.parametrize(
    ("languages", "need"),
    [
        (["vi"], "Vietnamese speaker"),
        (["Vietnamese"], "tiếng Việt"),
        (["spa"], "Spanish"),
        (["es-MX"], "habla espanol"),
        (["español"], "Spanish"),
        (["cmn"], "Mandarin"),
        (["zh-Hant"], "Chinese"),
        (["ase"], "ASL"),
        (["tl"], "Tagalog"),
        (["ht"], "Haitian Creole"),
    ],
)
def test_language_codes_and_names_meet(languages: list[str], need: str) -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "match", "languages": languages},
        {"staff_id": "other", "languages": ["en", "de"]},
    ]

    assert [m.staff_id for m in rank(profiles, need, as_of=AS_OF)] == ["match"]


def test_a_language_the_need_names_is_required_not_just_nice() -> None:
    profiles: list[dict[str, Any]] = [
        {
            "staff_id": "liaison",
            "bio": "Family liaison for ten years. Runs parent conferences. Writes the family newsletter.",
            "trainings": ["Family Engagement Strategies"],
        },
        {"staff_id": "speaker", "languages": ["es"]},
    ]

    ranked = rank(profiles, "family liaison in Spanish", as_of=AS_OF)

    assert [m.staff_id for m in ranked] == ["speaker", "liaison"]


def test_narrower_need_gives_partial_credit_to_related_skills() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "robot", "bio": "Runs the robotics club."},
        {"staff_id": "science", "bio": "Leads weekly science experiments."},
        {"staff_id": "mandarin", "languages": ["cmn"]},
        {"staff_id": "cantonese", "languages": ["yue"]},
        {"staff_id": "chinese", "languages": ["zh"]},
    ]

    robotics = [m.staff_id for m in rank(profiles, "robotics", as_of=AS_OF)]
    mandarin = [m.staff_id for m in rank(profiles, "Mandarin", as_of=AS_OF)]
    chinese = {m.staff_id for m in rank(profiles, "Chinese", as_of=AS_OF)}

    assert robotics == ["robot", "science"]  # science is STEM too
    assert mandarin == ["mandarin", "chinese"]  # Cantonese does not answer a Mandarin need
    assert chinese == {"mandarin", "cantonese", "chinese"}
