"""What an onboarding document may write, how sensitive values are masked, and when reminders go."""

from __future__ import annotations

from datetime import date

import pytest

from policies.onboarding_profile import (
    PREFILL_CUSTOM_FIELDS,
    PREFILL_FIELDS,
    mask_last_four,
    masked,
    prefill_for,
    prefill_problems,
    reminder_step,
)
from policies.writes import CUSTOM_FIELDS


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("912-34-5678", "***-**-5678"),
        ("1990-04-17", "****-04-17"),
        ("SRC0207388624", "*********8624"),
        ("567812345", "*****2345"),
        ("12", "12"),
    ],
)
def test_sensitive_values_keep_their_last_four_characters_only(value: str, shown: str) -> None:
    assert mask_last_four(value) == shown
    assert sum(c.isdigit() for c in shown) <= 4


def test_only_sensitive_fields_are_masked() -> None:
    assert masked("date_of_birth", "1990-04-17") == "****-04-17"
    assert masked("document_number", "****2345") == "****2345"
    assert masked("filing_status", "single") == "single"
    assert masked("email", "a1234567@example.org") == "a1234567@example.org"


def test_prefill_never_names_ssn_birth_date_or_document_number() -> None:
    sources = {(f.document, f.field) for f in PREFILL_FIELDS}
    assert not {f for _d, f in sources} & {"ssn", "date_of_birth", "document_number"}
    assert [f.field for f in prefill_for("w4")] == ["filing_status"]
    assert PREFILL_CUSTOM_FIELDS <= CUSTOM_FIELDS  # the write allow-list admits every pre-filled key


def test_prefill_problems_name_what_the_forms_do_not_give() -> None:
    assert prefill_problems({"employee_id": "E1", "custom_fields": {"w4_filing_status": "single"}}) == []
    assert prefill_problems({"employee_id": "E1", "phone": "(512) 555-0100"}) == []
    assert prefill_problems({"employee_id": "E1", "bio": "x"}) == ["onboarding pre-fill may not write bio"]
    assert prefill_problems({"employee_id": "E1", "custom_fields": {"shirt_size": "M"}}) == [
        "onboarding pre-fill may not write custom field(s) shirt_size"
    ]


@pytest.mark.parametrize(
    ("days", "step"), [(0, None), (1, 1), (2, None), (3, 3), (7, 7), (8, None), (-1, None)]
)
def test_reminders_go_on_days_1_3_and_7_after_the_first_day(days: int, step: int | None) -> None:
    start = date(2026, 11, 2)
    assert reminder_step(start, date.fromordinal(start.toordinal() + days)) == step
