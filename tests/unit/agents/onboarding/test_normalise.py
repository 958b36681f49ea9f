"""Values in the contract's shape: ISO dates, masked numbers, names, vocabularies; unreadable is None."""

from __future__ import annotations

import pytest

from agents.onboarding import normalise as n
from agents.onboarding.background import result_word
from agents.onboarding.i9 import document_title


@pytest.mark.parametrize(
    ("text", "iso", "factor"),
    [
        ("04/17/1990", "1990-04-17", 1.0),
        ("4/7/1990", "1990-04-07", 1.0),
        ("1990-04-17", "1990-04-17", 1.0),
        ("March 14, 2025", "2025-03-14", 1.0),
        ("O4/17/199O", "1990-04-17", n.REPAIRED),  # OCR read zeros as letters
        ("04171990", "1990-04-17", n.REPAIRED),  # OCR lost the slashes
    ],
)
def test_dates_become_iso(text: str, iso: str, factor: float) -> None:
    assert n.iso_date(text) == (iso, factor)


@pytest.mark.parametrize("text", ["02/30/2024", "13/01/2020", "tomorrow", "", "12/2027"])
def test_impossible_dates_are_not_guessed(text: str) -> None:
    assert n.iso_date(text) is None


def test_month_year_of_an_aha_renewal_line() -> None:
    assert n.month_year("03/2027") == (2027, 3, 1.0)
    assert n.month_year("13/2027") is None


def test_ssn_is_masked_to_its_last_four() -> None:
    assert n.mask_ssn("912-34-5678") == ("***-**-5678", 1.0)
    assert n.mask_ssn("912 34 5678") == ("***-**-5678", 1.0)
    assert n.mask_ssn("9l2-34-S678") == ("***-**-5678", n.REPAIRED)
    assert n.mask_ssn("912-34-567") is None
    assert n.mask_ssn("N/A") is None


def test_document_numbers_keep_only_four_characters() -> None:
    assert n.mask_document_number("567812345") == ("****2345", 1.0)
    assert n.mask_document_number("IOE 0123456789") == ("****6789", 1.0)
    assert n.mask_document_number("N/A") is None


def test_ssn_shapes_in_free_text_are_masked() -> None:
    assert n.mask_ssn_shapes("see 912-34-5678 and 912345678") == "see ***-**-5678 and ***-**-5678"


def test_names_phone_email() -> None:
    assert n.person_name("O'Neill") == ("O'Neill", 1.0)
    assert n.person_name("N/A") is None
    assert n.person_name("(b) Social security number") is None
    assert n.first_name_without_initial("Maria J") == ("Maria", 1.0)
    assert n.first_name_without_initial("Mary Jo K.") == ("Mary Jo", 1.0)
    assert n.first_name_without_initial("MariaJ") == ("Maria", n.REPAIRED)
    assert n.full_name("Andre Garcia") == ("Andre Garcia", 1.0)
    assert n.full_name("AndreGarcia") == ("Andre Garcia", n.REPAIRED)
    assert n.full_name("MaryMcDonald") == ("Mary McDonald", n.REPAIRED)
    assert n.phone("512.555.0147") == ("(512) 555-0147", 1.0)
    assert n.phone("555-0147") is None
    assert n.email("Maria.Lopez41@Example.org") == ("maria.lopez41@example.org", 1.0)
    assert n.email("maria at example") is None


def test_vocabularies() -> None:
    assert result_word("ELIGIBLE") == ("eligible", 1.0)
    assert result_word("INELIGIBLE") == ("ineligible", 1.0)
    assert result_word("Pending - fingerprints") == ("pending", 1.0)
    assert result_word("see attached") is None
    assert document_title("U.S.Passport") == ("U.S. Passport", 1.0)
    assert document_title("Tribal membership letter") == ("Tribal membership letter", 1.0)
