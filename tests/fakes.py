"""Fakes of the outside world that implement the real interfaces (the Procare client's methods).

Only for unit tests of agents and the graph; integration tests use the real sandbox over HTTP.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel

from tools.models import (
    Credential,
    CredentialPatch,
    Document,
    Employee,
    Message,
    MessageCreate,
    School,
    Task,
    TaskCreate,
    TrainingRecord,
)

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

    async def get_school(self, school_id: str) -> School:
        return next(s for s in self.schools if s.school_id == school_id)

    async def get_employee(self, employee_id: str) -> Employee:
        return next(e for e in self.employees if e.employee_id == employee_id)

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
        return next(c for c in self.credentials if c.credential_id == credential_id)

    async def get_document(self, document_id: str) -> Document:
        return next(d for d in self.documents if d.document_id == document_id)

    def _once(self, key: str, name: str, payload: dict[str, Any], make: Any) -> Any:
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
