"""Errors the graph raises on purpose: a director's edit or a proposal that breaks a rule."""

from __future__ import annotations

from policies.errors import InvalidInput


class PolicyViolation(InvalidInput):
    """A proposal or an edited action breaks a rule in policies/ (the thread stays paused)."""

    code = "policy_violation"
