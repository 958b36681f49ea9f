"""The typed Procare client: every endpoint of the surface (docs/procare-surface.md) as a method.

Reads return the pydantic models of `tools.models`; list endpoints are async iterators that fetch one
page at a time. Writes are only called by the graph's `execute` step and each one requires an
`idempotency_key`, sent as `Idempotency-Key`, so a retried or replayed write has exactly one effect.
The client implements `tools.protocols.ProcareReader` and `ProcareWriter`; requests, retries and errors
are in `tools.transport`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

from tools.models import (
    BusyInterval,
    CalendarBooking,
    CalendarBookingCreate,
    ChildAttendance,
    Classroom,
    Credential,
    CredentialPatch,
    Document,
    Employee,
    EmployeePatch,
    EmploymentStatus,
    Incident,
    IncidentRouting,
    IncidentRoutingCreate,
    Leave,
    Message,
    MessageCreate,
    Observation,
    ParentMessage,
    ParentMessageCreate,
    PayrollPatch,
    PayrollRecord,
    PerformanceReview,
    PerformanceReviewPatch,
    School,
    Shift,
    SignatureRequest,
    SignatureRequestCreate,
    StaffMove,
    StaffMoveRecord,
    StaffNote,
    StaffNoteCreate,
    Task,
    TaskCreate,
    TimePunch,
    TrainingAssignment,
    TrainingAssignmentCreate,
    TrainingCourse,
    TrainingRecord,
)
from tools.transport import ProcareTransport, seg

__all__ = ["ProcareClient"]


class ProcareClient(ProcareTransport):
    """Async client of the Procare surface; use as `async with ProcareClient(base_url=..., api_key=...)`."""

    async def get_school(self, school_id: str) -> School:
        """One center."""
        return await self._get_one(f"/schools/{seg(school_id)}", School)

    def iter_schools(self) -> AsyncIterator[School]:
        """Every center the key may see."""
        return self._iter("/schools", School, {})

    async def get_employee(self, employee_id: str) -> Employee:
        """One staff member (includes PII fields: strip them before sending anything to a model)."""
        return await self._get_one(f"/employees/{seg(employee_id)}", Employee)

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
            f"/employees/{seg(employee_id)}/payroll", PayrollRecord, {"pay_period_start": pay_period_start}
        )

    def iter_credentials(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Credential]:
        """Credentials (CPR, first aid, background checks...) of a center and/or an employee."""
        return self._iter("/credentials", Credential, {"school_id": school_id, "employee_id": employee_id})

    async def get_credential(self, credential_id: str) -> Credential:
        """One credential."""
        return await self._get_one(f"/credentials/{seg(credential_id)}", Credential)

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
        return self._iter(f"/classrooms/{seg(classroom_id)}/attendance", ChildAttendance, {"date": day})

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

    def iter_signature_requests(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[SignatureRequest]:
        """E-signature requests sent to staff (status `sent` while unsigned)."""
        return self._iter(
            "/signature-requests", SignatureRequest, {"school_id": school_id, "employee_id": employee_id}
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

    async def get_review(self, review_id: str) -> PerformanceReview:
        """One performance review."""
        return await self._get_one(f"/performance-reviews/{seg(review_id)}", PerformanceReview)

    def iter_incidents(self, *, school_id: str | None = None) -> AsyncIterator[Incident]:
        """Incident reports of a center."""
        return self._iter("/incidents", Incident, {"school_id": school_id})

    async def get_incident(self, incident_id: str) -> Incident:
        """One incident report."""
        return await self._get_one(f"/incidents/{seg(incident_id)}", Incident)

    def iter_documents(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Document]:
        """Uploaded documents' metadata (no bytes)."""
        return self._iter("/documents", Document, {"school_id": school_id, "employee_id": employee_id})

    async def get_document(self, document_id: str) -> Document:
        """One document's metadata."""
        return await self._get_one(f"/documents/{seg(document_id)}", Document)

    async def get_document_content(self, document_id: str) -> bytes:
        """A document's file bytes (PNG or PDF), for OCR."""
        response = await self._request("GET", f"/documents/{seg(document_id)}/content")
        return response.content

    def iter_staff_moves(self, *, school_id: str | None = None) -> AsyncIterator[StaffMoveRecord]:
        """Staff moves between rooms, streamed."""
        return self._iter("/staff-moves", StaffMoveRecord, {"school_id": school_id})

    async def list_staff_moves(self, *, school_id: str | None = None) -> list[StaffMoveRecord]:
        """Staff moves of a center as a list (a center has few; use `iter_staff_moves` for a full scan)."""
        return [move async for move in self.iter_staff_moves(school_id=school_id)]

    def iter_leaves(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Leave]:
        """Leaves of absence of a center and/or an employee."""
        return self._iter("/leaves", Leave, {"school_id": school_id, "employee_id": employee_id})

    def iter_observations(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Observation]:
        """Classroom observations logged about staff."""
        return self._iter("/observations", Observation, {"school_id": school_id, "employee_id": employee_id})

    def iter_busy(self, employee_id: str, *, start: datetime, end: datetime) -> AsyncIterator[BusyInterval]:
        """The busy intervals of one staff member's calendar overlapping `[start, end)`."""
        return self._iter(f"/calendars/{seg(employee_id)}/busy", BusyInterval, {"start": start, "end": end})

    def iter_staff_notes(self, employee_id: str) -> AsyncIterator[StaffNote]:
        """Notes on one staff record, oldest first."""
        return self._iter(f"/employees/{seg(employee_id)}/notes", StaffNote, {})

    def iter_training_courses(
        self,
        *,
        topic: str | None = None,
        kind: str | None = None,
        near_school_id: str | None = None,
        within_km: float | None = None,
        start: date | None = None,
        end: date | None = None,
        approved: bool | None = None,
    ) -> AsyncIterator[TrainingCourse]:
        """The training catalog, filtered; sessions outside `start`..`end` are left out (default: those
        not yet over); `near_school_id` keeps venues within `within_km` of the center and online courses."""
        return self._iter(
            "/training-courses",
            TrainingCourse,
            {
                "topic": topic,
                "kind": kind,
                "near_school_id": near_school_id,
                "within_km": within_km,
                "start": start,
                "end": end,
                "approved": approved,
            },
        )

    async def get_training_course(self, course_id: str) -> TrainingCourse:
        """One catalog course with all its sessions (seats as of now)."""
        return await self._get_one(f"/training-courses/{seg(course_id)}", TrainingCourse)

    def iter_training_plan(self, employee_id: str) -> AsyncIterator[TrainingAssignment]:
        """One employee's training plan (assigned course sessions), oldest first."""
        return self._iter(f"/employees/{seg(employee_id)}/training-plan", TrainingAssignment, {})

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
            "PATCH", f"/employees/{seg(employee_id)}", patch, Employee, idempotency_key=idempotency_key
        )

    async def patch_credential(
        self, credential_id: str, patch: CredentialPatch, *, idempotency_key: str
    ) -> Credential:
        """PATCH /credentials/{id}: update a credential's status or dates."""
        return await self._write(
            "PATCH", f"/credentials/{seg(credential_id)}", patch, Credential, idempotency_key=idempotency_key
        )

    async def patch_payroll(
        self, employee_id: str, patch: PayrollPatch, *, idempotency_key: str
    ) -> PayrollRecord:
        """PATCH /employees/{id}/payroll: payroll-hour corrections for one pay period."""
        return await self._write(
            "PATCH",
            f"/employees/{seg(employee_id)}/payroll",
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
            f"/classrooms/{seg(classroom_id)}/staff-moves",
            move,
            StaffMoveRecord,
            idempotency_key=idempotency_key,
        )

    async def route_incident(
        self, incident_id: str, routing: IncidentRoutingCreate, *, idempotency_key: str
    ) -> IncidentRouting:
        """POST /incidents/{id}/routing: hand an incident to the room lead, the director and/or HR."""
        return await self._write(
            "POST",
            f"/incidents/{seg(incident_id)}/routing",
            routing,
            IncidentRouting,
            idempotency_key=idempotency_key,
        )

    async def send_parent_message(
        self, message: ParentMessageCreate, *, idempotency_key: str
    ) -> ParentMessage:
        """POST /parent-messages: message a child's parents (an incident notice)."""
        return await self._write(
            "POST", "/parent-messages", message, ParentMessage, idempotency_key=idempotency_key
        )

    async def book_calendar(self, booking: CalendarBookingCreate, *, idempotency_key: str) -> CalendarBooking:
        """POST /calendar-bookings: put one meeting on several staff calendars."""
        return await self._write(
            "POST", "/calendar-bookings", booking, CalendarBooking, idempotency_key=idempotency_key
        )

    async def request_signature(
        self, request: SignatureRequestCreate, *, idempotency_key: str
    ) -> SignatureRequest:
        """POST /signature-requests: send a form to a staff member for e-signature."""
        return await self._write(
            "POST", "/signature-requests", request, SignatureRequest, idempotency_key=idempotency_key
        )

    async def patch_review(
        self, review_id: str, patch: PerformanceReviewPatch, *, idempotency_key: str
    ) -> PerformanceReview:
        """PATCH /performance-reviews/{id}: pre-fill a review form."""
        return await self._write(
            "PATCH",
            f"/performance-reviews/{seg(review_id)}",
            patch,
            PerformanceReview,
            idempotency_key=idempotency_key,
        )

    async def add_staff_note(
        self, employee_id: str, note: StaffNoteCreate, *, idempotency_key: str
    ) -> StaffNote:
        """POST /employees/{id}/notes: append a note to a staff record (after each AI data write)."""
        return await self._write(
            "POST", f"/employees/{seg(employee_id)}/notes", note, StaffNote, idempotency_key=idempotency_key
        )

    async def assign_training(
        self, employee_id: str, assignment: TrainingAssignmentCreate, *, idempotency_key: str
    ) -> TrainingAssignment:
        """POST /employees/{id}/training-plan: assign a course session (a full session is refused, 409)."""
        return await self._write(
            "POST",
            f"/employees/{seg(employee_id)}/training-plan",
            assignment,
            TrainingAssignment,
            idempotency_key=idempotency_key,
        )
