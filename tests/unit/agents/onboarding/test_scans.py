"""The reader on generated scans of real-looking forms: the right kind and the printed values, masked.

Each variant is what centers upload: a clean scan, a page tilted 3 degrees with grain saved as JPEG, a
faded copy, a PDF with a text layer, a PDF of pictures only. OCR takes a few seconds a page, so each
document is read once per module.
"""

from __future__ import annotations

import json
import logging
from datetime import date

import pytest

from agents.onboarding import extract_document
from policies.credentials import expiry
from sandbox import scans

from .conftest import I9_TRUTH, SECRETS, W4_TRUTH, Scan, background_page, card_page, i9_page, w4_page

pytestmark = pytest.mark.slow

READS: dict[str, dict] = {}
LOGS: list[str] = []


def read(name: str, data: bytes, caplog: pytest.LogCaptureFixture) -> dict:
    if name not in READS:
        with caplog.at_level(logging.DEBUG):
            READS[name] = extract_document(data).as_json()
        LOGS.extend(record.getMessage() for record in caplog.records)
    return READS[name]


def values(result: dict) -> dict[str, str]:
    return {name: field["value"] for name, field in result["fields"].items()}


def test_clean_i9_scan(caplog: pytest.LogCaptureFixture) -> None:
    result = read("i9-clean", Scan.png(i9_page()), caplog)
    assert result["kind"] == "i9" and result["source"] == "ocr"
    assert values(result) == I9_TRUTH
    assert result["missing"] == [] and result["needs_review"] == []
    assert result["signed"] is True
    assert all(0.85 <= f["confidence"] <= 1.0 for f in result["fields"].values())


def test_i9_tilted_three_degrees_with_noise_as_jpeg(caplog: pytest.LogCaptureFixture) -> None:
    result = read("i9-tilted", Scan.jpeg(i9_page(), scans.TILTED_NOISY), caplog)
    assert result["kind"] == "i9"
    assert values(result) == I9_TRUTH
    assert result["signed"] is True


def test_faded_unsigned_w4(caplog: pytest.LogCaptureFixture) -> None:
    result = read("w4-faded", Scan.png(w4_page(signed=False), scans.LOW_CONTRAST), caplog)
    assert result["kind"] == "w4"
    assert values(result) == W4_TRUTH
    assert result["signed"] is False


def test_text_layer_pdf_is_read_without_ocr(caplog: pytest.LogCaptureFixture) -> None:
    result = read("i9-text", Scan.text_pdf(i9_page()), caplog)
    assert result["kind"] == "i9" and result["source"] == "text_layer"
    assert values(result) == I9_TRUTH
    assert {f["confidence"] for f in result["fields"].values()} == {0.99}


def test_scanned_pdf_is_ocrd(caplog: pytest.LogCaptureFixture) -> None:
    result = read("bg-scan-pdf", Scan.scanned_pdf(background_page("pending")), caplog)
    assert result["kind"] == "background_check" and result["source"] == "ocr"
    assert values(result) == {
        "full_name": "Maria Lopez-Garcia",
        "result": "pending",
        "check_date": "2026-10-20",
        "agency": "Texas HHSC Background Check Unit",
    }


def test_i9_whose_section_2_is_not_filled_in_lists_what_is_missing(caplog: pytest.LogCaptureFixture) -> None:
    result = read("i9-pending", Scan.text_pdf(i9_page(examined=False)), caplog)
    assert result["kind"] == "i9"
    assert result["missing"] == ["document_title", "document_number", "expiration_date"]
    assert values(result)["signature_date"] == "2026-11-02"


@pytest.mark.parametrize(
    ("kind", "course", "issuer"),
    [
        ("pediatric_cpr_aha", "Heartsaver Pediatric CPR AED", "American Heart Association"),
        ("first_aid_red_cross", "Pediatric First Aid", "American Red Cross"),
    ],
)
def test_card_expiry_follows_the_issuers_rule(
    kind: str, course: str, issuer: str, caplog: pytest.LogCaptureFixture
) -> None:
    issued = date(2025, 3, 14)
    result = read(f"card-{kind}", Scan.png(card_page(kind, issued), dpi=300), caplog)
    assert result["kind"] == "credential_card"
    assert values(result) == {
        "holder_name": "Maria Lopez-Garcia",
        "course": course,
        "issuer": issuer,
        "issue_date": "2025-03-14",
        # AHA prints only "03/2027" (end of that month); Red Cross "Valid For 2 Years" (the anniversary)
        "expiration_date": expiry(kind, issued).isoformat(),
    }
    assert values(result)["expiration_date"] == ("2027-03-31" if kind.endswith("_aha") else "2027-03-14")


def test_no_whole_ssn_or_document_number_leaves_the_reader(caplog: pytest.LogCaptureFixture) -> None:
    read("w4-text", Scan.text_pdf(w4_page(signed=True)), caplog)
    assert len(READS) >= 2, "run with the other reads of this module"
    answers = json.dumps(READS)
    logs = "\n".join(LOGS)
    for secret in SECRETS:
        assert secret not in answers
        assert secret not in logs
    assert "***-**-5678" in answers
