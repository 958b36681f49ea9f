"""The types of skills matching: a profile's records, skill evidence, the skills profile and a match.

A `SkillsProfile` is what a search needs of one staff member, built once from their Procare records and
cheap to keep: every field is plain data (`to_dict` / `from_dict` round-trip through JSON), so it can be
stored and rebuilt for one person when their record changes instead of re-reading the center.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Source = Literal["bio", "training", "credential", "language", "room"]
SOURCES: tuple[Source, ...] = ("bio", "training", "credential", "language", "room")


@dataclass(frozen=True)
class Record:
    """One record of a profile as the rankers read it.

    `reason` points at the record ("training: 'STEM in Early Childhood'"); `text` is what an embedding
    model reads; `terms` are its content stems for BM25.
    """

    source: Source
    reason: str
    text: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Evidence:
    """One record's support for one skill.

    `strength` is how much the record says (1.0 a language entry or a valid credential, 0.8 a training or a
    plain bio mention, 0.5 a past room, 0.3 a hedged mention such as "learning Spanish"). `via` names the
    narrower skill it was inherited from (robotics evidence is STEM evidence), None when direct.
    """

    source: Source
    reason: str
    strength: float
    via: str | None = None


@dataclass(frozen=True)
class SkillsProfile:
    """A staff member's skills, each with the evidence for it, and the records it was read from."""

    staff_id: str
    as_of: date
    skills: Mapping[str, tuple[Evidence, ...]]
    records: tuple[Record, ...]
    #: Records read but not counted, with why (e.g. an expired credential), for explanations and plans.
    ignored: tuple[str, ...] = ()
    terms: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "terms", tuple(t for r in self.records for t in r.terms))

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data, for storage."""
        return {
            "staff_id": self.staff_id,
            "as_of": self.as_of.isoformat(),
            "skills": {
                skill: [
                    {"source": e.source, "reason": e.reason, "strength": e.strength, "via": e.via}
                    for e in evidence
                ]
                for skill, evidence in self.skills.items()
            },
            "records": [
                {"source": r.source, "reason": r.reason, "text": r.text, "terms": list(r.terms)}
                for r in self.records
            ],
            "ignored": list(self.ignored),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SkillsProfile:
        """The inverse of `to_dict`."""
        return cls(
            staff_id=data["staff_id"],
            as_of=date.fromisoformat(data["as_of"]),
            skills={
                skill: tuple(
                    Evidence(e["source"], e["reason"], float(e["strength"]), e.get("via")) for e in evidence
                )
                for skill, evidence in data["skills"].items()
            },
            records=tuple(
                Record(r["source"], r["reason"], r["text"], tuple(r["terms"])) for r in data["records"]
            ),
            ignored=tuple(data.get("ignored", ())),
        )


@dataclass(frozen=True)
class Match:
    """One staff member for a need: best first in `rank`'s answer, each reason pointing at a record."""

    staff_id: str
    score: float
    reasons: list[str]
