"""GET endpoints of the Procare surface (docs/procare-surface.md), served from the merged read model."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from sandbox.deps import PrincipalDep, RuntimeDep, json_response, page, require_record, scope_schools
from sandbox.errors import SandboxError
from sandbox.guards import Principal
from sandbox.runtime import SandboxRuntime
from tools.models import EmploymentStatus

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]
MAX_RANGE_DAYS = 92

router = APIRouter(prefix="/v1")


def _schools_for(
    runtime: SandboxRuntime, principal: Principal, school_id: str | None, employee_id: str | None
) -> Sequence[str]:
    """With an employee filter only that employee's school is walked (404/403 on the employee)."""
    if employee_id is None:
        return scope_schools(runtime, principal, school_id)
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    if school_id is not None and school_id != employee["school_id"]:
        scope_schools(runtime, principal, school_id)
        return []
    return [employee["school_id"]]


def _by_employee(rows: Sequence[Record], employee_id: str | None) -> Sequence[Record]:
    return rows if employee_id is None else [r for r in rows if r["employee_id"] == employee_id]


def _date_range(
    start: date | None, end: date | None, *, default_start: date, default_end: date
) -> tuple[date, date]:
    start, end = start or default_start, end or default_end
    if end < start:
        raise SandboxError.invalid("end is before start", field="query.end")
    if (end - start).days > MAX_RANGE_DAYS:
        raise SandboxError.invalid(f"a range may span at most {MAX_RANGE_DAYS} days", field="query.end")
    return start, end


@router.get("/schools")
async def list_schools(
    runtime: RuntimeDep, principal: PrincipalDep, limit: Limit = 100, cursor: str | None = None
) -> Response:
    schools = scope_schools(runtime, principal, None)
    return page(
        schools,
        lambda s: [r for r in (runtime.store.school(s),) if r is not None],
        limit=limit,
        cursor=cursor,
    )


@router.get("/schools/{school_id}")
async def get_school(school_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(runtime.store.school(scope_schools(runtime, principal, school_id)[0]))


@router.get("/employees")
async def list_employees(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    status: EmploymentStatus | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    schools = scope_schools(runtime, principal, school_id)

    def items(s: str) -> Sequence[Record]:
        rows = runtime.store.rows("employees", s)
        return rows if status is None else [r for r in rows if r["employment_status"] == status]

    return page(schools, items, limit=limit, cursor=cursor)


@router.get("/employees/{employee_id}")
async def get_employee(employee_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(require_record(runtime, principal, "employees", employee_id, "employee"))


@router.get("/employees/{employee_id}/payroll")
async def list_payroll(
    employee_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    pay_period_start: date | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    with runtime.state.lock:
        rows = sorted(
            (
                dict(r)
                for (eid, period), r in runtime.state.payroll.items()
                if eid == employee_id and (pay_period_start is None or period == pay_period_start.isoformat())
            ),
            key=lambda r: r["pay_period_start"],
        )
    return page([employee["school_id"]], lambda _s: rows, limit=limit, cursor=cursor)


def _simple_list(kind: str) -> Any:
    """A list endpoint over a center-level kind filtered by school and, optionally, employee."""

    async def endpoint(
        runtime: RuntimeDep,
        principal: PrincipalDep,
        school_id: str | None = None,
        employee_id: str | None = None,
        limit: Limit = 100,
        cursor: str | None = None,
    ) -> Response:
        schools = _schools_for(runtime, principal, school_id, employee_id)
        return page(
            schools,
            lambda s: _by_employee(runtime.store.rows(kind, s), employee_id),
            limit=limit,
            cursor=cursor,
        )

    return endpoint


router.add_api_route("/credentials", _simple_list("credentials"), methods=["GET"], name="list_credentials")
router.add_api_route(
    "/training-records", _simple_list("training_records"), methods=["GET"], name="list_training"
)
router.add_api_route(
    "/performance-reviews", _simple_list("performance_reviews"), methods=["GET"], name="list_reviews"
)
router.add_api_route("/documents", _simple_list("documents"), methods=["GET"], name="list_documents")


@router.get("/credentials/{credential_id}")
async def get_credential(credential_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(require_record(runtime, principal, "credentials", credential_id, "credential"))


@router.get("/classrooms")
async def list_classrooms(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    schools = scope_schools(runtime, principal, school_id)
    return page(schools, lambda s: runtime.store.rows("classrooms", s), limit=limit, cursor=cursor)


@router.get("/classrooms/{classroom_id}")
async def get_classroom(classroom_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(require_record(runtime, principal, "classrooms", classroom_id, "classroom"))


@router.get("/classrooms/{classroom_id}/attendance")
async def list_attendance(
    classroom_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    date: date | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    room = require_record(runtime, principal, "classrooms", classroom_id, "classroom")
    rows = runtime.store.attendance(room, date or runtime.data.today)
    return page([room["school_id"]], lambda _s: rows, limit=limit, cursor=cursor)


def _dated_list(kind: str, future_days: int) -> Any:
    """Shifts or punches from `start` to `end` inclusive (default: two weeks back to `future_days` on)."""

    async def endpoint(
        runtime: RuntimeDep,
        principal: PrincipalDep,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
        limit: Limit = 100,
        cursor: str | None = None,
    ) -> Response:
        today = runtime.data.today
        first, last = _date_range(
            start,
            end,
            default_start=today - timedelta(days=13),
            default_end=today + timedelta(days=future_days),
        )
        schools = _schools_for(runtime, principal, school_id, employee_id)
        return page(
            schools,
            lambda s: _by_employee(runtime.store.list_dated(kind, s, first, last), employee_id),
            limit=limit,
            cursor=cursor,
        )

    return endpoint


router.add_api_route("/shifts", _dated_list("shifts", 6), methods=["GET"], name="list_shifts")
router.add_api_route("/time-punches", _dated_list("punches", 0), methods=["GET"], name="list_punches")


def _created_list(kind: str, filter_field: str | None) -> Any:
    """Tasks, messages and staff moves: records created through the API (or injected)."""

    async def endpoint(
        runtime: RuntimeDep,
        principal: PrincipalDep,
        school_id: str | None = None,
        to_employee_id: str | None = None,
        limit: Limit = 100,
        cursor: str | None = None,
    ) -> Response:
        schools = scope_schools(runtime, principal, school_id)
        wanted = to_employee_id if filter_field else None

        def items(s: str) -> Sequence[Record]:
            rows = runtime.store.rows(kind, s)
            return rows if wanted is None else [r for r in rows if r[str(filter_field)] == wanted]

        return page(schools, items, limit=limit, cursor=cursor)

    return endpoint


router.add_api_route("/tasks", _created_list("tasks", None), methods=["GET"], name="list_tasks")
router.add_api_route(
    "/messages", _created_list("messages", "to_employee_id"), methods=["GET"], name="list_messages"
)
router.add_api_route(
    "/staff-moves", _created_list("staff_moves", None), methods=["GET"], name="list_staff_moves"
)


@router.get("/incidents")
async def list_incidents(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    school_id: str | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    schools = scope_schools(runtime, principal, school_id)
    return page(schools, lambda s: runtime.store.rows("incidents", s), limit=limit, cursor=cursor)


@router.get("/incidents/{incident_id}")
async def get_incident(incident_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(require_record(runtime, principal, "incidents", incident_id, "incident"))


@router.get("/documents/{document_id}")
async def get_document(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(require_record(runtime, principal, "documents", document_id, "document"))


@router.get("/documents/{document_id}/content")
async def get_document_content(document_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    document = require_record(runtime, principal, "documents", document_id, "document")
    try:
        content = runtime.store.document_content(document)
    except LookupError as exc:
        raise SandboxError(404, str(exc)) from None
    return Response(
        content,
        media_type=document["content_type"],
        headers={"Content-Disposition": f'inline; filename="{document["filename"]}"'},
    )
