"""`agents.skills.rank` as DESIGN.md states it: shape, order, limit, missing keys, determinism, bad input."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from agents.skills import Match, rank
from policies.errors import InvalidInput
from tests.skills_labelled import load

AS_OF = date(2026, 12, 1)
LABELLED = load()


def test_answer_shape_best_first_and_limited() -> None:
    matches = rank(LABELLED.profiles, "bilingual Spanish", limit=5, as_of=LABELLED.as_of)

    assert 0 < len(matches) <= 5
    for m in matches:
        assert isinstance(m, Match)
        assert isinstance(m.staff_id, str) and isinstance(m.score, float) and m.score > 0
        assert isinstance(m.reasons, list) and m.reasons and all(isinstance(r, str) for r in m.reasons)
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_default_limit_is_ten_and_limit_one_gives_the_best() -> None:
    all_ten = rank(LABELLED.profiles, "current pediatric CPR and first aid", as_of=LABELLED.as_of)
    best = rank(LABELLED.profiles, "current pediatric CPR and first aid", limit=1, as_of=LABELLED.as_of)

    assert len(all_ten) == 10
    assert [m.staff_id for m in best] == [all_ten[0].staff_id]


def test_no_evidence_means_no_match() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "A", "bio": "Loves painting."},
        {"staff_id": "B", "trainings": ["Safe Sleep"]},
    ]

    assert rank(profiles, "robotics club", as_of=AS_OF) == []
    assert rank([], "robotics club", as_of=AS_OF) == []


def test_every_key_but_staff_id_may_be_missing() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "only-id"},
        {"staff_id": "langs", "languages": ["es"]},
        {
            "staff_id": "nulls",
            "bio": None,
            "trainings": None,
            "credentials": None,
            "rooms": None,
            "languages": None,
        },
        {"staff_id": "cred", "credentials": [{"kind": "pediatric_cpr_aha"}]},
    ]

    matches = rank(profiles, "habla espanol", as_of=AS_OF)

    assert [m.staff_id for m in matches] == ["langs"]
    assert rank(profiles, "CPR", as_of=AS_OF)[0].staff_id == "cred"


def test_same_input_same_answer_whatever_the_order_of_profiles() -> None:
    shuffled = list(LABELLED.profiles)
    random.Random(7).shuffle(shuffled)
    for need in ("music and movement", "outdoor nature program", "robotics club"):
        first = rank(LABELLED.profiles, need, as_of=LABELLED.as_of)
        again = rank(LABELLED.profiles, need, as_of=LABELLED.as_of)
        other_order = rank(shuffled, need, as_of=LABELLED.as_of)
        assert first == again == other_order


def test_unknown_keys_are_ignored() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "X", "name": "Ana", "position": "Teacher", "languages": ["Spanish"]}
    ]

    assert [m.staff_id for m in rank(profiles, "Spanish", as_of=AS_OF)] == ["X"]


def test_as_of_defaults_to_today() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "old", "credentials": [{"kind": "pediatric_cpr_aha", "expires_on": "2001-01-31"}]},
        {"staff_id": "far", "credentials": [{"kind": "pediatric_cpr_aha", "expires_on": "9999-12-31"}]},
    ]

    assert [m.staff_id for m in rank(profiles, "pediatric CPR")] == ["far"]


@pytest.mark.parametrize(
    ("profiles", "need", "limit", "message"),
    [
        ([{"bio": "no id"}], "art", 10, "profile 0 has no staff_id"),
        ([{"staff_id": "  "}], "art", 10, "profile 0 has no staff_id"),
        ([{"staff_id": 7}], "art", 10, "profile 0 has no staff_id"),
        (["S1"], "art", 10, "profile 0 must be an object"),
        ({"staff_id": "S1"}, "art", 10, "profiles must be a list"),
        ([{"staff_id": "S1"}, {"staff_id": "S1"}], "art", 10, "appears in more than one profile"),
        ([{"staff_id": "S1", "trainings": "Art"}], "art", 10, "trainings must be a list"),
        ([{"staff_id": "S1", "languages": [3]}], "art", 10, "languages must be a list of texts"),
        ([{"staff_id": "S1", "credentials": [{"issuer": "AHA"}]}], "art", 10, "credential 0 has no kind"),
        (
            [{"staff_id": "S1", "credentials": [{"kind": "cpr", "expires_on": "soon"}]}],
            "art",
            10,
            "expires_on must be a date as YYYY-MM-DD",
        ),
        ([{"staff_id": "S1"}], "", 10, "need must be a non-empty text"),
        ([{"staff_id": "S1"}], "   ", 10, "need must be a non-empty text"),
        ([{"staff_id": "S1"}], "?!", 10, "has no words to match"),
        ([{"staff_id": "S1"}], "art " * 200, 10, "keep it under"),
        ([{"staff_id": "S1"}], "art", 0, "limit must be a whole number of at least 1"),
        ([{"staff_id": "S1"}], "art", -3, "limit must be a whole number of at least 1"),
        ([{"staff_id": "S1"}], "art", True, "limit must be a whole number of at least 1"),
    ],
)
def test_bad_input_is_one_clear_line(profiles: object, need: str, limit: int, message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        rank(profiles, need, limit=limit, as_of=AS_OF)  # type: ignore[arg-type]

    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_as_of_must_be_a_date() -> None:
    with pytest.raises(InvalidInput, match="as_of must be a date"):
        rank([{"staff_id": "S1"}], "art", as_of="2026-12-01")  # type: ignore[arg-type]
