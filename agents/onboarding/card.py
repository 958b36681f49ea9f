"""CPR and first-aid course cards (AHA, American Red Cross): holder, course, issuer, dates.

AHA cards print the issue date and a month-and-year "Recommended Renewal Date"; Red Cross certificates
print the completion date and "Valid For 2 Years". When no full expiry date is printed it comes from the
issuer's own rule (`policies.credentials.expiry`), and a printed month that disagrees with the rule is
left to a person to confirm.
"""

from __future__ import annotations

import calendar
from datetime import date

from rapidfuzz import fuzz

from agents.onboarding import normalise as n
from agents.onboarding.fields import NA, Outcome, Read, Region, cell
from agents.onboarding.layout import PageText, find_labels, squash, value_above, value_below
from policies.credentials import expiry
from policies.onboarding import CARD_COURSES

ISSUERS = ("American Heart Association", "American Red Cross")
LABELS = (
    "Issue Date",
    "Recommended Renewal Date",
    "Date Completed",
    "Valid For",
    "Training Center",
    "Card ID",
    "Expiration Date",
)
DISAGREES = 0.7


def _best(pages: list[PageText], names: tuple[str, ...] | list[str]) -> tuple[str, float] | None:
    """The printed name (issuer or course) a box reads as, with the box's confidence times the match."""
    best: tuple[float, str, float] | None = None
    for page in pages:
        for box in page.boxes:
            for name in names:
                score = fuzz.ratio(squash(name), squash(box.text))
                if score >= 85 and (best is None or score > best[0]):
                    best = (score, name, box.confidence * min(1.0, score / 97))
    return None if best is None else (best[1], best[2])


def _holder(pages: list[PageText]) -> Outcome:
    for page in pages:
        for label, find in (
            ("has successfully completed", value_above),
            ("has completed the requirements for", value_above),
            ("This certifies that", value_below),
        ):
            for match in find_labels(page, label):
                box = find(page, match.box)
                if box is not None:
                    named = n.full_name(box.text)
                    if named is not None:
                        return Read(named[0], box.confidence * named[1])
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _expiration(region: Region, kind: str | None, issued: Outcome, basis: float) -> Outcome:
    printed, _ = cell(region, ("Expiration Date", "Expires", "Valid Until"), n.iso_date)
    if isinstance(printed, Read) or printed is NA:
        return printed
    issued_on = date.fromisoformat(issued.value) if isinstance(issued, Read) else None
    by_rule = expiry(kind, issued_on) if kind is not None and issued_on is not None else None
    renew, _ = cell(region, ("Recommended Renewal Date", "Renew By"), _month_text)
    if isinstance(renew, Read):
        year, month = (int(part) for part in renew.value.split("-"))
        end = _month_end(year, month)
        agrees = by_rule is None or by_rule == end
        return Read(end.isoformat(), renew.confidence * (1.0 if agrees else DISAGREES))
    if by_rule is None or not isinstance(issued, Read):
        return None
    return Read(by_rule.isoformat(), min(issued.confidence, basis))


def _month_text(text: str) -> n.Normalised:
    parsed = n.month_year(text)
    return None if parsed is None else (f"{parsed[0]:04d}-{parsed[1]:02d}", parsed[2])


def extract(pages: list[PageText]) -> tuple[dict[str, Outcome], bool | None]:
    region = Region(pages, labels=LABELS)
    issuer = _best(pages, ISSUERS)
    courses = [c for c, (who, _) in CARD_COURSES.items() if issuer is None or who == issuer[0]]
    course = _best(pages, courses)
    kind = CARD_COURSES[course[0]][1] if course is not None else None
    issued, _ = cell(region, ("Issue Date", "Date Completed", "Date of Completion"), n.iso_date)
    basis = min(issuer[1] if issuer else 0.0, course[1] if course else 0.0)
    found: dict[str, Outcome] = {
        "holder_name": _holder(pages),
        "course": Read(*course) if course else None,
        "issuer": Read(*issuer) if issuer else None,
        "issue_date": issued,
        "expiration_date": _expiration(region, kind, issued, basis),
    }
    return found, None
