"""Admin endpoints under /_sandbox/ (same API keys, no rate limit or faults): effects log, webhook emission,
scenario injection over HTTP (for tests that run the sandbox as a separate process), a staff member's
document upload (stored, then announced by a signed `document.uploaded` webhook, as Procare does), reset."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import uuid
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.responses import Response

from sandbox.deps import AdminDep, RuntimeDep, json_response, scope_schools
from sandbox.errors import SandboxError
from sandbox.guards import Principal
from sandbox.runtime import SandboxRuntime
from sandbox.state import INJECTABLE
from sandbox.webhooks import EVENT_TYPES, build_event, day_of_events, encode_body, signed_headers

router = APIRouter(prefix="/_sandbox")


class EmitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: str
    center_id: str
    data: dict[str, Any] = Field(default_factory=dict)


class DayRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    center_ids: list[str]
    date: dt.date | None = None


class InjectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: str
    records: list[dict[str, Any]]


class HideRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: str
    kinds: list[str]


class UploadRequest(BaseModel):
    """A file a staff member or the office uploads to an employee's record."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    employee_id: str
    kind: str = Field(description="Procare's document kind as the uploader chose it, e.g. 'w4'.")
    filename: str
    content_type: str
    content_base64: str


class FaultsRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    writes_down: bool | None = None
    fail_next_writes: int | None = Field(default=None, ge=0)
    fail_status: int = Field(default=503, ge=400, le=599)


@router.post("/faults")
async def set_faults(body: FaultsRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    """Switch a write outage on or off (while on, every write answers 503; reads still work), or make
    the next `fail_next_writes` writes answer `fail_status` (503: a short outage that a retry outlasts;
    a 4xx: a refusal no retry changes)."""
    faults = runtime.faults
    if body.writes_down is not None:
        faults.writes_down = body.writes_down
    if body.fail_next_writes is not None:
        faults.failing_writes, faults.failing_status = body.fail_next_writes, body.fail_status
    return json_response({"writes_down": faults.writes_down, "fail_next_writes": faults.failing_writes})


@router.get("/idempotency")
async def list_idempotency(runtime: RuntimeDep, principal: AdminDep) -> Response:
    """The Idempotency-Keys this API key's writes used, with the status first answered to each: a key
    written once appears once, however many times it was sent again."""
    state = runtime.state
    with state.lock:
        rows = [
            {"key": key, "status": stored.status}
            for (api_key, key), stored in state.idempotency.items()
            if api_key == principal.api_key
        ]
    return json_response({"data": rows, "count": len(rows)})


@router.get("/health")
async def health() -> Response:
    """Unauthenticated readiness probe used by `running_sandbox`."""
    return json_response({"status": "ok"})


@router.get("/effects")
async def list_effects(
    runtime: RuntimeDep, principal: AdminDep, kind: str | None = None, resource_id: str | None = None
) -> Response:
    rows = [
        e
        for e in runtime.state.effects_for(kind=kind, resource_id=resource_id)
        if principal.allows(e["school_id"])
    ]
    return json_response({"data": rows, "count": len(rows)})


def _dispatch(runtime: SandboxRuntime, event: dict[str, Any]) -> dict[str, Any]:
    """Queue the event for delivery when a URL is configured; always answer the signed request too."""
    secret = runtime.config.webhook_secret
    answer: dict[str, Any] = {"event": event, "delivery": "not_configured", "headers": None}
    if secret:
        answer["headers"] = signed_headers(
            secret, event["id"], int(runtime.config.now().timestamp()), encode_body(event)
        )
    if runtime.sender is not None:
        runtime.sender.send(event)
        answer["delivery"] = "queued"
    return answer


@router.post("/webhooks/emit", status_code=202)
async def emit_webhook(body: EmitRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    if body.type not in EVENT_TYPES:
        raise SandboxError.invalid(f"type must be one of {list(EVENT_TYPES)}", field="body.type")
    scope_schools(runtime, principal, body.center_id)
    event = build_event(
        body.type,
        body.center_id,
        body.data,
        occurred_at=runtime.config.now(),
        event_id=f"evt_{uuid.uuid4().hex}",
    )
    return json_response(_dispatch(runtime, event), status=202)


@router.post("/webhooks/day", status_code=202)
async def emit_day(body: DayRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    """Send `day_of_events` for these centers (the demo's 'a day at the centers')."""
    for center_id in body.center_ids:
        scope_schools(runtime, principal, center_id)
    events = day_of_events(runtime.data, body.center_ids, day=body.date)
    answers = [_dispatch(runtime, event) for event in events]
    return json_response({"data": answers, "count": len(answers)}, status=202)


@router.get("/webhooks/deliveries")
async def list_deliveries(runtime: RuntimeDep, principal: AdminDep) -> Response:
    rows = [
        vars(d) | {"statuses": list(d.statuses)}
        for d in (runtime.sender.deliveries if runtime.sender else [])
    ]
    return json_response({"data": rows, "count": len(rows)})


@router.post("/inject/{kind}", status_code=201)
async def inject(kind: str, body: InjectRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    if kind not in INJECTABLE:
        raise SandboxError.not_found("injectable kind", kind)
    scope_schools(runtime, principal, body.school_id)
    try:
        stored = runtime.state.inject(kind, body.school_id, body.records)
    except ValidationError as exc:
        details = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"], "type": e["type"]}
            for e in exc.errors()
        ]
        raise SandboxError(422, f"records do not validate as {kind}", details=details) from None
    except ValueError as exc:
        raise SandboxError.invalid(str(exc), field="body.records") from None
    return json_response({"data": stored}, status=201)


@router.post("/hide")
async def hide(body: HideRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    scope_schools(runtime, principal, body.school_id)
    try:
        runtime.state.hide_generated(body.school_id, *body.kinds)
    except ValueError as exc:
        raise SandboxError.invalid(str(exc), field="body.kinds") from None
    return json_response({"school_id": body.school_id, "hidden": body.kinds})


@router.post("/documents", status_code=202)
async def upload_document(body: UploadRequest, runtime: RuntimeDep, principal: AdminDep) -> Response:
    """Store the file on the employee's record and send `document.uploaded` (id, employee, kind, type)."""
    scope_schools(runtime, principal, body.school_id)
    employee = runtime.store.get("employees", body.employee_id)
    if employee is None or employee["school_id"] != body.school_id:
        raise SandboxError.invalid(
            f"employee {body.employee_id} is not on staff at {body.school_id}", field="body.employee_id"
        )
    try:
        content = base64.b64decode(body.content_base64, validate=True)
    except binascii.Error:
        raise SandboxError.invalid("content_base64 is not base64", field="body.content_base64") from None
    if not content:
        raise SandboxError.invalid("the file is empty", field="body.content_base64")
    record = {
        "employee_id": body.employee_id,
        "kind": body.kind,
        "filename": body.filename,
        "content_type": body.content_type,
        "uploaded_at": runtime.config.now().isoformat(),
    }
    stored = runtime.state.add_document(body.school_id, record, content)
    event = build_event(
        "document.uploaded",
        body.school_id,
        {
            "document_id": stored["document_id"],
            "employee_id": body.employee_id,
            "kind": body.kind,
            "content_type": body.content_type,
        },
        occurred_at=runtime.config.now(),
        event_id=f"evt_{uuid.uuid4().hex}",
    )
    return json_response({"document": stored, **_dispatch(runtime, event)}, status=202)


def _require_global(principal: Principal) -> None:
    if principal.schools is not None:
        raise SandboxError(403, "only a key with every school in scope may reset the sandbox")


@router.post("/reset")
async def reset(runtime: RuntimeDep, principal: AdminDep) -> Response:
    _require_global(principal)
    runtime.state.reset()
    return json_response({"status": "reset"})
