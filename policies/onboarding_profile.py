"""What an onboarding document may put on a staff profile, what must be masked, and when to remind.

Sources:
- Pre-fill: only what the form itself asks for and prints (USCIS Form I-9 Section 1 "Employee Telephone
  Number", the attestation checkboxes, Section 2's document title and expiration date; Form W-4 Step 1(c)
  filing status; the agency's eligibility statement of 45 CFR 98.43(e)). Names and emails already live on
  the Procare record: a form that disagrees is flagged for a person, never written over the record.
- Masking: Form I-9 holds the SSN (optional, Section 1) and the document number of Section 2; the W-4 the
  SSN; both and the birth date are kept to their last four digits everywhere procare-ai writes them
  (prompts, logs, checkpoints, API answers). The audit keeps the Procare file's id and its SHA-256, never
  the file (the file stays in Procare).
- E-signature: Form I-9 Section 1 needs the employee's signature (8 CFR 274a.2(b)(1)(i)(A)); Form W-4 Step 5
  "This form is not valid unless you sign it." Electronic signatures on the I-9: 8 CFR 274a.2(h)(3).
- Reminders: days 1, 3 and 7 after the first day of work, while the packet is incomplete (the I-9's third
  business day falls inside that window; the product's own cadence, no regulation sets it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

CUSTOM_FIELD_PREFIX = "onboarding_"
"""Every custom field the pre-fill writes starts with this, so a director sees where it came from."""


@dataclass(frozen=True)
class PrefillField:
    """One profile key a read field may fill: `phone`, or `custom_fields.<key>`."""

    document: str
    field: str
    target: str
    label: str

    @property
    def custom_key(self) -> str | None:
        """The key inside `custom_fields`, or None for a top-level profile field."""
        head, _, key = self.target.partition(".")
        return key if head == "custom_fields" else None


PROFILE_PREFILL: tuple[PrefillField, ...] = (
    PrefillField("i9", "phone", "phone", "phone number (I-9 Section 1)"),
    PrefillField("i9", "citizenship_status", "custom_fields.onboarding_i9_attestation", "I-9 attestation"),
    PrefillField(
        "i9", "signature_date", "custom_fields.onboarding_i9_section1_signed_on", "I-9 Section 1 signed on"
    ),
    PrefillField(
        "i9", "document_title", "custom_fields.onboarding_i9_document_title", "I-9 document examined"
    ),
    PrefillField(
        "i9", "expiration_date", "custom_fields.onboarding_i9_document_expires_on", "I-9 document expires on"
    ),
    PrefillField("w4", "filing_status", "custom_fields.onboarding_w4_filing_status", "W-4 filing status"),
    PrefillField(
        "background_check",
        "result",
        "custom_fields.onboarding_background_check_result",
        "background check result",
    ),
    PrefillField(
        "background_check",
        "check_date",
        "custom_fields.onboarding_background_check_date",
        "background check date",
    ),
    PrefillField(
        "background_check",
        "agency",
        "custom_fields.onboarding_background_check_agency",
        "background check agency",
    ),
)
"""Every profile key an onboarding document may pre-fill (the write allow-list admits exactly these custom
fields for `patch_employee`). SSN, birth date and document number are never pre-filled."""

PREFILL_CUSTOM_FIELDS: frozenset[str] = frozenset(
    key for f in PROFILE_PREFILL if (key := f.custom_key) is not None
)
PREFILL_TOP_LEVEL: frozenset[str] = frozenset(f.target for f in PROFILE_PREFILL if f.custom_key is None)


def prefill_for(document: str) -> tuple[PrefillField, ...]:
    """The profile keys a document of this kind may fill, in the form's order."""
    return tuple(f for f in PROFILE_PREFILL if f.document == document)


def prefill_problems(args: dict[str, object]) -> list[str]:
    """Why a `patch_employee` of the onboarding workflow writes something the forms do not give."""
    problems = []
    extra = sorted(set(args) - {"employee_id", "custom_fields", *PREFILL_TOP_LEVEL})
    if extra:
        problems.append(f"onboarding pre-fill may not write {', '.join(extra)}")
    custom = args.get("custom_fields") or {}
    if isinstance(custom, dict):
        unknown = sorted(set(custom) - PREFILL_CUSTOM_FIELDS)
        if unknown:
            problems.append(f"onboarding pre-fill may not write custom field(s) {', '.join(unknown)}")
    return problems


# ---- masking -------------------------------------------------------------------------------------------

SENSITIVE_FIELDS = frozenset({"ssn", "document_number", "date_of_birth"})
"""Read fields kept to their last four digits wherever procare-ai stores or shows them."""

_DIGIT = re.compile(r"\d")


def mask_last_four(value: str) -> str:
    """Every digit but the last four replaced by `*` (separators kept): `1990-04-17` -> `****-04-17`,
    `912-34-5678` -> `***-**-5678`; letters (a card prefix) are masked too."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(positions[-4:])
    return "".join(ch if (i in keep or not ch.isalnum()) else "*" for i, ch in enumerate(value))


def masked(field: str, value: str) -> str:
    """A read value as it may be stored: sensitive fields to their last four, others as read."""
    return mask_last_four(value) if field in SENSITIVE_FIELDS else value


def is_masked(field: str, value: str) -> bool:
    """Whether a sensitive value shows at most four of its digits (a stored value must)."""
    return field not in SENSITIVE_FIELDS or len(_DIGIT.findall(value)) <= 4


# ---- signatures and reminders --------------------------------------------------------------------------

SIGNED_FORMS: dict[str, str] = {
    "i9": "8 CFR 274a.2(b)(1)(i)(A); electronic signature 8 CFR 274a.2(h)(3)",
    "w4": "Form W-4 Step 5: not valid unless signed",
}
"""Document kinds that need the employee's signature, with the rule; an unsigned or missing one is sent
for e-signature."""

REMINDER_DAYS: tuple[int, ...] = (1, 3, 7)
"""Days after the first day of work on which an incomplete packet reminds the new hire."""


def reminder_step(start: date, today: date) -> int | None:
    """The reminder of the sequence due on `today` for a first day `start` (its day number), or None."""
    days = (today - start).days
    return days if days in REMINDER_DAYS else None
