"""The shapes of incident duties and the event sets state rules are written in.

Who must be told of a child care center incident, by when, per state, is data with its citations
(``policies/incident_states/``, one module per jurisdiction, collected by ``policies.incident_rules``).

Three kinds of duty, each a row next to the text it comes from:
- a report to the state's child care **licensing** agency (incident rules);
- a **child-protection** report of suspected abuse or neglect (each state's mandated-reporter statute;
  child care staff are mandated reporters in every state below; in NJ and NC every person is);
- notice to the child's **parents**.

Deadlines are hours from when the center learns of the event. ``0`` means "immediately" (the text gives
no outer limit); where a text says "immediately, but no later than N hours" the row keeps N, the legal
limit. "Next working day" counts as 24 (the project's contract); the row's ``timing`` keeps the words.

``secondary=True`` marks a row that was not confirmed in the regulation's own text: it was read in a
summary, in a sibling rule of the same agency, or in a rescinded version (the ``source`` says which).
Searched 2026-12 with the project's search tool; rows were read in official or verbatim copies of the
text (state legislature and agency sites, Justia, Casetext, Cornell LII, elaws) unless marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from policies.incident_vocabulary import Fact as F

ReportKind = Literal["licensing", "child_protection"]
ParentTiming = Literal["immediately", "within", "at_pickup", "same_day", "no_deadline"]


@dataclass(frozen=True)
class ReportRule:
    """A report the center must make to an agency when any of ``events`` happened."""

    kind: ReportKind
    agency: str
    events: frozenset[F]
    within_hours: int
    timing: str
    citation: str
    written_within_hours: int | None = None
    secondary: bool = False
    source: str = ""


@dataclass(frozen=True)
class ParentRule:
    """Notice to the child's parents when any of ``events`` happened."""

    events: frozenset[F]
    timing: ParentTiming
    citation: str
    within_minutes: int | None = None
    secondary: bool = False
    source: str = ""


@dataclass(frozen=True)
class StateIncidentRules:
    """One jurisdiction's incident duties."""

    state: str
    name: str
    reports: tuple[ReportRule, ...]
    parent: tuple[ParentRule, ...] = ()


def any_of(*facts: F) -> frozenset[F]:
    return frozenset(facts)


ABUSE = any_of(F.SUSPECTED_ABUSE)
DEATH = any_of(F.DEATH)
MEDICAL = any_of(F.MEDICAL_TREATMENT, F.EMERGENCY_CARE, F.HOSPITALIZATION, F.SERIOUS_INJURY)
EMERGENCY = any_of(F.EMERGENCY_CARE, F.HOSPITALIZATION)
MISSING = any_of(F.MISSING_CHILD, F.LEFT_UNSUPERVISED)
UNSAFE_PREMISES = any_of(F.FIRE, F.PREMISES_UNSAFE, F.EVACUATION)
UNUSUAL = any_of(
    F.MISSING_CHILD,
    F.LEFT_UNSUPERVISED,
    F.MEDICATION_ERROR,
    F.UNAUTHORIZED_RELEASE,
    F.RESTRAINT,
    F.INTRUDER,
    F.VEHICLE_ACCIDENT,
    F.NOT_BREATHING,
    F.CHOKING,
    F.STAFF_PHYSICAL,
    F.SEXUAL_CONTACT,
    F.EVACUATION,
)
"""Events that threaten a child's health or safety without fitting a named category (CA "unusual
incident", TX "non-routine situation", OH "unusual or unexpected event")."""

SERIOUS_FOR_PARENTS = (
    MEDICAL
    | DEATH
    | UNUSUAL
    | UNSAFE_PREMISES
    | any_of(F.HEAD_INJURY, F.ALLERGIC_REACTION, F.POISONING, F.SUSPECTED_ABUSE)
)


CENTER_POLICY_PARENT: tuple[ParentRule, ...] = (
    ParentRule(
        SERIOUS_FOR_PARENTS,
        "immediately",
        "Caring for Our Children 9.4.1.10 (parents told immediately of a death, an injury or illness needing "
        "medical attention, or a lost child); applied where no state rule was read",
        within_minutes=0,
    ),
    ParentRule(
        any_of(F.MINOR_INJURY, F.ILLNESS, F.BEHAVIOR, F.STAFF_CONDUCT),
        "same_day",
        "Center policy: minor injuries, illness and behavior incidents are told to the parent the same day",
    ),
    ParentRule(
        any_of(F.COMMUNICABLE_DISEASE, F.CONTAGIOUS_CONDITION),
        "within",
        "Center policy: written notice to the parents of the group within 48 hours of a communicable disease",
        within_minutes=48 * 60,
    ),
)
"""Used for any fact that the state's own parent rules do not cover (cited as what it is)."""
