"""Skills profiles: which record says which skill, how firmly, and the stored form."""

from __future__ import annotations

import json
from datetime import date

import pytest

from agents.skills import SkillsProfile, skills_profiles
from agents.skills.concepts import Concept, Vocabulary
from agents.skills.languages import read_language
from agents.skills.vocabulary import VOCABULARY

AS_OF = date(2026, 12, 1)


def profile_of(**fields: object) -> SkillsProfile:
    (built,) = skills_profiles([{"staff_id": "S1", **fields}], as_of=AS_OF)
    return built


def strength(profile: SkillsProfile, skill: str) -> float:
    return max((e.strength for e in profile.skills.get(skill, ())), default=0.0)


@pytest.mark.parametrize(
    ("bio", "expected"),
    [
        ("Native Spanish speaker.", 1.0),
        ("Fluent in Spanish.", 1.0),
        ("Speaks Spanish with families.", 0.8),
        ("Conversational Spanish.", 0.6),
        ("Took two years of Spanish in high school.", 0.3),
        ("I am learning Spanish.", 0.3),
        ("Heritage Spanish speaker (understands well, speaks some).", 0.3),
        ("Greets families in Spanish, but I'm not comfortable with full conversations.", 0.3),
        ("Interested in learning Spanish.", 0.0),
        ("Would like to take Spanish classes.", 0.0),
    ],
)
def test_bio_mentions_are_weighed_by_the_words_around_them(bio: str, expected: float) -> None:
    assert strength(profile_of(bio=bio), "spanish") == expected


def test_each_source_gives_evidence_with_its_record() -> None:
    built = profile_of(
        bio="Leads our nature walks.",
        trainings=["Music Together Teacher Training"],
        credentials=[
            {"kind": "first_aid_red_cross", "issuer": "American Red Cross", "expires_on": "2027-05-31"}
        ],
        rooms=["Infant 2"],
        languages=["vi"],
    )

    assert [(e.source, e.reason) for e in built.skills["outdoor"]] == [
        ("bio", "bio: 'Leads our nature walks'")
    ]
    assert built.skills["music"][0].reason == "training: 'Music Together Teacher Training'"
    assert built.skills["first_aid"][0].reason == "credential: first_aid_red_cross valid to 2027-05-31"
    assert (built.skills["infant_care"][0].source, built.skills["infant_care"][0].strength) == ("room", 0.5)
    assert built.skills["vietnamese"][0].reason == "language: vi (Vietnamese)"


def test_narrower_skills_are_evidence_of_their_parents() -> None:
    built = profile_of(bio="Started a LEGO robotics club.", languages=["cmn"])

    assert [e.via for e in built.skills["stem"]] == ["robotics"]
    assert {e.via for e in built.skills["chinese"]} == {"mandarin"}
    assert {e.via for e in built.skills["bilingual"]} == {"mandarin"}
    assert all(e.via is None for e in built.skills["robotics"])


def test_english_is_not_a_second_language_skill() -> None:
    assert profile_of(languages=["en", "English"]).skills == {}


def test_one_evidence_per_skill_and_record_the_firmest() -> None:
    built = profile_of(bio="I am learning Spanish; native Spanish speaker at home, Spanish every day.")

    reasons = [e.reason for e in built.skills["spanish"]]
    assert len(reasons) == len(set(reasons))
    assert built.skills["spanish"][0].strength == 1.0


def test_stored_form_round_trips_through_json() -> None:
    built = profile_of(
        bio="Fluent in ASL.",
        trainings=["STEM in Early Childhood"],
        credentials=[{"kind": "pediatric_cpr_aha", "expires_on": "2025-01-31"}],
        rooms=["Art Studio"],
        languages=["es"],
    )

    again = SkillsProfile.from_dict(json.loads(json.dumps(built.to_dict())))

    assert again == built
    assert again.terms == built.terms
    assert again.ignored == ("credential: pediatric_cpr_aha expired 2025-01-31",)


def test_building_is_pure() -> None:
    fields = {"bio": "Infant room lead; 9 years with babies.", "languages": ["hi"]}

    assert profile_of(**fields) == profile_of(**fields)


@pytest.mark.parametrize(
    ("raw", "code", "name"),
    [
        ("es", "es", "Spanish"),
        ("spa", "es", "Spanish"),
        ("es-MX", "es", "Spanish"),
        ("español", "es", "Spanish"),
        ("Spanish", "es", "Spanish"),
        ("zh-Hant", "zh", "Chinese"),
        ("ase", "ase", "American Sign Language"),
        ("tl", "fil", "Filipino"),
        ("Tagalog", "fil", "Filipino"),
        ("Tiếng Việt", "vi", "Vietnamese"),
        ("ASL", "ase", "American Sign Language"),  # not ISO 639-3 "asl" (Asilulu)
        ("Farsi", "fa", "Persian"),
        ("Mandarin", "cmn", "Mandarin Chinese"),
        ("Kreyòl", "ht", "Haitian Creole"),
        ("Klingon", "tlh", "Klingon"),  # any language langcodes knows by name, not only the vocabulary's
    ],
)
def test_language_entries_read_as_codes_or_names(raw: str, code: str, name: str) -> None:
    entry = read_language(raw)

    assert (entry.code, entry.name) == (code, name)


@pytest.mark.parametrize("raw", ["zzz", "some spanish", "basic sign"])
def test_an_unreadable_language_keeps_its_text(raw: str) -> None:
    # langcodes.find alone reads "some spanish" as Fasu (faa); a guess is no reading.
    entry = read_language(raw)

    assert (entry.code, entry.name) == (None, raw)


def test_an_unreadable_language_entry_still_counts_through_the_vocabulary() -> None:
    assert strength(profile_of(languages=["some spanish"]), "spanish") == 1.0


def test_vocabulary_is_consistent() -> None:
    for cid, concept in VOCABULARY.concepts.items():
        assert concept.id == cid
        assert all(p in VOCABULARY.concepts for p in concept.parents)
        assert cid not in VOCABULARY.ancestors[cid]
    codes = [c.code for c in VOCABULARY.concepts.values() if c.code]
    assert len(codes) == len(set(codes))


def test_vocabulary_refuses_unknown_parents_cycles_and_duplicates() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        Vocabulary([Concept("a", "a", ("a",), parents=("nope",))])
    with pytest.raises(ValueError, match="its own ancestor"):
        Vocabulary([Concept("a", "a", ("x",), parents=("b",)), Concept("b", "b", ("y",), parents=("a",))])
    with pytest.raises(ValueError, match="defined twice"):
        Vocabulary([Concept("a", "a", ("x",)), Concept("a", "a", ("y",))])


def test_phrases_match_longest_first_on_stems() -> None:
    hits = VOCABULARY.find(["wilder", "first", "aid", "and", "robot"])

    assert [h.concepts for h in hits] == [("first_aid",), ("robotics",)]
