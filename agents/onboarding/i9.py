"""Form I-9: Section 1 (the employee's name, birth date, SSN, contact, status, signature) and Section 2
(the document the employer examined). Labels as printed on the 01/20/25 edition."""

from __future__ import annotations

from agents.onboarding import normalise as n
from agents.onboarding.fields import Outcome, Region, cell, checked_option, signature_present
from agents.onboarding.layout import PageText, find_labels, squash

ACCEPTABLE_DOCUMENTS = (
    # List A
    "U.S. Passport",
    "U.S. Passport Card",
    "Permanent Resident Card",
    "Foreign Passport",
    "Employment Authorization Document",
    # List B
    "Driver's License",
    "ID Card",
    "School ID Card",
    "Voter's Registration Card",
    "U.S. Military Card",
    "Native American Tribal Document",
    # List C
    "Social Security Account Number Card",
    "Birth Certificate",
    "U.S. Citizen ID Card",
)
"""Short titles of the Form I-9 Lists of Acceptable Documents (8 CFR 274a.2(b)(1)(v)), so a title OCR
read without its spaces ('U.S.Passport') is given back as printed."""

SECTION_2 = "Section 2. Employer Review and Verification"
CITIZENSHIP_OPTIONS = (
    ("citizen", "A citizen of the United States"),
    ("noncitizen_national", "A noncitizen national of the United States"),
    ("lawful_permanent_resident", "A lawful permanent resident"),
    ("noncitizen_authorized", "A noncitizen (other than Item Numbers 2. and 3. above) authorized to work"),
)
LABELS = (
    "Last Name (Family Name)",
    "First Name (Given Name)",
    "Middle Initial (if any)",
    "Other Last Names Used (if any)",
    "Address (Street Number and Name)",
    "Apt. Number (if any)",
    "City or Town",
    "State",
    "ZIP Code",
    "Date of Birth (mm/dd/yyyy)",
    "U.S. Social Security Number",
    "Employee's Email Address",
    "Employee's Telephone Number",
    "Signature of Employee",
    "Today's Date (mm/dd/yyyy)",
    "Document Title 1",
    "Issuing Authority",
    "Document Number (if any)",
    "Expiration Date (if any)",
    "First Day of Employment (mm/dd/yyyy):",
)


def document_title(text: str) -> n.Normalised:
    """The title as printed, spelled like the Lists of Acceptable Documents when it reads as one of them."""
    read = n.plain_text(text)
    if read is None:
        return None
    squashed = squash(read[0])
    for title in ACCEPTABLE_DOCUMENTS:
        if squash(title) == squashed:
            return title, read[1]
    return read


def _sections(pages: list[PageText]) -> tuple[Region, Region]:
    """Section 1 runs until the Section 2 heading; Section 2 from it (same page or a later one)."""
    start: tuple[int, float] | None = None
    for index, page in enumerate(pages):
        found = find_labels(page, SECTION_2)
        if found:
            start = (index, found[0].box.y0)
            break
    if start is None:
        return Region(pages, labels=LABELS), Region([], labels=LABELS)
    index, y = start
    section1 = Region(pages[: index + 1], above={index: y}, labels=LABELS)
    section2 = Region(pages[index:], below={0: y}, labels=LABELS)
    return section1, section2


def extract(pages: list[PageText]) -> tuple[dict[str, Outcome], bool | None]:
    s1, s2 = _sections(pages)
    found: dict[str, Outcome] = {
        "last_name": cell(s1, ("Last Name (Family Name)",), n.person_name)[0],
        "first_name": cell(s1, ("First Name (Given Name)",), n.person_name)[0],
        "date_of_birth": cell(s1, ("Date of Birth (mm/dd/yyyy)",), n.iso_date)[0],
        "ssn": cell(s1, ("U.S. Social Security Number",), n.mask_ssn)[0],
        "email": cell(s1, ("Employee's Email Address", "Employee's E-mail Address"), n.email)[0],
        "phone": cell(s1, ("Employee's Telephone Number",), n.phone)[0],
        "signature_date": cell(s1, ("Today's Date (mm/dd/yyyy)",), n.iso_date)[0],
    }
    found["citizenship_status"] = next(
        (read for page in s1.pages if (read := checked_option(page, CITIZENSHIP_OPTIONS)) is not None), None
    )
    title, title_label = cell(s2, ("Document Title 1", "Document Title"), document_title)
    found["document_title"] = title
    column = title_label.x0 if title_label is not None and title is not None else None
    found["document_number"] = cell(s2, ("Document Number (if any)",), n.mask_document_number, near_x=column)[
        0
    ]
    found["expiration_date"] = cell(s2, ("Expiration Date (if any)",), n.iso_date, near_x=column)[0]
    return found, signature_present(s1, ("Signature of Employee",))
