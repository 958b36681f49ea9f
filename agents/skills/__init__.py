"""Skills matching: staff skills read from their records, ranked for a center's need.

`rank(profiles, need, limit=, as_of=)` is the contract (DESIGN.md); `skills_profiles` builds the stored
form (skill -> evidence) that searches reuse. `run` is the skills workflow (agents.skills.agent): mandated
training assigned on hire and tracked (`mandated`), role suggestions for a need (`assignment`). See
docs/skills.md.
"""

from __future__ import annotations

from agents.skills.agent import run
from agents.skills.model import Evidence, Match, Record, SkillsProfile
from agents.skills.ranking import default_ranker, hybrid_ranker, lexical_ranker, rank, skills_profiles

__all__ = [
    "Evidence",
    "Match",
    "Record",
    "SkillsProfile",
    "default_ranker",
    "hybrid_ranker",
    "lexical_ranker",
    "rank",
    "run",
    "skills_profiles",
]
