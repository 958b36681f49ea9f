"""Fakes of the outside world that implement the real interfaces (tools.protocols.ProcareReader and
ProcareWriter, as the client does: mypy checks the fake against them wherever a test passes it).

Only for unit tests of agents and the graph; integration tests use the real sandbox over HTTP.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from policies.training_courses import NEAR_KM, distance_km
from tools.errors import ProcareConflict, ProcareNotFound
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
from tools.protocols import Procare

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def school(**over: Any) -> School:
    base = dict(
        school_id="S1",
        school_code="S1",
        name="Sunrise Learning Center",
        state="TX",
        timezone="America/Chicago",
        open_minutes=390,
        close_minutes=1110,
    )
    return School.model_validate(base | over)


def employee(employee_id: str = "E1", **over: Any) -> Employee:
    base = dict(
        employee_id=employee_id,
        person_id="P-" + employee_id,
        school_id="S1",
        first_name="Maria",
        last_name="Lopez",
        email=f"{employee_id.lower()}@example.org",
        position="Lead Teacher",
        hire_date=date(2020, 1, 6),
        birth_date=date(1990, 4, 1),
        ssn="123-45-6789",
        home_address={"line1": "12 Oak Street", "city": "Austin", "state": "TX", "postal_code": "78701"},
        updated_at=NOW,
    )
    return Employee.model_validate(base | over)


_ids = itertools.count(1)


def credential(employee_id: str, kind: str, issued_on: date, **over: Any) -> Credential:
    base = dict(
        credential_id=f"C{next(_ids)}",
        employee_id=employee_id,
        school_id="S1",
        kind=kind,
        issuer="AHA",
        issued_on=issued_on,
        updated_at=NOW,
    )
    return Credential.model_validate(base | over)


def training(
    employee_id: str, hours: float, category: str = "child_development", **over: Any
) -> TrainingRecord:
    base = dict(
        training_id=f"T{next(_ids)}",
        employee_id=employee_id,
        school_id="S1",
        title=category,
        category=category,
        delivery="instructor_led",
        hours=hours,
        completed_on=date(2026, 6, 1),
    )
    return TrainingRecord.model_validate(base | over)


def classroom(classroom_id: str = "R1", **over: Any) -> Classroom:
    base = dict(
        classroom_id=classroom_id,
        school_id="S1",
        name=f"Room {classroom_id}",
        age_group="toddler",
        ratio=30,
        max_children=40,
    )
    return Classroom.model_validate(base | over)


def child(child_id: str, classroom_id: str, age_months: int, **over: Any) -> ChildAttendance:
    """A child's attendance row; by default checked in at 7:00 and expected 7:00-17:00 on 2026-11-02."""
    base = dict(
        child_id=child_id,
        classroom_id=classroom_id,
        school_id="S1",
        date=date(2026, 11, 2),
        age_months=age_months,
        check_in_minutes=420,
        expected_in_minutes=420,
        expected_out_minutes=1020,
    )
    return ChildAttendance.model_validate(base | over)


def shift(employee_id: str, classroom_id: str | None, start: int, end: int, **over: Any) -> Shift:
    base = dict(
        shift_id=f"SH-{employee_id}-{next(_ids)}",
        employee_id=employee_id,
        school_id="S1",
        classroom_id=classroom_id,
        date=date(2026, 11, 2),
        start_minutes=start,
        end_minutes=end,
    )
    return Shift.model_validate(base | over)


async def _aiter(items: list[Any]) -> AsyncIterator[Any]:
    for item in items:
        yield item


@dataclass
class FakeProcare:
    """In-memory stand-in for ProcareClient with idempotent writes and an effects log."""

    schools: list[School] = field(default_factory=lambda: [school()])
    employees: list[Employee] = field(default_factory=list)
    credentials: list[Credential] = field(default_factory=list)
    training: list[TrainingRecord] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)
    effects: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    _answers: dict[str, BaseModel] = field(default_factory=dict)
    fail_writes: bool = False
    """Every write fails transiently (503 after the client's retries: ProcareUnavailable)."""
    refuse_writes: bool = False
    """Every write is refused for good (422: ProcareInvalidRequest)."""
    classrooms: list[Classroom] = field(default_factory=list)
    attendance: list[ChildAttendance] = field(default_factory=list)
    shifts: list[Shift] = field(default_factory=list)
    staff_moves: list[StaffMoveRecord] = field(default_factory=list)
    punches: list[TimePunch] = field(default_factory=list)
    read_log: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    """Room-level reads (classrooms, attendance, shifts, staff moves) with their arguments."""
    reviews: list[PerformanceReview] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    payroll: list[PayrollRecord] = field(default_factory=list)
    document_content: dict[str, bytes] = field(default_factory=dict)
    leaves: list[Leave] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    busy: list[BusyInterval] = field(default_factory=list)
    bookings: list[CalendarBooking] = field(default_factory=list)
    signature_requests: list[SignatureRequest] = field(default_factory=list)
    notes: list[StaffNote] = field(default_factory=list)
    courses: list[TrainingCourse] = field(default_factory=list)
    plan: list[TrainingAssignment] = field(default_factory=list)

    def iter_schools(self) -> AsyncIterator[School]:
        return _aiter(list(self.schools))

    def iter_payroll(
        self, employee_id: str, *, pay_period_start: date | None = None
    ) -> AsyncIterator[PayrollRecord]:
        return _aiter(
            [
                r
                for r in self.payroll
                if r.employee_id == employee_id and pay_period_start in (None, r.pay_period_start)
            ]
        )

    def iter_tasks(self, *, school_id: str | None = None) -> AsyncIterator[Task]:
        return _aiter([t for t in self.tasks if school_id in (None, t.school_id)])

    def iter_messages(
        self, *, school_id: str | None = None, to_employee_id: str | None = None
    ) -> AsyncIterator[Message]:
        return _aiter(
            [
                m
                for m in self.messages
                if school_id in (None, m.school_id) and to_employee_id in (None, m.to_employee_id)
            ]
        )

    def iter_incidents(self, *, school_id: str | None = None) -> AsyncIterator[Incident]:
        return _aiter([i for i in self.incidents if school_id in (None, i.school_id)])

    async def get_incident(self, incident_id: str) -> Incident:
        return _found(self.incidents, "incident_id", incident_id)

    def iter_documents(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Document]:
        return _aiter(
            [
                d
                for d in self.documents
                if school_id in (None, d.school_id) and employee_id in (None, d.employee_id)
            ]
        )

    async def get_document_content(self, document_id: str) -> bytes:
        return self.document_content[document_id]

    def iter_signature_requests(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[SignatureRequest]:
        return _aiter(
            [
                r
                for r in self.signature_requests
                if school_id in (None, r.school_id) and employee_id in (None, r.employee_id)
            ]
        )

    def iter_staff_moves(self, *, school_id: str | None = None) -> AsyncIterator[StaffMoveRecord]:
        return _aiter([m for m in self.staff_moves if school_id in (None, m.school_id)])

    async def patch_employee(
        self, employee_id: str, patch: EmployeePatch, *, idempotency_key: str
    ) -> Employee:
        def make() -> Employee:
            current = next(e for e in self.employees if e.employee_id == employee_id)
            changes = patch.model_dump(exclude_none=True)
            if "custom_fields" in changes:  # a merge patch, as Procare's (sandbox/routes_write.py)
                changes["custom_fields"] = {**current.custom_fields, **changes["custom_fields"]}
            updated = current.model_copy(update=changes)
            self.employees = [updated if e.employee_id == employee_id else e for e in self.employees]
            return updated

        return self._once(
            idempotency_key,
            "patch_employee",
            {"employee_id": employee_id, **patch.model_dump(mode="json", exclude_none=True)},
            make,
        )

    def iter_reviews(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[PerformanceReview]:
        return _aiter(
            [
                r
                for r in self.reviews
                if school_id in (None, r.school_id) and employee_id in (None, r.employee_id)
            ]
        )

    async def get_school(self, school_id: str) -> School:
        return _found(self.schools, "school_id", school_id)

    async def get_employee(self, employee_id: str) -> Employee:
        return _found(self.employees, "employee_id", employee_id)

    def iter_employees(
        self, *, school_id: str | None = None, status: str | None = None
    ) -> AsyncIterator[Employee]:
        return _aiter(
            [
                e
                for e in self.employees
                if school_id in (None, e.school_id) and status in (None, e.employment_status)
            ]
        )

    def iter_credentials(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Credential]:
        return _aiter(
            [
                c
                for c in self.credentials
                if school_id in (None, c.school_id) and employee_id in (None, c.employee_id)
            ]
        )

    def iter_training_records(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[TrainingRecord]:
        return _aiter(
            [
                t
                for t in self.training
                if school_id in (None, t.school_id) and employee_id in (None, t.employee_id)
            ]
        )

    async def get_credential(self, credential_id: str) -> Credential:
        return _found(self.credentials, "credential_id", credential_id)

    async def get_document(self, document_id: str) -> Document:
        return _found(self.documents, "document_id", document_id)

    def _once(self, key: str, name: str, payload: dict[str, Any], make: Any) -> Any:
        if self.refuse_writes:
            from tools.errors import ProcareInvalidRequest

            raise ProcareInvalidRequest(
                "Procare POST /v1/messages answered 422 invalid_request: body refused",
                method="POST",
                path="/v1/messages",
                status=422,
            )
        if self.fail_writes:
            from tools.errors import ProcareUnavailable

            raise ProcareUnavailable(
                "POST /v1/messages failed after 3 attempts (last status 503)",
                method="POST",
                path="/v1/messages",
                status=503,
                attempts=3,
            )
        if key not in self._answers:
            self.effects.append((name, payload))
            self._answers[key] = make()
        return self._answers[key]

    async def send_message(self, message: MessageCreate, *, idempotency_key: str) -> Message:
        return self._once(
            idempotency_key,
            "send_message",
            message.model_dump(mode="json"),
            lambda: Message(message_id=f"M{len(self.effects)}", sent_at=NOW, **message.model_dump()),
        )

    async def create_task(self, task: TaskCreate, *, idempotency_key: str) -> Task:
        return self._once(
            idempotency_key,
            "create_task",
            task.model_dump(mode="json"),
            lambda: Task(task_id=f"K{len(self.effects)}", created_at=NOW, **task.model_dump()),
        )

    async def patch_credential(
        self, credential_id: str, patch: CredentialPatch, *, idempotency_key: str
    ) -> Credential:
        def make() -> Credential:
            current = next(c for c in self.credentials if c.credential_id == credential_id)
            updated = current.model_copy(update=patch.model_dump(exclude_none=True))
            self.credentials = [updated if c.credential_id == credential_id else c for c in self.credentials]
            return updated

        return self._once(
            idempotency_key,
            "patch_credential",
            {"credential_id": credential_id, **patch.model_dump(mode="json", exclude_none=True)},
            make,
        )

    def iter_classrooms(self, *, school_id: str | None = None) -> AsyncIterator[Classroom]:
        self.read_log.append(("iter_classrooms", {"school_id": school_id}))
        return _aiter([c for c in self.classrooms if school_id in (None, c.school_id)])

    def iter_attendance(self, classroom_id: str, day: date) -> AsyncIterator[ChildAttendance]:
        self.read_log.append(("iter_attendance", {"classroom_id": classroom_id, "day": day}))
        return _aiter([a for a in self.attendance if a.classroom_id == classroom_id and a.date == day])

    def iter_shifts(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[Shift]:
        self.read_log.append(
            ("iter_shifts", {"school_id": school_id, "employee_id": employee_id, "start": start, "end": end})
        )
        return _aiter(
            [
                s
                for s in self.shifts
                if school_id in (None, s.school_id)
                and employee_id in (None, s.employee_id)
                and (start is None or s.date >= start)
                and (end is None or s.date <= end)
            ]
        )

    async def list_staff_moves(self, *, school_id: str | None = None) -> list[StaffMoveRecord]:
        self.read_log.append(("list_staff_moves", {"school_id": school_id}))
        return [m for m in self.staff_moves if school_id in (None, m.school_id)]

    async def create_staff_move(
        self, classroom_id: str, move: StaffMove, *, idempotency_key: str
    ) -> StaffMoveRecord:
        def make() -> StaffMoveRecord:
            record = StaffMoveRecord(
                move_id=f"MV{len(self.effects)}",
                classroom_id=classroom_id,
                school_id=next(c.school_id for c in self.classrooms if c.classroom_id == classroom_id),
                created_at=NOW,
                **move.model_dump(),
            )
            self.staff_moves.append(record)
            return record

        return self._once(
            idempotency_key,
            "create_staff_move",
            {"classroom_id": classroom_id, **move.model_dump(mode="json")},
            make,
        )

    def iter_punches(
        self,
        *,
        school_id: str | None = None,
        employee_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> AsyncIterator[TimePunch]:
        """Punches whose local date (as written in `punched_at`) is between `start` and `end`."""
        self.read_log.append(
            ("iter_punches", {"school_id": school_id, "employee_id": employee_id, "start": start, "end": end})
        )
        return _aiter(
            [
                p
                for p in self.punches
                if school_id in (None, p.school_id)
                and employee_id in (None, p.employee_id)
                and (start is None or p.punched_at.date() >= start)
                and (end is None or p.punched_at.date() <= end)
            ]
        )

    async def patch_payroll(
        self, employee_id: str, patch: PayrollPatch, *, idempotency_key: str
    ) -> PayrollRecord:
        return self._once(
            idempotency_key,
            "patch_payroll",
            {"employee_id": employee_id, **patch.model_dump(mode="json")},
            lambda: PayrollRecord(
                employee_id=employee_id,
                school_id=next(e.school_id for e in self.employees if e.employee_id == employee_id),
                updated_at=NOW,
                **patch.model_dump(),
            ),
        )

    async def route_incident(
        self, incident_id: str, routing: IncidentRoutingCreate, *, idempotency_key: str
    ) -> IncidentRouting:
        return self._once(
            idempotency_key,
            "route_incident",
            {"incident_id": incident_id, **routing.model_dump(mode="json")},
            lambda: IncidentRouting(
                routing_id=f"IR{len(self.effects)}",
                incident_id=incident_id,
                school_id=next(i.school_id for i in self.incidents if i.incident_id == incident_id),
                created_at=NOW,
                **routing.model_dump(),
            ),
        )

    async def send_parent_message(
        self, message: ParentMessageCreate, *, idempotency_key: str
    ) -> ParentMessage:
        return self._once(
            idempotency_key,
            "send_parent_message",
            message.model_dump(mode="json"),
            lambda: ParentMessage(
                parent_message_id=f"PM{len(self.effects)}", sent_at=NOW, **message.model_dump()
            ),
        )

    async def get_review(self, review_id: str) -> PerformanceReview:
        return _found(self.reviews, "review_id", review_id)

    def iter_leaves(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Leave]:
        return _aiter(
            [
                x
                for x in self.leaves
                if school_id in (None, x.school_id) and employee_id in (None, x.employee_id)
            ]
        )

    def iter_observations(
        self, *, school_id: str | None = None, employee_id: str | None = None
    ) -> AsyncIterator[Observation]:
        return _aiter(
            [
                x
                for x in self.observations
                if school_id in (None, x.school_id) and employee_id in (None, x.employee_id)
            ]
        )

    def iter_busy(self, employee_id: str, *, start: datetime, end: datetime) -> AsyncIterator[BusyInterval]:
        booked = [
            BusyInterval(
                employee_id=employee_id, start=b.start, end=b.end, source="booking", busy_id=b.booking_id
            )
            for b in self.bookings
            if employee_id in b.attendee_employee_ids
        ]
        return _aiter(
            [
                b
                for b in [*self.busy, *booked]
                if b.employee_id == employee_id and b.start < end and b.end > start
            ]
        )

    async def book_calendar(self, booking: CalendarBookingCreate, *, idempotency_key: str) -> CalendarBooking:
        def make() -> CalendarBooking:
            record = CalendarBooking(
                booking_id=f"B{len(self.effects)}", created_at=NOW, **booking.model_dump()
            )
            self.bookings.append(record)
            return record

        return self._once(idempotency_key, "book_calendar", booking.model_dump(mode="json"), make)

    async def request_signature(
        self, request: SignatureRequestCreate, *, idempotency_key: str
    ) -> SignatureRequest:
        def make() -> SignatureRequest:
            record = SignatureRequest(
                signature_request_id=f"SR{len(self.effects)}", created_at=NOW, **request.model_dump()
            )
            self.signature_requests.append(record)
            return record

        return self._once(idempotency_key, "request_signature", request.model_dump(mode="json"), make)

    async def patch_review(
        self, review_id: str, patch: PerformanceReviewPatch, *, idempotency_key: str
    ) -> PerformanceReview:
        def make() -> PerformanceReview:
            current = next(r for r in self.reviews if r.review_id == review_id)
            updated = current.model_copy(update={"form": {**current.form, **patch.form}})
            self.reviews = [updated if r.review_id == review_id else r for r in self.reviews]
            return updated

        return self._once(
            idempotency_key, "patch_review", {"review_id": review_id, **patch.model_dump(mode="json")}, make
        )

    def iter_staff_notes(self, employee_id: str) -> AsyncIterator[StaffNote]:
        return _aiter([n for n in self.notes if n.employee_id == employee_id])

    async def add_staff_note(
        self, employee_id: str, note: StaffNoteCreate, *, idempotency_key: str
    ) -> StaffNote:
        def make() -> StaffNote:
            record = StaffNote(
                note_id=f"N{len(self.effects)}",
                employee_id=employee_id,
                school_id=next(e.school_id for e in self.employees if e.employee_id == employee_id),
                created_at=NOW,
                **note.model_dump(),
            )
            self.notes.append(record)
            return record

        return self._once(
            idempotency_key,
            "add_staff_note",
            {"employee_id": employee_id, **note.model_dump(mode="json")},
            make,
        )

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
        """The sandbox's filters (sandbox/routes_training.py); `start` defaults to NOW's date."""
        first, near = start or NOW.date(), None
        if near_school_id is not None:
            near = next(s for s in self.schools if s.school_id == near_school_id)
        out: list[TrainingCourse] = []
        for course in self.courses:
            if topic not in (None, course.topic) or approved not in (None, course.approved):
                continue
            if kind is not None and kind not in course.renews:
                continue
            where = course.location
            if near is not None and where is not None and near.latitude is not None:
                far = distance_km(near.latitude, near.longitude or 0.0, where.latitude, where.longitude)
                if far > (within_km or NEAR_KM):
                    continue
            sessions = [
                s for s in course.sessions if s.ends_on >= first and (end is None or s.starts_on <= end)
            ]
            if sessions:
                out.append(course.model_copy(update={"sessions": sessions}))
        return _aiter(out)

    async def get_training_course(self, course_id: str) -> TrainingCourse:
        return _found(self.courses, "course_id", course_id)

    def iter_training_plan(self, employee_id: str) -> AsyncIterator[TrainingAssignment]:
        return _aiter([a for a in self.plan if a.employee_id == employee_id])

    async def assign_training(
        self, employee_id: str, assignment: TrainingAssignmentCreate, *, idempotency_key: str
    ) -> TrainingAssignment:
        course = _found(self.courses, "course_id", assignment.course_id)
        session = next(s for s in course.sessions if s.session_id == assignment.session_id)
        if idempotency_key not in self._answers and session.seats_taken >= session.seats_total:
            raise ProcareConflict(
                f"session {session.session_id} is full",
                method="POST",
                path=f"/v1/employees/{employee_id}/training-plan",
                status=409,
            )

        def make() -> TrainingAssignment:
            session.seats_taken += 1
            record = TrainingAssignment(
                assignment_id=f"TA{len(self.effects)}",
                employee_id=employee_id,
                created_at=NOW,
                **assignment.model_dump(),
            )
            self.plan.append(record)
            return record

        return self._once(
            idempotency_key,
            "assign_training",
            {"employee_id": employee_id, **assignment.model_dump(mode="json")},
            make,
        )


def _held_to_the_real_interfaces(fake: FakeProcare) -> Procare:
    """Never called: mypy checks here that FakeProcare implements every read and write of the client."""
    return fake


def _found(rows: list[Any], key: str, value: str) -> Any:
    """The row whose `key` is `value`, else ProcareNotFound, as the client raises on a 404."""
    for row in rows:
        if getattr(row, key) == value:
            return row
    raise ProcareNotFound(f"no record with {key} {value}", method="GET", path=f"/{key}/{value}", status=404)
