"""The project's typed exceptions.

Every error a user can meet has a message that says what went wrong and what to do. The mapping to
HTTP status codes (api/) and CLI exit codes lives next to the class so there is one place to look.
"""

from __future__ import annotations


class ProcareAIError(Exception):
    """Base of every error procare-ai raises on purpose."""

    http_status: int = 500
    exit_code: int = 1
    code: str = "internal_error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(ProcareAIError):
    """A setting is missing or unsafe (for example a default webhook secret)."""

    exit_code = 78  # EX_CONFIG
    code = "config_error"


class NotFound(ProcareAIError):
    http_status = 404
    exit_code = 4
    code = "not_found"


class Forbidden(ProcareAIError):
    http_status = 403
    exit_code = 3
    code = "forbidden"


class Unauthorized(ProcareAIError):
    http_status = 401
    exit_code = 3
    code = "unauthorized"


class Conflict(ProcareAIError):
    http_status = 409
    exit_code = 5
    code = "conflict"


class InvalidInput(ProcareAIError):
    http_status = 422
    exit_code = 2
    code = "invalid_input"


class PolicyViolation(InvalidInput):
    """A proposal or an edited action breaks a rule in policies/."""

    code = "policy_violation"
