"""The surface's training catalog and training plans (re-exported by tools.models).

Shape, kept deliberately flat so workflows can read it without helpers:

- `TrainingCourse`: one course a provider offers (`provider`, `title`, `topic` slug, the state training
  `category` its hours count under, `renews`: the credential kinds its completion card renews, `hours`,
  `format` `in_person` | `online` | `blended`, `approved` by the licensing agency or the company), with
  its `location` (a venue with city, state and latitude/longitude; None for an online course) and its
  `sessions`.
- `TrainingSession`: one date (or enrolment window) of a course: `starts_on`..`ends_on` (the same day for a
  class), `start_minutes`/`end_minutes` in minutes from midnight of the session's `timezone` (None for a
  self-paced online session, which fits any schedule), `seats_total` and `seats_taken` (assignments through
  the API included).
- `TrainingAssignment`: one entry of an employee's training plan: a course session assigned to them, with
  the credential it renews (if any) and the day it is due.

Times follow the surface's convention (minutes from midnight, local to the session's zone).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CourseFormat = Literal["in_person", "online", "blended"]
AssignmentStatus = Literal["assigned", "completed", "cancelled"]


class _Record(BaseModel):
    """As `tools.models.ProcareModel`: unknown fields kept, values validated."""

    model_config = ConfigDict(extra="allow")


class CourseLocation(_Record):
    """Where an in-person or blended course meets (its skills session for a blended one)."""

    venue: str
    city: str
    state: str
    latitude: float
    longitude: float
    school_id: str | None = Field(default=None, description="Set when the class is held at a center.")


class TrainingSession(_Record):
    """One class date (or enrolment window of a self-paced course) with its seats."""

    session_id: str
    starts_on: date
    ends_on: date
    start_minutes: int | None = Field(default=None, description="Local start; None when self-paced.")
    end_minutes: int | None = Field(default=None, description="Local end; None when self-paced.")
    timezone: str = Field(description="IANA zone of start_minutes/end_minutes.")
    self_paced: bool = False
    seats_total: int
    seats_taken: int

    @property
    def seats_left(self) -> int:
        return max(0, self.seats_total - self.seats_taken)


class TrainingCourse(_Record):
    """An approved (or not) training course of the catalog, with its sessions."""

    course_id: str
    provider: str
    title: str
    topic: str = Field(description="Slug, e.g. pediatric_first_aid_cpr, child_development.")
    category: str = Field(description="State training category its clock hours count under.")
    renews: list[str] = Field(default_factory=list, description="Credential kinds its card renews.")
    hours: float
    format: CourseFormat
    approved: bool
    location: CourseLocation | None = None
    sessions: list[TrainingSession] = Field(default_factory=list)


class TrainingAssignmentCreate(BaseModel):
    """Body of POST /employees/{id}/training-plan: assign one session of a course to the employee."""

    model_config = ConfigDict(extra="forbid")

    school_id: str
    course_id: str
    session_id: str
    credential_id: str | None = Field(default=None, description="The employee's credential it renews.")
    due_on: date | None = None
    note: str = Field(default="", max_length=1000)


class TrainingAssignment(_Record):
    """An entry of an employee's training plan."""

    assignment_id: str
    employee_id: str
    school_id: str
    course_id: str
    session_id: str
    credential_id: str | None = None
    due_on: date | None = None
    note: str = ""
    status: AssignmentStatus = "assigned"
    created_at: datetime
