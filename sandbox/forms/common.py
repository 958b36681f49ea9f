"""What the onboarding forms print about a person, and the drawing helpers the forms share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sandbox.form_layout import Page, Rule, Signature, Text


@dataclass(frozen=True)
class Person:
    """What the forms print about one new hire (all of it synthetic)."""

    first_name: str
    last_name: str
    middle_initial: str
    birth_date: date
    ssn: str
    email: str
    phone: str
    street: str
    city: str
    state: str
    postal_code: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class IdDocument:
    """The document the employer examined for I-9 Section 2 (List A, or List B with a List C)."""

    title: str
    authority: str
    number: str
    expires: date | None
    list_name: str = "A"


def us(d: date | None) -> str:
    """mm/dd/yyyy, as the federal forms ask."""
    return "" if d is None else d.strftime("%m/%d/%Y")


def cells(page: Page, y: float, cells: list[tuple[float, float, str, str]], *, height: float = 30) -> None:
    """A row of bordered cells, each with its small label on top and the typed value below."""
    left, right = cells[0][0], cells[-1][0] + cells[-1][1]
    page.add(Rule(left, y, right, y), Rule(left, y + height, right, y + height))
    for x, _width, label, value in cells:
        page.add(Rule(x, y, x, y + height), Text(x + 2, y + 2, label, 6.5))
        if value:
            page.add(Text(x + 4, y + 14, value, 10))
    page.add(Rule(right, y, right, y + height))


def signature_cell(page: Page, y: float, x: float, width: float, label: str, seed: str | None) -> None:
    page.add(Rule(x, y, x + width, y), Rule(x, y + 30, x + width, y + 30), Text(x + 2, y + 2, label, 6.5))
    page.add(Rule(x, y, x, y + 30), Rule(x + width, y, x + width, y + 30))
    if seed is not None:
        page.add(Signature(x + 10, y + 10, min(150.0, width - 20), 18, seed))
