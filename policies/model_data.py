"""What may reach a language model: the model data policy (issue 18; the seed's "zero data retention
policies for the AI service").

A model sees the facts a text needs and nothing that identifies a person beyond a first name: no record
ids (staff, school, credential, punch, child...), no surnames or full names, no email address or phone
number, as keys or inside free text. PII proper (SSN, birth date, address) is removed before this, by
agents.common.redact. Requests also ask the provider not to retain them (`store: false`, agents.common.llm)
and a center can be kept off the model altogether (offline drafter only, `PROCARE_AI_MODEL_OFF_CENTERS`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

IDENTIFYING_KEYS = frozenset(
    {
        "id",
        "last_name",
        "surname",
        "family_name",
        "full_name",
        "holder_name",
        "legal_name",
        "email",
        "phone",
        "employee_number",
        "person_id",
    }
)
"""Fact keys never sent to a model; keys ending in `_id` or `_ids` (record identifiers) are dropped too."""

WITHHELD = "withhold_names"
"""A fact an agent may add: the surnames (and other names) of people the facts may mention; each is cut
out of what the model sees ("Ana Lopez" reads "Ana"), and the list itself is never sent."""

_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<!\w)(?:\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}(?!\w)")
# Procare-style record ids: letters then digits, optionally joined by dashes (S0001, S0001-E000123, CR-0042).
_RECORD_ID = re.compile(r"\b[A-Z]{1,4}\d{3,}(?:-[A-Z]{0,4}\d+)*\b|\b[A-Z]{1,4}-\d{3,}\b")


def identifying_key(key: str) -> bool:
    """Whether a fact named `key` identifies a person or a record (never sent to a model)."""
    k = key.lower()
    return k in IDENTIFYING_KEYS or k.endswith("_id") or k.endswith("_ids") or k == WITHHELD


def scrub_identifiers(text: str, names: Iterable[str] = ()) -> str:
    """Free text without email addresses, phone numbers, record ids or the given names."""
    text = _EMAIL.sub("[email]", text)
    text = _PHONE.sub("[phone]", text)
    text = _RECORD_ID.sub("[id]", text)
    for name in sorted({n.strip() for n in names if len(n.strip()) > 1}, key=len, reverse=True):
        # Case kept: a surname like Hall or Young is cut where it names someone, not "the hall".
        text = re.sub(rf"[ \t]*\b{re.escape(name)}\b", "", text)
    return text.strip() if names else text


def model_facts(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts as a model may see them: identifying keys dropped, identifiers scrubbed from text."""
    names = [str(n) for n in facts.get(WITHHELD) or ()]

    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if not identifying_key(str(k))}
        if isinstance(value, list | tuple):
            return [clean(v) for v in value]
        if isinstance(value, str):
            return scrub_identifiers(value, names)
        return value

    return clean(facts)  # type: ignore[no-any-return]
