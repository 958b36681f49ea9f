"""The hybrid ranker's mixing, held to the real encoder interface with a small deterministic encoder.

The real MiniLM model is tested only where the `embeddings` extra is installed (CI does not install it;
see docs/skills.md for why).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import pytest

from agents.skills import lexical_ranker, rank, ranking, semantic
from agents.skills.text import words

AS_OF = date(2026, 12, 1)

# Word -> meaning; texts sharing meanings are similar, as an embedding model would find them.
MEANINGS = {
    "little": "young",
    "ones": "young",
    "toddlers": "young",
    "toddler": "young",
    "babies": "young",
    "paint": "art",
    "painting": "art",
    "murals": "art",
    "art": "art",
    "guitar": "music",
    "songs": "music",
}
AXES = sorted(set(MEANINGS.values()))


class MeaningEncoder:
    """An `Encoder`: unit vectors over a few meanings, so tests know which texts are close."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        rows = np.zeros((len(texts), len(AXES) + 1), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in words(text):
                if word in MEANINGS:
                    rows[i, AXES.index(MEANINGS[word])] += 1
            rows[i, -1] = 0.05  # every text a little alike, never a zero vector
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


PROFILES: list[dict[str, Any]] = [
    {"staff_id": "painter", "bio": "Paints murals with the children."},
    {"staff_id": "signs", "trainings": ["Sign Language for Little Ones"]},
    {"staff_id": "guitar", "bio": "Plays guitar and writes songs."},
    {"staff_id": "none", "bio": "Front desk."},
]


def hybrid(alpha: float) -> semantic.HybridRanker:
    return semantic.HybridRanker(lexical_ranker(), MeaningEncoder(), alpha=alpha)


def test_alpha_one_is_the_lexical_order() -> None:
    need = "art and painting"

    assert rank(PROFILES, need, as_of=AS_OF, ranker=hybrid(1.0)) == [
        m.__class__(m.staff_id, round(m.score / rank(PROFILES, need, as_of=AS_OF)[0].score, 6), m.reasons)
        for m in rank(PROFILES, need, as_of=AS_OF)
    ]


def test_embedding_finds_what_no_word_matches_and_points_at_the_record() -> None:
    need = "someone for the toddlers"

    lexical = {m.staff_id for m in rank(PROFILES, need, as_of=AS_OF)}
    (best, *_) = rank(PROFILES, need, as_of=AS_OF, ranker=hybrid(0.0))

    assert "signs" not in lexical
    assert best.staff_id == "signs"
    assert best.reasons == ["training: 'Sign Language for Little Ones'"]


def test_hybrid_mixes_both_and_keeps_lexical_reasons_first() -> None:
    matches = rank(PROFILES, "painting with toddlers", as_of=AS_OF, ranker=hybrid(0.5))

    by_id = {m.staff_id: m for m in matches}
    assert matches[0].staff_id == "painter"
    assert by_id["painter"].reasons[0] == "bio: 'Paints murals with the children'"
    assert "signs" in by_id  # no word in common, close in meaning
    assert "signs" not in {m.staff_id for m in rank(PROFILES, "painting with toddlers", as_of=AS_OF)}


def test_alpha_outside_zero_to_one_is_refused() -> None:
    with pytest.raises(ValueError, match="alpha"):
        hybrid(1.5)


def test_default_is_lexical_unless_the_hybrid_measured_better_and_installs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ranking, "HYBRID_IS_BETTER", False)
    assert ranking.default_ranker() is lexical_ranker()

    monkeypatch.setattr(ranking, "HYBRID_IS_BETTER", True)
    monkeypatch.setattr(semantic, "available", lambda: False)
    assert ranking.default_ranker() is lexical_ranker()

    monkeypatch.setattr(semantic, "available", lambda: True)
    assert isinstance(ranking.default_ranker(), semantic.HybridRanker)


@pytest.mark.slow
@pytest.mark.skipif(not semantic.available(), reason="the embeddings extra is not installed")
def test_real_minilm_model_loads_offline_and_ranks() -> None:
    from tests.skills_labelled import load

    labelled = load()
    matches = rank(
        labelled.profiles, "habla espanol", limit=5, as_of=labelled.as_of, ranker=ranking.hybrid_ranker()
    )

    assert {m.staff_id for m in matches} & {"S101", "S114", "S137"}
    vectors = ranking.hybrid_ranker().encoder.encode(["bilingual Spanish", "bilingual Spanish"])
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
