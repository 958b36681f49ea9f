"""A state background-check determination letter and AHA / Red Cross course cards."""

from __future__ import annotations

from datetime import date

from sandbox.form_layout import CARD_POINTS, Page, Rule, Text
from sandbox.forms.common import us

CARD_COURSES = {
    "pediatric_cpr_aha": ("American Heart Association", "Heartsaver Pediatric CPR AED"),
    "first_aid_aha": ("American Heart Association", "Heartsaver Pediatric First Aid"),
    "pediatric_cpr_red_cross": ("American Red Cross", "Pediatric CPR/AED"),
    "first_aid_red_cross": ("American Red Cross", "Pediatric First Aid"),
}


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
