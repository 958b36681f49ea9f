"""Staffing ratio guardian: live compliance per room, predicted shortfalls, and who can cover them."""

from __future__ import annotations

from agents.ratios.agent import run
from agents.ratios.run import WORKFLOW

__all__ = ["WORKFLOW", "run"]
