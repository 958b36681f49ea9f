"""The labelled skills set (tests/data/skills_labelled.json) and the ranking metrics used on it.

Shared by the quality tests and `bench/skills.py`. Relevance is graded 0-3; MRR@10 counts the first
result graded 2 or 3 ("a good fit"), nDCG@10 uses the grades as gains (2^g - 1).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from agents.skills.text import STOPWORDS

PATH = Path(__file__).parent / "data" / "skills_labelled.json"
K = 10
GOOD_FIT = 2


@dataclass(frozen=True)
class Need:
    id: str
    text: str
    split: str
    relevance: dict[str, int]


@dataclass(frozen=True)
class LabelledSet:
    as_of: date
    profiles: list[dict[str, Any]]
    needs: list[Need]


def load(path: Path = PATH) -> LabelledSet:
    data = json.loads(path.read_text())
    return LabelledSet(
        as_of=date.fromisoformat(data["as_of"]),
        profiles=data["profiles"],
        needs=[Need(n["id"], n["text"], n["split"], dict(n["relevance"])) for n in data["needs"]],
    )


def mrr_at_k(ranked: Sequence[str], relevance: dict[str, int], k: int = K) -> float:
    """1 / rank of the first good fit in the top k, else 0."""
    for i, staff_id in enumerate(ranked[:k], start=1):
        if relevance.get(staff_id, 0) >= GOOD_FIT:
            return 1 / i
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevance: dict[str, int], k: int = K) -> float:
    """Normalised discounted cumulative gain of the top k, gains 2^grade - 1."""

    def dcg(grades: Sequence[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]))

    ideal = dcg(sorted(relevance.values(), reverse=True))
    return dcg([relevance.get(s, 0) for s in ranked]) / ideal if ideal else 0.0


@dataclass(frozen=True)
class Scores:
    mrr: float
    ndcg: float
    per_need: dict[str, tuple[float, float]]


def evaluate(search: Callable[[str], list[str]], needs: Sequence[Need]) -> Scores:
    """Mean MRR@10 and nDCG@10 of `search` (need text -> staff ids, best first) over `needs`."""
    per_need = {}
    for need in needs:
        ranked = search(need.text)
        per_need[need.id] = (mrr_at_k(ranked, need.relevance), ndcg_at_k(ranked, need.relevance))
    n = len(per_need) or 1
    return Scores(
        mrr=sum(m for m, _ in per_need.values()) / n,
        ndcg=sum(g for _, g in per_need.values()) / n,
        per_need=per_need,
    )


_WORD = re.compile(r"\w+")


def keyword_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in STOPWORDS}


def profile_text(profile: dict[str, Any]) -> str:
    """Every field of a profile as one text (what a plain keyword search would look through)."""
    creds = " ".join(f"{c.get('kind', '')} {c.get('issuer', '')}" for c in profile.get("credentials", []))
    fields = (profile.get("bio", ""), *profile.get("trainings", []), creds, *profile.get("rooms", []))
    return " ".join((*fields, *profile.get("languages", []))).replace("_", " ")


def keyword_baseline(profiles: list[dict[str, Any]]) -> Callable[[str], list[str]]:
    """The plain baseline: rank by how many need words the profile's text contains (ties by staff id).

    Lower-cased whole words, English stopwords dropped; no stemming, accents, synonyms or dates.
    """
    bags = [(p["staff_id"], keyword_words(profile_text(p))) for p in profiles]

    def search(need: str) -> list[str]:
        wanted = keyword_words(need)
        scored = [(len(wanted & bag), sid) for sid, bag in bags]
        return [sid for n, sid in sorted(scored, key=lambda s: (-s[0], s[1])) if n > 0][:K]

    return search
