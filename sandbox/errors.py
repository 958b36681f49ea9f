"""Every non-2xx answer of the sandbox is an `ErrorBody`; this module is the one place that maps errors.

FastAPI's own shapes (`{"detail": ...}`) never leave the app: validation errors, unknown routes and
unexpected exceptions are all turned into `{"error", "message", "details"}`.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

log = logging.getLogger(__name__)

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    422: "invalid_request",
    429: "rate_limited",
    500: "internal_error",
}


class SandboxError(Exception):
    """An answer other than 2xx, with the ErrorBody fields and optional headers (e.g. Retry-After)."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = CODES.get(status, "error")
        self.message = message
        self.details = details
        self.headers = headers or {}

    @classmethod
    def invalid(cls, message: str, *, field: str) -> SandboxError:
        return cls(422, message, details=[{"field": field, "message": message, "type": "value_error"}])

    @classmethod
    def not_found(cls, what: str, ident: str) -> SandboxError:
        return cls(404, f"{what} {ident} does not exist")


def error_response(
    status: int,
    message: str,
    *,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    body = {"error": CODES.get(status, "error"), "message": message, "details": details}
    return Response(
        json.dumps(body).encode(), status_code=status, media_type="application/json", headers=headers
    )


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    details = []
    for err in exc.errors():
        loc = [str(part) for part in err.get("loc", ())]
        details.append(
            {"field": ".".join(loc), "loc": loc, "message": str(err.get("msg", "")), "type": err.get("type")}
        )
    return details


def install_error_handlers(app: FastAPI) -> None:
    """Route every error through `error_response` so clients only ever see ErrorBody."""

    async def on_sandbox_error(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, SandboxError)
        return error_response(exc.status, exc.message, details=exc.details, headers=exc.headers)

    async def on_validation(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        details = _validation_details(exc)
        fields = ", ".join(d["field"] for d in details)
        return error_response(422, f"invalid request: {fields}", details=details)

    async def on_http(_request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        message = exc.detail if isinstance(exc.detail, str) else CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, message, headers=dict(exc.headers or {}))

    async def on_unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("sandbox handler failed", exc_info=exc)
        return error_response(500, "internal error in the sandbox")

    app.add_exception_handler(SandboxError, on_sandbox_error)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)
