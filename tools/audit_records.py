"""The one seam where a Procare read becomes an audit record: "the original data read" of DESIGN.md.

Agents read Procare through `tools.protocols.ProcareReader` and keep, for the audit trail, the records
their findings and proposals rest on. Each kept record passes through `source_record`, which names its
kind and id from its type (one table, so every workflow spells them the same way) and drops the personal
fields (`tools.models.PII_FIELDS`), so the audit means the same thing whichever agent read the record.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from tools.models import (
    PII_FIELDS,
    BusyInterval,
    ChildAttendance,
    Classroom,
    Credential,
    Document,
    Employee,
    Incident,
    Leave,
    Observation,
    PerformanceReview,
    School,
    Shift,
    StaffMoveRecord,
    TimePunch,
    TrainingAssignment,
    TrainingCourse,
    TrainingRecord,
)


class SourceRecord(BaseModel):
    """A piece of original Procare data an agent read, kept verbatim (minus PII) for the audit trail."""

    kind: str
    id: str
    staff_id: str | None = None
    data: dict[str, Any]


RECORD_KINDS: dict[type[BaseModel], tuple[str, Callable[[Any], str]]] = {
    School: ("school", lambda r: r.school_id),
    Employee: ("employee", lambda r: r.employee_id),
    Credential: ("credential", lambda r: r.credential_id),
    TrainingRecord: ("training_record", lambda r: r.training_id),
    Document: ("document", lambda r: r.document_id),
    PerformanceReview: ("performance_review", lambda r: r.review_id),
    Shift: ("shift", lambda r: r.shift_id),
    TimePunch: ("time_punch", lambda r: r.punch_id),
    StaffMoveRecord: ("staff_move", lambda r: r.move_id),
    ChildAttendance: ("attendance", lambda r: f"{r.classroom_id}:{r.child_id}"),
    Classroom: ("classroom", lambda r: r.classroom_id),
    Incident: ("incident", lambda r: r.incident_id),
    Leave: ("leave", lambda r: r.leave_id),
    Observation: ("observation", lambda r: r.observation_id),
    BusyInterval: ("calendar_busy", lambda r: r.busy_id),
    TrainingCourse: ("training_course", lambda r: r.course_id),
    TrainingAssignment: ("training_assignment", lambda r: r.assignment_id),
}
"""Audit kind and id of each Procare record type."""

_NO_STAFF = object()


def source_record(record: BaseModel, staff_id: str | object | None = _NO_STAFF) -> SourceRecord:
    """The audit record of `record`; `staff_id` defaults to the record's own `employee_id`, if it has one."""
    try:
        kind, id_of = RECORD_KINDS[type(record)]
    except KeyError:
        raise TypeError(f"{type(record).__name__} is not a Procare record type") from None
    staff = getattr(record, "employee_id", None) if staff_id is _NO_STAFF else staff_id
    return SourceRecord(
        kind=kind,
        id=id_of(record),
        staff_id=staff if isinstance(staff, str) else None,
        data=record.model_dump(mode="json", exclude=set(PII_FIELDS)),
    )
