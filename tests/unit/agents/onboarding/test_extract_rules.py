"""Extraction rules on pages built by hand (no OCR): review threshold, unreadable values, SSNs in the
wrong field, unknown documents, bad files."""

from __future__ import annotations

import pytest

from agents.onboarding import UnreadableDocument, extract_document
from agents.onboarding.extract import extract_pages
from agents.onboarding.layout import PageText, TextBox
from sandbox import documents

from .conftest import Scan, w4_page


def w4_boxes(*, ssn: str = "912-34-5678", ssn_confidence: float = 0.98, last: str = "Lopez") -> PageText:
    """A W-4's Step 1 as an OCR engine would give it back (label row, then the value row under it)."""
    boxes = [
        TextBox("Form W-4", 0.99, 70, 60, 240, 95),
        TextBox("Employee's Withholding Certificate", 0.99, 350, 60, 900, 95),
        TextBox("Step 1:", 0.99, 70, 190, 150, 215),
        TextBox("Enter Personal Information", 0.99, 70, 215, 200, 235),
        TextBox("(a) First name and middle initial", 0.97, 232, 186, 470, 202),
        TextBox("Last name", 0.97, 607, 186, 680, 202),
        TextBox("(b) Social security number", 0.97, 942, 186, 1120, 202),
        TextBox("Maria J", 0.99, 238, 212, 330, 236),
        TextBox(last, 0.99, 612, 212, 800, 236),
        TextBox(ssn, ssn_confidence, 946, 212, 1100, 236),
    ]
    return PageText(boxes, None, "ocr")


def test_low_confidence_fields_stay_but_are_marked_for_review() -> None:
    result = extract_pages([w4_boxes(ssn_confidence=0.6)]).as_json()
    assert result["kind"] == "w4"
    assert result["fields"]["ssn"] == {"value": "***-**-5678", "confidence": 0.6}
    assert result["needs_review"] == ["ssn"]
    assert result["missing"] == ["filing_status"]  # no checkbox picture to read


def test_threshold_is_a_setting() -> None:
    assert extract_pages([w4_boxes(ssn_confidence=0.6)], review_threshold=0.5).as_json()["needs_review"] == []


def test_a_value_that_does_not_fit_is_missing_and_flagged_not_guessed() -> None:
    result = extract_pages([w4_boxes(ssn="912-34-56")]).as_json()
    assert "ssn" not in result["fields"]
    assert "ssn" in result["missing"] and "ssn" in result["needs_review"]


def test_an_ssn_read_into_another_field_is_masked_and_flagged() -> None:
    letter = PageText(
        [
            TextBox("Texas HHSC 912-34-5678", 0.97, 150, 100, 700, 130),
            TextBox("NOTICE OF BACKGROUND CHECK DETERMINATION", 0.98, 150, 210, 900, 240),
            TextBox("Date of Determination: 10/20/2026", 0.98, 150, 280, 600, 305),
            TextBox("Name of Individual: Maria Lopez", 0.98, 150, 318, 600, 343),
            TextBox("Determination: ELIGIBLE", 0.98, 150, 446, 500, 475),
        ],
        None,
        "ocr",
    )
    result = extract_pages([letter]).as_json()
    assert result["kind"] == "background_check"
    assert "912-34-5678" not in str(result)
    assert result["fields"]["agency"]["value"] == "Texas HHSC ***-**-5678"
    assert "agency" in result["needs_review"]
    assert result["fields"]["result"]["value"] == "eligible"


def test_a_document_of_no_known_kind_is_unknown() -> None:
    pdf = documents.render_pdf(["EMPLOYEE ONBOARDING FORM", "Name: Maria Lopez", "Position: Cook"])
    result = extract_document(pdf).as_json()
    assert result["kind"] == "unknown" and result["fields"] == {} and result["missing"] == []


def test_the_field_order_and_keys_follow_the_contract() -> None:
    result = extract_document(Scan.text_pdf(w4_page(signed=True))).as_json()
    assert list(result)[:3] == ["kind", "fields", "missing"]
    assert list(result["fields"]) == ["first_name", "last_name", "ssn", "filing_status"]
    assert all(set(f) == {"value", "confidence"} for f in result["fields"].values())


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PNG, JPEG or PDF"),
        (b"hello, this is text", "not a PNG, JPEG or PDF"),
        (b"%PDF-1.7\n%broken", "PDF cannot be opened"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image cannot be decoded"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "image cannot be decoded"),
    ],
)
def test_bad_files_raise_one_clear_error(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableDocument, match=message):
        extract_document(data)
