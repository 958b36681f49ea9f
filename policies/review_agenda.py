"""Review agenda points: objective claims, each pointing at the Procare records it rests on.

An agenda line reads ``- Topic: claim [kind:id, kind:id]``: the bracket at its end names the records (an
audit kind and id, as ``tools.audit_records`` names them) the claim was computed from. ``agenda_problems``
refuses any line that makes a claim without such a bracket, or that cites a record the proposal did not
read, so neither a model nor an edit can slip an unsourced judgement ("great attitude", "should be let
go") into a review form. Lookbacks are center HR policy, not statute.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

ATTENDANCE_LOOKBACK_DAYS = 90
"""Punctuality is judged over the last 90 days of scheduled shifts."""
RECORD_LOOKBACK_DAYS = 365
"""Observations, incidents and training count from the last year (one review cycle)."""
LATE_GRACE_MINUTES = 7
"""A clock-in more than 7 minutes after the shift's start is a late arrival (the 7-minute rounding
window of 29 CFR 785.48(b), used here as the center's grace period)."""
MAX_SOURCES_PER_POINT = 8

_SOURCE = re.compile(r"\[\s*([a-z_]+:[^\s,\]]+(?:\s*,\s*[a-z_]+:[^\s,\]]+)*)\s*\]\s*$")


@dataclass(frozen=True)
class AgendaPoint:
    """One objective claim for the review, with the records it was computed from."""

    topic: str
    text: str
    sources: tuple[str, ...]

    def line(self) -> str:
        """The form line: ``- Topic: claim [kind:id, ...]``."""
        return f"- {self.topic}: {self.text} [{', '.join(self.sources[:MAX_SOURCES_PER_POINT])}]"


def render(points: Collection[AgendaPoint]) -> str:
    """The agenda as form text, one line per point."""
    return "\n".join(p.line() for p in points)


def sources_of(line: str) -> tuple[str, ...] | None:
    """The records a line cites, or None when it cites none."""
    match = _SOURCE.search(line)
    if match is None:
        return None
    return tuple(part.strip() for part in match.group(1).split(","))


def agenda_problems(form: Mapping[str, object], read: Collection[str]) -> list[str]:
    """Why a pre-filled form may not be written: each non-empty line of each field is a claim, and must
    end with the records it rests on, every one of them among the records ``read``."""
    known = set(read)
    problems = []
    for field, value in form.items():
        if not isinstance(value, str):
            problems.append(f"form field {field!r} must be text")
            continue
        for number, raw in enumerate(value.splitlines(), start=1):
            line = raw.strip()
            if not line:
                continue
            cited = sources_of(line)
            if cited is None:
                problems.append(f"form {field!r} line {number} makes a claim without a source: {line[:80]!r}")
                continue
            unknown = [s for s in cited if s not in known]
            if unknown:
                problems.append(
                    f"form {field!r} line {number} cites records that were not read: {', '.join(unknown[:3])}"
                )
    return problems
