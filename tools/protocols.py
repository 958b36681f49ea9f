"""What agents, the graph and the test fakes agree a Procare connection can do: read, and write back.

`ProcareClient` implements both; `tests/fakes.FakeProcare` implements both too, so a fake that drifts
from the client fails type-checking. Agents are given a `ProcareReader` only: a specialist can read
Procare, never write it. The graph's `execute` step is the one caller of `ProcareWriter`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Protocol

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


class ProcareReader(Protocol):
    """Every read of the Procare surface."""

    async def get_school(self, school_id: str) -> School:
        """One center."""

    def iter_schools(self) -> AsyncIterator[School]:
        """Every center the key may see."""

    async def get_employee(self, employee_id: str) -> Employee:
        """One staff member (includes PII fields: strip them before sending anything to a model)."""

    def iter_employees(
        self, *, school_id: str | None = None, status: EmploymentStatus | None = None
    ) -> AsyncIterator[Employee]:
        """Staff, optionally of one center and/or one employment status."""

    def iter_payroll(
        self, employee_id: str, *, pay_period_start: date | None = None
    ) -> AsyncIterator[PayrollRecord]:
        """Payroll records (corrections per pay period) of one employee."""

    def iter_credentials(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Credential]:
        """Credentials (CPR, first aid, background checks...) of a center and/or an employee."""

    async def get_credential(self, credential_id: str) -> Credential:
        """One credential."""

    def iter_training_records(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[TrainingRecord]:
        """Completed training hours of a center and/or an employee."""

    def iter_classrooms(self, *, school_id: str | None = None) -> AsyncIterator[Classroom]:
        """Rooms with their configured ratio and capacity."""

    def iter_attendance(self, classroom_id: str, day: date) -> AsyncIterator[ChildAttendance]:
        """Children's attendance in one room on one day."""

    def iter_shifts(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[Shift]:
        """Scheduled shifts between `start` and `end` (both inclusive)."""

    def iter_punches(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[TimePunch]:
        """Time-clock punches between `start` and `end` (both inclusive)."""

    def iter_tasks(self, *, school_id: str | None = None) -> AsyncIterator[Task]:
        """Tasks of a center."""

    def iter_messages(
        self, *, school_id: str | None = None, to_employee_id: str | None = None
    ) -> AsyncIterator[Message]:
        """Messages sent to staff."""

    def iter_reviews(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[PerformanceReview]:
        """Performance reviews of a center and/or an employee."""

    async def get_review(self, review_id: str) -> PerformanceReview:
        """One performance review."""

    def iter_incidents(self, *, school_id: str | None = None) -> AsyncIterator[Incident]:
        """Incident reports of a center."""

    async def get_incident(self, incident_id: str) -> Incident:
        """One incident report."""

    def iter_documents(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Document]:
        """Uploaded documents' metadata (no bytes)."""

    async def get_document(self, document_id: str) -> Document:
        """One document's metadata."""

    async def get_document_content(self, document_id: str) -> bytes:
        """A document's file bytes (PNG or PDF), for OCR."""

    def iter_signature_requests(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[SignatureRequest]:
        """E-signature requests sent to staff (status `sent` while unsigned)."""

    def iter_staff_moves(self, *, school_id: str | None = None) -> AsyncIterator[StaffMoveRecord]:
        """Staff moves between rooms, streamed."""

    async def list_staff_moves(self, *, school_id: str | None = None) -> list[StaffMoveRecord]:
        """Staff moves of a center as a list (a center has few; use `iter_staff_moves` for a full scan)."""

    def iter_leaves(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Leave]:
        """Leaves of absence of a center and/or an employee."""

    def iter_observations(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Observation]:
        """Classroom observations logged about staff."""

    def iter_busy(self, employee_id: str, *, start: datetime, end: datetime) -> AsyncIterator[BusyInterval]:
        """The busy intervals of one staff member's calendar overlapping `[start, end)`."""

    def iter_staff_notes(self, employee_id: str) -> AsyncIterator[StaffNote]:
        """Notes on one staff record, oldest first."""

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

    async def get_training_course(self, course_id: str) -> TrainingCourse:
        """One catalog course with all its sessions (seats as of now)."""

    def iter_training_plan(self, employee_id: str) -> AsyncIterator[TrainingAssignment]:
        """One employee's training plan (assigned course sessions), oldest first."""


class ProcareWriter(Protocol):
    """Every write-back; each needs a deterministic `idempotency_key`."""

    async def create_task(self, task: TaskCreate, *, idempotency_key: str) -> Task:
        """POST /tasks: create a task for a center's staff."""

    async def send_message(self, message: MessageCreate, *, idempotency_key: str) -> Message:
        """POST /messages: message one staff member."""

    async def patch_employee(
        self, employee_id: str, patch: EmployeePatch, *, idempotency_key: str
    ) -> Employee:
        """PATCH /employees/{id}: change profile fields (only the fields set on `patch` are sent)."""

    async def patch_credential(
        self, credential_id: str, patch: CredentialPatch, *, idempotency_key: str
    ) -> Credential:
        """PATCH /credentials/{id}: update a credential's status or dates."""

    async def patch_payroll(
        self, employee_id: str, patch: PayrollPatch, *, idempotency_key: str
    ) -> PayrollRecord:
        """PATCH /employees/{id}/payroll: payroll-hour corrections for one pay period."""

    async def create_staff_move(
        self, classroom_id: str, move: StaffMove, *, idempotency_key: str
    ) -> StaffMoveRecord:
        """POST /classrooms/{id}/staff-moves: move a staff member into a room (ratio fixes)."""

    async def route_incident(
        self, incident_id: str, routing: IncidentRoutingCreate, *, idempotency_key: str
    ) -> IncidentRouting:
        """POST /incidents/{id}/routing: hand an incident to the room lead, the director and/or HR."""

    async def send_parent_message(
        self, message: ParentMessageCreate, *, idempotency_key: str
    ) -> ParentMessage:
        """POST /parent-messages: message a child's parents (an incident notice)."""

    async def book_calendar(self, booking: CalendarBookingCreate, *, idempotency_key: str) -> CalendarBooking:
        """POST /calendar-bookings: put one meeting on several staff calendars."""

    async def patch_review(
        self, review_id: str, patch: PerformanceReviewPatch, *, idempotency_key: str
    ) -> PerformanceReview:
        """PATCH /performance-reviews/{id}: pre-fill a review form."""

    async def request_signature(
        self, request: SignatureRequestCreate, *, idempotency_key: str
    ) -> SignatureRequest:
        """POST /signature-requests: send a form to a staff member for e-signature."""

    async def add_staff_note(
        self, employee_id: str, note: StaffNoteCreate, *, idempotency_key: str
    ) -> StaffNote:
        """POST /employees/{id}/notes: append a note to a staff record (after each AI data write)."""

    async def assign_training(
        self, employee_id: str, assignment: TrainingAssignmentCreate, *, idempotency_key: str
    ) -> TrainingAssignment:
        """POST /employees/{id}/training-plan: assign a course session (a full session is refused, 409)."""


class Procare(ProcareReader, ProcareWriter, Protocol):
    """A connection that reads and writes (the client, a fake, a dry-run recorder)."""
