"""Who must be told of a child care center incident, by when, per state: data with its citations.

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

from policies.incident_facts import Fact as F

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


def _e(*facts: F) -> frozenset[F]:
    return frozenset(facts)


ABUSE = _e(F.SUSPECTED_ABUSE)
DEATH = _e(F.DEATH)
MEDICAL = _e(F.MEDICAL_TREATMENT, F.EMERGENCY_CARE, F.HOSPITALIZATION, F.SERIOUS_INJURY)
EMERGENCY = _e(F.EMERGENCY_CARE, F.HOSPITALIZATION)
MISSING = _e(F.MISSING_CHILD, F.LEFT_UNSUPERVISED)
UNSAFE_PREMISES = _e(F.FIRE, F.PREMISES_UNSAFE, F.EVACUATION)
UNUSUAL = _e(
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
    | _e(F.HEAD_INJURY, F.ALLERGIC_REACTION, F.POISONING, F.SUSPECTED_ABUSE)
)

# Child-protection statutes, one per state (NYC shares New York's).
_CA_CPS = ReportRule(
    "child_protection",
    "county child welfare agency, police or sheriff (Penal Code 11165.9)",
    ABUSE,
    0,
    "initial report by telephone immediately or as soon as practicably possible",
    "Cal. Penal Code 11166(a) (mandated reporter: telephone report immediately, written report within "
    "36 hours)",
    written_within_hours=36,
)
_NY_CPS = ReportRule(
    "child_protection",
    "NYS Statewide Central Register of Child Abuse and Maltreatment",
    ABUSE,
    0,
    "immediately by telephone",
    "N.Y. Soc. Serv. Law 413 (child care workers must report) and 415 (immediately by telephone, written "
    "report within 48 hours); 18 NYCRR 418-1.10(c)(1)",
    written_within_hours=48,
)

RULES: dict[str, StateIncidentRules] = {
    "CA": StateIncidentRules(
        "CA",
        "California",
        (
            ReportRule(
                "licensing",
                "CDSS Community Care Licensing Division",
                DEATH
                | _e(F.MEDICAL_TREATMENT)
                | UNUSUAL
                | ABUSE
                | _e(F.COMMUNICABLE_DISEASE, F.POISONING)
                | _e(F.PREMISES_UNSAFE, F.FIRE),
                24,
                "by telephone or fax within the Department's next working day; written report within 7 days",
                "22 CCR 101212(d)(1)(A)-(H): death, injury requiring medical treatment, unusual incident or "
                "child absence, suspected abuse, epidemic outbreak, poisoning, catastrophe, fire or "
                "explosion",
                written_within_hours=168,
            ),
            _CA_CPS,
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS | _e(F.COMMUNICABLE_DISEASE),
                "no_deadline",
                "22 CCR 101212(f): events in (d)(1)(A)-(H) are also reported to the child's authorized "
                "representative (no deadline in the text)",
            ),
        ),
    ),
    "TX": StateIncidentRules(
        "TX",
        "Texas",
        (
            ReportRule(
                "licensing",
                "HHSC Child Care Regulation",
                DEATH,
                0,
                "immediately",
                "26 TAC 746.305 (child dies while in care: notify Licensing immediately)",
                secondary=True,
                source="746.305 text not found; wording read in the parallel child-care-home rule 747.303(b)",
            ),
            ReportRule(
                "licensing",
                "HHSC Child Care Regulation",
                _e(F.MEDICAL_TREATMENT, F.HOSPITALIZATION, F.COMMUNICABLE_DISEASE, F.POISONING)
                | UNUSUAL - _e(F.STAFF_PHYSICAL, F.SEXUAL_CONTACT)
                | UNSAFE_PREMISES,
                48,
                "as soon as possible, but no later than two days after",
                "26 TAC 746.305 (injury needing medical treatment or hospitalization, illness needing "
                "hospitalization, notifiable disease, non-routine situation placing a child at risk, center "
                "unsafe)",
                secondary=True,
                source="746.305 text not found; wording read in the parallel child-care-home rule 747.303(a)",
            ),
            ReportRule(
                "child_protection",
                "DFPS (Texas Abuse Hotline)",
                ABUSE,
                48,
                "not later than the 48th hour after first suspecting; may not delegate to another person",
                "Tex. Fam. Code 261.101(b) (professionals, including day-care employees, report within 48 "
                "hours); 26 TAC 746.201 (staff report directly to DFPS)",
            ),
        ),
        (
            ParentRule(
                ABUSE,
                "immediately",
                "26 TAC 746.307(a) (allegation of abuse, neglect or exploitation while in care)",
                within_minutes=0,
            ),
            ParentRule(
                MEDICAL | UNUSUAL | UNSAFE_PREMISES | _e(F.POISONING, F.ALLERGIC_REACTION),
                "immediately",
                "26 TAC 746.307(b) (after the child is safe: injury needing medical treatment, illness "
                "needing hospitalization, epinephrine given, non-routine risk, center unsafe)",
                within_minutes=0,
            ),
            ParentRule(
                _e(F.MINOR_INJURY, F.HEAD_INJURY),
                "at_pickup",
                "26 TAC 746.307(c) (less serious injuries: when the parent picks the child up)",
            ),
            ParentRule(
                _e(F.COMMUNICABLE_DISEASE),
                "within",
                "26 TAC 746.307(d) (written notice to every parent within 48 hours of a notifiable disease)",
                within_minutes=48 * 60,
            ),
            ParentRule(
                _e(F.CONTAGIOUS_CONDITION),
                "within",
                "26 TAC 746.307(e) (written notice to the parents of the group within 48 hours of lice or "
                "another infestation)",
                within_minutes=48 * 60,
            ),
        ),
    ),
    "NY": StateIncidentRules(
        "NY",
        "New York (outside New York City)",
        (
            ReportRule(
                "licensing",
                "NYS Office of Children and Family Services (OCFS)",
                DEATH | MEDICAL | UNUSUAL | UNSAFE_PREMISES,
                0,
                "immediately upon learning of it",
                "18 NYCRR 418-1.15(b)(14) (death, serious incident, serious injury or transport to a "
                "hospital while in care: immediately notify the parent and the Office)",
                secondary=True,
                source="clause (ii) 'serious incident' read verbatim on OCFS's inspection pages; the other "
                "clauses and the 413.2 definitions were not read",
            ),
            _NY_CPS,
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "immediately",
                "18 NYCRR 418-1.15(b)(14) (immediately notify the parent)",
                within_minutes=0,
                secondary=True,
                source="as for the licensing row",
            ),
        ),
    ),
    "NYC": StateIncidentRules(
        "NYC",
        "New York City",
        (
            ReportRule(
                "licensing",
                "NYC DOHMH Bureau of Child Care",
                DEATH | MEDICAL | MISSING | UNSAFE_PREMISES | _e(F.STAFF_PHYSICAL, F.SEXUAL_CONTACT),
                24,
                "within 24 hours",
                "NYC Health Code Article 47 (child care services); 'serious injury' as defined in NYC Admin. "
                "Code 17-1301(d)",
                secondary=True,
                source="Article 47 notification section not found; the 17-1301(d) definition was read; the "
                "24-hour limit is the conservative reading used until the section is checked",
            ),
            _NY_CPS,
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "immediately",
                "NYC Health Code Article 47 (parent notification)",
                within_minutes=0,
                secondary=True,
                source="not read; Caring for Our Children 9.4.1.10 standard applied",
            ),
        ),
    ),
    "FL": StateIncidentRules(
        "FL",
        "Florida",
        (
            ReportRule(
                "child_protection",
                "Florida Abuse Hotline (DCF central abuse hotline)",
                ABUSE,
                0,
                "immediately",
                "Fla. Stat. 39.201 (any person, day care center workers named, reports immediately to the "
                "central abuse hotline)",
                source="statute text read in 1997 (415.504) and 2008 copies; current 'immediately' wording "
                "read in summaries",
            ),
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "immediately",
                "Fla. Admin. Code 65C-22.004 and the Child Care Facility Handbook (parents contacted in any "
                "serious illness, accident, injury or emergency)",
                within_minutes=0,
                secondary=True,
                source="read in a law-firm summary of 65C-22.004",
            ),
            ParentRule(
                _e(F.MINOR_INJURY, F.BEHAVIOR, F.ILLNESS),
                "same_day",
                "Fla. Admin. Code 65C-22.004 (accidents and incidents documented and shared with the parent "
                "on the day they occur)",
                secondary=True,
                source="read in a law-firm summary of 65C-22.004",
            ),
        ),
    ),
    "IL": StateIncidentRules(
        "IL",
        "Illinois",
        (
            ReportRule(
                "licensing",
                "DCFS Day Care Licensing",
                DEATH | MEDICAL | MISSING | ABUSE | _e(F.FIRE),
                0,
                "orally immediately; written confirmation within two working days",
                "89 Ill. Adm. Code 407 (serious occurrences reported to the Department)",
                written_within_hours=48,
                secondary=True,
                source="the center rule's text was not found; wording read in DCFS's parallel rule 89 Ill. "
                "Adm. Code 405.19(h) (orally immediately to parent and Department, written in 2 working "
                "days)",
            ),
            ReportRule(
                "child_protection",
                "DCFS Child Abuse Hotline",
                ABUSE,
                0,
                "immediately",
                "325 ILCS 5/4 (child care workers report immediately to DCFS)",
                secondary=True,
                source="shared reference notes (regulations.md); statute text not read",
            ),
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "immediately",
                "89 Ill. Adm. Code 405.19(h) pattern (orally report immediately to the child's parent)",
                within_minutes=0,
                secondary=True,
                source="parallel DCFS rule for day care agencies",
            ),
        ),
    ),
    "WA": StateIncidentRules(
        "WA",
        "Washington",
        (
            ReportRule(
                "licensing",
                "DCYF licensing (after calling 911)",
                MISSING | EMERGENCY | UNSAFE_PREMISES | _e(F.POISONING, F.MEDICATION_ERROR, F.NOT_BREATHING),
                24,
                "911 immediately, then the department within 24 hours",
                "WAC 110-300-0475 (duty to protect children and report incidents)",
                secondary=True,
                source="110-300-0475 text not found; wording read in DCYF's sibling rule "
                "WAC 110-302-0475(2)(b)",
            ),
            ReportRule(
                "licensing",
                "DCYF licensing or law enforcement",
                DEATH | ABUSE | _e(F.SEXUAL_CONTACT),
                48,
                "at the first opportunity, but in no case longer than 48 hours",
                "WAC 110-300-0475 (death, suspected abuse or neglect, disclosure, inappropriate sexual "
                "contact)",
                secondary=True,
                source="wording read in DCYF's sibling rule WAC 110-302-0475(2)(a)",
            ),
            ReportRule(
                "child_protection",
                "DCYF intake (1-866-END-HARM) or law enforcement",
                ABUSE,
                48,
                "at the first opportunity, but in no case longer than 48 hours",
                "RCW 26.44.030(1) (licensed child care providers and their employees are mandated reporters)",
                secondary=True,
                source="quoted in summaries (churchlawandtax, ESD 112); RCW 26.44.040 (oral report) read",
            ),
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "immediately",
                "WAC 110-305-2250(1)(a) pattern (report immediately to the parent, after calling 911)",
                within_minutes=0,
                secondary=True,
                source="read in the DCYF family-home rule; the center rule was not found",
            ),
            ParentRule(
                _e(F.MINOR_INJURY, F.ILLNESS, F.COMMUNICABLE_DISEASE, F.CONTAGIOUS_CONDITION),
                "within",
                "WAC 110-305-2250(1)(b) pattern (injury not needing medical treatment, exposure to a "
                "reportable disease: within 24 hours)",
                within_minutes=24 * 60,
                secondary=True,
                source="read in the DCYF family-home rule",
            ),
        ),
    ),
    "PA": StateIncidentRules(
        "PA",
        "Pennsylvania",
        (
            ReportRule(
                "licensing",
                "DHS/OCDEL regional office",
                DEATH | EMERGENCY | _e(F.FIRE),
                24,
                "telephone notice within 24 hours; written report within 72 hours",
                "55 Pa. Code 3270.20(a)-(b) (inpatient hospitalization or emergency room treatment, death, "
                "fire requiring the fire department)",
                written_within_hours=72,
            ),
            ReportRule(
                "child_protection",
                "ChildLine (DHS)",
                ABUSE,
                0,
                "immediately, by telephone or electronically; written report within 48 hours of an oral one",
                "23 Pa.C.S. 6311 (persons who come into contact with children at work) and 6313",
                written_within_hours=48,
                secondary=True,
                source="6311 text read; 6313 timing read in training summaries",
            ),
        ),
        (
            ParentRule(
                DEATH | EMERGENCY | _e(F.FIRE),
                "immediately",
                "55 Pa. Code 3270.20(a) (operator immediately notifies the parent)",
                within_minutes=0,
            ),
        ),
    ),
    "OH": StateIncidentRules(
        "OH",
        "Ohio",
        (
            ReportRule(
                "licensing",
                "state child care licensing office (OCLQS serious incident report)",
                DEATH | MEDICAL | UNUSUAL | _e(F.HEAD_INJURY) | UNSAFE_PREMISES,
                24,
                "by the next business day (the rescinded rule: speak with licensing within 24 hours, 48 on a "
                "weekend or holiday; written report within three business days)",
                "Ohio Adm. Code 5101:2-12-16 (serious incident, injury or illness: death, removal for "
                "medical treatment, bump or blow to the head, child left unattended, unusual or unexpected "
                "event)",
                secondary=True,
                source="current rule read in a provider's procedure summary; rescinded 5101:2-12-35(C) read",
            ),
            ReportRule(
                "child_protection",
                "public children services agency or law enforcement",
                ABUSE,
                0,
                "immediately",
                "Ohio Rev. Code 2151.421(A)(1) (child care employees must immediately report)",
            ),
        ),
        (
            ParentRule(
                _e(F.MINOR_INJURY, F.HEAD_INJURY, F.ILLNESS) | SERIOUS_FOR_PARENTS,
                "same_day",
                "Ohio Adm. Code 5101:2-12-16 (incident/injury report given to the parent the day it happens)",
                secondary=True,
                source="read in the rescinded 5101:2-12-35(B) and a provider's procedure summary",
            ),
        ),
    ),
    "GA": StateIncidentRules(
        "GA",
        "Georgia",
        (
            ReportRule(
                "licensing",
                "DECAL (Bright from the Start)",
                DEATH | MEDICAL | MISSING | UNSAFE_PREMISES,
                24,
                "within 24 hours or the next work day",
                "Ga. Comp. R. & Regs. 591-1-1-.29(3) (death, illness or injury needing hospitalization or "
                "medical attention beyond first aid, missing child, fire, structural disaster, relocation)",
            ),
            ReportRule(
                "child_protection",
                "county DFCS (and notice to DECAL that a report was made)",
                ABUSE,
                24,
                "immediately, but within 24 hours or the next work day",
                "Ga. Comp. R. & Regs. 591-1-1-.29(1); O.C.G.A. 19-7-5 (child care personnel report within "
                "24 hours)",
            ),
        ),
    ),
    "NC": StateIncidentRules(
        "NC",
        "North Carolina",
        (
            ReportRule(
                "licensing",
                "NC DCDEE",
                _e(F.MEDICAL_TREATMENT),
                168,
                "copy of the incident report to the Division within 7 calendar days",
                "10A NCAC 09 .0802(e)-(f) (incident report when a child receives medical treatment)",
                secondary=True,
                source="the 7-day copy rule read in a law-firm summary; .0802(e) read",
            ),
            ReportRule(
                "child_protection",
                "county DSS director (7B-301) and DCDEE (110-105.4)",
                ABUSE,
                0,
                "no deadline in the text; treated as immediate",
                "N.C. Gen. Stat. 7B-301 (any person) and 110-105.4 (maltreatment in a child care facility is "
                "reported to the Department)",
            ),
        ),
        (
            ParentRule(
                _e(F.MINOR_INJURY, F.HEAD_INJURY) | MEDICAL,
                "same_day",
                "10A NCAC 09 .0802(e) (incident report signed by the parent, copy given to the parent)",
            ),
        ),
    ),
    "MI": StateIncidentRules(
        "MI",
        "Michigan",
        (
            ReportRule(
                "licensing",
                "LARA Child Care Licensing",
                DEATH | MISSING | _e(F.SEXUAL_CONTACT, F.STAFF_PHYSICAL, F.FIRE, F.EVACUATION) | MEDICAL,
                24,
                "within 24 hours by phone (fax or email for the non-death items); written report within 72 "
                "hours of the verbal report",
                "Mich. Admin. Code R 400.8158 (death; lost or unsupervised child; allegation of "
                "inappropriate contact; fire; evacuation; medical treatment or hospitalization)",
                written_within_hours=72,
            ),
            ReportRule(
                "child_protection",
                "MDHHS Centralized Intake",
                ABUSE,
                0,
                "immediately by telephone or online; written report within 72 hours of a telephone report",
                "Mich. Comp. Laws 722.623(1) (regulated child care providers)",
                written_within_hours=72,
            ),
        ),
        (
            ParentRule(DEATH, "immediately", "Mich. Admin. Code R 400.8158(1)(a)", within_minutes=0),
            ParentRule(
                MISSING | _e(F.SEXUAL_CONTACT, F.STAFF_PHYSICAL, F.FIRE, F.EVACUATION),
                "within",
                "Mich. Admin. Code R 400.8158(2) (report to the parent within 24 hours)",
                within_minutes=24 * 60,
            ),
        ),
    ),
    "NJ": StateIncidentRules(
        "NJ",
        "New Jersey",
        (
            ReportRule(
                "licensing",
                "DCF Office of Licensing",
                DEATH | EMERGENCY | _e(F.NOT_BREATHING),
                24,
                "by the next working day; documentation within one week",
                "N.J.A.C. 3A:52-7.10(b) (emergency room visit, hospital admission, death, call to 911 or "
                "emergency or urgent care)",
                written_within_hours=168,
            ),
            ReportRule(
                "child_protection",
                "DCF Division of Child Protection and Permanency (State Central Registry)",
                ABUSE,
                0,
                "immediately, by telephone or otherwise",
                "N.J.S.A. 9:6-8.10 (any person)",
            ),
        ),
    ),
    "VA": StateIncidentRules(
        "VA",
        "Virginia",
        (
            ReportRule(
                "licensing",
                "Department of Education licensing (superintendent's representative)",
                DEATH | _e(F.MISSING_CHILD),
                24,
                "as soon as practicable, but not to exceed one working day",
                "8VAC20-780-80 (death of a child; missing child when local authorities were contacted)",
                secondary=True,
                source="read in the former numbering 22VAC40-185-80",
            ),
            ReportRule(
                "child_protection",
                "local department of social services or the VDSS hotline",
                ABUSE,
                0,
                "immediately (a summary states an outer limit of 24 hours)",
                "Va. Code 63.2-1509(A) (persons providing child care for pay report immediately)",
            ),
        ),
    ),
    "AZ": StateIncidentRules(
        "AZ",
        "Arizona",
        (
            ReportRule(
                "child_protection",
                "Department of Child Safety or law enforcement (and ADHS when a staff member is suspected)",
                ABUSE,
                0,
                "immediately; documentation within three calendar days",
                "A.R.S. 13-3620; Ariz. Admin. Code R9-5-307",
                written_within_hours=72,
            ),
        ),
        (
            ParentRule(
                SERIOUS_FOR_PARENTS,
                "within",
                "Ariz. Admin. Code R9-5-514(C)(1)(d) (verbal notice within 30 minutes of a fire or "
                "emergency, written notice within 24 hours)",
                within_minutes=30,
            ),
        ),
    ),
    "MA": StateIncidentRules(
        "MA",
        "Massachusetts",
        (
            ReportRule(
                "licensing",
                "Department of Early Education and Care (EEC)",
                DEATH | EMERGENCY | ABUSE | _e(F.FIRE),
                0,
                "immediately",
                "606 CMR 7.04 (death, injury or illness needing hospitalization or emergency treatment, 51A "
                "report of abuse or neglect in care)",
                secondary=True,
                source="section text not found in the searched copies; used as the conservative reading",
            ),
            ReportRule(
                "child_protection",
                "Department of Children and Families (51A report)",
                ABUSE,
                0,
                "immediately orally; written report within 48 hours",
                "Mass. Gen. Laws c. 119, s. 51A(a)",
                written_within_hours=48,
            ),
        ),
    ),
}

CENTER_POLICY_PARENT: tuple[ParentRule, ...] = (
    ParentRule(
        SERIOUS_FOR_PARENTS,
        "immediately",
        "Caring for Our Children 9.4.1.10 (parents told immediately of a death, an injury or illness needing "
        "medical attention, or a lost child); applied where no state rule was read",
        within_minutes=0,
    ),
    ParentRule(
        _e(F.MINOR_INJURY, F.ILLNESS, F.BEHAVIOR, F.STAFF_CONDUCT),
        "same_day",
        "Center policy: minor injuries, illness and behavior incidents are told to the parent the same day",
    ),
    ParentRule(
        _e(F.COMMUNICABLE_DISEASE, F.CONTAGIOUS_CONDITION),
        "within",
        "Center policy: written notice to the parents of the group within 48 hours of a communicable disease",
        within_minutes=48 * 60,
    ),
)
"""Used for any fact that the state's own parent rules do not cover (cited as what it is)."""


def supported_states() -> tuple[str, ...]:
    """The jurisdictions with incident rules, sorted."""
    return tuple(sorted(RULES))
