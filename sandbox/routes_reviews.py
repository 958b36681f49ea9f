"""Staff calendars, leave, observations and review forms: what performance-review scheduling reads and
writes.

- `GET /v1/leaves`, `GET /v1/observations` (`school_id`, `employee_id` filters) list generated and injected
  records.
- `GET /v1/calendars/{employee_id}/busy?start=&end=` (at most 31 days) answers the busy intervals
  overlapping the range: generated meetings (sandbox.hr_records), injected events and bookings.
- `POST /v1/calendar-bookings` books one meeting on every attendee's calendar; an attendee busy at that
  time is refused (409), so nothing is double-booked. With a `review_id` the review's `scheduled_for` is
  set.
- `GET /v1/performance-reviews/{id}`; `PATCH /v1/performance-reviews/{id}` merges form fields (a completed
  review's form is closed: 409).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query
from starlette.responses import Response

from sandbox import hr_records
from sandbox.deps import PrincipalDep, RuntimeDep, json_response, page, require_record, scope_schools
from sandbox.errors import SandboxError
from sandbox.guards import Principal
from sandbox.routes_write import idempotent_write
from sandbox.runtime import SandboxRuntime
from tools.models import CalendarBookingCreate, PerformanceReviewPatch

Record = dict[str, Any]
Limit = Annotated[int, Query(ge=1, le=500, description="Page size, 1..500.")]
MAX_CALENDAR_DAYS = 31
MAX_MEETING = timedelta(hours=8)

router = APIRouter(prefix="/v1")


def _listing(kind: str) -> Any:
    async def endpoint(
        runtime: RuntimeDep,
        principal: PrincipalDep,
        school_id: str | None = None,
        employee_id: str | None = None,
        limit: Limit = 100,
        cursor: str | None = None,
    ) -> Response:
        schools = scope_schools(runtime, principal, school_id)
        if employee_id is not None:
            employee = require_record(runtime, principal, "employees", employee_id, "employee")
            schools = [s for s in schools if s == employee["school_id"]]

        def rows(s: str) -> Sequence[Record]:
            found = runtime.store.rows(kind, s)
            return found if employee_id is None else [r for r in found if r["employee_id"] == employee_id]

        return page(schools, rows, limit=limit, cursor=cursor)

    return endpoint


router.add_api_route("/leaves", _listing("leaves"), methods=["GET"], name="list_leaves")
router.add_api_route("/observations", _listing("observations"), methods=["GET"], name="list_observations")


def busy_of(runtime: SandboxRuntime, employee: Record, start: datetime, end: datetime) -> list[Record]:
    """Every busy interval of `employee` overlapping `[start, end)`, in time order."""
    school_id = employee["school_id"]
    center = runtime.store.center(school_id)
    out: list[Record] = []
    if center is not None and school_id not in runtime.state.hidden["calendar_events"]:
        director = bool(center.employees) and center.employees[0]["employee_id"] == employee["employee_id"]
        out += hr_records.calendar_events(
            runtime.data.seed, employee, ZoneInfo(center.school["timezone"]), start, end, director=director
        )
    eid = employee["employee_id"]
    out += [e for e in runtime.store.rows("calendar_events", school_id) if e["employee_id"] == eid]
    out += [
        {
            "busy_id": b["booking_id"],
            "employee_id": eid,
            "start": b["start"],
            "end": b["end"],
            "source": "booking",
        }
        for b in runtime.store.rows("calendar_bookings", school_id)
        if eid in b["attendee_employee_ids"]
    ]
    return sorted(
        (e for e in out if _at(e["start"]) < end and _at(e["end"]) > start), key=lambda e: _at(e["start"])
    )


def _at(value: str | datetime) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


@router.get("/calendars/{employee_id}/busy")
async def calendar_busy(
    employee_id: str,
    start: datetime,
    end: datetime,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    limit: Limit = 100,
    cursor: str | None = None,
) -> Response:
    employee = require_record(runtime, principal, "employees", employee_id, "employee")
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None or value.utcoffset() is None:
            raise SandboxError.invalid(f"{name} needs a UTC offset", field=f"query.{name}")
    if end <= start:
        raise SandboxError.invalid("end must be after start", field="query.end")
    if end - start > timedelta(days=MAX_CALENDAR_DAYS):
        raise SandboxError.invalid(f"a range may span at most {MAX_CALENDAR_DAYS} days", field="query.end")
    rows = busy_of(runtime, employee, start, end)
    return page([employee["school_id"]], lambda _s: rows, limit=limit, cursor=cursor)


@router.post("/calendar-bookings", status_code=201)
@idempotent_write
def book_calendar(
    body: CalendarBookingCreate,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    school_id = scope_schools(runtime, principal, body.school_id)[0]
    if body.end <= body.start or body.end - body.start > MAX_MEETING:
        raise SandboxError.invalid(
            "a meeting ends after it starts and lasts at most 8 hours", field="body.end"
        )
    attendees = []
    for index, eid in enumerate(body.attendee_employee_ids):
        employee = runtime.store.get("employees", eid)
        if employee is None or employee["school_id"] != school_id:
            raise SandboxError.invalid(
                f"employee {eid} is not on staff at {school_id}",
                field=f"body.attendee_employee_ids.{index}",
            )
        attendees.append(employee)
    for employee in attendees:
        clash = busy_of(runtime, employee, body.start, body.end)
        if clash:
            raise SandboxError(
                409,
                f"{employee['employee_id']}'s calendar is busy from {clash[0]['start']} to {clash[0]['end']}",
            )
    if body.review_id is not None:
        review = _school_review(runtime, principal, body.review_id, school_id)
        runtime.state.patch(
            "performance_reviews",
            review["review_id"],
            school_id,
            {"scheduled_for": body.start.isoformat()},
        )
    return runtime.state.create_new("calendar_bookings", school_id, body.model_dump(mode="json"))


def _school_review(runtime: SandboxRuntime, principal: Principal, review_id: str, school_id: str) -> Record:
    review = require_record(runtime, principal, "performance_reviews", review_id, "performance review")
    if review["school_id"] != school_id:
        raise SandboxError.invalid(f"review {review_id} is not at {school_id}", field="body.review_id")
    return review


@router.get("/performance-reviews/{review_id}")
async def get_review(review_id: str, runtime: RuntimeDep, principal: PrincipalDep) -> Response:
    return json_response(
        require_record(runtime, principal, "performance_reviews", review_id, "performance review")
    )


@router.patch("/performance-reviews/{review_id}")
@idempotent_write
def patch_review(
    review_id: str,
    body: PerformanceReviewPatch,
    runtime: RuntimeDep,
    principal: PrincipalDep,
) -> tuple[int, Record]:
    review = require_record(runtime, principal, "performance_reviews", review_id, "performance review")
    if review["status"] == "completed":
        raise SandboxError(409, f"review {review_id} is completed: its form is closed")
    for name, text in body.form.items():
        if not name.strip() or len(name) > 60 or len(text) > 10_000:
            raise SandboxError.invalid(
                "form field names are 1-60 characters, values at most 10000", field=f"body.form.{name}"
            )
    form = {**review.get("form", {}), **body.form}
    runtime.state.patch("performance_reviews", review_id, review["school_id"], {"form": form})
    return 200, {**review, "form": form}
