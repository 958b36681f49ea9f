"""A state agency's background-check determination: who, when, which agency, and the result."""

from __future__ import annotations

import re

from agents.onboarding import normalise as n
from agents.onboarding.fields import Outcome, Read, Region, cell
from agents.onboarding.layout import PageText, squash

RESULT_WORDS = (
    ("ineligible", "ineligible"),
    ("noteligible", "ineligible"),
    ("disqualified", "ineligible"),
    ("denied", "ineligible"),
    ("eligible", "eligible"),
    ("cleared", "eligible"),
    ("clear", "eligible"),
    ("approved", "eligible"),
    ("pending", "pending"),
    ("provisional", "pending"),
)
AGENCY_WORDS = re.compile(
    r"\b(department|commission|bureau|unit|division|office|agency|clearinghouse|doj|hhsc|ocfs|dcfs|services|"
    r"justice|police|investigation)\b",
    re.IGNORECASE,
)
LABELS = ("Date of Determination", "Name of Individual", "Provider", "Request ID", "Determination")


def result_word(text: str) -> n.Normalised:
    squashed = squash(text)
    for word, result in RESULT_WORDS:  # 'ineligible' is checked before the 'eligible' inside it
        if squashed.startswith(word):
            return result, 1.0
    return None


def _agency(page: PageText) -> Outcome:
    """The letterhead: the first line of the page, trusted less when it names no kind of agency."""
    top = [b for b in page.boxes if len(b.text) > 6][:1]
    if not top:
        return None
    box = top[0]
    named = n.title_words(box.text)
    if named is None:
        return None
    factor = 1.0 if AGENCY_WORDS.search(named[0]) else 0.75
    return Read(named[0], box.confidence * named[1] * factor)


def extract(pages: list[PageText]) -> tuple[dict[str, Outcome], bool | None]:
    region = Region(pages, labels=LABELS)
    found: dict[str, Outcome] = {
        "full_name": cell(region, ("Name of Individual", "Applicant Name"), n.full_name, inline=True)[0],
        "check_date": cell(
            region, ("Date of Determination", "Determination Date", "Date of Check"), n.iso_date, inline=True
        )[0],
        "result": cell(region, ("Determination", "Result", "Status"), result_word, inline=True)[0],
        "agency": _agency(pages[0]) if pages else None,
    }
    return found, None
