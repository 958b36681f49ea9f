"""Credential validity and training-hour rules.

Sources (checked 2026-11):
- AHA: "Course completion cards are valid for two years through the end of the month during which the
  course completion card was issued" (American Heart Association, Course Card Information FAQ,
  cpr.heart.org).
- American Red Cross: certificates are valid two years from the course completion date (secondary:
  Red Cross learning-center summaries; the certificate prints its own "valid until" date, which wins
  when present on the record).
- Background checks: CCDBG, 45 CFR 98.43(d)(1)-(2): a check before a staff member starts and "not less
  than once during each 5-year period" after (read 2026-12 in the ACF Child Care Technical Assistance
  Network's CCDF fundamentals page quoting the final rule; (d)(4), cited before, is provisional hiring
  under supervision).
- Annual training hours by state: `policies/training.py` (re-exported here).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal

from policies.errors import InvalidInput
from policies.training import TRAINING_RULES, TrainingGap, TrainingHours, TrainingRule, training_gap

__all__ = [
    "REQUIRED_CREDENTIALS",
    "SUPPORTED_KINDS",
    "TRAINING_RULES",
    "VALIDITY_RULES",
    "ExpiryStatus",
    "RequiredCredential",
    "TrainingGap",
    "TrainingHours",
    "TrainingRule",
    "ValidityRule",
    "classify_expiry",
    "expiry",
    "is_caregiver",
    "label_of",
    "required_for",
    "training_gap",
]


@dataclass(frozen=True)
class ValidityRule:
    """How long a credential kind stays valid, and who says so."""

    kind: str
    months: int
    through_end_of_month: bool
    authority: str
    citation: str
    renewal: str


VALIDITY_RULES: dict[str, ValidityRule] = {
    rule.kind: rule
    for rule in (
        ValidityRule(
            "pediatric_cpr_aha",
            24,
            True,
            "American Heart Association",
            "AHA Course Card Information FAQ: valid two years through the end of the month of issue",
            "Renew with an AHA Heartsaver Pediatric First Aid CPR AED course at an AHA Training Center.",
        ),
        ValidityRule(
            "first_aid_aha",
            24,
            True,
            "American Heart Association",
            "AHA Course Card Information FAQ: valid two years through the end of the month of issue",
            "Renew with an AHA Heartsaver First Aid course at an AHA Training Center.",
        ),
        ValidityRule(
            "pediatric_cpr_red_cross",
            24,
            False,
            "American Red Cross",
            "American Red Cross certificate validity: two years from course completion (secondary)",
            "Renew with a Red Cross Adult and Pediatric First Aid/CPR/AED course (review course allowed "
            "while the certificate is current).",
        ),
        ValidityRule(
            "first_aid_red_cross",
            24,
            False,
            "American Red Cross",
            "American Red Cross certificate validity: two years from course completion (secondary)",
            "Renew with a Red Cross First Aid course.",
        ),
        ValidityRule(
            "background_check",
            60,
            False,
            "State licensing agency (CCDBG)",
            "45 CFR 98.43(d)(1)-(2): re-check at least once every 5 years (FBI fingerprint, NCIC NSOR, state "
            "criminal, sex-offender and child abuse/neglect registries of each state of residence in the "
            "past 5 years)",
            "Submit a new comprehensive background check through the state licensing portal.",
        ),
    )
}

SUPPORTED_KINDS = tuple(sorted(VALIDITY_RULES))


def _add_months(d: date, months: int) -> date:
    month_index = d.month - 1 + months
    year, month = d.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def expiry(kind: str, issued: date) -> date:
    """Last day a credential of `kind` issued on `issued` is valid, by the issuer's own rule."""
    rule = VALIDITY_RULES.get(kind)
    if rule is None:
        raise InvalidInput(f"unknown credential kind {kind!r}; supported: {', '.join(SUPPORTED_KINDS)}")
    end = _add_months(issued, rule.months)
    if rule.through_end_of_month:
        return date(end.year, end.month, calendar.monthrange(end.year, end.month)[1])
    # "Valid for N years from" the date: through the anniversary (the date printed on Red Cross certificates).
    return end


ExpiryBucket = Literal["expired", "due_30", "due_60", "due_90", "ok"]
Priority = Literal["low", "normal", "high", "urgent"]


@dataclass(frozen=True)
class ExpiryStatus:
    """Where a credential stands against the alert windows on a given day."""

    expires_on: date
    days_left: int
    bucket: str
    priority: Priority

    @property
    def needs_action(self) -> bool:
        return self.bucket != "ok"


def classify_expiry(
    expires_on: date, today: date, windows_days: tuple[int, ...] | list[int] = (90, 60, 30)
) -> ExpiryStatus:
    """Put a credential in the tightest alert window it falls in (`expired`, `due_30`, ... or `ok`).

    Windows are configurable (`PROCARE_AI_CREDENTIAL_WINDOWS_DAYS`); priority rises as the window tightens.
    """
    if not windows_days or any(w <= 0 for w in windows_days):
        raise InvalidInput("credential alert windows must be positive numbers of days")
    days_left = (expires_on - today).days
    if days_left < 0:
        return ExpiryStatus(expires_on, days_left, "expired", "urgent")
    ordered = sorted(set(windows_days))
    for rank, window in enumerate(ordered):
        if days_left <= window:
            priority: Priority = ("high", "normal", "low")[min(rank, 2)]
            return ExpiryStatus(expires_on, days_left, f"due_{window}", priority)
    return ExpiryStatus(expires_on, days_left, "ok", "low")


@dataclass(frozen=True)
class RequiredCredential:
    """A credential every staff member in a caregiving role must hold, satisfied by any of `kinds`."""

    group: str
    label: str
    kinds: tuple[str, ...]
    caregivers_only: bool
    citation: str


REQUIRED_CREDENTIALS: tuple[RequiredCredential, ...] = (
    RequiredCredential(
        "pediatric_cpr",
        "Pediatric CPR",
        ("pediatric_cpr_aha", "pediatric_cpr_red_cross"),
        True,
        "45 CFR 98.41(a)(1)(ii): health and safety training for caregivers includes pediatric first aid "
        "and CPR (e.g. 26 TAC 746.1315 in Texas)",
    ),
    RequiredCredential(
        "first_aid",
        "Pediatric First Aid",
        ("first_aid_aha", "first_aid_red_cross"),
        True,
        "45 CFR 98.41(a)(1)(ii): health and safety training for caregivers includes pediatric first aid "
        "and CPR (e.g. 26 TAC 746.1315 in Texas)",
    ),
    RequiredCredential(
        "background_check",
        "Comprehensive background check",
        ("background_check",),
        False,
        "45 CFR 98.43(a) and (d)(1)-(2): every staff member, before hire and at least every 5 years",
    ),
)

CAREGIVER_POSITION_WORDS = ("teacher", "aide", "floater", "caregiver", "director", "assistant")


def is_caregiver(position: str) -> bool:
    """Whether a position is counted in ratio / caregiving (and so needs pediatric CPR and first aid)."""
    lowered = position.lower()
    return any(word in lowered for word in CAREGIVER_POSITION_WORDS)


def required_for(position: str) -> tuple[RequiredCredential, ...]:
    """The credentials a staff member in `position` must hold."""
    caregiver = is_caregiver(position)
    return tuple(r for r in REQUIRED_CREDENTIALS if caregiver or not r.caregivers_only)


def label_of(kind: str) -> str:
    """A person-readable name of a credential kind, for messages and reports."""
    for req in REQUIRED_CREDENTIALS:
        if kind in req.kinds:
            issuer = VALIDITY_RULES[kind].authority if kind in VALIDITY_RULES else ""
            return f"{req.label} ({issuer})" if "aha" in kind or "red_cross" in kind else req.label
    return kind.replace("_", " ")
