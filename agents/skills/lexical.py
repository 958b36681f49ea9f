"""The lexical ranker: vocabulary concepts weighed like BM25 terms, plus BM25 (bm25s) on the other words.

A need is read into the concepts it names ("habla espanol" -> Spanish, "robotics club" -> robotics, with
partial credit to STEM) and the words left over ("club"). Each concept scores like a BM25 term whose
frequency is the staff member's evidence: inverse document frequency over the center's profiles times
a saturating sum of evidence strengths, so one firm record counts most and more records add less. The
left-over words are scored by BM25 over every record's stems. When a need names a language, that
language is the point of the need: staff without it keep only a quarter of their score.
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import bm25s
import numpy as np

from agents.skills.model import Evidence, Match, SkillsProfile
from agents.skills.text import STOPWORDS, stem, words
from agents.skills.vocabulary import VOCABULARY

#: Credit a need for a narrower skill gives to direct evidence of its parent ("Chinese" for Mandarin).
PARENT_CREDIT = 0.5
#: Evidence of strength 1 fills this much of a concept; more records approach 1.
EVIDENCE_FILL = 0.85
#: Weight of the BM25 score of left-over words against concept scores.
TEXT_WEIGHT = 0.5
#: Share of the score kept by staff who lack every language the need names.
MISSING_LANGUAGE_KEEPS = 0.25
MAX_REASONS = 5


@dataclass(frozen=True)
class QueryConcept:
    """One concept a need asks for, and how much each kind of evidence of it counts."""

    concept: str
    direct: float = 1.0
    inherited: float = 1.0
    #: Inherited evidence via these skills is already counted by another query concept.
    skip_via: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NeedQuery:
    text: str
    concepts: tuple[QueryConcept, ...]
    #: Language concepts among `concepts` (the named languages and their parents, e.g. Chinese for Mandarin).
    languages: frozenset[str]
    terms: tuple[str, ...]


def read_need(text: str) -> NeedQuery:
    """The concepts a need names (the narrowest, with partial credit to their parents) and its other words."""
    tokens = words(text)
    hits = VOCABULARY.find([stem(w) for w in tokens])
    named = {cid for hit in hits for cid in hit.concepts}
    narrowest = sorted(c for c in named if not any(c in VOCABULARY.ancestors[o] for o in named if o != c))
    concepts = [QueryConcept(c) for c in narrowest]
    parents: dict[str, set[str]] = {}
    for cid in narrowest:
        for parent in VOCABULARY.concepts[cid].parents:
            if parent not in narrowest:
                parents.setdefault(parent, set()).update({cid, *VOCABULARY.descendants[cid]})
    for parent, covered_by in sorted(parents.items()):
        sibling = VOCABULARY.concepts[parent].sibling_credit
        concepts.append(QueryConcept(parent, PARENT_CREDIT, sibling, frozenset(covered_by)))
    used = {i for hit in hits for i in range(hit.start, hit.end)}
    terms = tuple(
        stem(w) for i, w in enumerate(tokens) if i not in used and w not in STOPWORDS and len(w) > 1
    )
    languages = frozenset(q.concept for q in concepts if VOCABULARY.concepts[q.concept].kind == "language")
    return NeedQuery(text, tuple(concepts), languages, terms)


def idf(n_with: int, n_all: int) -> float:
    """BM25's inverse document frequency (Lucene's, always positive)."""
    return math.log(1 + (n_all - n_with + 0.5) / (n_with + 0.5))


class LexicalRanker:
    """The default ranker: offline, deterministic, a few milliseconds for a 200-staff center."""

    name = "lexical"

    def __init__(self, *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self._indexes: OrderedDict[tuple[tuple[str, tuple[str, ...]], ...], bm25s.BM25] = OrderedDict()
        self._lock = threading.Lock()  # one ranker serves every request of a process

    def score_all(self, profiles: Sequence[SkillsProfile], need: str) -> list[Match]:
        """Every staff member with a score above zero, unsorted, with reasons."""
        query = read_need(need)
        text_scores = self._text_scores(profiles, query.terms)
        n = len(profiles)
        weights = {
            qc.concept: idf(sum(1 for p in profiles if qc.concept in p.skills), n) for qc in query.concepts
        }
        found = []
        for i, profile in enumerate(profiles):
            concept_score, has_language = 0.0, not query.languages
            reasons: list[str] = []
            contributions: list[tuple[float, list[Evidence]]] = []
            for qc in query.concepts:
                fill, used = _fill(profile, qc)
                if fill <= 0:
                    continue
                concept_score += weights[qc.concept] * fill
                contributions.append((weights[qc.concept] * fill, used))
                has_language = has_language or qc.concept in query.languages
            text = float(text_scores[i]) * TEXT_WEIGHT
            score = concept_score + text
            if score <= 0:
                continue
            if not has_language:
                score *= MISSING_LANGUAGE_KEEPS
            for _, used in sorted(contributions, key=lambda c: -c[0]):
                reasons.extend(e.reason for e in used)
            if text > 0:
                reasons.extend(_text_reasons(profile, query.terms))
            found.append(Match(profile.staff_id, score, list(dict.fromkeys(reasons))[:MAX_REASONS]))
        return found

    def rank(self, profiles: Sequence[SkillsProfile], need: str, limit: int) -> list[Match]:
        return top(self.score_all(profiles, need), limit)

    def _text_scores(self, profiles: Sequence[SkillsProfile], terms: tuple[str, ...]) -> np.ndarray:
        if not terms or not profiles:
            return np.zeros(len(profiles))
        key = tuple((p.staff_id, p.terms) for p in profiles)
        with self._lock:
            index = self._indexes.get(key)
            if index is None:
                index = bm25s.BM25(k1=self.k1, b=self.b)
                index.index([list(p.terms) for p in profiles], show_progress=False)
                self._indexes[key] = index
                while len(self._indexes) > 8:
                    self._indexes.popitem(last=False)
            self._indexes.move_to_end(key)
        known = [t for t in terms if t in index.vocab_dict]
        if not known:
            return np.zeros(len(profiles))
        return np.asarray(index.get_scores(known), dtype=float)


def _fill(profile: SkillsProfile, qc: QueryConcept) -> tuple[float, list[Evidence]]:
    """How fully `profile`'s evidence covers one query concept (0..1), and the evidence that counted."""
    missing, used = 1.0, []
    for evidence in profile.skills.get(qc.concept, ()):
        if evidence.via is None:
            credit = qc.direct
        elif evidence.via in qc.skip_via:
            continue
        else:
            credit = qc.inherited
        if credit <= 0:
            continue
        missing *= 1 - EVIDENCE_FILL * evidence.strength * credit
        used.append(evidence)
    return 1 - missing, used


def _text_reasons(profile: SkillsProfile, terms: tuple[str, ...]) -> list[str]:
    wanted = set(terms)
    scored = [(len(wanted & set(r.terms)), i, r.reason) for i, r in enumerate(profile.records)]
    return [reason for hits, _, reason in sorted(scored, key=lambda s: (-s[0], s[1])) if hits]


def top(matches: list[Match], limit: int) -> list[Match]:
    """Best first (ties by staff id, so the order never depends on input order), at most `limit`."""
    ordered = sorted(matches, key=lambda m: (-round(m.score, 9), m.staff_id))
    return [Match(m.staff_id, round(m.score, 6), m.reasons) for m in ordered[:limit]]
