"""Staffing ratio guardian: live compliance per room, predicted shortfalls, and who can cover them."""

from __future__ import annotations

from agents.ratios.agent import CACHE_KEY, run
from agents.ratios.data import RatioCache
from agents.ratios.run import WORKFLOW

__all__ = ["CACHE_KEY", "WORKFLOW", "RatioCache", "run"]
