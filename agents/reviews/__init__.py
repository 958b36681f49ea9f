"""Performance-review scheduling and prep: the daily review-due scan of a center (see `agent`)."""

from __future__ import annotations

from agents.reviews.agent import WORKFLOW, run

__all__ = ["WORKFLOW", "run"]
