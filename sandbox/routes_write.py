"""POST/PATCH endpoints: validated, scope-checked, idempotent writes into the overlay.

Idempotency: the first successful answer to a (API key, Idempotency-Key) pair is stored with a fingerprint
of method, path and canonical JSON body; the same key and body replays it (same status and bytes, no new
effect), the same key with another request is 409. Failed writes are not stored, so a caller may fix the
data (or a test may inject it) and retry with the same key. Every write route of the sandbox is a plain
function of its own parameters returning (status, record), made a route by `idempotent_write`.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import json
import typing
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request
from starlette.responses import Response

from sandbox.deps import PrincipalDep, RuntimeDep, dumps, require_record, school_employee, scope_schools
from sandbox.errors import SandboxError
from sandbox.guards import Principal
from sandbox.runtime import SandboxRuntime
from sandbox.state import StoredAnswer
from tools.models import CredentialPatch, EmployeePatch, MessageCreate, PayrollPatch, StaffMove, TaskCreate

Record = dict[str, Any]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key", max_length=255)]
NULLABLE = {"employees": {"phone"}, "credentials": {"expires_on", "document_id"}}

router = APIRouter(prefix="/v1")


def _fingerprint(method: str, path: str, raw: bytes) -> str:
    try:
        canonical = json.dumps(json.loads(raw or b"null"), sort_keys=True, separators=(",", ":")).encode()
    except ValueError:
        canonical = raw
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + canonical).hexdigest()


async def idempotent(
    request: Request,
    runtime: SandboxRuntime,
    principal: Principal,
    key: str | None,
    action: Callable[[], tuple[int, Record]],
) -> Response:
    """Run `action` once per Idempotency-Key (per API key); replay or refuse on reuse."""
    raw = await request.body()
    fingerprint = _fingerprint(request.method, request.url.path, raw)
    state = runtime.state
    with state.lock:
        if key:
            stored = state.idempotency.get((principal.api_key, key))
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise SandboxError(409, "this Idempotency-Key was already used with a different request")
                return Response(
                    stored.body,
                    status_code=stored.status,
                    media_type="application/json",
                    headers={"Idempotent-Replayed": "true"},
                )
        status, payload = action()
        body = dumps(payload)
        if key:
            state.idempotency[(principal.api_key, key)] = StoredAnswer(fingerprint, status, body)
    return Response(body, status_code=status, media_type="application/json")


def idempotent_write(action: Callable[..., tuple[int, Record]]) -> Callable[..., Awaitable[Response]]:
    """Make a write route of `action`, which takes the route's own parameters (path, body, `runtime`,
    `principal`, ...) and returns (status, record): the route also takes the request and the
    Idempotency-Key header, and runs `action` once per key (`idempotent`). One wrapper for every write,
    instead of the same three parameters and closing call in each route."""
    hints = typing.get_type_hints(action, include_extras=True)  # real types: FastAPI reads them here
    own = [
        p.replace(kind=inspect.Parameter.KEYWORD_ONLY, annotation=hints.get(p.name, p.annotation))
        for p in inspect.signature(action).parameters.values()
    ]
    names = {p.name for p in own}
    if not {"runtime", "principal"} <= names or names & {"request", "idempotency_key"}:
        raise TypeError(f"{action.__name__}: a write takes runtime and principal, and not request or the key")

    @functools.wraps(action)
    async def route(request: Request, idempotency_key: str | None = None, **params: Any) -> Response:
        return await idempotent(
            request, params["runtime"], params["principal"], idempotency_key, lambda: action(**params)
        )

    extra = [
        inspect.Parameter("request", inspect.Parameter.KEYWORD_ONLY, annotation=Request),
        inspect.Parameter(
            "idempotency_key", inspect.Parameter.KEYWORD_ONLY, annotation=IdempotencyKey, default=None
        ),
    ]
    route.__signature__ = inspect.Signature([*own, *extra], return_annotation=Response)  # type: ignore[attr-defined]
    return route


def _changes(kind: str, patch: EmployeePatch | CredentialPatch) -> Record:
    changes = patch.model_dump(mode="json", exclude_unset=True)
    if not changes:
        raise SandboxError.invalid("the patch changes nothing", field="body")
    for name, value in changes.items():
        if value is None and name not in NULLABLE[kind]:
            raise SandboxError.invalid(f"{name} may not be null", field=f"body.{name}")
    return changes


@router.patch("/employees/{employee_id}")
@idempotent_write
def patch_employee(
    employee_id: str,
    body: EmployeePatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    changes = _changes("employees", body)
    if "classroom_ids" in changes:
        rooms = {r["classroom_id"] for r in runtime.store.rows("classrooms", employee["school_id"])}
        unknown = [c for c in changes["classroom_ids"] if c not in rooms]
        if unknown:
            raise SandboxError.invalid(f"unknown classrooms {unknown}", field="body.classroom_ids")
    if isinstance(changes.get("custom_fields"), dict):
        # RFC 7396 merge patch: custom fields not named keep their values
        changes["custom_fields"] = {**employee.get("custom_fields", {}), **changes["custom_fields"]}
    runtime.state.patch("employees", employee_id, employee["school_id"], changes)
    return 200, dict(runtime.store.get("employees", employee_id) or {})


@router.patch("/credentials/{credential_id}")
@idempotent_write
def patch_credential(
    credential_id: str,
    body: CredentialPatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    credential = require_record(runtime, principal, "credentials", credential_id, "credential")
    changes = _changes("credentials", body)
    issued = changes.get("issued_on", credential["issued_on"])
    expires = changes.get("expires_on", credential["expires_on"])
    if expires is not None and expires < issued:
        raise SandboxError.invalid("expires_on is before issued_on", field="body.expires_on")
    document_id = changes.get("document_id")
    if document_id is not None:
        document = runtime.store.get("documents", document_id)
        if document is None or document["school_id"] != credential["school_id"]:
            raise SandboxError.invalid(f"document {document_id} does not exist", field="body.document_id")
    runtime.state.patch("credentials", credential_id, credential["school_id"], changes)
    return 200, dict(runtime.store.get("credentials", credential_id) or {})


@router.patch("/employees/{employee_id}/payroll")
@idempotent_write
def patch_payroll(
    employee_id: str,
    body: PayrollPatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    if not body.adjustments:
        raise SandboxError.invalid("at least one adjustment is needed", field="body.adjustments")
    last_day = body.pay_period_start + timedelta(days=30)
    for n, adj in enumerate(body.adjustments):
        if not body.pay_period_start <= adj.date <= last_day:
            raise SandboxError.invalid("date is outside the pay period", field=f"body.adjustments.{n}.date")
        if not -24 <= adj.hours <= 24:
            raise SandboxError.invalid("hours must be within -24..24", field=f"body.adjustments.{n}.hours")
        if not adj.pay_code.strip():
            raise SandboxError.invalid("pay_code is empty", field=f"body.adjustments.{n}.pay_code")
    record = runtime.state.patch_payroll(employee_id, employee["school_id"], body.model_dump(mode="json"))
    return 200, record


@router.post("/classrooms/{classroom_id}/staff-moves", status_code=201)
@idempotent_write
def create_staff_move(
    classroom_id: str,
    body: StaffMove,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    room = require_record(runtime, principal, "classrooms", classroom_id, "classroom")
    school_id = room["school_id"]
    employee = school_employee(runtime, school_id, body.employee_id, "body.employee_id")
    if employee is not None and employee["employment_status"] != "active":
        raise SandboxError.invalid(f"employee {body.employee_id} is not active", field="body.employee_id")
    if not 0 <= body.start_minutes < body.end_minutes <= 1440:
        raise SandboxError.invalid("need 0 <= start_minutes < end_minutes <= 1440", field="body.end_minutes")
    fields = {
        "classroom_id": classroom_id,
        "school_id": school_id,
        **body.model_dump(mode="json"),
    }
    return runtime.state.create_new("staff_moves", school_id, fields)


@router.post("/tasks", status_code=201)
@idempotent_write
def create_task(
    body: TaskCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    school_employee(runtime, school_id, body.assignee_employee_id, "body.assignee_employee_id")
    school_employee(runtime, school_id, body.related_employee_id, "body.related_employee_id")
    if not body.title.strip():
        raise SandboxError.invalid("title is empty", field="body.title")
    fields = {
        **body.model_dump(mode="json"),
        "status": "open",
    }
    return runtime.state.create_new("tasks", school_id, fields)


@router.post("/messages", status_code=201)
@idempotent_write
def create_message(
    body: MessageCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    school_employee(runtime, school_id, body.to_employee_id, "body.to_employee_id")
    return runtime.state.create_new("messages", school_id, body.model_dump(mode="json"), stamp="sent_at")
