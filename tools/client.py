"""The typed Procare client: one async code path over a pooled `httpx.AsyncClient`.

Reads return the pydantic models of `tools.models`; list endpoints are async iterators that fetch one
page at a time. Writes are only called by the graph's `execute` step and each one requires an
`idempotency_key`, sent as `Idempotency-Key`, so a retried or replayed write has exactly one effect.
Failures surface as the typed errors of `tools.errors` after the retry policy of `tools.retry`.
The API key lives in a default header of the pooled client and is never logged or put in a message.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import date
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, SecretStr, ValidationError
from tenacity import RetryCallState

from procare_ai.errors import ConfigError
from tools.errors import (
    ProcareError,
    ProcareProtocolError,
    ProcareRateLimited,
    ProcareUnavailable,
    error_class_for,
)
from tools.models import (
    ChildAttendance,
    Classroom,
    Credential,
    CredentialPatch,
    Document,
    Employee,
    EmployeePatch,
    EmploymentStatus,
    ErrorBody,
    Incident,
    Message,
    MessageCreate,
    PayrollPatch,
    PayrollRecord,
    PerformanceReview,
    School,
    Shift,
    StaffMove,
    StaffMoveRecord,
    Task,
    TaskCreate,
    TimePunch,
    TrainingRecord,
)
from tools.pagination import CursorLoopError, item_adapter, iterate_pages
from tools.retry import RetryableResponse, SleepFn, build_retrying, is_retryable_status, parse_retry_after

if TYPE_CHECKING:
    from procare_ai.settings import Settings

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
ParamValue = str | int | date | None

API_PREFIX = "/v1"
API_KEY_HEADER = "X-API-Key"
IDEMPOTENCY_HEADER = "Idempotency-Key"
REDACTED = "[redacted]"


def _seg(value: str) -> str:
    """Quote an id for use as one path segment, so an id such as '../x' cannot reach another route."""
    return quote(value, safe="")


def _describe_detail(detail: Mapping[str, Any]) -> str:
    """'field (reason)' from one ErrorBody detail, in FastAPI's `loc`/`msg` or a `field`/`message` shape."""
    loc = detail.get("loc", detail.get("field", "?"))
    where = ".".join(str(p) for p in loc) if isinstance(loc, list | tuple) else str(loc)
    why = detail.get("msg") or detail.get("message") or detail.get("type") or "invalid"
    return f"{where} ({why})"


class ProcareClient:
    """Async client of the Procare surface (docs/procare-surface.md); use as `async with ProcareClient(...)`.

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

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> ProcareClient:
        """A client configured from `Settings` (URL, key, timeout, retries); `overrides` win."""
        if settings.procare_api_key is None:
            raise ConfigError("PROCARE_AI_PROCARE_API_KEY is not set: the Procare client needs an API key")
        kwargs: dict[str, Any] = {
            "base_url": settings.procare_url,
            "api_key": settings.procare_api_key,
            "timeout": settings.http_timeout_seconds,
            "max_retries": settings.http_max_retries,
        }
        kwargs.update(overrides)
        return cls(**kwargs)

    def __repr__(self) -> str:
        return f"ProcareClient(base_url={self.base_url!r}, api_key={REDACTED!r})"

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

    # ------------------------------------------------------------------ reads

    async def get_school(self, school_id: str) -> School:
        """One center."""
        return await self._get_one(f"/schools/{_seg(school_id)}", School)

    def iter_schools(self) -> AsyncIterator[School]:
        """Every center the key may see."""
        return self._iter("/schools", School, {})

    async def get_employee(self, employee_id: str) -> Employee:
        """One staff member (includes PII fields: strip them before sending anything to a model)."""
        return await self._get_one(f"/employees/{_seg(employee_id)}", Employee)

    def iter_employees(
        self, *, school_id: str | None = None, status: EmploymentStatus | None = None
    ) -> AsyncIterator[Employee]:
        """Staff, optionally of one center and/or one employment status."""
        return self._iter("/employees", Employee, {"school_id": school_id, "status": status})

    def iter_payroll(
        self, employee_id: str, *, pay_period_start: date | None = None
    ) -> AsyncIterator[PayrollRecord]:
        """Payroll records (corrections per pay period) of one employee."""
        return self._iter(
            f"/employees/{_seg(employee_id)}/payroll", PayrollRecord, {"pay_period_start": pay_period_start}
        )

    def iter_credentials(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Credential]:
        """Credentials (CPR, first aid, background checks...) of a center and/or an employee."""
        return self._iter("/credentials", Credential, {"school_id": school_id, "employee_id": employee_id})

    async def get_credential(self, credential_id: str) -> Credential:
        """One credential."""
        return await self._get_one(f"/credentials/{_seg(credential_id)}", Credential)

    def iter_training_records(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[TrainingRecord]:
        """Completed training hours of a center and/or an employee."""
        return self._iter(
            "/training-records", TrainingRecord, {"school_id": school_id, "employee_id": employee_id}
        )

    def iter_classrooms(self, *, school_id: str | None = None) -> AsyncIterator[Classroom]:
        """Rooms with their configured ratio and capacity."""
        return self._iter("/classrooms", Classroom, {"school_id": school_id})

    def iter_attendance(self, classroom_id: str, day: date) -> AsyncIterator[ChildAttendance]:
        """Children's attendance in one room on one day."""
        return self._iter(f"/classrooms/{_seg(classroom_id)}/attendance", ChildAttendance, {"date": day})

    def iter_shifts(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[Shift]:
        """Scheduled shifts between `start` and `end` (both inclusive)."""
        return self._iter(
            "/shifts",
            Shift,
            {"school_id": school_id, "employee_id": employee_id, "start": start, "end": end},
        )

    def iter_punches(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[TimePunch]:
        """Time-clock punches between `start` and `end` (both inclusive)."""
        return self._iter(
            "/time-punches",
            TimePunch,
            {"school_id": school_id, "employee_id": employee_id, "start": start, "end": end},
        )

    def iter_tasks(self, *, school_id: str | None = None) -> AsyncIterator[Task]:
        """Tasks of a center."""
        return self._iter("/tasks", Task, {"school_id": school_id})

    def iter_messages(
        self, *, school_id: str | None = None, to_employee_id: str | None = None
    ) -> AsyncIterator[Message]:
        """Messages sent to staff."""
        return self._iter("/messages", Message, {"school_id": school_id, "to_employee_id": to_employee_id})

    def iter_reviews(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[PerformanceReview]:
        """Performance reviews of a center and/or an employee."""
        return self._iter(
            "/performance-reviews", PerformanceReview, {"school_id": school_id, "employee_id": employee_id}
        )

    def iter_incidents(self, *, school_id: str | None = None) -> AsyncIterator[Incident]:
        """Incident reports of a center."""
        return self._iter("/incidents", Incident, {"school_id": school_id})

    async def get_incident(self, incident_id: str) -> Incident:
        """One incident report."""
        return await self._get_one(f"/incidents/{_seg(incident_id)}", Incident)

    def iter_documents(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Document]:
        """Uploaded documents' metadata (no bytes)."""
        return self._iter("/documents", Document, {"school_id": school_id, "employee_id": employee_id})

    async def get_document(self, document_id: str) -> Document:
        """One document's metadata."""
        return await self._get_one(f"/documents/{_seg(document_id)}", Document)

    async def get_document_content(self, document_id: str) -> bytes:
        """A document's file bytes (PNG or PDF), for OCR."""
        response = await self._request("GET", f"/documents/{_seg(document_id)}/content")
        return response.content

    def iter_staff_moves(self, *, school_id: str | None = None) -> AsyncIterator[StaffMoveRecord]:
        """Staff moves between rooms, streamed."""
        return self._iter("/staff-moves", StaffMoveRecord, {"school_id": school_id})

    async def list_staff_moves(self, *, school_id: str | None = None) -> list[StaffMoveRecord]:
        """Staff moves of a center as a list (a center has few; use `iter_staff_moves` for a full scan)."""
        return [move async for move in self.iter_staff_moves(school_id=school_id)]

    # ------------------------------------------------------------------ writes (graph execute step only)

    async def create_task(self, task: TaskCreate, *, idempotency_key: str) -> Task:
        """POST /tasks: create a task for a center's staff."""
        return await self._write("POST", "/tasks", task, Task, idempotency_key=idempotency_key)

    async def send_message(self, message: MessageCreate, *, idempotency_key: str) -> Message:
        """POST /messages: message one staff member."""
        return await self._write("POST", "/messages", message, Message, idempotency_key=idempotency_key)

    async def patch_employee(
        self, employee_id: str, patch: EmployeePatch, *, idempotency_key: str
    ) -> Employee:
        """PATCH /employees/{id}: change profile fields (only the fields set on `patch` are sent)."""
        return await self._write(
            "PATCH", f"/employees/{_seg(employee_id)}", patch, Employee, idempotency_key=idempotency_key
        )

    async def patch_credential(
        self, credential_id: str, patch: CredentialPatch, *, idempotency_key: str
    ) -> Credential:
        """PATCH /credentials/{id}: update a credential's status or dates."""
        return await self._write(
            "PATCH", f"/credentials/{_seg(credential_id)}", patch, Credential, idempotency_key=idempotency_key
        )

    async def patch_payroll(
        self, employee_id: str, patch: PayrollPatch, *, idempotency_key: str
    ) -> PayrollRecord:
        """PATCH /employees/{id}/payroll: payroll-hour corrections for one pay period."""
        return await self._write(
            "PATCH",
            f"/employees/{_seg(employee_id)}/payroll",
            patch,
            PayrollRecord,
            idempotency_key=idempotency_key,
        )

    async def create_staff_move(
        self, classroom_id: str, move: StaffMove, *, idempotency_key: str
    ) -> StaffMoveRecord:
        """POST /classrooms/{id}/staff-moves: move a staff member into a room (ratio fixes)."""
        return await self._write(
            "POST",
            f"/classrooms/{_seg(classroom_id)}/staff-moves",
            move,
            StaffMoveRecord,
            idempotency_key=idempotency_key,
        )
