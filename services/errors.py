"""Errors of the use cases: what a caller asked for is missing, conflicts, or is not theirs to do.

Persistence (checkpoints/) reports facts (a row or none, a lock taken or not); the use cases decide
which of these a caller gets. How each surfaces is the entry points' business (api/errors.py maps
HTTP status codes, the CLI exit codes).
"""

from __future__ import annotations

from policies.errors import ProcareAIError


class NotFound(ProcareAIError):
    """No such thread, token or center, or not one the caller may see (the same answer, so nothing leaks)."""

    code = "not_found"


class Conflict(ProcareAIError):
    """The request contradicts what is stored (already decided, a live label taken, ...)."""

    code = "conflict"


class DecisionSuperseded(Conflict):
    """Other decisions arrived while an earlier, journaled decision of the thread was being finished: the
    earlier one was applied and these were not."""

    code = "decision_superseded"


class ThreadBusy(Conflict):
    """Another worker holds the thread right now."""

    code = "thread_busy"


class Unauthorized(ProcareAIError):
    """No credentials, or credentials that prove nothing (unknown token, bad webhook signature)."""

    code = "unauthorized"


class Forbidden(ProcareAIError):
    """The caller is known but its role or centers do not allow this."""

    code = "forbidden"
