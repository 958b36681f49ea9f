"""Incident routing and parent messages: the writes an incident's triage proposes, and their lists.

`POST /v1/incidents/{id}/routing` hands an incident to named staff of its school (the room lead, the
director) and/or the organisation's HR queue (`employee_id` null, HR only); `POST /v1/parent-messages`
messages a child's parents, and when it names an incident the child must be one the incident involves.
Both are idempotent like every write (routes_write.idempotent).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from sandbox.deps import PrincipalDep, RuntimeDep, page, require_record, scope_schools
from sandbox.errors import SandboxError
from sandbox.routes_write import idempotent_write
from tools.models import IncidentRoutingCreate, ParentMessageCreate

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]

router = APIRouter(prefix="/v1")


@router.post("/incidents/{incident_id}/routing", status_code=201)
@idempotent_write
def route_incident(
    incident_id: str,
    body: IncidentRoutingCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    incident = require_record(runtime, principal, "incidents", incident_id, "incident")
    school_id = incident["school_id"]
    for index, target in enumerate(body.routed_to):
        where = f"body.routed_to.{index}.employee_id"
        if target.employee_id is None:
            if target.role != "hr":
                raise SandboxError.invalid(f"a {target.role} needs an employee_id", field=where)
            continue
        employee = runtime.store.get("employees", target.employee_id)
        if employee is None or employee["school_id"] != school_id:
            raise SandboxError.invalid(
                f"employee {target.employee_id} is not on staff at {school_id}", field=where
            )
    fields = {
        "incident_id": incident_id,
        "school_id": school_id,
        **body.model_dump(mode="json"),
    }
    return runtime.state.create_new("incident_routings", school_id, fields)


@router.post("/parent-messages", status_code=201)
@idempotent_write
def send_parent_message(
    body: ParentMessageCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    if body.incident_id is not None:
        incident = require_record(runtime, principal, "incidents", body.incident_id, "incident")
        if incident["school_id"] != school_id:
            raise SandboxError.invalid(
                f"incident {body.incident_id} is not at {school_id}", field="body.incident_id"
            )
        if body.child_id not in incident["child_ids"]:
            raise SandboxError.invalid(
                f"child {body.child_id} is not involved in incident {body.incident_id}",
                field="body.child_id",
            )
    if not body.subject.strip() or not body.body.strip():
        raise SandboxError.invalid("subject and body are required", field="body.body")
    return runtime.state.create_new(
        "parent_messages", school_id, body.model_dump(mode="json"), stamp="sent_at"
    )


@router.get("/incident-routings")
async def list_routings(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    incident_id: str | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    return page(
        scope_schools(runtime, principal, school_id),
        lambda s: _matching(runtime.store.rows("incident_routings", s), "incident_id", incident_id),
        limit=limit,
        cursor=cursor,
    )


@router.get("/parent-messages")
async def list_parent_messages(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    child_id: str | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    return page(
        scope_schools(runtime, principal, school_id),
        lambda s: _matching(runtime.store.rows("parent_messages", s), "child_id", child_id),
        limit=limit,
        cursor=cursor,
    )


def _matching(rows: Sequence[Record], field: str, value: str | None) -> Sequence[Record]:
    return rows if value is None else [r for r in rows if r[field] == value]
