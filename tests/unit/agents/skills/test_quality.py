"""The default ranker on the labelled set: a floor well above the plain keyword baseline.

Figures for every ranker, with the embedding extra, are printed by bench/skills.py; this test only
stops a change that makes the default rank clearly worse.
"""

from __future__ import annotations

from agents.skills import lexical_ranker, rank
from tests.skills_labelled import evaluate, keyword_baseline, load, mrr_at_k, ndcg_at_k

LABELLED = load()


def test_labelled_set_is_the_size_the_issue_asks_for() -> None:
    assert len(LABELLED.profiles) >= 40
    assert len(LABELLED.needs) >= 12
    assert len({p["staff_id"] for p in LABELLED.profiles}) == len(LABELLED.profiles)
    ids = {p["staff_id"] for p in LABELLED.profiles}
    for need in LABELLED.needs:
        assert set(need.relevance) <= ids, need.id
        assert set(need.relevance.values()) <= {0, 1, 2, 3}
        assert max(need.relevance.values()) == 3, need.id


def test_lexical_ranker_beats_the_keyword_baseline_by_far() -> None:
    def lexical(need: str) -> list[str]:
        return [
            m.staff_id for m in rank(LABELLED.profiles, need, as_of=LABELLED.as_of, ranker=lexical_ranker())
        ]

    ours = evaluate(lexical, LABELLED.needs)
    baseline = evaluate(keyword_baseline(LABELLED.profiles), LABELLED.needs)

    assert ours.ndcg >= 0.9 and ours.mrr >= 0.9
    assert ours.ndcg - baseline.ndcg >= 0.2
    assert min(ndcg for _, ndcg in ours.per_need.values()) >= 0.6


def test_metrics_on_known_rankings() -> None:
    relevance = {"a": 3, "b": 2, "c": 1}

    assert ndcg_at_k(["a", "b", "c"], relevance) == 1.0
    assert ndcg_at_k(["x", "y"], relevance) == 0.0
    assert 0 < ndcg_at_k(["c", "b", "a"], relevance) < 1
    assert mrr_at_k(["c", "x", "b"], relevance) == 1 / 3  # the first good fit (grade 2+) is third
    assert mrr_at_k(["c"], relevance) == 0.0
