"""Generated onboarding documents for the reader's tests: one synthetic new hire, her forms, and scans of
them (clean, tilted and grainy as JPEG, faded, text-layer PDF, picture-only PDF)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from sandbox import form_layout, forms, scans

PERSON = forms.Person(
    first_name="Maria",
    last_name="Lopez-Garcia",
    middle_initial="J",
    birth_date=date(1990, 4, 17),
    ssn="912-34-5678",
    email="maria.lopez41@example.org",
    phone="(512) 555-0147",
    street="4821 Oak St",
    city="Austin",
    state="TX",
    postal_code="78712",
)
PASSPORT = forms.IdDocument("U.S. Passport", "U.S. Department of State", "567812345", date(2031, 8, 30))
EMPLOYER = ("Little Sprouts - Austin", "100 Main St, Austin, TX 78701")
SECRETS = ("912-34-5678", "912345678", "567812345")
"""Whole SSN and document number as printed: none may appear in anything the reader gives back or logs."""

I9_TRUTH = {
    "first_name": "Maria",
    "last_name": "Lopez-Garcia",
    "date_of_birth": "1990-04-17",
    "ssn": "***-**-5678",
    "email": "maria.lopez41@example.org",
    "phone": "(512) 555-0147",
    "citizenship_status": "lawful_permanent_resident",
    "document_title": "U.S. Passport",
    "document_number": "****2345",
    "expiration_date": "2031-08-30",
    "signature_date": "2026-11-02",
}
W4_TRUTH = {
    "first_name": "Maria",
    "last_name": "Lopez-Garcia",
    "ssn": "***-**-5678",
    "filing_status": "head_of_household",
}


def i9_page(*, examined: bool = True) -> form_layout.Page:
    return forms.i9_page(
        PERSON,
        status="lawful_permanent_resident",
        signed_on=date(2026, 11, 2),
        document=PASSPORT if examined else None,
        first_day=date(2026, 11, 3),
        employer=EMPLOYER[0],
        employer_address=EMPLOYER[1],
    )


def w4_page(*, signed: bool) -> form_layout.Page:
    return forms.w4_page(
        PERSON,
        filing_status="head_of_household",
        signed_on=date(2026, 11, 2) if signed else None,
        employer=EMPLOYER[0],
        first_day=date(2026, 11, 3),
    )


def background_page(result: str = "eligible") -> form_layout.Page:
    return forms.background_page(
        "Maria Lopez-Garcia",
        agency="Texas HHSC Background Check Unit",
        checked_on=date(2026, 10, 20),
        result=result,
        provider=EMPLOYER[0],
        request_id="BC-2026-0041",
    )


def card_page(kind: str, issued: date) -> form_layout.Page:
    from policies.credentials import expiry

    return forms.card_page(
        "Maria Lopez-Garcia",
        kind=kind,
        issued=issued,
        center="Lone Star CPR Training",
        card_id="215F6A3C9D21",
        renew_by=expiry(kind, issued) if kind.endswith("_aha") else None,
    )


@dataclass(frozen=True)
class Scan:
    """Ways of turning a page into the file a center uploads."""

    @staticmethod
    def png(page: form_layout.Page, style: scans.ScanStyle = scans.CLEAN, *, dpi: int = 150) -> bytes:
        return form_layout.png_bytes(scans.scan(form_layout.render_png(page, dpi=dpi), style, seed=3))

    @staticmethod
    def jpeg(page: form_layout.Page, style: scans.ScanStyle, *, dpi: int = 150) -> bytes:
        return scans.to_jpeg(scans.scan(form_layout.render_png(page, dpi=dpi), style, seed=3))

    @staticmethod
    def text_pdf(*pages: form_layout.Page) -> bytes:
        return form_layout.render_pdf(list(pages), title="form")

    @staticmethod
    def scanned_pdf(*pages: form_layout.Page, style: scans.ScanStyle = scans.CLEAN) -> bytes:
        images = [scans.scan(form_layout.render_png(p), style, seed=3) for p in pages]
        return form_layout.images_to_pdf(images)


@pytest.fixture(scope="session")
def scan() -> type[Scan]:
    return Scan
