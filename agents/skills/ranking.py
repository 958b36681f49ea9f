"""`rank`: staff ranked for a center's need, each with the records the match rests on.

The default ranker is the lexical one unless the `embeddings` extra is installed and the hybrid ranks
better on the labelled set (`bench/skills.py` measures both; `HYBRID_IS_BETTER` records the verdict).
Skills profiles are built once per profile content and `as_of` and reused across searches.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Protocol

from agents.skills import semantic
from agents.skills.extract import build_profile
from agents.skills.lexical import LexicalRanker
from agents.skills.model import Match, SkillsProfile
from agents.skills.validate import Profile, as_of_value, limit_value, need_text, profiles_list

#: Measured by bench/skills.py on tests/data/skills_labelled.json; see docs/skills.md for the figures.
HYBRID_IS_BETTER = False
HYBRID_ALPHA = 0.5


class Ranker(Protocol):
    name: str

    def score_all(self, profiles: Sequence[SkillsProfile], need: str) -> list[Match]: ...

    def rank(self, profiles: Sequence[SkillsProfile], need: str, limit: int) -> list[Match]: ...


@functools.lru_cache(maxsize=1)
def lexical_ranker() -> LexicalRanker:
    return LexicalRanker()


@functools.lru_cache(maxsize=1)
def hybrid_ranker(alpha: float = HYBRID_ALPHA) -> semantic.HybridRanker:
    """The lexical + MiniLM ranker (needs the `embeddings` extra)."""
    return semantic.HybridRanker(lexical_ranker(), semantic.MiniLMEncoder(), alpha=alpha)


def default_ranker() -> Ranker:
    """The better ranker of those installed here."""
    if HYBRID_IS_BETTER and semantic.available():
        return hybrid_ranker()
    return lexical_ranker()


@functools.lru_cache(maxsize=20_000)
def _cached_profile(profile: Profile, as_of: date) -> SkillsProfile:
    return build_profile(profile, as_of)


def skills_profiles(profiles: list[dict], *, as_of: date) -> list[SkillsProfile]:
    """Validated skills profiles of contract-shaped profile dicts (cached by content and `as_of`)."""
    return [_cached_profile(p, as_of) for p in profiles_list(profiles)]


def rank(
    profiles: list[dict],
    need: str,
    *,
    limit: int = 10,
    as_of: date | None = None,
    ranker: Ranker | None = None,
) -> list[Match]:
    """Staff best suited to `need`, best first, at most `limit`, each with reasons pointing at records.

    `as_of` is the day credentials are judged on (a workflow passes its run's `as_of`); without it, today
    in UTC. Raises `InvalidInput` for a profile without staff_id, a limit below 1 or an empty need.
    """
    text = need_text(need)
    count = limit_value(limit)
    day = as_of_value(as_of) or datetime.now(UTC).date()
    built = skills_profiles(profiles, as_of=day)
    return (ranker or default_ranker()).rank(built, text, count)
