"""Typed models of the Procare surface that the client reads and the sandbox serves.

Procare publishes no developer API, so these shapes follow the field names Procare's own support
documentation uses (Person ID shared across locations, Employee ID per school, School ID, Work Area,
classroom ratio and max children, times as minutes from midnight). Everything is a pydantic v2 model so
a schema drift on either side fails loudly instead of turning into a silent dict.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from tools.models_documents import SignatureRequest as SignatureRequest
from tools.models_documents import SignatureRequestCreate as SignatureRequestCreate
from tools.models_hr import BusyInterval as BusyInterval
from tools.models_hr import CalendarBooking as CalendarBooking
from tools.models_hr import CalendarBookingCreate as CalendarBookingCreate
from tools.models_hr import Leave as Leave
from tools.models_hr import Observation as Observation
from tools.models_hr import PerformanceReviewPatch as PerformanceReviewPatch
from tools.models_hr import StaffNote as StaffNote
from tools.models_hr import StaffNoteCreate as StaffNoteCreate

# Incident routing and parent messages, staff calendars, leave, observations and review forms live in
# tools.models_incidents and tools.models_hr (re-exported: tools.models stays the one contract).
from tools.models_incidents import IncidentCategory as IncidentCategory
from tools.models_incidents import IncidentRole as IncidentRole
from tools.models_incidents import IncidentRouting as IncidentRouting
from tools.models_incidents import IncidentRoutingCreate as IncidentRoutingCreate
from tools.models_incidents import IncidentSeverity as IncidentSeverity
from tools.models_incidents import ParentMessage as ParentMessage
from tools.models_incidents import ParentMessageCreate as ParentMessageCreate
from tools.models_incidents import RoutedTo as RoutedTo
from tools.models_training import CourseFormat as CourseFormat
from tools.models_training import CourseLocation as CourseLocation
from tools.models_training import TrainingAssignment as TrainingAssignment
from tools.models_training import TrainingAssignmentCreate as TrainingAssignmentCreate
from tools.models_training import TrainingCourse as TrainingCourse
from tools.models_training import TrainingSession as TrainingSession

T = TypeVar("T")

CredentialKind = Literal[
    "pediatric_cpr_aha",
    "first_aid_aha",
    "pediatric_cpr_red_cross",
    "first_aid_red_cross",
    "background_check",
    "state_training_hours",
]
CredentialStatus = Literal["valid", "expired", "renewal_initiated", "pending_review"]
EmploymentStatus = Literal["active", "on_leave", "terminated"]
PunchKind = Literal["in", "out", "break_start", "break_end"]
AgeGroup = Literal["infant", "toddler", "twos", "preschool", "school_age", "mixed"]

PII_FIELDS = frozenset({"ssn", "birth_date", "home_address"})
"""Fields of Procare records that are personal data and that no workflow needs: dropped from every read
before it is stored (tools.audit_records) and from every fact a model sees (agents.common.redact)."""


class ProcareModel(BaseModel):
    """Base: unknown fields are kept (Procare may add some), values are validated."""

    model_config = ConfigDict(extra="allow", frozen=False)


class Page(BaseModel, Generic[T]):
    """One page of a cursor-paginated list: `next_cursor` is None on the last page."""

    data: list[T]
    next_cursor: str | None = None


class School(ProcareModel):
    """A center ("School" in Procare), with its state for the regulations that apply."""

    school_id: str
    school_code: str
    name: str
    state: str = Field(description="Two-letter US state code: selects ratio and labor rules.")
    timezone: str = Field(description="IANA time zone, e.g. America/Los_Angeles.")
    open_minutes: int = Field(description="Opening time, minutes from midnight.")
    close_minutes: int = Field(description="Closing time, minutes from midnight.")
    latitude: float | None = Field(default=None, description="Where the center is (training near it).")
    longitude: float | None = None


class Address(ProcareModel):
    line1: str
    city: str
    state: str
    postal_code: str


class Employee(ProcareModel):
    """A staff member at one school. `person_id` is shared across locations, `employee_id` is per school."""

    employee_id: str
    person_id: str
    school_id: str
    first_name: str
    last_name: str
    email: str
    phone: str | None = None
    position: str
    employment_status: EmploymentStatus = "active"
    hire_date: date
    birth_date: date | None = None
    ssn: str | None = Field(default=None, description="PII: never sent to a model.")
    home_address: Address | None = None
    classroom_ids: list[str] = Field(default_factory=list)
    is_floater: bool = False
    pay_code: str = "REG"
    hourly_rate: float | None = None
    bio: str = ""
    skills: list[str] = Field(default_factory=list)
    custom_fields: dict[str, str] = Field(default_factory=dict)
    updated_at: datetime


class EmployeePatch(BaseModel):
    """Fields a client may change on an employee (profile pre-fill, custom fields)."""

    model_config = ConfigDict(extra="forbid")

    phone: str | None = None
    position: str | None = None
    classroom_ids: list[str] | None = None
    bio: str | None = None
    skills: list[str] | None = None
    custom_fields: dict[str, str] | None = None


class Credential(ProcareModel):
    """A certificate or check on file for an employee (CPR, First Aid, background check...)."""

    credential_id: str
    employee_id: str
    school_id: str
    kind: CredentialKind
    issuer: str
    issued_on: date
    expires_on: date | None = None
    status: CredentialStatus = "valid"
    document_id: str | None = None
    updated_at: datetime


class CredentialPatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: CredentialStatus | None = None
    issued_on: date | None = None
    expires_on: date | None = None
    document_id: str | None = None


class TrainingRecord(ProcareModel):
    """Clock hours of training completed, by category and delivery mode."""

    training_id: str
    employee_id: str
    school_id: str
    title: str
    category: str
    delivery: Literal["instructor_led", "self_instructional", "self_study"]
    hours: float
    completed_on: date


class Classroom(ProcareModel):
    """A room; Procare keeps the configured child/teacher ratio and maximum children on it."""

    classroom_id: str
    school_id: str
    name: str
    age_group: AgeGroup
    ratio: int = Field(description="Children per teacher configured in Procare.")
    max_children: int


class ChildAttendance(ProcareModel):
    """One child's day in a room: age in months and check-in/out as minutes from midnight."""

    child_id: str
    classroom_id: str
    school_id: str
    date: date
    age_months: int
    check_in_minutes: int | None = None
    check_out_minutes: int | None = None
    expected_in_minutes: int | None = None
    expected_out_minutes: int | None = None


class ShiftBreak(BaseModel):
    start_minutes: int
    end_minutes: int
    kind: Literal["meal", "rest"]


class Shift(ProcareModel):
    """A scheduled shift: date plus start/end minutes from midnight (end may pass 1440 over midnight)."""

    shift_id: str
    employee_id: str
    school_id: str
    classroom_id: str | None = None
    date: date
    start_minutes: int
    end_minutes: int
    breaks: list[ShiftBreak] = Field(default_factory=list)
    overtime_approved: bool = False


class TimePunch(ProcareModel):
    """A time-clock punch. `work_area` is the classroom the staff member clocked into."""

    punch_id: str
    employee_id: str
    school_id: str
    punched_at: datetime = Field(description="Local time with UTC offset.")
    kind: PunchKind
    work_area: str | None = None
    device_id: str | None = None
    edited_by: str | None = None
    pay_code: str = "REG"


class TaskCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: str
    title: str
    body: str = ""
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    due_on: date | None = None
    assignee_employee_id: str | None = None
    related_employee_id: str | None = None


class Task(ProcareModel):
    task_id: str
    school_id: str
    title: str
    body: str = ""
    priority: Literal["low", "normal", "high", "urgent"] = "normal"
    due_on: date | None = None
    assignee_employee_id: str | None = None
    related_employee_id: str | None = None
    status: Literal["open", "done"] = "open"
    created_at: datetime


class MessageCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school_id: str
    to_employee_id: str
    subject: str
    body: str


class Message(ProcareModel):
    message_id: str
    school_id: str
    to_employee_id: str
    subject: str
    body: str
    sent_at: datetime


class PerformanceReview(ProcareModel):
    review_id: str
    employee_id: str
    school_id: str
    due_on: date
    status: Literal["scheduled", "in_progress", "completed", "overdue"]
    reviewer_employee_id: str | None = None
    form: dict[str, str] = Field(default_factory=dict)
    scheduled_for: datetime | None = Field(
        default=None, description="When the review meeting is booked (set by a calendar booking)."
    )


class Incident(ProcareModel):
    incident_id: str
    school_id: str
    classroom_id: str | None = None
    occurred_at: datetime
    kind: str
    severity: Literal["low", "medium", "high"]
    description: str
    staff_ids: list[str] = Field(default_factory=list)
    child_ids: list[str] = Field(default_factory=list)


class Document(ProcareModel):
    """An uploaded file (onboarding form, credential card scan); bytes at /documents/{id}/content."""

    document_id: str
    school_id: str
    employee_id: str | None = None
    kind: str
    filename: str
    content_type: str
    uploaded_at: datetime


class PayrollAdjustment(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date: date
    pay_code: str
    hours: float
    reason: str


class PayrollPatch(BaseModel):
    """Body of PATCH /employees/{id}/payroll: corrections for one pay period."""

    model_config = ConfigDict(extra="forbid")

    pay_period_start: date
    adjustments: list[PayrollAdjustment]


class PayrollRecord(ProcareModel):
    employee_id: str
    school_id: str
    pay_period_start: date
    adjustments: list[PayrollAdjustment]
    updated_at: datetime


class StaffMove(BaseModel):
    """Body of POST /classrooms/{id}/staff-moves: move a staff member into a room for a time window."""

    model_config = ConfigDict(extra="forbid")

    employee_id: str
    date: date
    start_minutes: int
    end_minutes: int
    reason: str = ""


class StaffMoveRecord(ProcareModel):
    move_id: str
    classroom_id: str
    school_id: str
    employee_id: str
    date: date
    start_minutes: int
    end_minutes: int
    reason: str = ""
    created_at: datetime


class ErrorBody(BaseModel):
    """Every non-2xx answer of the surface: a machine code and a message a person can read."""

    error: str
    message: str
    details: list[dict[str, object]] | None = None
