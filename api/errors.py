"""One place that turns exceptions into JSON answers `{"error": code, "message": ...}`.

`HTTP_STATUS` is the one table from error classes to status codes (the most specific class of an
exception wins); request validation answers 422 naming each bad field; a database outage answers 503;
anything unexpected answers a bare 500 (logged, never a trace).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import psycopg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from psycopg_pool import PoolTimeout
from pydantic import ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from policies.errors import InvalidInput, ProcareAIError
from services.errors import Conflict, Forbidden, NotFound, Unauthorized
from tools.errors import (
    NotificationError,
    ProcareConflict,
    ProcareError,
    ProcareInvalidRequest,
    ProcareNotFound,
    ProcareRateLimited,
    ProcareUnavailable,
)

log = logging.getLogger(__name__)


class PayloadTooLarge(InvalidInput):
    """A request body over the route's size limit (refused while reading, never buffered whole)."""

    code = "payload_too_large"


class UnsupportedMediaType(InvalidInput):
    """A request body in a content type the route does not take."""

    code = "unsupported_media_type"


HTTP_STATUS: dict[type[Exception], int] = {
    ProcareAIError: 500,
    InvalidInput: 422,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
    Unauthorized: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    ProcareError: 502,
    ProcareNotFound: 404,
    ProcareConflict: 409,
    ProcareInvalidRequest: 422,
    ProcareRateLimited: 503,
    ProcareUnavailable: 503,
    NotificationError: 502,
}
"""Status code by error class. ConfigError and the other unlisted errors answer 500; a Procare outage is
a 503 to our callers, a Procare refusal of a valid-looking key a 502 (our configuration, not theirs)."""


def status_for(exc: Exception) -> int:
    """The status of the most specific class of `exc` that the table names."""
    for cls in type(exc).__mro__:
        if cls in HTTP_STATUS:
            return HTTP_STATUS[cls]
    return 500


class FieldErrors(InvalidInput):
    """Input that failed validation, with the path of every wrong field."""

    code = "invalid_input"

    def __init__(self, fields: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{f['field']}: {f['message']}" for f in fields) or "invalid input")
        self.fields = fields


def field_errors(errors: Any, *, prefix: tuple[str | int, ...] = ()) -> FieldErrors:
    """Pydantic error dicts -> FieldErrors with dotted field paths (e.g. `body.center_id`)."""
    fields = [
        {
            "field": ".".join(str(p) for p in (*prefix, *e.get("loc", ()))) or "body",
            "message": str(e.get("msg")),
        }
        for e in errors
    ]
    return FieldErrors(fields)


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": code, "message": message, **extra}


PageFor = Callable[[Request, int, str], Response | None]
"""Renders an error as a page for a path that serves HTML (the inbox), or None for JSON."""


async def _procare_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ProcareAIError)
    status = status_for(exc)
    if status >= 500:
        log.error("%s on %s %s: %s", exc.code, request.method, request.url.path, exc.message)
    page = _page(request, status, exc.message)
    if page is not None:
        return page
    extra: dict[str, Any] = {"fields": exc.fields} if isinstance(exc, FieldErrors) else {}
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
    return JSONResponse(error_body(exc.code, exc.message, **extra), status_code=status, headers=headers)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError | ValidationError)
    fe = field_errors(exc.errors())
    page = _page(request, 422, fe.message)
    if page is not None:
        return page
    return JSONResponse(error_body(fe.code, fe.message, fields=fe.fields), status_code=422)


BODY_NOT_PARSED = 400
"""What FastAPI raises for a body it cannot even decode (bytes that are not UTF-8); DESIGN.md answers
malformed JSON with 422, as FastAPI does for JSON that decodes but does not parse, so it is mapped."""


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == BODY_NOT_PARSED:
        message = "the body is not valid JSON (it must be UTF-8 text)"
        page = _page(request, 422, message)
        if page is not None:
            return page
        fields = [{"field": "body", "message": message}]
        return JSONResponse(error_body("invalid_input", message, fields=fields), status_code=422)
    page = _page(request, exc.status_code, str(exc.detail))
    if page is not None:
        return page
    code = {404: "not_found", 405: "method_not_allowed", 401: "unauthorized", 403: "forbidden"}.get(
        exc.status_code, "http_error"
    )
    return JSONResponse(
        error_body(code, str(exc.detail)), status_code=exc.status_code, headers=getattr(exc, "headers", None)
    )


async def _unstorable(request: Request, exc: Exception) -> Response:
    # Input the database refuses as data (a value it cannot store or compare): the caller's to fix, so
    # 422, never a 500; the value itself is not logged (it may be anything).
    log.warning("database refused a value on %s %s: %s", request.method, request.url.path, type(exc).__name__)
    message = "a value in the request cannot be stored or searched (e.g. a control character)"
    page = _page(request, 422, message)
    if page is not None:
        return page
    return JSONResponse(error_body("invalid_input", message), status_code=422)


async def _database_down(request: Request, exc: Exception) -> Response:
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, exc)
    message = "the database is unavailable; try again shortly"
    page = _page(request, 503, message)  # an inbox form or page: a page, as its other errors
    if page is not None:
        return page
    return JSONResponse(error_body("database_unavailable", message), status_code=503)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return JSONResponse(error_body("internal_error", "internal error; see the server log"), status_code=500)


def _page(request: Request, status: int, message: str) -> Response | None:
    page_for: PageFor | None = getattr(request.app.state, "error_page", None)
    return None if page_for is None else page_for(request, status, message)


def install_error_handlers(app: FastAPI, *, page_for: PageFor | None = None) -> None:
    """Register every handler on `app`; `page_for` answers errors of HTML pages as pages."""
    app.state.error_page = page_for
    app.add_exception_handler(ProcareAIError, _procare_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(psycopg.OperationalError, _database_down)
    app.add_exception_handler(psycopg.DataError, _unstorable)
    app.add_exception_handler(PoolTimeout, _database_down)
    app.add_exception_handler(Exception, _unexpected)
