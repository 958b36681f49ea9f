"""Form I-9 (edition 01/20/25), Sections 1 and 2, with the USCIS wording of its labels and checkboxes."""

from __future__ import annotations

from datetime import date

from sandbox.form_layout import Checkbox, Page, Text
from sandbox.forms.common import IdDocument, Person, cells, signature_cell, us

CITIZENSHIP_BOXES = (
    ("citizen", "1. A citizen of the United States"),
    ("noncitizen_national", "2. A noncitizen national of the United States (See Instructions.)"),
    ("lawful_permanent_resident", "3. A lawful permanent resident (Enter USCIS or A-Number.)"),
    (
        "noncitizen_authorized",
        "4. A noncitizen (other than Item Numbers 2. and 3. above) authorized to work until "
        "(exp. date, if any)",
    ),
)


def i9_page(
    person: Person,
    *,
    status: str,
    signed_on: date | None,
    document: IdDocument | None,
    first_day: date | None,
    employer: str,
    employer_address: str,
) -> Page:
    """Page 1 of Form I-9: Section 1 (the employee) and Section 2 (the employer, blank until examined)."""
    p = Page()
    p.add(
        Text(190, 30, "Employment Eligibility Verification", 13, bold=True),
        Text(190, 48, "Department of Homeland Security", 8),
        Text(190, 58, "U.S. Citizenship and Immigration Services", 8),
        Text(470, 30, "USCIS Form I-9", 11, bold=True),
        Text(470, 46, "OMB No. 1615-0047", 7),
        Text(470, 55, "Expires 05/31/2027", 7),
        Text(
            36,
            76,
            "START HERE: Employers must ensure the form instructions are available to employees when",
            7,
        ),
        Text(
            36,
            85,
            "completing this form. Employers are liable for failing to comply with the requirements.",
            7,
        ),
        Text(36, 100, "Section 1. Employee Information and Attestation:", 8, bold=True),
        Text(
            36,
            110,
            "Employees must complete and sign Section 1 of Form I-9 no later than the first day of",
            7,
        ),
        Text(36, 119, "employment, but not before accepting a job offer.", 7),
    )
    cells(
        p,
        132,
        [
            (36, 170, "Last Name (Family Name)", person.last_name),
            (206, 150, "First Name (Given Name)", person.first_name),
            (356, 90, "Middle Initial (if any)", person.middle_initial),
            (446, 130, "Other Last Names Used (if any)", "N/A"),
        ],
    )
    cells(
        p,
        168,
        [
            (36, 200, "Address (Street Number and Name)", person.street),
            (236, 80, "Apt. Number (if any)", "N/A"),
            (316, 130, "City or Town", person.city),
            (446, 40, "State", person.state),
            (486, 90, "ZIP Code", person.postal_code),
        ],
    )
    cells(
        p,
        204,
        [
            (36, 110, "Date of Birth (mm/dd/yyyy)", us(person.birth_date)),
            (146, 120, "U.S. Social Security Number", person.ssn),
            (266, 180, "Employee's Email Address", person.email),
            (446, 130, "Employee's Telephone Number", person.phone),
        ],
    )
    p.add(
        Text(
            36,
            244,
            "I am aware that federal law provides for imprisonment and/or fines for false statements, or",
            7,
        ),
        Text(
            36,
            253,
            "the use of false documents, in connection with the completion of this form. I attest, under",
            7,
        ),
        Text(36, 262, "penalty of perjury, that this information is true and correct.", 7),
        Text(
            36,
            276,
            "Check one of the following boxes to attest to your citizenship or immigration status:",
            7.5,
        ),
    )
    for n, (code, label) in enumerate(CITIZENSHIP_BOXES):
        y = 290 + 15 * n
        p.add(Checkbox(44, y, checked=code == status), Text(58, y, label, 8))
    signature_cell(p, 352, 36, 340, "Signature of Employee", person.full_name if signed_on else None)
    cells(p, 352, [(376, 200, "Today's Date (mm/dd/yyyy)", us(signed_on))])
    p.add(
        Text(36, 398, "Section 2. Employer Review and Verification:", 8, bold=True),
        Text(
            36,
            408,
            "The employer or their authorized representative must physically examine documentation from",
            7,
        ),
        Text(36, 417, "List A OR a combination of documentation from List B and List C.", 7),
        Text(110, 432, "List A", 9, bold=True),
        Text(258, 432, "OR", 9, bold=True),
        Text(300, 432, "List B", 9, bold=True),
        Text(428, 432, "AND", 9, bold=True),
        Text(470, 432, "List C", 9, bold=True),
    )
    columns = {"A": (36, 190), "B": (236, 180), "C": (426, 150)}
    labels = ("Document Title 1", "Issuing Authority", "Document Number (if any)", "Expiration Date (if any)")
    for name, (x, width) in columns.items():
        shown = document is not None and document.list_name == name
        values = (
            (document.title, document.authority, document.number, us(document.expires) or "N/A")
            if shown and document is not None
            else ("", "", "", "")
        )
        for k, label in enumerate(labels):
            cells(p, 446 + 32 * k, [(x, width, label, values[k])], height=32)
    examined = document is not None
    cells(p, 586, [(36, 200, "First Day of Employment (mm/dd/yyyy):", us(first_day) if examined else "")])
    cells(
        p,
        622,
        [
            (36, 300, "Last Name, First Name and Title of Employer or Authorized Representative", ""),
            (336, 150, "Signature of Employer or AR", ""),
            (486, 90, "Today's Date (mm/dd/yyyy)", ""),
        ],
    )
    cells(
        p,
        658,
        [
            (36, 240, "Employer's Business or Organization Name", employer),
            (
                276,
                300,
                "Employer's Business or Organization Address, City or Town, State, ZIP Code",
                employer_address,
            ),
        ],
    )
    p.add(
        Text(
            36,
            706,
            "For reverification or rehire, complete Supplement B, Reverification and Rehire, as applicable.",
            7,
        ),
        Text(36, 760, "Form I-9 Edition 01/20/25", 7),
        Text(530, 760, "Page 1 of 4", 7),
    )
    return p
