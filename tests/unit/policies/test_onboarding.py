"""Packet rules: which documents a new hire needs, the I-9 and orientation deadlines, what is missing."""

from __future__ import annotations

from datetime import date

import pytest

from policies import onboarding as ob
from policies.onboarding import ReceivedDocument

I9 = ReceivedDocument(
    "i9",
    {
        "first_name": "Maria",
        "last_name": "Lopez",
        "date_of_birth": "1990-04-17",
        "citizenship_status": "citizen",
        "signature_date": "2026-11-02",
        "document_title": "U.S. Passport",
        "document_number": "****2345",
    },
    signed=True,
)
W4 = ReceivedDocument(
    "w4",
    {"first_name": "Maria", "last_name": "Lopez", "ssn": "***-**-5678", "filing_status": "single"},
    signed=True,
)
BACKGROUND = ReceivedDocument(
    "background_check", {"full_name": "Maria Lopez", "result": "eligible", "check_date": "2026-10-20"}
)


def card(course: str, expires: str = "2027-10-31") -> ReceivedDocument:
    return ReceivedDocument(
        "credential_card",
        {
            "holder_name": "Maria Lopez",
            "course": course,
            "issue_date": "2025-10-01",
            "expiration_date": expires,
        },
    )


CPR = card("Heartsaver Pediatric CPR AED")
FIRST_AID = card("Heartsaver Pediatric First Aid")


@pytest.mark.parametrize(
    ("start", "due"),
    [
        (date(2026, 11, 2), date(2026, 11, 5)),  # USCIS's example: a Monday start is due Thursday
        (date(2026, 11, 6), date(2026, 11, 12)),  # Friday; Veterans Day (Wed 11/11) is no business day
        (date(2026, 11, 25), date(2026, 12, 1)),  # the day before Thanksgiving
        (date(2026, 12, 24), date(2026, 12, 30)),  # Christmas on a Friday
        (
            date(2027, 12, 29),
            date(2028, 1, 4),
        ),  # Dec 31 2027 is observed for New Year (Jan 1 2028 a Saturday)
    ],
)
def test_i9_section_2_is_due_three_business_days_after_the_first_day(start: date, due: date) -> None:
    assert ob.due_date(ob.I9_SECTION_2, start, "CA") == due


def test_federal_holidays_follow_5_usc_6103() -> None:
    holidays = ob.federal_holidays(2027)
    assert date(2027, 7, 5) in holidays  # July 4 on a Sunday -> Monday
    assert date(2027, 6, 18) in holidays  # Juneteenth on a Saturday -> Friday
    assert date(2027, 12, 31) in holidays  # Jan 1 2028 is a Saturday
    assert date(2027, 11, 25) in holidays and date(2027, 5, 31) in holidays
    assert len(ob.federal_holidays(2026)) == 11


def test_caregivers_need_cpr_and_first_aid_cooks_do_not() -> None:
    assert {r.key for r in ob.requirements_for("Lead Teacher", "TX")} >= {"pediatric_cpr", "first_aid"}
    assert {r.key for r in ob.requirements_for("Cook", "TX")} == {
        "i9_section_1",
        "i9_section_2",
        "w4",
        "background_check",
    }
    assert all(r.citation for r in ob.requirements_for("Lead Teacher", "TX"))


def test_orientation_period_by_state() -> None:
    start = date(2026, 11, 2)
    assert ob.due_date(ob.PEDIATRIC_CPR, start, "TX") == date(2027, 1, 31)
    assert ob.due_date(ob.PEDIATRIC_CPR, start, "NY") == date(2027, 1, 31)
    assert ob.due_date(ob.BACKGROUND, start, "NY") is None  # before unsupervised contact, not a date


def test_a_complete_packet() -> None:
    check = ob.check_packet(
        "Lead Teacher", "TX", date(2026, 11, 2), [I9, W4, BACKGROUND, CPR, FIRST_AID], today=date(2026, 11, 3)
    )
    assert check.complete and check.unsupervised_contact_allowed and check.incomplete == ()


def test_missing_w4_unsigned_pending_and_blank_section_2_are_each_named() -> None:
    blank_section_2 = ReceivedDocument(
        "i9", {k: v for k, v in I9.fields.items() if not k.startswith("document_")}, signed=True
    )
    unsigned_w4 = ReceivedDocument("w4", W4.fields, signed=False)
    pending = ReceivedDocument("background_check", {**BACKGROUND.fields, "result": "pending"})
    check = ob.check_packet(
        "Assistant Teacher",
        "CA",
        date(2026, 11, 2),
        [blank_section_2, unsigned_w4, pending, CPR],
        today=date(2026, 11, 6),
    )
    status = {item.requirement.key: item for item in check.items}
    assert status["i9_section_1"].complete
    assert status["i9_section_2"].status == "missing_fields"
    assert status["i9_section_2"].missing_fields == ("document_title", "document_number")
    assert status["i9_section_2"].overdue  # due Thursday 11/5, today Friday
    assert status["w4"].status == "unsigned" and status["w4"].overdue
    assert status["background_check"].status == "pending" and not status["background_check"].overdue
    assert not check.unsupervised_contact_allowed
    assert status["first_aid"].status == "missing_document" and not status["first_aid"].overdue
    lines = [item.describe() for item in check.incomplete]
    assert "Form W-4: not signed; due 2026-11-02 (OVERDUE) [26 CFR 31.3402(f)(2)-1(a)" in lines[1]
    assert "before unsupervised contact with children" in lines[2]


def test_cards_expired_on_file_and_combined() -> None:
    start, today = date(2026, 11, 2), date(2026, 11, 3)
    expired = ob.check_packet(
        "Floater",
        "IL",
        start,
        [I9, W4, BACKGROUND, card("Pediatric CPR/AED", "2026-10-01"), FIRST_AID],
        today=today,
    )
    assert [i.requirement.key for i in expired.incomplete] == ["pediatric_cpr"]
    assert expired.incomplete[0].status == "expired"
    combined = ob.check_packet(
        "Floater",
        "IL",
        start,
        [I9, W4, BACKGROUND, card("Adult and Pediatric First Aid/CPR/AED")],
        today=today,
    )
    assert combined.complete
    on_file = ob.check_packet(
        "Floater",
        "IL",
        start,
        [I9, W4, BACKGROUND],
        today=today,
        credentials_on_file=["pediatric_cpr_aha", "first_aid_aha"],
    )
    assert on_file.complete


def test_an_ineligible_background_check_never_allows_contact() -> None:
    ineligible = ReceivedDocument("background_check", {**BACKGROUND.fields, "result": "ineligible"})
    check = ob.check_packet("Cook", "FL", date(2026, 11, 2), [I9, W4, ineligible], today=date(2026, 11, 2))
    assert not check.unsupervised_contact_allowed
    assert [i.status for i in check.incomplete] == ["ineligible"]
