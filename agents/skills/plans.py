"""Development plans: what a staff member's role asks of them that their record does not show yet.

Gaps, each citing its rule:
- mandated topics not completed (policies.mandated_training: pre-service / orientation topics by role and
  state, Florida's introductory course), due or overdue;
- the state's recurring training hours over the last period (policies.training: hours, instructor-led
  minimum, topic minimums), for roles that owe them;
- required credentials (policies.credentials: pediatric CPR and first aid for caregivers, the background
  check for everyone) missing, expired, or expiring within `EXPIRING_DAYS`.
The center's own needs (declared in procare-ai, since Procare holds no list of them) are judged by
agents.skills.needs on the skills profile, with the ranker `skills match` uses.

Inputs: the stored skills profile (its credentials: the same evidence a need search uses) and the training
records read from Procare (hours and categories, which the stored profile does not keep). Pure: the caller
reads; nothing here does I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from policies import credentials as credential_rules
from policies import mandated_training as mandated
from policies.mandated_training import Completion, MandatedStatus
from policies.training import TRAINING_RULES, TrainingHours, normalise_category, training_gap
from tools.models import Employee, School, TrainingRecord

EXPIRING_DAYS = 90
"""A required credential expiring within this many days is a gap to plan a renewal course for."""
UNDER_24_MONTHS_GROUPS = frozenset({"infant", "toddler"})
"""Rooms whose children may be under 24 months (Texas 746.1309(d)'s infant topics): the stricter reading
counts every toddler room."""

GapKind = Literal["mandated_topic", "annual_hours", "credential", "center_need"]
GapStatus = Literal["overdue", "due", "short", "missing", "expired", "expiring"]


@dataclass(frozen=True)
class Gap:
    """One requirement the person's record does not meet (yet)."""

    kind: GapKind
    key: str
    label: str
    status: GapStatus
    detail: str
    citation: str
    due_on: date | None = None
    topic: str | None = None
    """The policies.mandated_training topic a course must cover (for a center need: the need's text, which
    agents.skills.needs finds in a course or not); None: any training that counts."""
    hours_needed: float = 0.0
    counted_categories: frozenset[str] = field(default_factory=frozenset)
    """For an hours gap on a topic minimum: the normalised categories that count toward it."""


def _day(raw: object) -> date | None:
    return date.fromisoformat(raw) if isinstance(raw, str) and raw else None


def _profile_credentials(profile: Mapping[str, Any]) -> list[tuple[str, date | None]]:
    """(kind, expires_on) of each credential on the profile; a card without an expiry date expires by its
    issuer's rule (policies.credentials.expiry), as a need search judges it (agents.skills.records)."""
    found = []
    for c in profile.get("credentials") or []:
        if isinstance(c, Mapping) and isinstance(c.get("kind"), str):
            kind, expires, issued = c["kind"], _day(c.get("expires_on")), _day(c.get("issued_on"))
            if expires is None and issued is not None and kind in credential_rules.VALIDITY_RULES:
                expires = credential_rules.expiry(kind, issued)
            found.append((kind, expires))
    return found


def credential_gaps(position: str, profile: Mapping[str, Any], today: date) -> list[Gap]:
    """Required credentials missing, expired or expiring soon, judged on the stored profile's cards."""
    held = _profile_credentials(profile)
    gaps = []
    for req in credential_rules.required_for(position):
        ends = [expires for kind, expires in held if kind in req.kinds]
        best = max(ends, key=lambda d: d or date.max) if ends else None
        topic = {"pediatric_cpr": "pediatric_cpr", "first_aid": "pediatric_first_aid"}.get(req.group)
        if not ends:
            status: GapStatus = "missing"
            detail = f"no {req.label} on record"
        elif best is not None and best < today:
            status, detail = "expired", f"{req.label} expired {best}"
        elif best is not None and best <= today + timedelta(days=EXPIRING_DAYS):
            status, detail = "expiring", f"{req.label} expires {best}"
        else:
            continue
        gaps.append(Gap("credential", req.group, req.label, status, detail, req.citation, best, topic))
    return gaps


def mandated_gaps(
    school: School,
    employee: Employee,
    records: Iterable[TrainingRecord],
    profile: Mapping[str, Any],
    today: date,
) -> list[Gap]:
    """Mandated topics not completed: from training records and the profile's valid CPR / first aid cards."""
    done = [Completion(t.training_id, t.title, t.category, t.hours, t.completed_on) for t in records]
    for n, (kind, expires) in enumerate(_profile_credentials(profile)):
        if expires is None or expires >= today:
            card = Completion.from_credential(f"credential:{n}", kind, today)
            if card is not None:
                done.append(card)
    statuses = mandated.track(school.state, employee.position, employee.hire_date, done, today=today)
    return [gap_of(item) for item in mandated.open_items(statuses)]


def gap_of(item: MandatedStatus) -> Gap:
    """The gap of one mandated topic not done yet (the course search and the plan both read it)."""
    req = item.requirement
    left = max(0.0, req.min_hours - item.hours_done)
    detail = f"due {item.due_on}" + (
        f", {item.days_overdue} day(s) overdue" if item.status == "overdue" else ""
    )
    if req.min_hours:
        detail += f"; {item.hours_done:g} of {req.min_hours:g} hours done"
    status: GapStatus = "overdue" if item.status == "overdue" else "due"
    return Gap(
        "mandated_topic", req.key, item.label, status, detail, req.citation, item.due_on, req.topic, left
    )


def hours_gaps(
    school: School,
    employee: Employee,
    records: Iterable[TrainingRecord],
    today: date,
    *,
    cares_for_under_24_months: bool,
) -> list[Gap]:
    """The state's recurring hours over the last period (policies.training), for roles that owe them."""
    owed = mandated.annual_hours(school.state, employee.position)
    rule = TRAINING_RULES.get(school.state.strip().upper())
    if owed is None or rule is None:
        return []
    since = today - timedelta(days=round(rule.period_months * 365 / 12))
    period = [
        TrainingHours.from_delivery(t.hours, t.category, t.delivery)
        for t in records
        if since < t.completed_on <= today
    ]
    gap = training_gap(
        school.state,
        period,
        is_director=mandated.training_role(employee.position) == "director",
        cares_for_under_24_months=cares_for_under_24_months,
    )
    if gap is None or gap.compliant:
        return []
    gaps = [
        Gap(
            "annual_hours",
            "annual_hours",
            f"{gap.hours_required:g} training hours every {rule.period_months} months",
            "short",
            "; ".join(gap.problems),
            gap.citation,
            hours_needed=gap.shortfall,
        )
    ]
    counted = []  # (record, its category): the walrus inside any() left `cat` unbound with no excluded words
    for r in period:
        cat = normalise_category(r.category)
        if not any(word in cat for word in rule.excluded_words):
            counted.append((r, cat))
    for topic in rule.topics:
        if topic.infant_caregivers_only and not cares_for_under_24_months:
            continue
        got = sum(r.hours for r, cat in counted if cat in topic.categories)
        if got >= topic.hours:
            continue
        gaps.append(
            Gap(
                "annual_hours",
                f"annual_hours:{normalise_category(topic.label)}",
                f"{topic.hours:g} hours of {topic.label}",
                "short",
                f"{got:g} of {topic.hours:g} hours of {topic.label}",
                topic.citation,
                hours_needed=topic.hours - got,
                counted_categories=topic.categories,
            )
        )
    return gaps


def gaps_for(
    school: School,
    employee: Employee,
    profile: Mapping[str, Any],
    records: Iterable[TrainingRecord],
    today: date,
    *,
    cares_for_under_24_months: bool,
) -> list[Gap]:
    """Every gap of one staff member, overdue and expired first, then by due date."""
    listed = list(records)
    found = (
        credential_gaps(employee.position, profile, today)
        + mandated_gaps(school, employee, listed, profile, today)
        + hours_gaps(school, employee, listed, today, cares_for_under_24_months=cares_for_under_24_months)
    )
    urgent = {"overdue": 0, "expired": 0, "missing": 1, "short": 2, "expiring": 3, "due": 4}
    return sorted(found, key=lambda g: (urgent[g.status], g.due_on or date.max, g.kind, g.key))
