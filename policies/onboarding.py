"""Onboarding packet rules: which documents and fields a new hire's packet needs, and by when.

Sources:
- Form I-9: 8 CFR 274a.2(b)(1)(i)(A): the employee completes Section 1 at the time of hire, no later than
  the first day of employment; 8 CFR 274a.2(b)(1)(ii)(B): the employer completes Section 2 within three
  business days of the first day of employment (USCIS: a Monday start is due on Thursday), examining a
  List A document, or a List B and a List C document (274a.2(b)(1)(v)).
- Federal holidays: 5 U.S.C. 6103(a), with (b)'s Friday/Monday observance; weekends and these days are not
  business days (USCIS M-274, "business days": secondary, the handbook leaves the employer's own closures
  aside).
- Form W-4: 26 CFR 31.3402(f)(2)-1(a): furnished on commencement of employment; without one the employer
  withholds as for a single filer with no adjustments (IRS Pub. 15-T). Form W-4 Step 5: "This form is not
  valid unless you sign it."
- Background checks: 45 CFR 98.43(a)(1) and (d)(1): a comprehensive check before a staff member begins
  work; 98.43(d)(4): pending results, a staff member may work provisionally only under the supervision of
  someone with a completed check, never unsupervised with children; 98.43(e): the agency's statement says
  whether the staff member is eligible or ineligible (paragraph number secondary).
- Pediatric first aid and CPR: 45 CFR 98.41(a)(1)(ii) and 98.44(b)(1)(i): health and safety training,
  including pediatric first aid and CPR, pre-service or in an orientation period of at most three months
  (secondary: the three-month limit as the 2016 CCDF final rule states it); Texas 26 TAC 746.1315: within
  90 days of employment (secondary). Caregiving positions only (`policies.credentials.is_caregiver`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from policies.credentials import is_caregiver

CARD_COURSES: dict[str, tuple[str, str]] = {
    "Heartsaver Pediatric CPR AED": ("American Heart Association", "pediatric_cpr_aha"),
    "Heartsaver Pediatric First Aid": ("American Heart Association", "first_aid_aha"),
    "Heartsaver Pediatric First Aid CPR AED": ("American Heart Association", "pediatric_cpr_aha"),
    "Pediatric CPR/AED": ("American Red Cross", "pediatric_cpr_red_cross"),
    "Pediatric First Aid": ("American Red Cross", "first_aid_red_cross"),
    "Adult and Pediatric First Aid/CPR/AED": ("American Red Cross", "pediatric_cpr_red_cross"),
}
"""Course name as printed on the card -> (issuer, credential kind of `policies.credentials`)."""
COMBINED_COURSES = frozenset(
    {"Heartsaver Pediatric First Aid CPR AED", "Adult and Pediatric First Aid/CPR/AED"}
)
"""Courses whose one card proves both pediatric first aid and CPR."""

PROFILE_PREFILL: dict[str, tuple[str, str]] = {
    "work_authorization": ("i9", "citizenship_status"),
    "work_authorization_expires_on": ("i9", "expiration_date"),
    "i9_signed_on": ("i9", "signature_date"),
    "i9_document_title": ("i9", "document_title"),
    "w4_filing_status": ("w4", "filing_status"),
    "background_check_result": ("background_check", "result"),
    "background_check_date": ("background_check", "check_date"),
    "background_check_agency": ("background_check", "agency"),
}
"""Staff-profile custom field -> (document kind, extracted field) it is pre-filled from. No PII (SSN, birth
date, document numbers) is ever a profile field; `policies.writes.CUSTOM_FIELDS` allows exactly these keys."""

Due = Literal["first_day", "third_business_day", "before_unsupervised_contact", "orientation"]


@dataclass(frozen=True)
class Requirement:
    """One item of a new hire's packet: which document, which of its fields, signed or not, and when."""

    key: str
    label: str
    document: str
    """The document kind that satisfies it (`i9`, `w4`, `background_check`, `credential_card`)."""
    fields: tuple[str, ...]
    due: Due
    citation: str
    signature: bool = False
    credential_group: str | None = None
    """For a card: `pediatric_cpr` or `first_aid`."""


I9_SECTION_1 = Requirement(
    "i9_section_1",
    "Form I-9 Section 1 (employee)",
    "i9",
    ("first_name", "last_name", "date_of_birth", "citizenship_status", "signature_date"),
    "first_day",
    "8 CFR 274a.2(b)(1)(i)(A): Section 1 no later than the first day of employment",
    signature=True,
)
I9_SECTION_2 = Requirement(
    "i9_section_2",
    "Form I-9 Section 2 (employer examines documents)",
    "i9",
    ("document_title", "document_number"),
    "third_business_day",
    "8 CFR 274a.2(b)(1)(ii)(B): Section 2 within three business days of the first day of employment",
)
W4 = Requirement(
    "w4",
    "Form W-4",
    "w4",
    ("first_name", "last_name", "ssn", "filing_status"),
    "first_day",
    "26 CFR 31.3402(f)(2)-1(a); Form W-4 Step 5: not valid unless signed",
    signature=True,
)
BACKGROUND = Requirement(
    "background_check",
    "Comprehensive background check: eligible",
    "background_check",
    ("full_name", "result", "check_date"),
    "before_unsupervised_contact",
    "45 CFR 98.43(a)(1), (d)(4): before work; pending results only under supervision",
)
PEDIATRIC_CPR = Requirement(
    "pediatric_cpr",
    "Pediatric CPR card",
    "credential_card",
    ("holder_name", "course", "issue_date", "expiration_date"),
    "orientation",
    "45 CFR 98.41(a)(1)(ii), 98.44(b)(1)(i): pre-service or within the orientation period (secondary)",
    credential_group="pediatric_cpr",
)
FIRST_AID = Requirement(
    "first_aid",
    "Pediatric first aid card",
    "credential_card",
    ("holder_name", "course", "issue_date", "expiration_date"),
    "orientation",
    "45 CFR 98.41(a)(1)(ii), 98.44(b)(1)(i): pre-service or within the orientation period (secondary)",
    credential_group="first_aid",
)

ORIENTATION_DAYS: dict[str, int] = {"TX": 90}
"""Days after the first day by which pediatric first aid and CPR are due, where a state rule is encoded
(TX: 26 TAC 746.1315, secondary). Elsewhere the federal orientation period of three months applies."""
FEDERAL_ORIENTATION_DAYS = 90


def requirements_for(position: str, state: str) -> tuple[Requirement, ...]:
    """The packet a new hire in `position` at a center in `state` must complete."""
    base = (I9_SECTION_1, I9_SECTION_2, W4, BACKGROUND)
    return (*base, PEDIATRIC_CPR, FIRST_AID) if is_caregiver(position) else base


# ---- dates -------------------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    """The n-th `weekday` (0 = Monday) of a month; n = -1 is the last one."""
    if n > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
    last = (date(year, month, 28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _observed(day: date) -> date:
    """5 U.S.C. 6103(b): a Saturday holiday is observed on Friday, a Sunday one on Monday."""
    if day.weekday() == 5:
        return day - timedelta(days=1)
    if day.weekday() == 6:
        return day + timedelta(days=1)
    return day


def federal_holidays(year: int) -> frozenset[date]:
    """The eleven legal public holidays of 5 U.S.C. 6103(a), as observed, in `year` (and a Dec 31
    observance of the next New Year's Day)."""
    fixed = [date(year, 1, 1), date(year, 6, 19), date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    days = {_observed(d) for d in fixed}
    if _observed(date(year + 1, 1, 1)).year == year:
        days.add(_observed(date(year + 1, 1, 1)))
    days |= {
        _nth_weekday(year, 1, 0, 3),  # Birthday of Martin Luther King, Jr.
        _nth_weekday(year, 2, 0, 3),  # Washington's Birthday
        _nth_weekday(year, 5, 0, -1),  # Memorial Day
        _nth_weekday(year, 9, 0, 1),  # Labor Day
        _nth_weekday(year, 10, 0, 2),  # Columbus Day
        _nth_weekday(year, 11, 3, 4),  # Thanksgiving Day
    }
    return frozenset(d for d in days if d.year == year)


def is_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in federal_holidays(day.year)


def add_business_days(start: date, days: int) -> date:
    """The date `days` business days after `start` (start itself not counted)."""
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if is_business_day(current):
            left -= 1
    return current


def due_date(requirement: Requirement, start: date, state: str) -> date | None:
    """When a requirement is due for a hire starting on `start` (None: before unsupervised contact)."""
    if requirement.due == "first_day":
        return start
    if requirement.due == "third_business_day":
        return add_business_days(start, 3)
    if requirement.due == "orientation":
        return start + timedelta(days=ORIENTATION_DAYS.get(state.upper(), FEDERAL_ORIENTATION_DAYS))
    return None


# ---- checking a packet ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedDocument:
    """What was read from one uploaded document (values as the reader gives them, already masked)."""

    kind: str
    fields: Mapping[str, str]
    signed: bool | None = None


ItemStatus = Literal[
    "complete", "missing_document", "missing_fields", "unsigned", "expired", "ineligible", "pending"
]


@dataclass(frozen=True)
class PacketItem:
    requirement: Requirement
    status: ItemStatus
    due_on: date | None
    overdue: bool
    missing_fields: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return self.status == "complete"

    def describe(self) -> str:
        """One line for the follow-up task: what is missing and by when, with the rule."""
        what = {
            "missing_document": "not received",
            "missing_fields": "missing " + ", ".join(f.replace("_", " ") for f in self.missing_fields),
            "unsigned": "not signed",
            "expired": "card expired",
            "ineligible": "result: ineligible",
            "pending": "results pending",
            "complete": "complete",
        }[self.status]
        when = (
            f"due {self.due_on.isoformat()}" if self.due_on else "before unsupervised contact with children"
        )
        late = " (OVERDUE)" if self.overdue else ""
        return f"{self.requirement.label}: {what}; {when}{late} [{self.requirement.citation}]"


@dataclass(frozen=True)
class PacketCheck:
    items: tuple[PacketItem, ...]
    unsupervised_contact_allowed: bool
    """45 CFR 98.43(d)(4): only once the background check says eligible."""
    citation: str = field(default="45 CFR 98.43(d)(4)")

    @property
    def complete(self) -> bool:
        return all(item.complete for item in self.items)

    @property
    def incomplete(self) -> tuple[PacketItem, ...]:
        return tuple(item for item in self.items if not item.complete)


def card_group(course: str) -> frozenset[str]:
    """Which credential groups a card of this course proves."""
    if course in COMBINED_COURSES:
        return frozenset({"pediatric_cpr", "first_aid"})
    kind = CARD_COURSES.get(course, ("", ""))[1]
    if kind.startswith("pediatric_cpr"):
        return frozenset({"pediatric_cpr"})
    if kind.startswith("first_aid"):
        return frozenset({"first_aid"})
    return frozenset()


def check_packet(
    position: str,
    state: str,
    start: date,
    documents: Iterable[ReceivedDocument],
    *,
    today: date,
    credentials_on_file: Iterable[str] = (),
) -> PacketCheck:
    """What of a new hire's packet is complete, missing or late on `today`.

    `credentials_on_file` are credential kinds Procare already holds as valid (a CPR card on record
    needs no new upload).
    """
    received = list(documents)
    on_file = {
        g for kind in credentials_on_file for g in ("pediatric_cpr", "first_aid") if kind.startswith(g)
    }
    items = []
    for req in requirements_for(position, state):
        due = due_date(req, start, state)
        status, missing = _status(req, received, on_file, today)
        overdue = status != "complete" and due is not None and today > due
        items.append(PacketItem(req, status, due, overdue, missing))
    background = next(item for item in items if item.requirement is BACKGROUND)
    return PacketCheck(tuple(items), unsupervised_contact_allowed=background.complete)


def _status(
    req: Requirement, received: list[ReceivedDocument], on_file: set[str], today: date
) -> tuple[ItemStatus, tuple[str, ...]]:
    candidates = [d for d in received if d.kind == req.document]
    if req.credential_group is not None:
        if req.credential_group in on_file:
            return "complete", ()
        candidates = [d for d in candidates if req.credential_group in card_group(d.fields.get("course", ""))]
    if not candidates:
        return "missing_document", ()
    best: tuple[ItemStatus, tuple[str, ...]] | None = None
    for doc in candidates:
        missing = tuple(f for f in req.fields if not doc.fields.get(f))
        status: ItemStatus
        if missing:
            status = "missing_fields"
        elif req.signature and doc.signed is False:
            status = "unsigned"
        elif req.document == "background_check" and doc.fields["result"] != "eligible":
            status = "ineligible" if doc.fields["result"] == "ineligible" else "pending"
        elif req.document == "credential_card" and date.fromisoformat(doc.fields["expiration_date"]) < today:
            status = "expired"
        else:
            return "complete", ()
        if best is None or len(missing) < len(best[1]):
            best = (status, missing)
    assert best is not None
    return best
