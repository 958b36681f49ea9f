"""Guardrails: every proposal, and every director edit, is checked against policies/ before it can run.

Checks, in order: the action is on the write allow-list and touches only allowed fields
(policies.writes); the args fit the Procare request model; no PII in any free text; and the
workflow's own rule (e.g. a credential's expiry may not go past what its issuer allows; a review form's
every claim cites a record the proposal read; a review is never booked on a blocked day; an onboarding
pre-fill writes only the profile keys the forms give, policies.onboarding.PROFILE_PREFILL).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from agents.common.redact import redact_text
from agents.common.types import Proposal
from graph.actions import split_args
from policies import credentials
from policies.onboarding_profile import prefill_problems
from policies.review_agenda import agenda_problems
from policies.writes import write_problems


def _texts(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def _credential_rule(proposal: Proposal, args: dict[str, Any]) -> list[str]:
    kind = proposal.context.get("credential_kind")
    issued, expires = args.get("issued_on"), args.get("expires_on")
    if not kind or issued is None or expires is None:
        return []
    try:
        limit = credentials.expiry(str(kind), date.fromisoformat(str(issued)))
        expires_on = date.fromisoformat(str(expires))
    except ValueError as exc:
        return [f"update_credential: {exc}"]
    if expires_on > limit:
        rule = credentials.VALIDITY_RULES[str(kind)]
        return [f"expires_on {expires_on} is later than {limit} allowed by {rule.citation}"]
    return []


def _booking_rule(proposal: Proposal, args: dict[str, Any]) -> list[str]:
    """A review booking ends after it starts and never falls on a day the review may not be held."""
    try:
        start, end = datetime.fromisoformat(str(args["start"])), datetime.fromisoformat(str(args["end"]))
    except (KeyError, ValueError):
        return ["book_calendar: start and end must be ISO 8601 instants"]
    if end <= start:
        return ["book_calendar: the meeting must end after it starts"]
    zone = proposal.context.get("tz")
    day = start.astimezone(ZoneInfo(str(zone))).date() if zone else start.date()
    for first, last, reason in proposal.context.get("blocked", []):
        if str(first) <= day.isoformat() <= str(last):
            return [f"book_calendar: no review on {day} ({reason})"]
    return []


def check_action(proposal: Proposal, name: str, args: dict[str, Any]) -> list[str]:
    """Reasons the action `name(args)` proposed under `proposal` may not run; empty when it may."""
    problems = write_problems(name, args)
    if problems:
        return problems
    try:
        split_args(name, args)
    except ValueError as exc:
        return [str(exc)]
    if any(redact_text(text) != text for text in _texts(args)):
        problems.append(f"{name}: text contains personal data (SSN, birth date or home address)")
    if name == "update_credential":
        problems.extend(_credential_rule(proposal, args))
    if name == "prefill_review_form" and isinstance(args.get("form"), dict):
        problems.extend(agenda_problems(args["form"], proposal.context.get("sources", [])))
    if name == "patch_employee" and proposal.workflow == "onboarding":
        problems.extend(prefill_problems(args))
    if name == "book_calendar" and proposal.workflow == "reviews":
        problems.extend(_booking_rule(proposal, args))
    if name != proposal.action:
        problems.append(f"an edit may not change the action from {proposal.action} to {name}")
    return problems
