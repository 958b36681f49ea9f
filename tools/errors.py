"""Typed errors of the Procare client, one class per answer a caller handles differently.

Every error carries the HTTP method, the path, the status and the server's own message, so a log line or
a CLI message says what failed without a debugger; none ever carries the API key. How each surfaces (a
Procare outage is a 503 to our own callers, a rejected key a configuration problem) is decided by the
tables of `api/errors.py` and the CLI, not here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from policies.errors import ProcareAIError


class ConfigError(ProcareAIError):
    """A setting is missing or unsafe (an empty API key, a default webhook secret, a bad URL).

    Defined with the adapter, the lowest layer that is configured, so every layer above can raise it.
    """

    code = "config_error"


class ProcareError(ProcareAIError):
    """Base of every error the Procare client raises; `status` is the last HTTP status seen (None if none)."""

    code = "procare_error"

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status: int | None,
        server_code: str | None = None,
        server_message: str | None = None,
        details: Sequence[dict[str, Any]] | None = None,
        attempts: int = 1,
    ) -> None:
        super().__init__(message)
        self.method = method
        self.path = path
        self.status = status
        self.server_code = server_code
        self.server_message = server_message
        self.details: list[dict[str, Any]] = list(details or [])
        self.attempts = attempts


class ProcareUnauthorized(ProcareError):
    """401: the API key is missing or unknown to Procare. Fix `PROCARE_AI_PROCARE_API_KEY`."""

    code = "procare_unauthorized"


class ProcareForbidden(ProcareError):
    """403: the key is valid but not scoped to the school asked for."""

    code = "procare_forbidden"


class ProcareNotFound(ProcareError):
    """404: the resource does not exist in Procare (or no longer does)."""

    code = "procare_not_found"


class ProcareConflict(ProcareError):
    """409: typically an Idempotency-Key reused with a different body."""

    code = "procare_conflict"


class ProcareInvalidRequest(ProcareError):
    """422: Procare refused the request's fields; `details` lists which ones and why."""

    code = "procare_invalid_request"


class ProcareRateLimited(ProcareError):
    """429 still answered after every retry: slow down or raise the key's rate limit."""

    code = "procare_rate_limited"


class ProcareUnavailable(ProcareError):
    """5xx, timeouts or connection errors after every retry: Procare is down or unreachable."""

    code = "procare_unavailable"


class ProcareProtocolError(ProcareError):
    """A 2xx answer whose body does not match the contract (schema drift): never retried, always loud."""

    code = "procare_protocol_error"


def is_transient(exc: BaseException) -> bool:
    """Whether Procare may accept the same request later: 5xx, 429, a timeout or no connection (the
    client has already retried it). Every other answer (a 4xx, a body off contract) is permanent."""
    return isinstance(exc, ProcareRateLimited | ProcareUnavailable)


STATUS_ERRORS: dict[int, type[ProcareError]] = {
    401: ProcareUnauthorized,
    403: ProcareForbidden,
    404: ProcareNotFound,
    409: ProcareConflict,
    422: ProcareInvalidRequest,
    429: ProcareRateLimited,
}


def error_class_for(status: int) -> type[ProcareError]:
    """The typed error for a final (non-retried or exhausted) HTTP status."""
    if status in STATUS_ERRORS:
        return STATUS_ERRORS[status]
    if status >= 500:
        return ProcareUnavailable
    if status == 400:
        return ProcareInvalidRequest
    return ProcareError


class NotificationError(ProcareAIError):
    """An alert channel (Slack) did not accept the message (bad webhook, channel archived, Slack down)."""

    code = "notification_failed"
