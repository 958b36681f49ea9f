"""How a person is named in findings, proposals and reports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from tools.models import Employee

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
