"""The concept type of the skills vocabulary and the phrase index built from it.

A concept is one skill a director asks for ("Spanish", "STEM", "infant care"), with the phrases that say it
in a profile or a need. Concepts form a small hierarchy: evidence of a child is evidence of its parents
(robotics is STEM, Mandarin is Chinese), and a need for a child gives partial credit to the parent's own
evidence (a "Chinese" language record for a Mandarin need). Phrases are matched on stems, so the table
lists each word once ("robotics" also catches "robot").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from agents.skills.text import stems

ConceptKind = Literal["skill", "language"]

#: Longest phrase, in words, the matcher tries.
MAX_PHRASE_WORDS = 5


@dataclass(frozen=True)
class Concept:
    """A skill or language with the phrases that name it."""

    id: str
    label: str
    phrases: tuple[str, ...]
    parents: tuple[str, ...] = ()
    kind: ConceptKind = "skill"
    #: ISO 639 code of a language concept (the form langcodes normalises to: "es", "cmn", "ase", "fil").
    code: str | None = None
    #: Credit a need for one child gives to evidence inherited from another child (0 = siblings unrelated:
    #: Cantonese does not answer a need for Mandarin; 0.4: a science teacher partly answers "robotics").
    sibling_credit: float = 0.0


@dataclass(frozen=True)
class PhraseHit:
    """One phrase found in a token sequence: the concepts it names and where it sits."""

    concepts: tuple[str, ...]
    start: int
    end: int


class Vocabulary:
    """Concepts by id, their ancestors and descendants, and a phrase index over stems."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self.concepts: dict[str, Concept] = {}
        for concept in concepts:
            if concept.id in self.concepts:
                raise ValueError(f"concept {concept.id!r} is defined twice")
            self.concepts[concept.id] = concept
        for concept in self.concepts.values():
            for parent in concept.parents:
                if parent not in self.concepts:
                    raise ValueError(f"concept {concept.id!r} names an unknown parent {parent!r}")
        self.ancestors: dict[str, frozenset[str]] = {cid: self._ancestors(cid) for cid in self.concepts}
        self.descendants: dict[str, frozenset[str]] = {
            cid: frozenset(other for other, anc in self.ancestors.items() if cid in anc)
            for cid in self.concepts
        }
        self.by_code: dict[str, str] = {c.code: c.id for c in self.concepts.values() if c.code}
        index: dict[tuple[str, ...], set[str]] = {}
        for concept in self.concepts.values():
            for phrase in (*concept.phrases, concept.label):
                key = tuple(stems(phrase))
                if not key or len(key) > MAX_PHRASE_WORDS:
                    raise ValueError(f"phrase {phrase!r} of {concept.id!r} has no words or too many")
                index.setdefault(key, set()).add(concept.id)
        self.phrases: Mapping[tuple[str, ...], tuple[str, ...]] = {
            k: tuple(sorted(v)) for k, v in index.items()
        }

    def _ancestors(self, cid: str, seen: frozenset[str] = frozenset()) -> frozenset[str]:
        if cid in seen:
            raise ValueError(f"concept {cid!r} is its own ancestor")
        found: set[str] = set()
        for parent in self.concepts[cid].parents:
            found.add(parent)
            found |= self._ancestors(parent, seen | {cid})
        return frozenset(found)

    def find(self, tokens: list[str]) -> list[PhraseHit]:
        """Longest phrases first, left to right, not overlapping."""
        hits: list[PhraseHit] = []
        i = 0
        while i < len(tokens):
            for length in range(min(MAX_PHRASE_WORDS, len(tokens) - i), 0, -1):
                found = self.phrases.get(tuple(tokens[i : i + length]))
                if found:
                    hits.append(PhraseHit(found, i, i + length))
                    i += length
                    break
            else:
                i += 1
        return hits

    def label(self, cid: str) -> str:
        return self.concepts[cid].label
