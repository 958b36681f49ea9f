"""Onboarding forms laid out like the real ones: Form I-9 (edition 01/20/25), Form W-4 (2025), a state
background-check determination letter, and AHA / Red Cross course cards.

The wording of labels and checkboxes follows the published forms (USCIS Form I-9 Section 1 and 2, IRS Form
W-4 Step 1 and Step 5), so the reader is tested against the text a center really receives. Only the parts a
reader needs are drawn; instructions are abridged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sandbox.form_layout import CARD_POINTS, Checkbox, Page, Rule, Signature, Text

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
FILING_BOXES = (
    ("single", "Single or Married filing separately"),
    ("married_filing_jointly", "Married filing jointly or Qualifying surviving spouse"),
    (
        "head_of_household",
        "Head of household (Check only if you're unmarried and pay more than half the costs of",
    ),
)
CARD_COURSES = {
    "pediatric_cpr_aha": ("American Heart Association", "Heartsaver Pediatric CPR AED"),
    "first_aid_aha": ("American Heart Association", "Heartsaver Pediatric First Aid"),
    "pediatric_cpr_red_cross": ("American Red Cross", "Pediatric CPR/AED"),
    "first_aid_red_cross": ("American Red Cross", "Pediatric First Aid"),
}


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


def _cells(page: Page, y: float, cells: list[tuple[float, float, str, str]], *, height: float = 30) -> None:
    """A row of bordered cells, each with its small label on top and the typed value below."""
    left, right = cells[0][0], cells[-1][0] + cells[-1][1]
    page.add(Rule(left, y, right, y), Rule(left, y + height, right, y + height))
    for x, _width, label, value in cells:
        page.add(Rule(x, y, x, y + height), Text(x + 2, y + 2, label, 6.5))
        if value:
            page.add(Text(x + 4, y + 14, value, 10))
    page.add(Rule(right, y, right, y + height))


def _signature_cell(page: Page, y: float, x: float, width: float, label: str, seed: str | None) -> None:
    page.add(Rule(x, y, x + width, y), Rule(x, y + 30, x + width, y + 30), Text(x + 2, y + 2, label, 6.5))
    page.add(Rule(x, y, x, y + 30), Rule(x + width, y, x + width, y + 30))
    if seed is not None:
        page.add(Signature(x + 10, y + 10, min(150.0, width - 20), 18, seed))


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
    _cells(
        p,
        132,
        [
            (36, 170, "Last Name (Family Name)", person.last_name),
            (206, 150, "First Name (Given Name)", person.first_name),
            (356, 90, "Middle Initial (if any)", person.middle_initial),
            (446, 130, "Other Last Names Used (if any)", "N/A"),
        ],
    )
    _cells(
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
    _cells(
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
    _signature_cell(p, 352, 36, 340, "Signature of Employee", person.full_name if signed_on else None)
    _cells(p, 352, [(376, 200, "Today's Date (mm/dd/yyyy)", us(signed_on))])
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
            _cells(p, 446 + 32 * k, [(x, width, label, values[k])], height=32)
    examined = document is not None
    _cells(p, 586, [(36, 200, "First Day of Employment (mm/dd/yyyy):", us(first_day) if examined else "")])
    _cells(
        p,
        622,
        [
            (36, 300, "Last Name, First Name and Title of Employer or Authorized Representative", ""),
            (336, 150, "Signature of Employer or AR", ""),
            (486, 90, "Today's Date (mm/dd/yyyy)", ""),
        ],
    )
    _cells(
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


def w4_page(
    person: Person,
    *,
    filing_status: str,
    signed_on: date | None,
    employer: str,
    first_day: date,
) -> Page:
    """Page 1 of Form W-4 (2025): Step 1 personal information and filing status, Step 5 signature."""
    p = Page()
    p.add(
        Text(36, 30, "Form W-4", 16, bold=True),
        Text(36, 52, "Department of the Treasury", 6.5),
        Text(36, 60, "Internal Revenue Service", 6.5),
        Text(170, 30, "Employee's Withholding Certificate", 13, bold=True),
        Text(
            150,
            48,
            "Complete Form W-4 so that your employer can withhold the correct federal income tax",
            7.5,
        ),
        Text(150, 57, "from your pay. Give Form W-4 to your employer.", 7.5),
        Text(150, 66, "Your withholding is subject to review by the IRS.", 7.5),
        Text(500, 30, "OMB No. 1545-0074", 6.5),
        Text(510, 42, "2025", 16, bold=True),
        Text(36, 92, "Step 1:", 10, bold=True),
        Text(36, 104, "Enter", 8, bold=True),
        Text(36, 113, "Personal", 8, bold=True),
        Text(36, 122, "Information", 8, bold=True),
    )
    _cells(
        p,
        88,
        [
            (
                110,
                180,
                "(a) First name and middle initial",
                f"{person.first_name} {person.middle_initial}".strip(),
            ),
            (290, 160, "Last name", person.last_name),
            (450, 126, "(b) Social security number", person.ssn),
        ],
    )
    _cells(p, 124, [(110, 340, "Address", person.street)])
    _cells(
        p,
        160,
        [
            (
                110,
                340,
                "City or town, state, and ZIP code",
                f"{person.city}, {person.state} {person.postal_code}",
            )
        ],
    )
    p.add(
        Text(454, 128, "Does your name match the", 6),
        Text(454, 136, "name on your social security", 6),
        Text(454, 144, "card? If not, contact SSA", 6),
        Text(454, 152, "at 800-772-1213.", 6),
        Text(96, 202, "(c)", 8),
    )
    for n, (code, label) in enumerate(FILING_BOXES):
        y = 202 + 15 * n
        p.add(Checkbox(116, y, checked=code == filing_status), Text(130, y, label, 8))
    p.add(
        Text(130, 242, "keeping up a home for yourself and a qualifying individual.)", 8),
        Text(
            36,
            262,
            "Complete Steps 2-4 ONLY if they apply to you; otherwise, skip to Step 5. See page 2 for more",
            7.5,
        ),
        Text(
            36,
            271,
            "information on each step, who can claim exemption from withholding, and other details.",
            7.5,
        ),
        Text(36, 292, "Step 2:", 10, bold=True),
        Text(36, 304, "Multiple Jobs", 8, bold=True),
        Text(36, 313, "or Spouse Works", 8, bold=True),
        Text(
            110,
            292,
            "Complete this step if you (1) hold more than one job at a time, or (2) are married filing",
            7.5,
        ),
        Text(
            110,
            301,
            "jointly and your spouse also works. The correct amount of withholding depends on income",
            7.5,
        ),
        Text(110, 310, "earned from all of these jobs.", 7.5),
        Text(36, 340, "Step 3:", 10, bold=True),
        Text(36, 352, "Claim Dependent", 8, bold=True),
        Text(36, 361, "and Other Credits", 8, bold=True),
        Text(
            110,
            340,
            "If your total income will be $200,000 or less ($400,000 or less if married filing jointly):",
            7.5,
        ),
        Text(110, 352, "Multiply the number of qualifying children under age 17 by $2,000", 7.5),
        Text(470, 352, "3  $ 0", 10),
        Text(36, 392, "Step 4", 10, bold=True),
        Text(36, 404, "(optional):", 8, bold=True),
        Text(36, 413, "Other Adjustments", 8, bold=True),
        Text(
            110,
            392,
            "(a) Other income (not from jobs). If you want tax withheld for other income you expect",
            7.5,
        ),
        Text(110, 401, "this year that won't have withholding, enter the amount of other income here.", 7.5),
        Text(470, 401, "4(a) $ 0", 10),
        Text(36, 452, "Step 5:", 10, bold=True),
        Text(36, 464, "Sign", 8, bold=True),
        Text(36, 473, "Here", 8, bold=True),
        Text(
            110,
            452,
            "Under penalties of perjury, I declare that this certificate, to the best of my knowledge and",
            7.5,
        ),
        Text(110, 461, "belief, is true, correct, and complete.", 7.5),
    )
    _signature_cell(
        p,
        472,
        110,
        340,
        "Employee's signature (This form is not valid unless you sign it.)",
        person.full_name if signed_on else None,
    )
    _cells(p, 472, [(450, 126, "Date", us(signed_on))])
    p.add(Text(36, 522, "Employers", 8, bold=True), Text(36, 531, "Only", 8, bold=True))
    _cells(
        p,
        518,
        [
            (110, 260, "Employer's name and address", employer),
            (370, 90, "First date of employment", us(first_day)),
            (460, 116, "Employer identification number (EIN)", ""),
        ],
    )
    p.add(
        Text(36, 580, "For Privacy Act and Paperwork Reduction Act Notice, see page 3.", 7),
        Text(300, 580, "Cat. No. 10220Q", 7),
        Text(500, 580, "Form W-4 (2025)", 7, bold=True),
    )
    return p


BACKGROUND_TEXT = {
    "eligible": (
        "ELIGIBLE",
        [
            "The individual named above has completed a comprehensive background check, including an",
            "FBI fingerprint check, a search of the National Crime Information Center's National Sex",
            "Offender Registry, and searches of the state criminal, sex offender, and child abuse and",
            "neglect registries, as required by 45 CFR 98.43. The individual is eligible to work as a",
            "child care staff member. A new check is due within five years of the date above.",
        ],
    ),
    "ineligible": (
        "INELIGIBLE",
        [
            "The background check of the individual named above found a disqualifying result. The",
            "individual is ineligible for employment as a child care staff member (45 CFR 98.43(c)).",
            "The individual has been notified and may challenge the accuracy of the information.",
        ],
    ),
    "pending": (
        "PENDING",
        [
            "The fingerprint results of the individual named above have not yet been received. Until a",
            "determination is issued, the individual may work only under the direct supervision of a",
            "staff member who has completed the background check (45 CFR 98.43(d)(4)).",
        ],
    ),
}


def background_page(
    full_name: str, *, agency: str, checked_on: date, result: str, provider: str, request_id: str
) -> Page:
    """A state agency's determination letter for a comprehensive background check."""
    word, body = BACKGROUND_TEXT[result]
    p = Page()
    p.add(
        Text(72, 50, agency, 14, bold=True),
        Text(72, 70, "Child Care Background Check Program", 9),
        Rule(72, 86, 540, 86, 1.2),
        Text(72, 104, "NOTICE OF BACKGROUND CHECK DETERMINATION", 12, bold=True),
        Text(72, 134, f"Date of Determination: {us(checked_on)}", 10),
        Text(72, 152, f"Name of Individual: {full_name}", 10),
        Text(72, 170, f"Provider: {provider}", 10),
        Text(72, 188, f"Request ID: {request_id}", 10),
        Text(72, 214, f"Determination: {word}", 11, bold=True),
    )
    for n, line in enumerate(body):
        p.add(Text(72, 244 + 14 * n, line, 9))
    p.add(Text(72, 330, "Keep this notice in the staff member's personnel file.", 9))
    return p


def card_page(
    holder: str, *, kind: str, issued: date, center: str, card_id: str, renew_by: date | None
) -> Page:
    """A course completion card: AHA cards print a month-and-year renewal date, Red Cross a validity
    period, so the expiry date comes from the issuer's rule (policies.credentials)."""
    issuer, course = CARD_COURSES[kind]
    p = Page(size=CARD_POINTS)
    p.add(Rule(4, 4, 239, 4), Rule(4, 149, 239, 149), Rule(4, 4, 4, 149), Rule(239, 4, 239, 149))
    p.add(Text(12, 10, issuer, 11, bold=True))
    if issuer == "American Heart Association":
        p.add(
            Text(12, 28, course, 9, bold=True),
            Text(12, 46, holder, 11, bold=True),
            Text(12, 62, "has successfully completed the cognitive and skills evaluations", 5.5),
            Text(12, 69, "of the Heartsaver course of the American Heart Association.", 5.5),
            Text(12, 86, "Issue Date", 6),
            Text(12, 94, us(issued), 9),
            Text(110, 86, "Recommended Renewal Date", 6),
            Text(110, 94, renew_by.strftime("%m/%Y") if renew_by else "", 9),
        )
    else:
        p.add(
            Text(12, 26, "Training Services - Certificate of Completion", 6.5),
            Text(12, 38, "This certifies that", 6),
            Text(12, 47, holder, 11, bold=True),
            Text(12, 63, "has completed the requirements for", 6),
            Text(12, 71, course, 9, bold=True),
            Text(12, 88, "Date Completed", 6),
            Text(12, 96, us(issued), 9),
            Text(110, 88, "Valid For", 6),
            Text(110, 96, "2 Years", 9),
        )
    p.add(
        Text(12, 116, "Training Center", 6),
        Text(12, 124, center, 7),
        Text(150, 116, "Card ID", 6),
        Text(150, 124, card_id, 7),
    )
    return p
