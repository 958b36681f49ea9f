"""A dry-run Procare client: reads go to Procare, writes are recorded and answered locally.

Used by `procare-ai replay` so re-driving a recorded thread can never write to Procare a second time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from tools.models import (
    CalendarBooking,
    CalendarBookingCreate,
    Credential,
    CredentialPatch,
    Employee,
    EmployeePatch,
    IncidentRouting,
    IncidentRoutingCreate,
    Message,
    MessageCreate,
    ParentMessage,
    ParentMessageCreate,
    PayrollPatch,
    PayrollRecord,
    PerformanceReview,
    PerformanceReviewPatch,
    SignatureRequest,
    SignatureRequestCreate,
    StaffMove,
    StaffMoveRecord,
    StaffNote,
    StaffNoteCreate,
    Task,
    TaskCreate,
    TrainingAssignment,
    TrainingAssignmentCreate,
)
from tools.protocols import Procare


class RecordingWrites:
    """Wraps a Procare connection; every write method records `(name, args)` and touches nothing remote.

    Reads are delegated as they are; `clock` stamps the local answers to writes.
    """

    def __init__(self, client: Procare, *, clock: Callable[[], datetime]) -> None:
        self._client = client
        self._clock = clock
        self.writes: list[tuple[str, dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    def _now(self) -> datetime:
        return self._clock()

    async def send_message(self, message: MessageCreate, *, idempotency_key: str) -> Message:
        self.writes.append(("send_message", message.model_dump(mode="json")))
        return Message(message_id=f"dry-{idempotency_key}", sent_at=self._now(), **message.model_dump())

    async def create_task(self, task: TaskCreate, *, idempotency_key: str) -> Task:
        self.writes.append(("create_task", task.model_dump(mode="json")))
        return Task(task_id=f"dry-{idempotency_key}", created_at=self._now(), **task.model_dump())

    async def patch_credential(
        self, credential_id: str, patch: CredentialPatch, *, idempotency_key: str
    ) -> Credential:
        self.writes.append(
            ("patch_credential", {"credential_id": credential_id, **patch.model_dump(mode="json")})
        )
        current = await self._client.get_credential(credential_id)
        return current.model_copy(update=patch.model_dump(exclude_none=True))

    async def patch_employee(
        self, employee_id: str, patch: EmployeePatch, *, idempotency_key: str
    ) -> Employee:
        self.writes.append(("patch_employee", {"employee_id": employee_id, **patch.model_dump(mode="json")}))
        current = await self._client.get_employee(employee_id)
        return current.model_copy(update=patch.model_dump(exclude_none=True))

    async def patch_payroll(
        self, employee_id: str, patch: PayrollPatch, *, idempotency_key: str
    ) -> PayrollRecord:
        self.writes.append(("patch_payroll", {"employee_id": employee_id, **patch.model_dump(mode="json")}))
        school = (await self._client.get_employee(employee_id)).school_id
        return PayrollRecord(
            employee_id=employee_id,
            school_id=school,
            pay_period_start=patch.pay_period_start,
            adjustments=patch.adjustments,
            updated_at=self._now(),
        )

    async def create_staff_move(
        self, classroom_id: str, move: StaffMove, *, idempotency_key: str
    ) -> StaffMoveRecord:
        self.writes.append(
            ("create_staff_move", {"classroom_id": classroom_id, **move.model_dump(mode="json")})
        )
        school = (await self._client.get_employee(move.employee_id)).school_id
        return StaffMoveRecord(
            move_id=f"dry-{idempotency_key}",
            classroom_id=classroom_id,
            school_id=school,
            created_at=self._now(),
            **move.model_dump(),
        )

    async def route_incident(
        self, incident_id: str, routing: IncidentRoutingCreate, *, idempotency_key: str
    ) -> IncidentRouting:
        self.writes.append(
            ("route_incident", {"incident_id": incident_id, **routing.model_dump(mode="json")})
        )
        school = (await self._client.get_incident(incident_id)).school_id
        return IncidentRouting(
            routing_id=f"dry-{idempotency_key}",
            incident_id=incident_id,
            school_id=school,
            created_at=self._now(),
            **routing.model_dump(),
        )

    async def send_parent_message(
        self, message: ParentMessageCreate, *, idempotency_key: str
    ) -> ParentMessage:
        self.writes.append(("send_parent_message", message.model_dump(mode="json")))
        return ParentMessage(
            parent_message_id=f"dry-{idempotency_key}", sent_at=self._now(), **message.model_dump()
        )

    async def book_calendar(self, booking: CalendarBookingCreate, *, idempotency_key: str) -> CalendarBooking:
        self.writes.append(("book_calendar", booking.model_dump(mode="json")))
        return CalendarBooking(
            booking_id=f"dry-{idempotency_key}", created_at=self._now(), **booking.model_dump()
        )

    async def request_signature(
        self, request: SignatureRequestCreate, *, idempotency_key: str
    ) -> SignatureRequest:
        self.writes.append(("request_signature", request.model_dump(mode="json")))
        return SignatureRequest(
            signature_request_id=f"dry-{idempotency_key}", created_at=self._now(), **request.model_dump()
        )

    async def patch_review(
        self, review_id: str, patch: PerformanceReviewPatch, *, idempotency_key: str
    ) -> PerformanceReview:
        self.writes.append(("patch_review", {"review_id": review_id, **patch.model_dump(mode="json")}))
        current = await self._client.get_review(review_id)
        return current.model_copy(update={"form": {**current.form, **patch.form}})

    async def add_staff_note(
        self, employee_id: str, note: StaffNoteCreate, *, idempotency_key: str
    ) -> StaffNote:
        self.writes.append(("add_staff_note", {"employee_id": employee_id, **note.model_dump(mode="json")}))
        school = (await self._client.get_employee(employee_id)).school_id
        return StaffNote(
            note_id=f"dry-{idempotency_key}",
            employee_id=employee_id,
            school_id=school,
            created_at=self._now(),
            **note.model_dump(),
        )

    async def assign_training(
        self, employee_id: str, assignment: TrainingAssignmentCreate, *, idempotency_key: str
    ) -> TrainingAssignment:
        self.writes.append(
            ("assign_training", {"employee_id": employee_id, **assignment.model_dump(mode="json")})
        )
        return TrainingAssignment(
            assignment_id=f"dry-{idempotency_key}",
            employee_id=employee_id,
            created_at=self._now(),
            **assignment.model_dump(),
        )
