"""A center's own needs in a development plan: whether a staff member's profile shows each, and if not a gap.

"Shows" is the rule `skills match` lists people by, on this one profile: the default ranker
(agents.skills.ranking) scores the need above zero, and its reasons name the records it rests on. A course
closes a need gap by the same rule with the course read as one training record (its title and topic): the
catalog's "Communicating with families" is a course for "bilingual Spanish for family communications" when
the ranker finds the need in it. No rule of its own here. Pure: the caller reads the needs and the courses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from agents.skills.model import Match, SkillsProfile
from agents.skills.plans import Gap
from agents.skills.ranking import default_ranker, skills_profiles
from tools.models import TrainingCourse

COURSE_DAY = date(2000, 1, 1)
"""The day a course's profile is built for: it holds no credential, so the day judges nothing."""


@dataclass(frozen=True)
class DeclaredNeed:
    """One need of the center, as stored (checkpoints.center_needs)."""

    need_id: int
    need: str
    declared_by: str
    declared_on: date


@dataclass(frozen=True)
class NeedCheck:
    """Whether the profile shows one need; `reasons` name the records it rests on (empty when not shown)."""

    need: DeclaredNeed
    shown: bool
    reasons: list[str]
    score: float = 0.0
    """The ranker's score on this one profile: a word in common scores low, a named skill high."""


def shown_by(profile: SkillsProfile, need: str) -> Match | None:
    """The match `skills match` would list this person with for `need`, or None when it would not."""
    found = default_ranker().rank([profile], need, 1)
    return found[0] if found else None


def check_needs(profile: SkillsProfile, needs: list[DeclaredNeed]) -> list[NeedCheck]:
    """Each need, shown or not by the profile, in the order given."""
    checks = []
    for need in needs:
        match = shown_by(profile, need.need)
        if match is None:
            checks.append(NeedCheck(need, False, []))
        else:
            checks.append(NeedCheck(need, True, match.reasons, match.score))
    return checks


def need_gap(check: NeedCheck) -> Gap:
    """The gap of a need the profile does not show; the "citation" is the declaration, not a regulation."""
    need = check.need
    return Gap(
        "center_need",
        f"center_need:{need.need_id}",
        f"center need: {need.need}",
        "missing",
        "no record on the skills profile shows it",
        f"declared by {need.declared_by} on {need.declared_on}",
        topic=need.need,
    )


def course_shows(need: str, course: TrainingCourse) -> bool:
    """Whether the ranker finds `need` in the course's title and topic, read as one training record."""
    profile = {
        "staff_id": course.course_id,
        "trainings": [f"{course.title} ({course.topic.replace('_', ' ')})"],
    }
    return shown_by(skills_profiles([profile], as_of=COURSE_DAY)[0], need) is not None
