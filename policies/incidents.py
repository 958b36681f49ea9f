"""Incident triage: category, severity, who is told, and which reports the state requires, by when.

``triage`` is the floor (contract ``policies.incidents.triage`` in DESIGN.md): the facts come from fixed
rules over the description (``policies.incident_facts``), the duties from per-state data with citations
(``policies.incident_rules``). ``raise_only`` merges a model's reading on top: it may raise the severity
or add categories (and so tell more people), never lower or remove anything, and never changes the
reports or their deadlines, which only the rules decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Literal, get_args

from policies.errors import InvalidInput
from policies.incident_facts import Actor, Fact, Reading, read
from policies.incident_rules import CENTER_POLICY_PARENT, RULES, ParentRule, ReportRule, supported_states

Category = Literal["injury", "illness", "behavior", "safety", "staff_conduct", "missing_child", "other"]
Severity = Literal["low", "medium", "high", "critical"]
Role = Literal["room_lead", "director", "hr"]
CATEGORIES: tuple[Category, ...] = get_args(Category)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
INFANT_MONTHS = 12
MAX_CHILD_AGE_MONTHS = 18 * 12

_INJURY = {Fact.SERIOUS_INJURY, Fact.HEAD_INJURY, Fact.MINOR_INJURY}
_ILLNESS = {Fact.ILLNESS, Fact.COMMUNICABLE_DISEASE, Fact.CONTAGIOUS_CONDITION, Fact.ALLERGIC_REACTION}
_SAFETY = {
    Fact.POISONING,
    Fact.MEDICATION_ERROR,
    Fact.LEFT_UNSUPERVISED,
    Fact.UNAUTHORIZED_RELEASE,
    Fact.FIRE,
    Fact.EVACUATION,
    Fact.PREMISES_UNSAFE,
    Fact.HAZARD,
    Fact.VEHICLE_ACCIDENT,
    Fact.INTRUDER,
    Fact.SUSPECTED_ABUSE,
    Fact.SEXUAL_CONTACT,
    Fact.NOT_BREATHING,
    Fact.CHOKING,
    Fact.DEATH,
    Fact.RESTRAINT,
}
_CRITICAL = {Fact.DEATH, Fact.NOT_BREATHING}
_HIGH = {
    Fact.HOSPITALIZATION,
    Fact.EMERGENCY_CARE,
    Fact.SERIOUS_INJURY,
    Fact.MEDICAL_TREATMENT,
    Fact.SUSPECTED_ABUSE,
    Fact.STAFF_PHYSICAL,
    Fact.MISSING_CHILD,
    Fact.LEFT_UNSUPERVISED,
    Fact.POISONING,
    Fact.MEDICATION_ERROR,
    Fact.CHOKING,
    Fact.FIRE,
    Fact.EVACUATION,
    Fact.INTRUDER,
    Fact.VEHICLE_ACCIDENT,
    Fact.UNAUTHORIZED_RELEASE,
    Fact.RESTRAINT,
    Fact.SEXUAL_CONTACT,
}
_MEDIUM = {
    Fact.HEAD_INJURY,
    Fact.ALLERGIC_REACTION,
    Fact.COMMUNICABLE_DISEASE,
    Fact.STAFF_CONDUCT,
    Fact.PREMISES_UNSAFE,
    Fact.HAZARD,
}


@dataclass(frozen=True)
class RequiredReport:
    """One report the center owes an agency, and by when (hours from when the center learned of it)."""

    kind: Literal["licensing", "child_protection"]
    agency: str
    within_hours: int
    timing: str
    citation: str
    written_within_hours: int | None
    secondary: bool
    source: str
    because: tuple[str, ...]


@dataclass(frozen=True)
class ParentNotice:
    """Whether the child's parents must be told and by when (``within_minutes`` 0 = immediately)."""

    required: bool
    timing: str
    within_minutes: int | None
    citation: str
    secondary: bool = False
    hold_reason: str | None = None
    """Set when parents must NOT be told yet: a family member is the suspected abuser (tell CPS first)."""


@dataclass(frozen=True)
class Triage:
    """The rules' floor for one incident. ``report_within_hours`` is the first report's deadline."""

    state: str
    category: Category
    categories: tuple[Category, ...]
    severity: Severity
    licensing_reportable: bool
    report_within_hours: int | None
    citation: str
    reports: tuple[RequiredReport, ...]
    parent_notice: ParentNotice
    notify: tuple[Role, ...]
    alert: bool
    facts: tuple[str, ...]
    evidence: tuple[str, ...]
    suspected_abuse: bool
    suspected_actor: str
    secondary: bool
    notes: tuple[str, ...] = ()
    raised_by_model: tuple[str, ...] = ()


def triage(description: str, *, state: str, child_age_months: int | None = None) -> Triage:
    """Classify an incident description and list the reports and notices the state requires."""
    code = _state(state)
    if not isinstance(description, str) or not description.strip():
        raise InvalidInput("an incident description is required (got an empty one)")
    age = _age(child_age_months)
    reading = read(description)
    rules = RULES[code]
    reports = _reports(rules.reports, reading)
    categories = _categories(reading)
    severity = _severity(reading, age, bool(reports))
    parent = _parent_notice(rules.parent, reading)
    first = min((r.within_hours for r in reports), default=None)
    citation = (
        "; ".join(dict.fromkeys(r.citation for r in reports))
        if reports
        else f"{rules.name}: no licensing or child-protection report is required for the facts described"
    )
    notes = _notes(reading, reports)
    return Triage(
        state=code,
        category=categories[0],
        categories=categories,
        severity=severity,
        licensing_reportable=bool(reports),
        report_within_hours=first,
        citation=citation,
        reports=reports,
        parent_notice=parent,
        notify=_roles(severity, categories, reading, bool(reports)),
        alert=bool(reports) or severity == "critical",
        facts=tuple(sorted(f.value for f in reading.facts)),
        evidence=tuple(f"{f.value}: {p}" for f, p in reading.evidence),
        suspected_abuse=Fact.SUSPECTED_ABUSE in reading.facts,
        suspected_actor=reading.abuser.value,
        secondary=any(r.secondary for r in reports) or parent.secondary,
        notes=notes,
    )


def raise_only(floor: Triage, model_view: Mapping[str, object]) -> Triage:
    """Merge a model's classification into the rules' floor without ever lowering it.

    ``model_view`` may hold ``severity`` (one of SEVERITIES) and ``category`` or ``categories``. A higher
    severity is taken; a new category is appended (the rules' primary category stays first). Anything
    else the model says (lower severity, "not reportable", other keys, unknown values) is ignored and
    listed in ``raised_by_model`` as ignored. Reports, deadlines and parent notice never change.
    """
    if not isinstance(model_view, Mapping):
        return replace(
            floor, raised_by_model=(*floor.raised_by_model, "ignored: model output is not a mapping")
        )
    changes: list[str] = []
    severity = floor.severity
    proposed = model_view.get("severity")
    if proposed is not None:
        if proposed in SEVERITIES and SEVERITIES.index(proposed) > SEVERITIES.index(severity):  # type: ignore[arg-type]
            changes.append(f"severity raised from {severity} to {proposed}")
            severity = proposed  # type: ignore[assignment]
        elif proposed != severity:
            changes.append(f"ignored: severity {str(proposed)[:40]!r} (the rules' floor is {floor.severity})")
    categories = list(floor.categories)
    for value in _model_categories(model_view):
        if value in CATEGORIES and value not in categories:
            categories.append(value)  # type: ignore[arg-type]
            changes.append(f"category added: {value}")
        elif value not in CATEGORIES:
            changes.append(f"ignored: category {value[:40]!r}")
    ignored = sorted(str(k) for k in model_view if k not in {"severity", "category", "categories"})
    if ignored:
        changes.append(f"ignored keys: {', '.join(str(k)[:40] for k in ignored)}")
    if not changes:
        return floor
    added = tuple(categories[len(floor.categories) :])
    notify = tuple(dict.fromkeys((*floor.notify, *_model_roles(severity, added))))
    notes = floor.notes
    if added:
        notes = (*notes, "A model saw categories the rules did not: a person should read the description.")
    return replace(
        floor,
        severity=severity,
        categories=tuple(categories),
        notify=notify,
        alert=floor.alert or severity == "critical",
        notes=notes,
        raised_by_model=(*floor.raised_by_model, *changes),
    )


def report_due_at(learned_at: datetime, within_hours: int) -> datetime:
    """The instant a report is due: ``within_hours`` of elapsed time after the center learned of it."""
    if learned_at.tzinfo is None or learned_at.utcoffset() is None:
        raise InvalidInput("the time the center learned of the incident needs a time zone")
    return learned_at + timedelta(hours=within_hours)


def _state(state: str) -> str:
    code = state.strip().upper() if isinstance(state, str) else ""
    if code not in RULES:
        raise InvalidInput(
            f"no incident rules for state {state!r}; supported: {', '.join(supported_states())}"
        )
    return code


def _age(child_age_months: int | None) -> int | None:
    if child_age_months is None:
        return None
    if isinstance(child_age_months, bool) or not isinstance(child_age_months, int):
        raise InvalidInput(f"child_age_months must be a whole number of months, got {child_age_months!r}")
    if not 0 <= child_age_months <= MAX_CHILD_AGE_MONTHS:
        raise InvalidInput(
            f"child_age_months must be between 0 and {MAX_CHILD_AGE_MONTHS}, got {child_age_months}"
        )
    return child_age_months


def _reports(rules: tuple[ReportRule, ...], reading: Reading) -> tuple[RequiredReport, ...]:
    out = []
    for rule in rules:
        hits = rule.events & reading.facts
        if hits:
            out.append(
                RequiredReport(
                    kind=rule.kind,
                    agency=rule.agency,
                    within_hours=rule.within_hours,
                    timing=rule.timing,
                    citation=rule.citation,
                    written_within_hours=rule.written_within_hours,
                    secondary=rule.secondary,
                    source=rule.source,
                    because=tuple(sorted(f.value for f in hits)),
                )
            )
    return tuple(sorted(out, key=lambda r: (r.within_hours, r.kind)))


def _categories(reading: Reading) -> tuple[Category, ...]:
    facts = reading.facts
    found: list[Category] = []
    if Fact.MISSING_CHILD in facts:
        found.append("missing_child")
    if facts & {Fact.STAFF_PHYSICAL, Fact.STAFF_CONDUCT} or reading.abuser == Actor.STAFF:
        found.append("staff_conduct")
    if Fact.SUSPECTED_ABUSE in facts and reading.abuser != Actor.STAFF:
        found.append("safety")
    if facts & _INJURY:
        found.append("injury")
    if facts & _ILLNESS:
        found.append("illness")
    if facts & _SAFETY:
        found.append("safety")
    if Fact.BEHAVIOR in facts:
        found.append("behavior")
    if not found and facts & {Fact.MEDICAL_TREATMENT, Fact.EMERGENCY_CARE, Fact.HOSPITALIZATION}:
        found.append("injury")
    return tuple(dict.fromkeys(found)) or ("other",)


def _severity(reading: Reading, age: int | None, reportable: bool) -> Severity:
    facts = reading.facts
    level = 0
    if facts & _MEDIUM:
        level = 1
    if facts & _HIGH:
        level = 2
    missing_open = Fact.MISSING_CHILD in facts and Fact.CHILD_FOUND not in facts
    sexual_abuse = Fact.SEXUAL_CONTACT in facts and Fact.SUSPECTED_ABUSE in facts
    if facts & _CRITICAL or missing_open or sexual_abuse:
        level = 3
    infant = age is not None and age < INFANT_MONTHS
    if infant and Fact.HEAD_INJURY in facts:
        level = max(level, 2)
    if infant and facts & _INJURY:
        level = max(level, 1)
    if reportable:
        level = max(level, 2)
    return SEVERITIES[level]


def _parent_notice(rules: tuple[ParentRule, ...], reading: Reading) -> ParentNotice:
    facts = set(reading.facts)
    hold = None
    if Fact.SUSPECTED_ABUSE in facts and reading.abuser == Actor.FAMILY:
        hold = (
            "a family member is the suspected abuser: make the child-protection report first and follow "
            "the agency's advice before telling the parents"
        )
        facts.discard(Fact.SUSPECTED_ABUSE)
    legal = [r for r in rules if r.events & facts]
    timed = [r for r in legal if r.timing != "no_deadline"]
    covered = set().union(*(r.events & facts for r in timed)) if timed else set()
    policy = [r for r in CENTER_POLICY_PARENT if (r.events & facts) - covered]
    matched = legal + policy
    if not matched:
        return ParentNotice(
            False,
            "not required",
            None,
            "No rule requires parent notice for the facts described",
            hold_reason=hold,
        )
    order = {"immediately": 0, "within": 1, "same_day": 2, "at_pickup": 3, "no_deadline": 4}
    best = min(
        matched, key=lambda r: (order[r.timing], r.within_minutes if r.within_minutes is not None else 10**9)
    )
    timing = {
        "immediately": "immediately",
        "within": f"within {best.within_minutes} minutes"
        if (best.within_minutes or 0) < 120
        else f"within {(best.within_minutes or 0) // 60} hours",
        "same_day": "the same day",
        "at_pickup": "when the parent picks the child up",
        "no_deadline": "as soon as possible (no deadline in the rule)",
    }[best.timing]
    citation = best.citation
    if best not in legal and legal:
        citation = "; ".join(dict.fromkeys([*(r.citation for r in legal), f"timing: {best.citation}"]))
    secondary = best.secondary or any(r.secondary for r in legal)
    return ParentNotice(True, timing, best.within_minutes, citation, secondary, hold)


def _roles(
    severity: Severity, categories: tuple[Category, ...], reading: Reading, reportable: bool
) -> tuple[Role, ...]:
    roles: list[Role] = ["room_lead"]
    if reportable or SEVERITIES.index(severity) >= 1 or reading.has(Fact.SUSPECTED_ABUSE):
        roles.append("director")
    if "staff_conduct" in categories or reading.abuser == Actor.STAFF:
        roles.append("hr")
    return tuple(roles)


def _model_roles(severity: Severity, added: tuple[Category, ...]) -> tuple[Role, ...]:
    roles: list[Role] = []
    if SEVERITIES.index(severity) >= 1 or added:
        roles.append("director")
    if "staff_conduct" in added:
        roles.append("hr")
    return tuple(roles)


def _model_categories(model_view: Mapping[str, object]) -> list[str]:
    values: list[object] = []
    if "category" in model_view:
        values.append(model_view["category"])
    many = model_view.get("categories")
    if isinstance(many, (list, tuple)):
        values.extend(many)
    elif many is not None:
        values.append(many)
    return [str(v) for v in values if v is not None]


def _notes(reading: Reading, reports: tuple[RequiredReport, ...]) -> tuple[str, ...]:
    notes = []
    if reading.has(Fact.SUSPECTED_ABUSE):
        notes.append(
            "Every staff member who suspects abuse or neglect is a mandated reporter and reports directly; "
            "telling the director does not discharge the duty (e.g. Tex. Fam. Code 261.101(b): may not "
            "delegate)."
        )
    if reading.abuser == Actor.STAFF:
        notes.append(
            "A staff member is named: keep them away from children until the director and HR decide."
        )
    if any(r.secondary for r in reports):
        notes.append(
            "At least one rule applied was confirmed only in a secondary source: check it before filing."
        )
    return tuple(notes)
