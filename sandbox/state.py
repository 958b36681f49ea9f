"""The mutable overlay on top of the generated data: writes, an effects log, and scenario injection.

Why an overlay: generated data is a pure function of the seed, so every write (employee and credential
patches, payroll corrections, tasks, messages, staff moves) lives here and is merged in when read. Each
write that takes effect appends exactly one entry to `effects`, so tests can assert "one effect" after
retries with the same Idempotency-Key. `inject(...)` and its typed helpers let end-to-end tests build a known
scenario (punches, shifts, attendance, credentials...) for a school; `hide_generated` removes the generated
records of a kind for a school so only the injected ones are seen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from tools import models

Record = dict[str, Any]

# kind -> (model, id field). Kinds are the resource names the store and the API use.
INJECTABLE: dict[str, tuple[type[BaseModel], str]] = {
    "employees": (models.Employee, "employee_id"),
    "credentials": (models.Credential, "credential_id"),
    "training_records": (models.TrainingRecord, "training_id"),
    "classrooms": (models.Classroom, "classroom_id"),
    "attendance": (models.ChildAttendance, "child_id"),
    "shifts": (models.Shift, "shift_id"),
    "punches": (models.TimePunch, "punch_id"),
    "performance_reviews": (models.PerformanceReview, "review_id"),
    "incidents": (models.Incident, "incident_id"),
    "documents": (models.Document, "document_id"),
    "tasks": (models.Task, "task_id"),
    "messages": (models.Message, "message_id"),
    "staff_moves": (models.StaffMoveRecord, "move_id"),
    "incident_routings": (models.IncidentRouting, "routing_id"),
    "parent_messages": (models.ParentMessage, "parent_message_id"),
    "leaves": (models.Leave, "leave_id"),
    "observations": (models.Observation, "observation_id"),
    "calendar_events": (models.BusyInterval, "busy_id"),
    "calendar_bookings": (models.CalendarBooking, "booking_id"),
    "signature_requests": (models.SignatureRequest, "signature_request_id"),
    "staff_notes": (models.StaffNote, "note_id"),
    "training_assignments": (models.TrainingAssignment, "assignment_id"),
}
ID_PREFIX = {
    "employees": "XE",
    "credentials": "XC",
    "training_records": "XT",
    "classrooms": "XR",
    "attendance": "XK",
    "shifts": "XS",
    "punches": "XP",
    "performance_reviews": "XV",
    "incidents": "XI",
    "documents": "XD",
    "tasks": "T",
    "messages": "M",
    "staff_moves": "MV",
    "incident_routings": "IR",
    "parent_messages": "PM",
    "leaves": "XL",
    "observations": "XO",
    "calendar_events": "XB",
    "calendar_bookings": "CB",
    "signature_requests": "SR",
    "staff_notes": "N",
    "training_assignments": "TA",
}


@dataclass(frozen=True)
class StoredAnswer:
    """The first answer to an idempotent write, replayed for the same key and body."""

    fingerprint: str
    status: int
    body: bytes


class SandboxState:
    """Thread-safe overlay; the app and test code (in another thread) share one instance."""

    def __init__(self, *, now: Callable[[], datetime] | None = None) -> None:
        self._now = now or (lambda: datetime.now(UTC))
        self.lock = threading.RLock()
        self._clear()

    def _clear(self) -> None:
        self.patches: dict[str, dict[str, Record]] = {
            "employees": {},
            "credentials": {},
            "performance_reviews": {},
        }
        self.records: dict[str, dict[str, list[Record]]] = {kind: {} for kind in INJECTABLE}
        self.by_id: dict[str, dict[str, Record]] = {kind: {} for kind in INJECTABLE}
        self.hidden: dict[str, set[str]] = {kind: set() for kind in INJECTABLE}
        self.payroll: dict[tuple[str, str], Record] = {}
        self.document_content: dict[str, bytes] = {}
        self.effects: list[Record] = []
        self.idempotency: dict[tuple[str, str], StoredAnswer] = {}
        self._counters: dict[str, int] = {}
        self.seats_taken: dict[str, int] = {}
        """Training session id -> seats taken outside the API (a scenario filling a class)."""

    def now(self) -> datetime:
        return self._now()

    def next_id(self, kind: str, school_id: str) -> str:
        """A new stable-looking id for a created or injected record, e.g. `S0001-T000003`."""
        with self.lock:
            self._counters[kind] = self._counters.get(kind, 0) + 1
            return f"{school_id}-{ID_PREFIX[kind]}{self._counters[kind]:06d}"

    # ---- effects ----------------------------------------------------------------------------------------
    def record_effect(
        self, *, kind: str, action: str, resource_id: str, school_id: str, body: Mapping[str, Any]
    ) -> None:
        with self.lock:
            self.effects.append(
                {
                    "seq": len(self.effects) + 1,
                    "kind": kind,
                    "action": action,
                    "resource_id": resource_id,
                    "school_id": school_id,
                    "body": dict(body),
                    "at": self.now().isoformat(),
                }
            )

    def effects_for(self, *, kind: str | None = None, resource_id: str | None = None) -> list[Record]:
        with self.lock:
            return [
                e
                for e in self.effects
                if (kind is None or e["kind"] == kind)
                and (resource_id is None or e["resource_id"] == resource_id)
            ]

    # ---- writes (called by the API after validation and scope checks) -----------------------------------
    def patch(self, kind: str, record_id: str, school_id: str, changes: Mapping[str, Any]) -> Record:
        """Merge `changes` into the patch of an employee or credential; returns the patch now stored."""
        with self.lock:
            stored = self.patches[kind].setdefault(record_id, {})
            stored.update(changes)
            stored["updated_at"] = self.now().isoformat()
            self.record_effect(
                kind=kind, action="patch", resource_id=record_id, school_id=school_id, body=changes
            )
            return dict(stored)

    def patch_payroll(self, employee_id: str, school_id: str, body: Mapping[str, Any]) -> Record:
        """Corrections for one pay period: an adjustment replaces an earlier one of the same date and pay
        code, others are kept, so a retried or repeated correction never doubles hours."""
        with self.lock:
            period = str(body["pay_period_start"])
            key = (employee_id, period)
            current = self.payroll.get(key)
            merged: dict[tuple[str, str], Record] = {}
            for adj in [*(current["adjustments"] if current else []), *body["adjustments"]]:
                merged[(str(adj["date"]), str(adj["pay_code"]))] = dict(adj)
            record = {
                "employee_id": employee_id,
                "school_id": school_id,
                "pay_period_start": period,
                "adjustments": sorted(merged.values(), key=lambda a: (a["date"], a["pay_code"])),
                "updated_at": self.now().isoformat(),
            }
            self.payroll[key] = record
            self.record_effect(
                kind="payroll", action="patch", resource_id=employee_id, school_id=school_id, body=body
            )
            return dict(record)

    def create_new(
        self, kind: str, school_id: str, fields: Mapping[str, Any], *, stamp: str = "created_at"
    ) -> tuple[int, Record]:
        """Create a record under a new id, stamped with the surface's clock: every POST that creates
        (tasks, messages, moves, routings, bookings, ...) answers 201 with it."""
        record = {INJECTABLE[kind][1]: self.next_id(kind, school_id), **fields, stamp: self.now().isoformat()}
        return 201, self.create(kind, school_id, record)

    def create(self, kind: str, school_id: str, record: Record) -> Record:
        """Store a record created through the API (task, message, staff move) and log the effect."""
        with self.lock:
            self._store(kind, school_id, record)
            self.record_effect(
                kind=kind,
                action="create",
                resource_id=record[INJECTABLE[kind][1]],
                school_id=school_id,
                body=record,
            )
            return record

    def _store(self, kind: str, school_id: str, record: Record) -> None:
        id_field = INJECTABLE[kind][1]
        rows = self.records[kind].setdefault(school_id, [])
        old = self.by_id[kind].get(record[id_field]) if kind != "attendance" else None
        if old is not None and old in rows:
            rows.remove(old)
        rows.append(record)
        if kind != "attendance":
            self.by_id[kind][record[id_field]] = record

    # ---- scenario injection -----------------------------------------------------------------------------
    def inject(
        self, kind: str, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        """Add records of `kind` to a school, validated against tools/models.py; missing ids and
        `school_id` are filled in. A record reusing a generated id replaces it. Returns what is stored."""
        if kind not in INJECTABLE:
            raise ValueError(f"unknown kind {kind!r}; expected one of {sorted(INJECTABLE)}")
        model, id_field = INJECTABLE[kind]
        stored: list[Record] = []
        with self.lock:
            for raw in records:
                data = raw.model_dump(mode="json") if isinstance(raw, BaseModel) else dict(raw)
                data.setdefault("school_id", school_id)
                if data["school_id"] != school_id:
                    raise ValueError(f"record for {data['school_id']} injected into {school_id}")
                if id_field not in data:
                    data[id_field] = self.next_id(kind, school_id)
                for stamp in ("updated_at", "created_at", "sent_at", "uploaded_at"):
                    if stamp in model.model_fields and stamp not in data:
                        data[stamp] = self.now().isoformat()
                record = model.model_validate(data).model_dump(mode="json")
                self._store(kind, school_id, record)
                stored.append(record)
        return stored

    def hide_generated(self, school_id: str, *kinds: str) -> None:
        """From now on only injected records of these kinds are served for the school."""
        with self.lock:
            for kind in kinds:
                if kind not in INJECTABLE:
                    raise ValueError(f"unknown kind {kind!r}")
                self.hidden[kind].add(school_id)

    def add_employees(self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]) -> list[Record]:
        return self.inject("employees", school_id, records)

    def add_credentials(
        self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        return self.inject("credentials", school_id, records)

    def add_training_records(
        self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        return self.inject("training_records", school_id, records)

    def add_classrooms(
        self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        return self.inject("classrooms", school_id, records)

    def add_attendance(
        self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        return self.inject("attendance", school_id, records)

    def add_shifts(self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]) -> list[Record]:
        return self.inject("shifts", school_id, records)

    def add_punches(self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]) -> list[Record]:
        return self.inject("punches", school_id, records)

    def add_incidents(self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]) -> list[Record]:
        return self.inject("incidents", school_id, records)

    def add_performance_reviews(
        self, school_id: str, records: Iterable[Mapping[str, Any] | BaseModel]
    ) -> list[Record]:
        return self.inject("performance_reviews", school_id, records)

    def add_document(self, school_id: str, record: Mapping[str, Any] | BaseModel, content: bytes) -> Record:
        """A document with its file bytes (served as-is at /v1/documents/{id}/content)."""
        stored = self.inject("documents", school_id, [record])[0]
        with self.lock:
            self.document_content[stored["document_id"]] = content
        return stored

    def set_seats_taken(self, session_id: str, taken: int) -> None:
        """Scenario helper: the seats of a catalog session taken by people outside the sandbox's staff
        (assignments through the API still add to it)."""
        if taken < 0:
            raise ValueError("seats taken cannot be negative")
        with self.lock:
            self.seats_taken[session_id] = taken

    def reset(self) -> None:
        """Forget every write, injection, effect and idempotency key (generated data stays)."""
        with self.lock:
            self._clear()
