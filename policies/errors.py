"""The root of the product's error hierarchy, and the one `InvalidInput`.

They live here, at the ground, because policies may import nothing of the product and every other layer
may import policies: each layer derives its own error types from `ProcareAIError` without an import that
runs back up. Error classes say what went wrong (a message a user can act on, a stable `code`); they
carry no HTTP status or exit code: `api/errors.py` and the CLI map them, each in one table.
"""

from __future__ import annotations


class ProcareAIError(Exception):
    """Base of every error procare-ai raises on purpose."""

    code: str = "internal_error"
    """A stable machine code (the `error` key of an API error answer)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(ProcareAIError, ValueError):
    """A value given to a rule (or by a user) is malformed or outside what the rule covers."""

    code = "invalid_input"
