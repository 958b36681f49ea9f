"""How a person is named in findings, proposals and reports."""

from __future__ import annotations

from typing import Protocol


class Named(Protocol):
    first_name: str
    last_name: str


def display_name(person: Named) -> str:
    """First and last name, as a director reads it in a finding or a task."""
    return f"{person.first_name} {person.last_name}"
