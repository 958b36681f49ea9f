"""Onboarding packets of new hires: I-9, W-4, background-check notice and CPR card, as a center gets them.

Some packets are complete and clean; others are the everyday problems HR follows up on: a W-4 never
uploaded, an I-9 whose Section 2 the employer has not filled in yet, a crooked or faded scan, a W-4 with no
signature, a W-4 uploaded without its first page (only the instructions page), a CPR card that has run
out, a background check still pending. Each document keeps the values
it prints (`PacketDocument.truth`, in the contract's form, SSNs masked), so tests and the OCR benchmark can
score a reader against it. Files are rendered on request; the randomness comes from an RNG of its own, so
adding packets changes no other generated record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from PIL import Image

from policies.credentials import expiry
from sandbox import form_layout, forms, scans

PACKET_STYLES = (
    "complete",
    "complete_scanned",
    "missing_w4",
    "skewed_scan",
    "low_contrast_scan",
    "w4_unsigned",
    "expired_card",
    "i9_section2_pending",
    "background_pending",
    "w4_page_missing",
)
FORMATS = {"pdf": "application/pdf", "scan_pdf": "application/pdf", "png": "image/png", "jpeg": "image/jpeg"}
EXTENSIONS = {"pdf": "pdf", "scan_pdf": "pdf", "png": "png", "jpeg": "jpg"}


@dataclass
class PacketDocument:
    """One uploaded file of a packet: how to draw it, how it was scanned, and what it says."""

    kind: str
    pages: list[form_layout.Page]
    file_format: str
    """`pdf` (text layer), `scan_pdf` (pictures only), `png` or `jpeg`."""
    style: scans.ScanStyle = scans.CLEAN
    truth: dict[str, str] = field(default_factory=dict)
    signed: bool | None = None
    dpi: int = 150
    seed: int = 0

    @property
    def content_type(self) -> str:
        return FORMATS[self.file_format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.file_format]

    def render(self) -> bytes:
        """The file's bytes (deterministic)."""
        if self.file_format == "pdf":
            return form_layout.render_pdf(self.pages, title=self.kind)
        images = [
            scans.scan(form_layout.render_png(p, dpi=self.dpi), self.style, seed=self.seed)
            for p in self.pages
        ]
        if self.file_format == "scan_pdf":
            return form_layout.images_to_pdf(images, dpi=self.dpi, title=self.kind)
        if self.file_format == "jpeg":
            return scans.to_jpeg(images[0])
        return form_layout.png_bytes(images[0])

    def picture(self) -> Image.Image:
        return scans.scan(form_layout.render_png(self.pages[0], dpi=self.dpi), self.style, seed=self.seed)


def masked_ssn(ssn: str) -> str:
    return f"***-**-{ssn[-4:]}"


def _id_document(rng: random.Random, status: str, state: str, today: date) -> forms.IdDocument:
    expires = today + timedelta(days=rng.randint(200, 3000))
    if status == "lawful_permanent_resident":
        number = "".join(rng.choice("ABCEIJLMSW") for _ in range(3)) + f"{rng.randint(0, 10**10 - 1):010d}"
        return forms.IdDocument("Permanent Resident Card", "USCIS", number, expires)
    if status == "noncitizen_authorized":
        number = f"SRC{rng.randint(0, 10**10 - 1):010d}"
        return forms.IdDocument("Employment Authorization Document", "USCIS", number, expires)
    if rng.random() < 0.35:
        return forms.IdDocument(
            "Driver's License",
            f"{state} Department of Public Safety",
            f"{rng.randint(10**7, 10**8 - 1)}",
            expires,
            "B",
        )
    return forms.IdDocument(
        "U.S. Passport", "U.S. Department of State", f"{rng.randint(10**8, 10**9 - 1)}", expires
    )


def build_packet(
    rng: random.Random,
    emp: dict[str, Any],
    *,
    center_name: str,
    center_address: str,
    state: str,
    agency: str,
    today: date,
    style: str,
) -> list[PacketDocument]:
    """The documents a new hire's packet holds in `style` (one of PACKET_STYLES)."""
    hire = date.fromisoformat(emp["hire_date"])
    address = emp["home_address"]
    person = forms.Person(
        first_name=emp["first_name"],
        last_name=emp["last_name"],
        middle_initial=rng.choice("ABCDEJKLMRST"),
        birth_date=date.fromisoformat(emp["birth_date"]),
        ssn=emp["ssn"],
        email=emp["email"],
        phone=emp["phone"],
        street=address["line1"],
        city=address["city"],
        state=address["state"],
        postal_code=address["postal_code"],
    )
    roll = rng.random()
    status = (
        "citizen"
        if roll < 0.8
        else "lawful_permanent_resident"
        if roll < 0.92
        else "noncitizen_authorized"
        if roll < 0.98
        else "noncitizen_national"
    )
    signed_on = hire - timedelta(days=rng.randint(0, 3))
    document = None if style == "i9_section2_pending" else _id_document(rng, status, state, today)
    i9 = forms.i9_page(
        person,
        status=status,
        signed_on=signed_on,
        document=document,
        first_day=hire,
        employer=center_name,
        employer_address=center_address,
    )
    i9_truth = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.birth_date.isoformat(),
        "ssn": masked_ssn(person.ssn),
        "email": person.email,
        "phone": person.phone,
        "citizenship_status": status,
        "signature_date": signed_on.isoformat(),
    }
    if document is not None:
        i9_truth["document_title"] = document.title
        i9_truth["document_number"] = "****" + document.number[-4:]
        if document.expires is not None:
            i9_truth["expiration_date"] = document.expires.isoformat()
    filing = rng.choice(("single", "single", "married_filing_jointly", "head_of_household"))
    w4_signed = style != "w4_unsigned"
    w4 = forms.w4_page(
        person,
        filing_status=filing,
        signed_on=signed_on if w4_signed else None,
        employer=f"{center_name}, {center_address}",
        first_day=hire,
    )
    w4_truth = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "ssn": masked_ssn(person.ssn),
        "filing_status": filing,
    }
    result = "pending" if style == "background_pending" else "eligible"
    checked_on = hire - timedelta(days=rng.randint(3, 20))
    background = forms.background_page(
        person.full_name,
        agency=agency,
        checked_on=checked_on,
        result=result,
        provider=center_name,
        request_id=f"BC-{checked_on.year}-{rng.randint(1000, 99999)}",
    )
    bg_truth = {
        "full_name": person.full_name,
        "result": result,
        "check_date": checked_on.isoformat(),
        "agency": agency,
    }
    card_kind = rng.choice(tuple(forms.CARD_COURSES))
    if style == "expired_card":
        issued = today - timedelta(days=rng.randint(760, 1000))
    else:
        issued = today - timedelta(days=rng.randint(20, 400))
    expires = expiry(card_kind, issued)
    card = forms.card_page(
        person.full_name,
        kind=card_kind,
        issued=issued,
        center=f"{state} Safety Training Center",
        card_id=f"{rng.randint(10**11, 10**12 - 1):X}",
        renew_by=expires if card_kind.endswith("_aha") else None,
    )
    issuer, course = forms.CARD_COURSES[card_kind]
    card_truth = {
        "holder_name": person.full_name,
        "course": course,
        "issuer": issuer,
        "issue_date": issued.isoformat(),
        "expiration_date": expires.isoformat(),
    }
    seed = rng.randint(0, 2**31)
    formats = {"i9": "pdf", "w4": "pdf", "background_check": "pdf", "credential_card": "png"}
    styles = dict.fromkeys(formats, scans.CLEAN)
    if style == "complete_scanned":
        formats = {"i9": "scan_pdf", "w4": "jpeg", "background_check": "png", "credential_card": "jpeg"}
    elif style == "skewed_scan":
        formats["i9"], styles["i9"] = "jpeg", scans.TILTED_NOISY
    elif style == "low_contrast_scan":
        formats["w4"], styles["w4"] = "png", scans.LOW_CONTRAST
        formats["i9"], styles["i9"] = "scan_pdf", scans.LOW_CONTRAST
    docs = [
        PacketDocument("i9", [i9], formats["i9"], styles["i9"], i9_truth, True, seed=seed),
        PacketDocument("w4", [w4], formats["w4"], styles["w4"], w4_truth, w4_signed, seed=seed + 1),
        PacketDocument(
            "background_check",
            [background],
            formats["background_check"],
            styles["background_check"],
            bg_truth,
            seed=seed + 2,
        ),
        PacketDocument(
            "credential_card",
            [card],
            formats["credential_card"],
            styles["credential_card"],
            card_truth,
            dpi=300,
            seed=seed + 3,
        ),
    ]
    if style == "missing_w4":
        docs = [d for d in docs if d.kind != "w4"]
    if style == "w4_page_missing":  # page 2 uploaded, page 1 (the one filled in and signed) missing
        docs[1] = PacketDocument("w4", [forms.w4_instructions_page()], "pdf", seed=seed + 1)
    return docs
