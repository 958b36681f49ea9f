"""PII redaction applied to everything that is about to reach a language model, and to every event before
it is stored, run or logged (a webhook body carrying `data.ssn` never reaches the events table).

Structured fields known to be PII (SSN, birth date, home address) are dropped by key; free text is
scrubbed by pattern as a second line of defence (an SSN typed into a bio, an address in a note).
"""

from __future__ import annotations

import re
from typing import Any

from agents.common.types import Event
from tools.models import PII_FIELDS

PII_KEYS = PII_FIELDS | {
    "date_of_birth",
    "dob",
    "birthdate",
    "birthday",
    "address",
    "social_security",
    "social_security_number",
}
"""Procare's personal fields plus the other names the same facts go by in free-form data."""

_SSN = re.compile(r"\b\d{3}[- ]?\d{2}[- ]?\d{4}\b")
_DOB = re.compile(
    r"\b(?:DOB|D\.O\.B\.|date of birth|born(?: on)?)\s*[:\-]?\s*"
    r"(?:\d{1,4}[/-]\d{1,2}[/-]\d{1,4}|[A-Z][a-z]+\.? \d{1,2},? \d{4})",
    re.IGNORECASE,
)
_STREET = re.compile(
    r"\b\d{1,6}\s+(?:[A-Z][a-z]+\s){1,4}"
    r"(?:St|Street|Ave|Avenue|Rd|Road|Blvd|Boulevard|Ln|Lane|Dr|Drive|Ct|Court|Way|Pl|Place|Ter|Terrace)\b\.?",
)

REDACTED = "[REDACTED]"


def redact_text(text: str) -> str:
    """Scrub SSNs, birth dates and street addresses out of free text."""
    text = _SSN.sub("[REDACTED-SSN]", text)
    text = _DOB.sub("[REDACTED-DOB]", text)
    return _STREET.sub("[REDACTED-ADDRESS]", text)


def redact(value: Any) -> Any:
    """Return a copy of `value` with PII keys removed and PII patterns scrubbed from strings."""
    if isinstance(value, dict):
        return {k: redact(v) for k, v in value.items() if str(k).lower() not in PII_KEYS}
    if isinstance(value, list | tuple):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return redact_text(value)
    return value


def redact_event(event: Event) -> Event:
    """The event with its `data` redacted: what ingest stores and every run checkpoints and audits.

    Ids, type and time are charset-checked at ingest and carry no PII; `data` is the sender's free form.
    """
    return event.model_copy(update={"data": redact(event.data)})
