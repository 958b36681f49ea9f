"""The Procare client's transport: one async code path over a pooled `httpx.AsyncClient`.

Sends a logical request with the retry policy of `tools.retry`, turns a final non-2xx answer into the typed
errors of `tools.errors`, parses bodies and pages into `tools.models`, and sends writes with their
`Idempotency-Key`. The endpoints themselves are in `tools.client`. The API key lives in a default header
of the pooled client and is never logged or put in a message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import date
from types import TracebackType
from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError
from tenacity import RetryCallState

from tools.errors import (
    ConfigError,
    ProcareError,
    ProcareProtocolError,
    ProcareRateLimited,
    ProcareUnavailable,
    error_class_for,
)
from tools.models import (
    ErrorBody,
)
from tools.pagination import CursorLoopError, item_adapter, iterate_pages
from tools.retry import RetryableResponse, SleepFn, build_retrying, is_retryable_status, parse_retry_after

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
ParamValue = str | int | float | date | None

API_PREFIX = "/v1"
API_KEY_HEADER = "X-API-Key"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REDACTED = "[redacted]"


def seg(value: str) -> str:
    """Quote an id for use as one path segment, so an id such as '../x' cannot reach another route."""
    return quote(value, safe="")


def _describe_detail(detail: Mapping[str, Any]) -> str:
    """'field (reason)' from one ErrorBody detail, in FastAPI's `loc`/`msg` or a `field`/`message` shape."""
    loc = detail.get("loc", detail.get("field", "?"))
    where = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else str(loc)
    why = detail.get("msg") or detail.get("message") or detail.get("type") or "invalid"
    return f"{where} ({why})"


class ProcareTransport:
    """Requests, retries, errors and parsing for `ProcareClient`; use the client, not this base.

    `sleep` is injectable so tests can record backoff waits instead of sleeping them.
    """

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | SecretStr,
        timeout: float = 10.0,
        max_retries: int = 5,
        backoff_base: float = 0.2,
        backoff_max: float = 10,
        transport: httpx.AsyncBaseTransport | None = None,
        page_size: int = 100,
        max_connections: int = 20,
        sleep: SleepFn | None = None,
    ) -> None:
        key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
        if not key.strip():
            raise ConfigError("the Procare API key is empty: set PROCARE_AI_PROCARE_API_KEY")
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        if not 1 <= page_size <= 500:
            raise ValueError("page_size must be between 1 and 500 (the surface's limit)")
        self._key = SecretStr(key)
        self.base_url = base_url.rstrip("/")
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.page_size = page_size
        self._sleep: SleepFn = sleep or asyncio.sleep
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            headers={API_KEY_HEADER: key, "Accept": "application/json", "User-Agent": "procare-ai"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
            transport=transport,
            follow_redirects=False,
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={REDACTED!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    # ------------------------------------------------------------------ transport and errors

    def _redact(self, text: str) -> str:
        return text.replace(self._key.get_secret_value(), REDACTED)

    def _redact_obj(self, value: Any) -> Any:
        """The key masked in every string of a JSON-like value (error details may echo request headers)."""
        if isinstance(value, str):
            return self._redact(value)
        if isinstance(value, dict):
            return {self._redact(str(k)): self._redact_obj(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self._redact_obj(v) for v in value]
        return value

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, ParamValue] | None = None,
        body: bytes | None = None,
        idempotency_key: str | None = None,
    ) -> httpx.Response:
        """Send one logical request with retries; return the 2xx response or raise a typed error."""
        path = API_PREFIX + path
        query = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in (params or {}).items()}
        query = {k: v for k, v in query.items() if v is not None}
        headers: dict[str, str] = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if idempotency_key is not None:
            headers[IDEMPOTENCY_HEADER] = idempotency_key

        def before_sleep(state: RetryCallState) -> None:
            outcome = state.outcome
            exc = outcome.exception() if outcome is not None else None
            what = f"HTTP {exc.response.status_code}" if isinstance(exc, RetryableResponse) else repr(exc)
            wait = state.next_action.sleep if state.next_action is not None else 0.0
            log.warning(
                "procare %s %s failed (%s) on attempt %d/%d; retrying in %.2fs",
                method,
                path,
                what,
                state.attempt_number,
                self.max_retries + 1,
                wait,
            )

        retrying = build_retrying(
            max_retries=self.max_retries,
            backoff_base=self.backoff_base,
            backoff_max=self.backoff_max,
            sleep=self._sleep,
            before_sleep=before_sleep,
        )
        attempts = 0
        try:
            async for attempt in retrying:
                with attempt:
                    attempts = attempt.retry_state.attempt_number
                    response = await self._http.request(
                        method, path, params=query, content=body, headers=headers
                    )
                    log.debug(
                        "procare %s %s -> %d (attempt %d)", method, path, response.status_code, attempts
                    )
                    if is_retryable_status(response.status_code):
                        raise RetryableResponse(
                            response, parse_retry_after(response.headers.get("Retry-After"))
                        )
        except RetryableResponse as exc:
            raise self._status_error(method, path, exc.response, attempts) from None
        except httpx.TimeoutException as exc:
            raise ProcareUnavailable(
                f"Procare {method} {path} timed out on all {attempts} attempt(s) ({type(exc).__name__})",
                method=method,
                path=path,
                status=None,
                attempts=attempts,
            ) from None
        except httpx.TransportError as exc:
            raise ProcareUnavailable(
                f"Procare {method} {path} could not be reached after {attempts} attempt(s): "
                f"{type(exc).__name__}: {self._redact(str(exc))}",
                method=method,
                path=path,
                status=None,
                attempts=attempts,
            ) from None
        if response.is_success:
            return response
        raise self._status_error(method, path, response, attempts)

    def _status_error(self, method: str, path: str, response: httpx.Response, attempts: int) -> ProcareError:
        """Build the typed error for a non-2xx final answer, with the server's code, message and details."""
        status = response.status_code
        server_code: str | None = None
        server_message = response.reason_phrase or ""
        details: list[dict[str, Any]] = []
        try:
            err = ErrorBody.model_validate_json(response.content)
            server_code, server_message = err.error, err.message
            details = [self._redact_obj(d) for d in err.details or []]
        except ValidationError:
            text = response.text.strip()
            if text:
                server_message = text[:300]
        server_message = self._redact(server_message)
        cls = error_class_for(status)
        message = f"Procare {method} {path} answered {status}"
        if server_code:
            message += f" {server_code}"
        if server_message:
            message += f": {server_message}"
        if details:
            message += f" [fields: {', '.join(_describe_detail(d) for d in details)}]"
        if issubclass(cls, ProcareRateLimited | ProcareUnavailable) and attempts > 1:
            message += f" (gave up after {attempts} attempts)"
        return cls(
            message,
            method=method,
            path=path,
            status=status,
            server_code=server_code,
            server_message=server_message,
            details=details,
            attempts=attempts,
        )

    def _parse(self, method: str, path: str, model: type[M], content: bytes) -> M:
        path = API_PREFIX + path
        try:
            return item_adapter(model).validate_json(content)  # type: ignore[no-any-return]
        except ValidationError as exc:
            raise ProcareProtocolError(
                f"Procare {method} {path} answered a body that is not a valid {model.__name__}: "
                f"{exc.error_count()} error(s), first: {exc.errors()[0]['msg']} at "
                f"{'.'.join(str(p) for p in exc.errors()[0]['loc'])}",
                method=method,
                path=path,
                status=200,
            ) from None

    async def _get_one(self, path: str, model: type[M], params: Mapping[str, ParamValue] | None = None) -> M:
        response = await self._request("GET", path, params=params)
        return self._parse("GET", path, model, response.content)

    async def _iter(self, path: str, model: type[M], params: Mapping[str, ParamValue]) -> AsyncIterator[M]:
        async def fetch(cursor: str | None) -> bytes:
            response = await self._request(
                "GET", path, params={**params, "limit": self.page_size, "cursor": cursor}
            )
            return response.content

        try:
            async for item in iterate_pages(fetch, model):
                yield item
        except (ValidationError, CursorLoopError) as exc:
            raise self._page_error(path, model, exc) from None

    def _page_error(
        self, path: str, model: type[Any], exc: ValidationError | CursorLoopError
    ) -> ProcareError:
        path = API_PREFIX + path
        if isinstance(exc, CursorLoopError):
            return ProcareProtocolError(f"Procare GET {path}: {exc}", method="GET", path=path, status=200)
        return ProcareProtocolError(
            f"Procare GET {path} answered a page that is not a valid Page[{model.__name__}]: "
            f"{exc.error_count()} error(s), first: {exc.errors()[0]['msg']}",
            method="GET",
            path=path,
            status=200,
        )

    async def _write(
        self, method: str, path: str, payload: BaseModel, model: type[M], *, idempotency_key: str
    ) -> M:
        if not isinstance(idempotency_key, str) or not idempotency_key.strip():
            raise ValueError(f"{method} {path} needs a non-empty idempotency_key (a deterministic string)")
        # Patches send only the fields the caller set, so an unset field is left alone, not cleared.
        body = payload.model_dump_json(exclude_unset=method == "PATCH").encode()
        response = await self._request(method, path, body=body, idempotency_key=idempotency_key)
        return self._parse(method, path, model, response.content)
