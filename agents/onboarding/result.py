"""What reading a document gives back: the contract of `procare-ai documents extract --json`.

`{"kind", "fields": {name: {"value", "confidence"}}, "missing"}` as DESIGN.md fixes it, plus keys of our own
next to them: `needs_review` (fields a person must confirm: read with low confidence, or present but not
readable), `not_applicable` (printed as N/A), `signed`, `kind_confidence`, `source`, `pages`. SSNs and
document numbers are masked before a value gets here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("i9", "w4", "background_check", "credential_card", "unknown")

FIELDS_OF_KIND: dict[str, tuple[str, ...]] = {
    "i9": (
        "first_name",
        "last_name",
        "date_of_birth",
        "ssn",
        "email",
        "phone",
        "citizenship_status",
        "document_title",
        "document_number",
        "expiration_date",
        "signature_date",
    ),
    "w4": ("first_name", "last_name", "ssn", "filing_status"),
    "background_check": ("full_name", "result", "check_date", "agency"),
    "credential_card": ("holder_name", "course", "issuer", "issue_date", "expiration_date"),
    "unknown": (),
}
CITIZENSHIP_STATUSES = (
    "citizen",
    "noncitizen_national",
    "lawful_permanent_resident",
    "noncitizen_authorized",
)
FILING_STATUSES = ("single", "married_filing_jointly", "head_of_household")
BACKGROUND_RESULTS = ("eligible", "ineligible", "pending")
"""45 CFR 98.43(e)(1): the agency tells the provider whether the staff member is eligible or ineligible;
`pending` while results are outstanding (98.43(d)(4) provisional, supervised work)."""


@dataclass(frozen=True)
class FieldValue:
    value: str
    confidence: float

    def __repr__(self) -> str:  # a value may be a date of birth: keep it out of reprs and tracebacks
        return f"FieldValue(<{len(self.value)} chars>, {self.confidence:.2f})"


@dataclass
class Extraction:
    """One document, read."""

    kind: str
    fields: dict[str, FieldValue]
    missing: list[str]
    needs_review: list[str]
    kind_confidence: float
    source: str
    pages: int
    signed: bool | None = None
    not_applicable: list[str] = field(default_factory=list)
    review_threshold: float = 0.0

    def as_json(self) -> dict[str, Any]:
        """The contract's object (fields in the kind's order), then the extra keys."""
        return {
            "kind": self.kind,
            "fields": {
                name: {"value": self.fields[name].value, "confidence": round(self.fields[name].confidence, 3)}
                for name in FIELDS_OF_KIND[self.kind]
                if name in self.fields
            },
            "missing": list(self.missing),
            "needs_review": list(self.needs_review),
            "not_applicable": list(self.not_applicable),
            "signed": self.signed,
            "kind_confidence": round(self.kind_confidence, 3),
            "review_threshold": self.review_threshold,
            "source": self.source,
            "pages": self.pages,
        }
