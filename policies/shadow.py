"""Scoring a shadow run (issue 18 item 3): what the rules and agents would have proposed against what
directors actually did in Procare over the same weeks.

Each workflow compares keys: a proposal and a director's action are the same piece of work when their keys
are equal (COMPARED says which key each workflow uses and which Procare records are the directors'
actions). Precision is the share of proposals a director also acted on; recall the share of directors'
actions the AI had proposed. Both are None when there is nothing to divide by.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

Key = tuple[str, ...]

COMPARED: dict[str, str] = {
    "credentials": "staff member whose credential a director updated (credential updated_at in the window)",
    "payroll": "staff member whose payroll a director corrected (payroll record updated_at in the window)",
    "ratios": "staff member and day a director moved into a room (staff move created_at in the window)",
    "tasks": "staff member a director created a task about or for (task created_at in the window)",
}
"""The workflows a shadow run scores, and the director action each is compared with."""

EXAMPLES = 3
"""Examples of each kind of miss printed per workflow."""


@dataclass(frozen=True)
class Score:
    """Precision and recall of one workflow, with examples of each miss."""

    workflow: str
    proposed: int
    acted: int
    matched: int
    precision: float | None
    recall: float | None
    false_positives: list[Key]
    """Proposed, but no director did it (up to EXAMPLES, sorted)."""
    false_negatives: list[Key]
    """Done by a director, but never proposed (up to EXAMPLES, sorted)."""


def score(workflow: str, proposed: Iterable[Key], acted: Iterable[Key]) -> Score:
    """Compare the keys a workflow proposed with the keys directors acted on."""
    p, a = set(proposed), set(acted)
    hit = p & a
    return Score(
        workflow=workflow,
        proposed=len(p),
        acted=len(a),
        matched=len(hit),
        precision=len(hit) / len(p) if p else None,
        recall=len(hit) / len(a) if a else None,
        false_positives=sorted(p - a)[:EXAMPLES],
        false_negatives=sorted(a - p)[:EXAMPLES],
    )
