"""New York and New York City: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    MISSING,
    SERIOUS_FOR_PARENTS,
    UNSAFE_PREMISES,
    UNUSUAL,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

# New York City shares the state's child-protection statute.
CPS = ReportRule(
    "child_protection",
    "NYS Statewide Central Register of Child Abuse and Maltreatment",
    ABUSE,
    0,
    "immediately by telephone",
    "N.Y. Soc. Serv. Law 413 (child care workers must report) and 415 (immediately by telephone, written "
    "report within 48 hours); 18 NYCRR 418-1.10(c)(1)",
    written_within_hours=48,
)

NY = StateIncidentRules(
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
        CPS,
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
)

NYC = StateIncidentRules(
    "NYC",
    "New York City",
    (
        ReportRule(
            "licensing",
            "NYC DOHMH Bureau of Child Care",
            DEATH | MEDICAL | MISSING | UNSAFE_PREMISES | any_of(F.STAFF_PHYSICAL, F.SEXUAL_CONTACT),
            24,
            "within 24 hours",
            "NYC Health Code Article 47 (child care services); 'serious injury' as defined in NYC Admin. "
            "Code 17-1301(d)",
            secondary=True,
            source="Article 47 notification section not found; the 17-1301(d) definition was read; the "
            "24-hour limit is the conservative reading used until the section is checked",
        ),
        CPS,
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
)
