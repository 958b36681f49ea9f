"""E-signature requests: Procare sends a form (I-9, W-4) to a staff member to sign electronically.

`POST /v1/signature-requests` takes the staff member of the school, the form, and the uploaded file to
sign when the form is on file unsigned (it must be that employee's document at that school); without a
`document_id` Procare sends its blank form. Idempotent like every write (a second request with another key
is another e-mail to sign, as Procare's resend is).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from sandbox.deps import PrincipalDep, RuntimeDep, page, school_employee, scope_schools
from sandbox.errors import SandboxError
from sandbox.routes_write import idempotent_write
from tools.models import SignatureRequestCreate

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]

router = APIRouter(prefix="/v1")


@router.post("/signature-requests", status_code=201)
@idempotent_write
def request_signature(
    body: SignatureRequestCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    school_employee(runtime, school_id, body.employee_id, "body.employee_id")
    if body.document_id is not None:
        doc = runtime.store.get("documents", body.document_id)
        if doc is None or doc["school_id"] != school_id or doc.get("employee_id") != body.employee_id:
            raise SandboxError.invalid(
                f"document {body.document_id} is not {body.employee_id}'s", field="body.document_id"
            )
    fields = {**body.model_dump(mode="json"), "status": "sent"}
    return runtime.state.create_new("signature_requests", school_id, fields)


@router.get("/signature-requests")
async def list_signature_requests(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    employee_id: str | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    def rows(school: str) -> list[Record]:
        found = runtime.store.rows("signature_requests", school)
        return [r for r in found if employee_id in (None, r["employee_id"])]

    return page(scope_schools(runtime, principal, school_id), rows, limit=limit, cursor=cursor)
