"""Form W-4 (2025): Step 1 (name, SSN, filing status) and whether Step 5 is signed."""

from __future__ import annotations

from agents.onboarding import normalise as n
from agents.onboarding.fields import Outcome, Region, cell, checked_option, signature_present
from agents.onboarding.layout import PageText

FILING_OPTIONS = (
    ("single", "Single or Married filing separately"),
    ("married_filing_jointly", "Married filing jointly or Qualifying surviving spouse"),
    ("head_of_household", "Head of household"),
)
LABELS = (
    "(a) First name and middle initial",
    "Last name",
    "(b) Social security number",
    "Address",
    "City or town, state, and ZIP code",
    "Employee's signature (This form is not valid unless you sign it.)",
    "Date",
    "Employer's name and address",
    "First date of employment",
    "Employer identification number (EIN)",
)


def extract(pages: list[PageText]) -> tuple[dict[str, Outcome], bool | None]:
    region = Region(pages[:1], labels=LABELS)  # Step 1 and Step 5 are on page 1
    found: dict[str, Outcome] = {
        "first_name": cell(
            region,
            ("(a) First name and middle initial", "First name and middle initial"),
            n.first_name_without_initial,
        )[0],
        "last_name": cell(region, ("Last name",), n.person_name)[0],
        "ssn": cell(region, ("(b) Social security number", "Social security number"), n.mask_ssn)[0],
        "filing_status": next(
            (read for page in region.pages if (read := checked_option(page, FILING_OPTIONS)) is not None),
            None,
        ),
    }
    signed = signature_present(
        region, ("Employee's signature (This form is not valid unless you sign it.)", "Employee's signature")
    )
    return found, signed
