"""Read-only LangChain tools over the Procare client, for agents that look things up while they reason.

Only reads are exposed: every write-back goes through the graph's `execute` step after a director has
approved it, never through a tool a model can call. Results are plain JSON-ready dicts; employee records
lose their PII fields (SSN, birth date, home address) before a model sees them, and lists are capped
(`limit`) so one call cannot flood the context window. A missing, forbidden or invalid id comes back as a
tool error message the model can act on; an outage propagates so the job is retried instead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, Field, model_validator

from tools.client import ProcareClient
from tools.errors import ProcareForbidden, ProcareInvalidRequest, ProcareNotFound
from tools.models import Employee, EmploymentStatus

PII_FIELDS = frozenset({"ssn", "birth_date", "home_address"})
DEFAULT_LIMIT = 50
MAX_LIMIT = 200

R = TypeVar("R")


def employee_view(employee: Employee) -> dict[str, Any]:
    """An employee as a model may see it: everything but the PII fields."""
    return employee.model_dump(mode="json", exclude=set(PII_FIELDS))


async def _collect(items: AsyncIterator[BaseModel], limit: int) -> dict[str, Any]:
    """Up to `limit` items as JSON dicts, and whether more were left out."""
    out: list[dict[str, Any]] = []
    truncated = False
    async for item in items:
        if len(out) >= limit:
            truncated = True
            break
        out.append(employee_view(item) if isinstance(item, Employee) else item.model_dump(mode="json"))
    return {"items": out, "count": len(out), "truncated": truncated}


def _as_tool_errors(fn: Callable[..., Awaitable[R]]) -> Callable[..., Awaitable[R]]:
    """Turn the errors a model can fix (bad id, wrong school, bad field) into ToolException messages."""

    async def wrapper(**kwargs: Any) -> R:
        try:
            return await fn(**kwargs)
        except (ProcareNotFound, ProcareForbidden, ProcareInvalidRequest) as exc:
            raise ToolException(exc.message) from exc

    return wrapper


class SchoolArgs(BaseModel):
    school_id: str = Field(description="Procare School ID of the center.")


class CenterStaffArgs(BaseModel):
    school_id: str = Field(description="Procare School ID of the center.")
    status: EmploymentStatus | None = Field(
        default="active", description="Employment status to keep; null for every status."
    )
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")


class EmployeeArgs(BaseModel):
    employee_id: str = Field(description="Procare Employee ID (per school).")


class EmployeeListArgs(BaseModel):
    employee_id: str = Field(description="Procare Employee ID (per school).")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")


class TimeRangeArgs(BaseModel):
    school_id: str | None = Field(default=None, description="School ID (give this or employee_id).")
    employee_id: str | None = Field(default=None, description="Employee ID (give this or school_id).")
    start: date = Field(description="First day, YYYY-MM-DD (inclusive).")
    end: date = Field(description="Last day, YYYY-MM-DD (inclusive).")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")

    @model_validator(mode="after")
    def _scoped_and_ordered(self) -> TimeRangeArgs:
        if self.school_id is None and self.employee_id is None:
            raise ValueError("give school_id or employee_id")
        if self.end < self.start:
            raise ValueError("end must not be before start")
        return self


class AttendanceArgs(BaseModel):
    classroom_id: str = Field(description="Procare classroom id.")
    day: date = Field(description="Day, YYYY-MM-DD.")
    limit: int = Field(default=MAX_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")


class CenterListArgs(BaseModel):
    school_id: str = Field(description="Procare School ID of the center.")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")


class IncidentArgs(BaseModel):
    incident_id: str = Field(description="Procare incident id.")


class DocumentsArgs(BaseModel):
    school_id: str | None = Field(default=None, description="School ID (give this or employee_id).")
    employee_id: str | None = Field(default=None, description="Employee ID (give this or school_id).")
    limit: int = Field(default=DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Most records to return.")

    @model_validator(mode="after")
    def _scoped(self) -> DocumentsArgs:
        if self.school_id is None and self.employee_id is None:
            raise ValueError("give school_id or employee_id")
        return self


def build_read_tools(client: ProcareClient) -> list[BaseTool]:
    """The read-only Procare tools for agents, bound to `client` (which the caller owns and closes)."""

    async def get_center(school_id: str) -> dict[str, Any]:
        return (await client.get_school(school_id)).model_dump(mode="json")

    async def list_center_staff(
        school_id: str, status: EmploymentStatus | None, limit: int
    ) -> dict[str, Any]:
        return await _collect(client.iter_employees(school_id=school_id, status=status), limit)

    async def get_employee(employee_id: str) -> dict[str, Any]:
        return employee_view(await client.get_employee(employee_id))

    async def list_employee_credentials(employee_id: str, limit: int) -> dict[str, Any]:
        return await _collect(client.iter_credentials(employee_id=employee_id), limit)

    async def list_training_records(employee_id: str, limit: int) -> dict[str, Any]:
        return await _collect(client.iter_training_records(employee_id=employee_id), limit)

    async def list_shifts(
        start: date, end: date, limit: int, school_id: str | None = None, employee_id: str | None = None
    ) -> dict[str, Any]:
        shifts = client.iter_shifts(school_id=school_id, employee_id=employee_id, start=start, end=end)
        return await _collect(shifts, limit)

    async def list_time_punches(
        start: date, end: date, limit: int, school_id: str | None = None, employee_id: str | None = None
    ) -> dict[str, Any]:
        punches = client.iter_punches(school_id=school_id, employee_id=employee_id, start=start, end=end)
        return await _collect(punches, limit)

    async def list_classrooms(school_id: str, limit: int) -> dict[str, Any]:
        return await _collect(client.iter_classrooms(school_id=school_id), limit)

    async def get_classroom_attendance(classroom_id: str, day: date, limit: int) -> dict[str, Any]:
        return await _collect(client.iter_attendance(classroom_id, day), limit)

    async def list_incidents(school_id: str, limit: int) -> dict[str, Any]:
        return await _collect(client.iter_incidents(school_id=school_id), limit)

    async def get_incident(incident_id: str) -> dict[str, Any]:
        return (await client.get_incident(incident_id)).model_dump(mode="json")

    async def list_documents(
        limit: int, school_id: str | None = None, employee_id: str | None = None
    ) -> dict[str, Any]:
        return await _collect(client.iter_documents(school_id=school_id, employee_id=employee_id), limit)

    specs: list[tuple[Callable[..., Awaitable[Any]], type[BaseModel], str]] = [
        (get_center, SchoolArgs, "A center's name, state, time zone and opening hours."),
        (list_center_staff, CenterStaffArgs, "Staff of a center (no SSN, birth date or home address)."),
        (get_employee, EmployeeArgs, "One staff member's profile (no SSN, birth date or home address)."),
        (list_employee_credentials, EmployeeListArgs, "An employee's credentials: kind, dates, status."),
        (list_training_records, EmployeeListArgs, "An employee's completed training hours by category."),
        (list_shifts, TimeRangeArgs, "Scheduled shifts in a date range (minutes from midnight)."),
        (list_time_punches, TimeRangeArgs, "Time-clock punches in a date range."),
        (list_classrooms, CenterListArgs, "A center's rooms with configured ratio and max children."),
        (get_classroom_attendance, AttendanceArgs, "Children's ages and check-in/out in a room on a day."),
        (list_incidents, CenterListArgs, "Incident reports of a center."),
        (get_incident, IncidentArgs, "One incident report."),
        (list_documents, DocumentsArgs, "Uploaded documents' metadata (no file bytes)."),
    ]
    return [
        StructuredTool.from_function(
            coroutine=_as_tool_errors(fn),
            name=fn.__name__,
            description=description,
            args_schema=schema,
            handle_tool_error=True,
        )
        for fn, schema, description in specs
    ]
