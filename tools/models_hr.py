"""The surface's staff-calendar, leave, observation and review-form records (re-exported by tools.models).

Kept apart from `tools.models` only for size; `tools.models` is still the one contract the sandbox and the
client share. Times are instants with a UTC offset; a calendar's busy interval is `[start, end)`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field


class _Record(BaseModel):
    """As `tools.models.ProcareModel`: unknown fields kept, values validated."""

    model_config = ConfigDict(extra="allow")


class Leave(_Record):
    """A leave of absence, first and last day inclusive."""

    leave_id: str
    employee_id: str
    school_id: str
    kind: Literal["vacation", "sick", "parental", "medical", "personal", "other"] = "other"
    start: date
    end: date


class Observation(_Record):
    """A classroom observation logged by a director or lead about a staff member."""

    observation_id: str
    employee_id: str
    school_id: str
    observed_on: date
    observer_employee_id: str | None = None
    area: str = Field(description="What was observed, e.g. 'transitions', 'family communication'.")
    rating: Literal["needs_improvement", "meets", "exceeds"] | None = None
    note: str = ""


class BusyInterval(_Record):
    """A time someone's calendar is taken (a meeting, a tour, a booking made through the API)."""

    employee_id: str
    start: datetime
    end: datetime
    source: Literal["event", "booking"] = "event"
    busy_id: str


class CalendarBookingCreate(BaseModel):
    """Body of POST /calendar-bookings: one meeting on several staff calendars (none may be busy then)."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    title: str = Field(min_length=1, max_length=200)
    start: AwareDatetime
    end: AwareDatetime
    attendee_employee_ids: list[str] = Field(min_length=1, max_length=10)
    review_id: str | None = None
    note: str = ""


class CalendarBooking(_Record):
    booking_id: str
    school_id: str
    title: str
    start: datetime
    end: datetime
    attendee_employee_ids: list[str]
    review_id: str | None = None
    note: str = ""
    created_at: datetime


class PerformanceReviewPatch(BaseModel):
    """Body of PATCH /performance-reviews/{id}: pre-fill the review form (only the fields sent change)."""

    model_config = ConfigDict(extra="forbid")

    form: dict[str, str] = Field(min_length=1, description="Form field name -> text, merged into the form.")


class StaffNoteCreate(BaseModel):
    """Body of POST /employees/{id}/notes: a note appended to a staff record (procare-ai writes one after
    each data write-back it makes, so the record itself says what the AI changed and who approved it)."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=2000)
    author: str = Field(default="procare-ai", min_length=1, max_length=100)


class StaffNote(_Record):
    note_id: str
    employee_id: str
    school_id: str
    text: str
    author: str
    created_at: datetime
