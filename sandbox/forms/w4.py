"""Form W-4 (2025), Steps 1 and 5, with the IRS wording of its labels and filing-status boxes."""

from __future__ import annotations

from datetime import date

from sandbox.form_layout import Checkbox, Page, Text
from sandbox.forms.common import Person, cells, signature_cell, us

FILING_BOXES = (
    ("single", "Single or Married filing separately"),
    ("married_filing_jointly", "Married filing jointly or Qualifying surviving spouse"),
    (
        "head_of_household",
        "Head of household (Check only if you're unmarried and pay more than half the costs of",
    ),
)


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
    cells(
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
    cells(p, 124, [(110, 340, "Address", person.street)])
    cells(
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
    signature_cell(
        p,
        472,
        110,
        340,
        "Employee's signature (This form is not valid unless you sign it.)",
        person.full_name if signed_on else None,
    )
    cells(p, 472, [(450, 126, "Date", us(signed_on))])
    p.add(Text(36, 522, "Employers", 8, bold=True), Text(36, 531, "Only", 8, bold=True))
    cells(
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


W4_PAGE_2 = (
    ("General Instructions", 11, True),
    ("Section references are to the Internal Revenue Code unless otherwise noted.", 8, False),
    ("Future Developments", 9, True),
    ("For the latest information about developments related to Form W-4, such as legislation", 8, False),
    ("enacted after it was published, go to www.irs.gov/FormW4.", 8, False),
    ("Purpose of Form", 9, True),
    ("Complete Form W-4 so that your employer can withhold the correct federal income tax from", 8, False),
    (
        "your pay. If too little is withheld, you will generally owe tax when you file your tax return",
        8,
        False,
    ),
    ("and may owe a penalty. If too much is withheld, you will generally be due a refund.", 8, False),
    ("Exemption from withholding. You may claim exemption from withholding for 2025 if you meet", 8, False),
    ("both of the following conditions: you had no federal income tax liability in 2024 and you", 8, False),
    ("expect to have no federal income tax liability in 2025.", 8, False),
    ("Specific Instructions", 9, True),
    ("Step 1(c). Check your anticipated filing status. This will determine the standard", 8, False),
    ("deduction and tax rates used to compute your withholding.", 8, False),
    (
        "Step 2. Use this step if you (1) have more than one job at the same time, or (2) are married",
        8,
        False,
    ),
    ("filing jointly and you and your spouse both work.", 8, False),
)
"""Page 2 of Form W-4 (2025), abridged: instructions only, no field to fill in and no signature."""


def w4_instructions_page() -> Page:
    """Page 2 of Form W-4: what a hire uploads when page 1 (the one filled in and signed) is missing."""
    p = Page()
    p.add(Text(36, 30, "Form W-4 (2025)", 8, bold=True), Text(540, 30, "Page 2", 8))
    y = 56.0
    for text, size, bold in W4_PAGE_2:
        y += 8 if bold else 0
        p.add(Text(36, y, text, size, bold=bold))
        y += size + 5
    return p
