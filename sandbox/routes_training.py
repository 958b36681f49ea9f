"""The training catalog and each employee's training plan.

- `GET /v1/training-courses` lists courses (`TrainingCourse`, sessions nested) with filters: `topic`,
  `kind` (a credential kind the course's card renews), `format`, `approved`, `near_school_id` with
  `within_km` (venues within that distance of the center; online courses have no venue and are always
  listed), and `start`/`end` (only sessions overlapping those dates are kept, and a course with none left
  is dropped; by default sessions not yet over on the sandbox's `today`).
- `GET /v1/training-courses/{course_id}`: one course with every session.
- `GET /v1/employees/{id}/training-plan`: the employee's assignments, oldest first.
- `POST /v1/employees/{id}/training-plan` (`TrainingAssignmentCreate`, Idempotency-Key): assign one
  session. 422 for an employee not on staff at `school_id` (or no longer employed), a course not in the
  catalog or not approved, a session not of that course, a credential not the employee's; 409 for a
  session already started or over, a full session, or a session the employee already holds. The seat check
  and the assignment happen under the state lock, so two writers never both take the last seat.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Query
from starlette.responses import Response

from policies.training_courses import NEAR_KM, distance_km
from sandbox.deps import (
    PrincipalDep,
    RuntimeDep,
    json_response,
    page,
    require_record,
    school_employee,
    scope_schools,
)
from sandbox.errors import SandboxError
from sandbox.routes_write import idempotent_write
from sandbox.runtime import SandboxRuntime
from tools.models import CourseFormat, TrainingAssignmentCreate

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]
WithinKm = Annotated[float, Query(gt=0, le=5000, description="Distance limit for near_school_id, km.")]

router = APIRouter(prefix="/v1")


def _near(course: Record, school: Record, within_km: float) -> bool:
    where = course["location"]
    if where is None:
        return True
    if school.get("latitude") is None or school.get("longitude") is None:
        return where["state"] == school["state"]
    far = distance_km(school["latitude"], school["longitude"], where["latitude"], where["longitude"])
    return far <= within_km


@router.get("/training-courses")
async def list_training_courses(
    runtime: RuntimeDep,
    principal: PrincipalDep,
    topic: str | None = None,
    kind: str | None = None,
    format: CourseFormat | None = None,
    approved: bool | None = None,
    near_school_id: str | None = None,
    within_km: WithinKm = NEAR_KM,
    start: date | None = None,
    end: date | None = None,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    if start is not None and end is not None and end < start:
        raise SandboxError.invalid("end is before start", field="query.end")
    school = None
    if near_school_id is not None:
        school = runtime.store.school(scope_schools(runtime, principal, near_school_id)[0])
    first = (start or runtime.data.today).isoformat()
    last = end.isoformat() if end is not None else None
    rows: list[Record] = []
    for course in runtime.store.courses():
        if topic not in (None, course["topic"]) or format not in (None, course["format"]):
            continue
        if approved not in (None, course["approved"]) or (kind is not None and kind not in course["renews"]):
            continue
        if school is not None and not _near(course, school, within_km):
            continue
        sessions = [
            s
            for s in course["sessions"]
            if s["ends_on"] >= first and (last is None or s["starts_on"] <= last)
        ]
        if sessions:
            rows.append({**course, "sessions": sessions})
    return page(["catalog"], lambda _s: rows, limit=limit, cursor=cursor)


@router.get("/training-courses/{course_id}")
async def get_training_course(course_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    course = runtime.store.course(course_id)
    if course is None:
        raise SandboxError.not_found("training course", course_id)
    return json_response(course)


@router.get("/employees/{employee_id}/training-plan")
async def list_training_plan(
    employee_id: str,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    school_id = employee["school_id"]
    rows = [
        a for a in runtime.store.rows("training_assignments", school_id) if a["employee_id"] == employee_id
    ]
    return page([school_id], lambda _s: rows, limit=limit, cursor=cursor)


@router.post("/employees/{employee_id}/training-plan", status_code=201)
@idempotent_write
def assign_training(
    employee_id: str,
    body: TrainingAssignmentCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    employee = school_employee(runtime, school_id, employee_id, "path.employee_id") or {}
    if employee.get("employment_status") == "terminated":
        raise SandboxError.invalid(f"employee {employee_id} is no longer employed", field="path.employee_id")
    session = _open_session(runtime, body)
    if body.credential_id is not None:
        credential = runtime.store.get("credentials", body.credential_id)
        if credential is None or credential["employee_id"] != employee_id:
            raise SandboxError.invalid(
                f"credential {body.credential_id} is not {employee_id}'s", field="body.credential_id"
            )
    held = [
        a
        for a in runtime.store.rows("training_assignments", school_id)
        if a["employee_id"] == employee_id
        and a["session_id"] == body.session_id
        and a["status"] != "cancelled"
    ]
    if held:
        raise SandboxError(409, f"{employee_id} already holds a seat in session {body.session_id}")
    if session["seats_taken"] >= session["seats_total"]:
        raise SandboxError(
            409,
            f"session {body.session_id} is full ({session['seats_taken']} of "
            f"{session['seats_total']} seats taken)",
        )
    fields = {"employee_id": employee_id, **body.model_dump(mode="json"), "status": "assigned"}
    return runtime.state.create_new("training_assignments", school_id, fields)


def _open_session(runtime: SandboxRuntime, body: TrainingAssignmentCreate) -> Record:
    """The named session of an approved catalog course, still open for enrolment (422/409 otherwise)."""
    course = runtime.store.course(body.course_id)
    if course is None:
        raise SandboxError.invalid(f"course {body.course_id} is not in the catalog", field="body.course_id")
    if not course["approved"]:
        raise SandboxError.invalid(f"course {body.course_id} is not approved", field="body.course_id")
    session = next((s for s in course["sessions"] if s["session_id"] == body.session_id), None)
    if session is None:
        raise SandboxError.invalid(
            f"session {body.session_id} is not a session of {body.course_id}", field="body.session_id"
        )
    today = runtime.data.today.isoformat()
    if session["ends_on"] < today or (not session["self_paced"] and session["starts_on"] < today):
        raise SandboxError(409, f"session {body.session_id} has already started or taken place")
    return dict(session)
