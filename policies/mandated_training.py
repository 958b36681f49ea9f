"""Mandated training by role and state: which topics a staff member must complete after hire, and by when.

Federal floor (every state): the Child Care and Development Block Grant. 45 CFR 98.44(b)(1)(i) has caregivers,
teachers and directors complete pre-service or orientation training (within three months) in the health and
safety topics of 45 CFR 98.41(a)(1) (42 U.S.C. 9858c(c)(2)(I)(i)(I)-(XI)) and in child development. The topic
list and the three-month limit are encoded as the 2016 CCDF final rule restates them (secondary: the rule's
own text was not re-read when this module was written; the same reading as policies.onboarding, whose
orientation period this module shares). Topics apply "as appropriate to the provider setting and the age of
the children served": safe sleep and abusive head trauma are required of every caregiver here (the stricter
reading: a floater may cover an infant room), transportation only of drivers (no program's transportation is
modelled).

State rows, each citing its own rule:
- Florida, Fla. Stat. 402.305(2)(d)1: the 40-clock-hour introductory child care course, begun within 90 days
  of employment and completed within a year (read in the project's regulation notes); 10 clock hours of annual
  in-service training, 402.305(2)(d)5 (secondary).
- Texas: pediatric first aid and CPR within 90 days (26 TAC 746.1315, secondary, as policies.onboarding);
  annual hours 26 TAC 746.1309 / 746.1311 (policies.training).
- New York, Illinois, Washington, Virginia: annual hours as policies.training encodes them (secondary there).
- California: no per-person annual-hours rule for center staff is encoded (22 CCR 101216 was not read for
  one); the federal topics apply.

Roles come from Procare's free-text position (`training_role`): lead teacher, teacher (floaters too),
assistant (assistant teacher, aide), director (assistant directors too), cook, driver, other. A cook or other
non-caregiving staff member has no child-care training topic here: none of the rules above names them.

Completion is judged from training records (title and category, matched by topic phrases) and from valid
CPR / first aid credentials (`Completion.from_credential`); a record counts whenever it was completed,
before hire included (pre-service training taken elsewhere counts).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from policies.errors import InvalidInput
from policies.onboarding import FEDERAL_ORIENTATION_DAYS, ORIENTATION_DAYS
from policies.ratio_model import Source
from policies.training import TRAINING_RULES

TrainingRole = Literal["lead_teacher", "teacher", "assistant", "director", "cook", "driver", "other"]
CAREGIVING_ROLES: frozenset[TrainingRole] = frozenset({"lead_teacher", "teacher", "assistant", "director"})
"""45 CFR 98.44(b)(1): "caregivers, teachers, and directors"."""

_ROLE_WORDS: tuple[tuple[str, TrainingRole], ...] = (
    ("director", "director"),
    ("lead", "lead_teacher"),
    ("assistant", "assistant"),
    ("aide", "assistant"),
    ("teacher", "teacher"),
    ("caregiver", "teacher"),
    ("floater", "teacher"),
    ("cook", "cook"),
    ("chef", "cook"),
    ("kitchen", "cook"),
    ("driver", "driver"),
    ("bus", "driver"),
)

Due = Literal["pre_service_or_orientation", "within_first_year"]


@dataclass(frozen=True)
class Topic:
    """A training topic and the phrases (normalised words joined by `_`) a record names it by."""

    key: str
    label: str
    phrases: tuple[str, ...]


TOPICS: dict[str, Topic] = {
    t.key: t
    for t in (
        Topic(
            "infectious_disease",
            "Prevention and control of infectious diseases (immunization)",
            ("infectious", "communicable_disease", "immunization", "handwashing", "hand_washing"),
        ),
        Topic(
            "safe_sleep", "SIDS prevention and safe sleep practices", ("safe_sleep", "sids", "sudden_infant")
        ),
        Topic("medication", "Administration of medication", ("medication", "medications")),
        Topic(
            "food_allergies",
            "Food and allergic-reaction emergencies",
            ("allergy", "allergies", "allergic", "anaphylaxis", "epinephrine"),
        ),
        Topic(
            "premises_safety",
            "Building and physical premises safety",
            ("premises", "building_safety", "playground_safety", "water_safety", "facility_safety"),
        ),
        Topic(
            "abusive_head_trauma",
            "Shaken baby syndrome, abusive head trauma and child maltreatment prevention",
            ("shaken_baby", "abusive_head_trauma"),
        ),
        Topic(
            "emergency_preparedness",
            "Emergency preparedness and response planning",
            ("emergency_preparedness", "emergency_response", "disaster", "lockdown", "evacuation"),
        ),
        Topic(
            "hazardous_materials",
            "Hazardous materials and biocontaminants",
            ("hazardous_materials", "biocontaminant", "biocontaminants", "bloodborne", "blood_borne"),
        ),
        Topic("transportation", "Precautions in transporting children", ("transporting", "transportation")),
        Topic("pediatric_first_aid", "Pediatric first aid", ("first_aid",)),
        Topic("pediatric_cpr", "Pediatric CPR", ("cpr",)),
        Topic(
            "child_abuse_reporting",
            "Recognition and reporting of child abuse and neglect",
            ("child_abuse", "abuse_and_neglect", "mandated_reporter", "child_maltreatment"),
        ),
        Topic(
            "child_development",
            "Child development",
            ("child_development", "child_growth_and_development", "growth_and_development"),
        ),
        Topic(
            "fl_introductory_course",
            "Florida 40-hour introductory child care course",
            ("introductory_child_care", "40_hour_introductory", "introductory_course", "dcf_introductory"),
        ),
    )
}

_CCDBG = "45 CFR 98.44(b)(1)(i), topics of 98.41(a)(1) (42 U.S.C. 9858c(c)(2)(I)(i))"
_FEDERAL_TOPICS: tuple[tuple[str, str], ...] = (
    ("infectious_disease", "(I)"),
    ("safe_sleep", "(II)"),
    ("medication", "(III)"),
    ("food_allergies", "(IV)"),
    ("premises_safety", "(V)"),
    ("abusive_head_trauma", "(VI)"),
    ("emergency_preparedness", "(VII)"),
    ("hazardous_materials", "(VIII)"),
    ("pediatric_first_aid", "(X)"),
    ("pediatric_cpr", "(X)"),
    ("child_abuse_reporting", "(XI)"),
)


@dataclass(frozen=True)
class MandatedTraining:
    """One mandated topic for some roles: due a number of days after the first day of work."""

    key: str
    topic: str
    roles: frozenset[TrainingRole]
    due: Due
    within_days: int
    citation: str
    source: Source
    state: str | None = None
    """None: federal, every state."""
    min_hours: float = 0.0
    """Clock hours of records on the topic needed (0: one record on the topic suffices)."""
    start_within_days: int | None = None
    """Where the rule also says when the course must begin (Florida's introductory course)."""
    note: str = ""


def _federal(days: int, state: str | None) -> tuple[MandatedTraining, ...]:
    rows = [
        MandatedTraining(
            f"ccdbg_{topic}",
            topic,
            CAREGIVING_ROLES,
            "pre_service_or_orientation",
            days,
            f"{_CCDBG}{numeral}: pre-service or within the orientation period",
            Source.SECONDARY,
            state,
        )
        for topic, numeral in _FEDERAL_TOPICS
    ]
    rows.append(
        MandatedTraining(
            "ccdbg_child_development",
            "child_development",
            CAREGIVING_ROLES,
            "pre_service_or_orientation",
            days,
            "45 CFR 98.44(b)(1)(i): child development, pre-service or within the orientation period",
            Source.SECONDARY,
            state,
        )
    )
    rows.append(
        MandatedTraining(
            "ccdbg_transportation",
            "transportation",
            frozenset({"driver"}),
            "pre_service_or_orientation",
            days,
            f"{_CCDBG}(IX): precautions in transporting children, where applicable",
            Source.SECONDARY,
            state,
            note="required here of drivers only: no program's transportation is modelled",
        )
    )
    return tuple(rows)


_STATE_ROWS: dict[str, tuple[MandatedTraining, ...]] = {
    "FL": (
        MandatedTraining(
            "fl_introductory_course",
            "fl_introductory_course",
            CAREGIVING_ROLES,
            "within_first_year",
            365,
            "Fla. Stat. 402.305(2)(d)1: 40-clock-hour introductory course, begun within 90 days of "
            "employment and completed within one year",
            Source.SECONDARY,
            "FL",
            min_hours=40,
            start_within_days=90,
        ),
    ),
}


def training_role(position: str) -> TrainingRole:
    """The training role of a Procare position title ("Lead Teacher" -> lead_teacher, "Cook" -> cook)."""
    lowered = position.lower()
    return next((role for word, role in _ROLE_WORDS if word in lowered), "other")


def _state(state: str) -> str:
    code = state.strip().upper()
    if not re.fullmatch(r"[A-Z]{2,3}", code):
        raise InvalidInput(f"not a state code: {state!r}")
    return code


def orientation_days(state: str) -> int:
    """Days after the first day by which the pre-service / orientation topics are due in `state`."""
    return ORIENTATION_DAYS.get(_state(state), FEDERAL_ORIENTATION_DAYS)


def mandated_for(state: str, position: str) -> tuple[MandatedTraining, ...]:
    """Every mandated topic for a staff member in `position` at a center in `state` (federal first)."""
    code = _state(state)
    role = training_role(position)
    rows = (*_federal(orientation_days(code), None), *_STATE_ROWS.get(code, ()))
    return tuple(r for r in rows if role in r.roles)


@dataclass(frozen=True)
class AnnualHours:
    """A recurring clock-hour requirement (policies.training holds the rule and its check)."""

    state: str
    hours: float
    period_months: int
    citation: str
    source: Source


_FL_ANNUAL = AnnualHours(
    "FL",
    10,
    12,
    "Fla. Stat. 402.305(2)(d)5: 10 clock hours of in-service training a year",
    Source.SECONDARY,
)


def annual_hours(state: str, position: str) -> AnnualHours | None:
    """The recurring training hours a caregiving role owes in `state`; None where none is encoded."""
    code = _state(state)
    role = training_role(position)
    if role not in CAREGIVING_ROLES:
        return None
    if code == "FL":
        return _FL_ANNUAL
    rule = TRAINING_RULES.get(code)
    if rule is None:
        return None
    hours = rule.director_hours if role == "director" and rule.director_hours else rule.hours
    return AnnualHours(code, hours, rule.period_months, rule.citation, rule.source)


# ---- completion ----------------------------------------------------------------------------------------


def _words(text: str) -> str:
    return "_" + "_".join(re.findall(r"[a-z0-9]+", text.lower())) + "_"


@dataclass(frozen=True)
class Completion:
    """One completed training (or a valid credential standing for one), as the tracking needs it."""

    record_id: str
    title: str
    category: str
    hours: float
    completed_on: date

    @classmethod
    def from_credential(cls, credential_id: str, kind: str, issued_on: date) -> Completion | None:
        """A valid pediatric CPR or first aid card proves that topic; other kinds prove none."""
        if kind.startswith("pediatric_cpr"):
            return cls(credential_id, "Pediatric CPR card", "CPR", 0.0, issued_on)
        if kind.startswith("first_aid"):
            return cls(credential_id, "Pediatric First Aid card", "First Aid", 0.0, issued_on)
        return None


def covers(topic: str, *texts: str) -> bool:
    """Whether any of `texts` (a record's title, its category, a course's title or topic) names `topic`."""
    found = TOPICS.get(topic)
    if found is None:
        raise InvalidInput(f"unknown training topic {topic!r}")
    words = [_words(t) for t in texts if t]
    return any(f"_{phrase}_" in w for w in words for phrase in found.phrases)


Status = Literal["done", "due", "overdue"]


@dataclass(frozen=True)
class MandatedStatus:
    """Where one mandated topic stands for one staff member on `today`."""

    requirement: MandatedTraining
    due_on: date
    completed_on: date | None
    evidence: tuple[str, ...]
    """Record ids the completion rests on."""
    hours_done: float
    status: Status
    days_overdue: int = 0
    start_by: date | None = None

    @property
    def label(self) -> str:
        return TOPICS[self.requirement.topic].label


def track(
    state: str,
    position: str,
    hire_date: date,
    completions: Iterable[Completion],
    *,
    today: date,
) -> list[MandatedStatus]:
    """Each mandated topic's status: done (with the records), due (by when) or overdue (by how long)."""
    done = sorted(completions, key=lambda c: (c.completed_on, c.record_id))
    out: list[MandatedStatus] = []
    for req in mandated_for(state, position):
        due_on = hire_date + timedelta(days=req.within_days)
        matching = [c for c in done if covers(req.topic, c.title, c.category)]
        hours = sum(c.hours for c in matching)
        complete = bool(matching) and hours >= req.min_hours
        finished = None
        if complete:
            total, finished = 0.0, matching[-1].completed_on
            for c in matching:  # the day the hours first added up
                total += c.hours
                if total >= req.min_hours:
                    finished = c.completed_on
                    break
        status: Status = "done" if complete else ("overdue" if today > due_on else "due")
        start_by = hire_date + timedelta(days=req.start_within_days) if req.start_within_days else None
        out.append(
            MandatedStatus(
                requirement=req,
                due_on=due_on,
                completed_on=finished,
                evidence=tuple(c.record_id for c in matching),
                hours_done=hours,
                status=status,
                days_overdue=(today - due_on).days if status == "overdue" else 0,
                start_by=start_by,
            )
        )
    return out


def open_items(statuses: Iterable[MandatedStatus]) -> list[MandatedStatus]:
    """The topics not done yet, overdue first, then by due date."""
    return sorted(
        (s for s in statuses if s.status != "done"),
        key=lambda s: (s.status != "overdue", s.due_on, s.requirement.key),
    )
