"""Request dependencies and response helpers shared by the sandbox routes.

Responses are built from plain dicts with `json.dumps` (no pydantic on the list path): the records are
already JSON-ready and shaped like tools/models.py.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any

from fastapi import Depends, Header, Request
from starlette.responses import Response

from sandbox.errors import SandboxError
from sandbox.guards import Principal, authenticate
from sandbox.pagination import paginate
from sandbox.runtime import SandboxRuntime

Record = dict[str, Any]


def get_runtime(request: Request) -> SandboxRuntime:
    runtime: SandboxRuntime = request.app.state.sandbox
    return runtime


RuntimeDep = Annotated[SandboxRuntime, Depends(get_runtime)]


WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


async def guard(
    request: Request,
    runtime: RuntimeDep,
    x_api_key: Annotated[str | None, Header(alias="X-API-Key")] = None,
) -> Principal:
    """Auth (401), rate limit (429), a write outage (503), then fault mode (500 or a delay), in that order."""
    principal = authenticate(runtime.config.api_keys, x_api_key)
    runtime.limiter.check(principal.api_key)
    failure = runtime.faults.write_failure() if request.method in WRITE_METHODS else None
    if failure == 503:
        raise SandboxError(503, "writes are unavailable (sandbox write outage)")
    if failure is not None:
        raise SandboxError(failure, "write refused (sandbox injected failure)")
    if runtime.faults.active:
        outcome = runtime.faults.draw()
        if outcome == "fail":
            raise SandboxError(500, "injected fault (sandbox fault mode)")
        if outcome == "slow":
            await asyncio.sleep(runtime.config.slow_seconds)
    return principal


async def admin_guard(
    runtime: RuntimeDep, x_api_key: Annotated[str | None, Header(alias="X-API-Key")] = None
) -> Principal:
    """Admin endpoints: same keys, but never rate limited or faulted (tests rely on them)."""
    return authenticate(runtime.config.api_keys, x_api_key)


PrincipalDep = Annotated[Principal, Depends(guard)]
AdminDep = Annotated[Principal, Depends(admin_guard)]


def dumps(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()


def json_response(payload: Any, status: int = 200) -> Response:
    return Response(dumps(payload), status_code=status, media_type="application/json")


def scope_schools(runtime: SandboxRuntime, principal: Principal, school_id: str | None) -> Sequence[str]:
    """The schools a list walks: the one asked for (404 unknown, 403 out of scope) or all in scope."""
    if school_id is not None:
        if not principal.allows(school_id):
            raise SandboxError(403, f"this API key may not access school {school_id}")
        if runtime.store.school(school_id) is None:
            raise SandboxError.not_found("school", school_id)
        return [school_id]
    if principal.schools is None:
        return runtime.data.school_ids
    return sorted(s for s in principal.schools if runtime.store.school(s) is not None)


def require_record(
    runtime: SandboxRuntime, principal: Principal, kind: str, record_id: str, what: str
) -> Record:
    """A record by id: 404 when it does not exist, 403 when its school is outside the key's scope."""
    record = runtime.store.get(kind, record_id)
    if record is None:
        raise SandboxError.not_found(what, record_id)
    principal.require(record["school_id"])
    return record


def page(
    schools: Sequence[str],
    items_for: Callable[[str], Sequence[Record]],
    *,
    limit: int,
    cursor: str | None,
) -> Response:
    rows, next_cursor = paginate(schools, items_for, limit=limit, cursor=cursor)
    return json_response({"data": rows, "next_cursor": next_cursor})


def school_employee(
    runtime: SandboxRuntime, school_id: str, employee_id: str | None, field: str
) -> Record | None:
    """An employee that must belong to `school_id` (422 naming `field` otherwise): every write that names a
    person checks it, so a body cannot reach into another school."""
    if employee_id is None:
        return None
    employee = runtime.store.get("employees", employee_id)
    if employee is None or employee["school_id"] != school_id:
        raise SandboxError.invalid(f"employee {employee_id} is not on staff at {school_id}", field=field)
    return employee
