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

from dataclasses import dataclass
from datetime import date

from policies.onboarding import PROFILE_PREFILL

TOP_LEVEL_PREFILL: dict[str, tuple[str, str]] = {"phone": ("i9", "phone")}
"""Top-level profile field -> (document kind, read field): I-9 Section 1 "Employee's Telephone Number"."""


@dataclass(frozen=True)
class PrefillField:
    """One profile key a read field may fill: `phone`, or `custom_fields.<key>`."""

    document: str
    field: str
    target: str

    @property
    def custom_key(self) -> str | None:
        """The key inside `custom_fields`, or None for a top-level profile field."""
        head, _, key = self.target.partition(".")
        return key if head == "custom_fields" else None


PREFILL_FIELDS: tuple[PrefillField, ...] = (
    *(PrefillField(doc, read, target) for target, (doc, read) in TOP_LEVEL_PREFILL.items()),
    *(PrefillField(doc, read, f"custom_fields.{key}") for key, (doc, read) in PROFILE_PREFILL.items()),
)
"""Every profile key an onboarding document may pre-fill: the custom fields of
`policies.onboarding.PROFILE_PREFILL` (which the write allow-list admits, `policies.writes.CUSTOM_FIELDS`)
and the phone. SSN, birth date and document number are never pre-filled."""

PREFILL_CUSTOM_FIELDS: frozenset[str] = frozenset(PROFILE_PREFILL)
PREFILL_TOP_LEVEL: frozenset[str] = frozenset(TOP_LEVEL_PREFILL)


def prefill_for(document: str) -> tuple[PrefillField, ...]:
    """The profile keys a document of this kind may fill, in the form's order."""
    return tuple(f for f in PREFILL_FIELDS if f.document == document)


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


def mask_last_four(value: str) -> str:
    """Every digit but the last four replaced by `*` (separators kept): `1990-04-17` -> `****-04-17`,
    `912-34-5678` -> `***-**-5678`; letters (a card prefix) are masked too."""
    positions = [i for i, ch in enumerate(value) if ch.isalnum()]
    keep = set(positions[-4:])
    return "".join(ch if (i in keep or not ch.isalnum()) else "*" for i, ch in enumerate(value))


def masked(field: str, value: str) -> str:
    """A read value as it may be stored: sensitive fields to their last four, others as read."""
    return mask_last_four(value) if field in SENSITIVE_FIELDS else value


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
