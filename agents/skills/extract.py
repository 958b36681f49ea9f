"""Skill extraction: which record says which skill, and how firmly.

Pure and fast (no model, no I/O), so a profile can be rebuilt for one person when their record changes.
Each record is matched against the vocabulary; a bio mention is weighed by the words around it, because
"native Spanish speaker" and "took Spanish in high school" are not the same evidence, and "interested in
learning Spanish" is none.
"""

from __future__ import annotations

import re
from datetime import date

from agents.skills.concepts import PhraseHit
from agents.skills.model import Evidence, Record, SkillsProfile, Source
from agents.skills.records import BioSentence, read_records, snippet
from agents.skills.text import stem, stems
from agents.skills.validate import Profile
from agents.skills.vocabulary import VOCABULARY

#: How much each kind of record says, before the words around a bio mention are weighed.
SOURCE_STRENGTH: dict[Source, float] = {
    "language": 1.0,
    "credential": 1.0,
    "training": 0.8,
    "bio": 0.8,
    "room": 0.5,
}
STRONG, MEDIUM, WEAK = 1.0, 0.6, 0.3

# Cues in a bio sentence, as folded word sequences. An aspiration before the mention means no evidence.
_ASPIRATION_CUES = (
    "interested in",
    "want to",
    "wants to",
    "would like to",
    "hope to",
    "hoping to",
    "plan to",
)
_WEAK_BEFORE_CUES = (
    "learning",
    "took",
    "studied",
    "basic",
    "some",
    "a little",
    "a bit of",
    "beginner",
    "limited",
)
_WEAK_AFTER_CUES = (
    "101",
    "in high school",
    "speaks some",
    "speak some",
    "a little",
    "basic",
    "rusty",
    "limited",
)
_NEGATION_CUES = ("not comfortable", "not fluent", "no experience", "not yet")
_MEDIUM_CUES = ("conversational", "working knowledge", "intermediate")
_STRONG_CUES = (
    "fluent",
    "fluently",
    "native",
    "first language",
    "mother tongue",
    "grew up speaking",
    "bilingual",
    "certified",
    "certificate",
    "specialist",
    "degree",
    "years",
    "lead",
    "leads",
)
_WINDOW = 5


def _cues(*phrases: str) -> re.Pattern[str]:
    """Whole-word match of any of `phrases` in a space-joined run of folded words."""
    return re.compile(r"\b(?:" + "|".join(re.escape(p) for p in phrases) + r")\b")


_ASPIRATION = _cues(*_ASPIRATION_CUES)
_WEAK_BEFORE = _cues(*_WEAK_BEFORE_CUES)
_WEAK_AFTER = _cues(*_WEAK_AFTER_CUES)
_NEGATION = _cues(*_NEGATION_CUES)
_MEDIUM = _cues(*_MEDIUM_CUES)
_STRONG = _cues(*_STRONG_CUES)


def build_profile(profile: Profile, as_of: date) -> SkillsProfile:
    """The skills profile of one validated profile, credentials judged at `as_of`."""
    records = read_records(profile, as_of)
    direct: dict[str, dict[str, Evidence]] = {}

    def add(cid: str, record: Record, evidence: Evidence) -> None:
        # One piece of evidence per skill and record: the firmest mention.
        kept = direct.setdefault(cid, {})
        if record.reason not in kept or kept[record.reason].strength < evidence.strength:
            kept[record.reason] = evidence

    def add_hits(record: Record, text: str) -> None:
        for hit in VOCABULARY.find(stems(text)):
            for cid in hit.concepts:
                add(cid, record, Evidence(record.source, record.reason, SOURCE_STRENGTH[record.source]))

    for record, sentence in records.bio:
        for cid, evidence in _bio_evidence(sentence):
            add(cid, record, evidence)
    for record in (*records.trainings, *records.rooms):
        add_hits(record, record.text)
    for record, cred in records.credentials:
        add_hits(record, f"{cred.kind.replace('_', ' ')} {record.text}")
    for record, entry in records.languages:
        if entry.code == "en":
            continue
        known = VOCABULARY.by_code.get(entry.code or "")
        if known:
            add(known, record, Evidence("language", record.reason, SOURCE_STRENGTH["language"]))
        else:
            add_hits(record, entry.raw)
    return SkillsProfile(
        staff_id=profile.staff_id,
        as_of=as_of,
        skills=_with_ancestors(direct),
        records=records.all(),
        ignored=records.ignored,
    )


def _bio_evidence(sentence: BioSentence) -> list[tuple[str, Evidence]]:
    words = [w for w, _, _ in sentence.words]
    found: list[tuple[str, Evidence]] = []
    for hit in VOCABULARY.find([stem(w) for w in words]):
        strength = _qualify(words, hit)
        if strength <= 0:
            continue
        start, end = sentence.words[hit.start][1], sentence.words[hit.end - 1][2]
        reason = f"bio: '{snippet(sentence.text, start, end)}'"
        found.extend((cid, Evidence("bio", reason, strength)) for cid in hit.concepts)
    return found


def _qualify(words: list[str], hit: PhraseHit) -> float:
    """How firmly a bio sentence states the skill at `hit`: 0 (an aspiration) to 1 (fluent, certified)."""
    before = " ".join(words[max(0, hit.start - _WINDOW) : hit.start])
    mention = " ".join(words[hit.start : hit.end])
    after = " ".join(words[hit.end : hit.end + _WINDOW])
    if _ASPIRATION.search(before):
        return 0.0
    if (
        _NEGATION.search(" ".join(words))
        or _WEAK_BEFORE.search(f"{before} {mention}")
        or _WEAK_AFTER.search(f"{mention} {after}")
    ):
        return WEAK
    if _MEDIUM.search(f"{before} {after}"):
        return MEDIUM
    if _STRONG.search(f"{before} {mention} {after}"):
        return STRONG
    return SOURCE_STRENGTH["bio"]


def _with_ancestors(direct: dict[str, dict[str, Evidence]]) -> dict[str, tuple[Evidence, ...]]:
    """Direct evidence plus, for every ancestor of a skill, the same evidence marked `via` the skill."""
    merged: dict[str, list[Evidence]] = {cid: list(found.values()) for cid, found in direct.items()}
    for cid, found in direct.items():
        for ancestor in VOCABULARY.ancestors[cid]:
            merged.setdefault(ancestor, []).extend(
                Evidence(e.source, e.reason, e.strength, via=cid) for e in found.values()
            )
    return {
        cid: tuple(sorted(evidence, key=lambda e: (-e.strength, e.via or "", e.source, e.reason)))
        for cid, evidence in sorted(merged.items())
    }
