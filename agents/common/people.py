"""How a person is named in findings, proposals and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tools.errors import ProcareNotFound
from tools.models import Employee
from tools.protocols import ProcareReader

DIRECTOR_POSITIONS = ("Director", "Center Director", "Assistant Director")


class Named(Protocol):
    first_name: str
    last_name: str


def display_name(person: Named) -> str:
    """First and last name, as a director reads it in a finding or a task."""
    return f"{person.first_name} {person.last_name}"


def director_of(staff: Sequence[Employee]) -> Employee | None:
    """The center's director (an assistant director when no director is on staff): who a task for "the
    director" is assigned to."""
    for position in DIRECTOR_POSITIONS:
        found = sorted((e for e in staff if e.position == position), key=lambda e: e.employee_id)
        if found:
            return found[0]
    return None


class NotAtCenter(Exception):
    """The person an event names cannot be judged for its center: the finding kind and its sentence."""

    def __init__(self, kind: str, summary: str) -> None:
        super().__init__(summary)
        self.kind = kind
        self.summary = summary


async def employee_at(client: ProcareReader, employee_id: str, center_id: str) -> Employee:
    """The employee an event names, read from Procare; NotAtCenter when Procare has no such person or
    they work at another center (an event of one center never judges another center's staff)."""
    try:
        employee = await client.get_employee(employee_id)
    except ProcareNotFound:
        raise NotAtCenter("employee_not_found", f"Employee {employee_id} is not in Procare.") from None
    if employee.school_id != center_id:
        raise NotAtCenter("employee_of_another_center", f"Employee {employee_id} is not at {center_id}.")
    return employee
