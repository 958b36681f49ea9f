"""Notes on a staff record: `POST /v1/employees/{id}/notes` appends one, `GET` lists them oldest first.

procare-ai appends a note after every data write-back it makes ("Credential status updated via AI audit
on 2026-12-01 (approved by maria, thread ...)"), so the Procare record itself shows what the AI changed;
the note is idempotent like every other write.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from sandbox.deps import PrincipalDep, RuntimeDep, page, require_record
from sandbox.errors import SandboxError
from sandbox.routes_write import idempotent_write
from tools.models import StaffNoteCreate

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]

router = APIRouter(prefix="/v1")


@router.get("/employees/{employee_id}/notes")
async def list_notes(
    employee_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    school_id = employee["school_id"]
    rows = [n for n in runtime.store.rows("staff_notes", school_id) if n["employee_id"] == employee_id]
    return page([school_id], lambda _s: rows, limit=limit, cursor=cursor)


@router.post("/employees/{employee_id}/notes", status_code=201)
@idempotent_write
def add_note(
    employee_id: str,
    body: StaffNoteCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    if not body.text.strip():
        raise SandboxError.invalid("text is empty", field="body.text")
    school_id = employee["school_id"]
    fields = {"employee_id": employee_id, "school_id": school_id, **body.model_dump(mode="json")}
    return runtime.state.create_new("staff_notes", school_id, fields)
