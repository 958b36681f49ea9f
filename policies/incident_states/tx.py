"""Texas: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    UNSAFE_PREMISES,
    UNUSUAL,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

TX = StateIncidentRules(
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
            any_of(F.MEDICAL_TREATMENT, F.HOSPITALIZATION, F.COMMUNICABLE_DISEASE, F.POISONING)
            | UNUSUAL - any_of(F.STAFF_PHYSICAL, F.SEXUAL_CONTACT)
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
            MEDICAL | UNUSUAL | UNSAFE_PREMISES | any_of(F.POISONING, F.ALLERGIC_REACTION),
            "immediately",
            "26 TAC 746.307(b) (after the child is safe: injury needing medical treatment, illness "
            "needing hospitalization, epinephrine given, non-routine risk, center unsafe)",
            within_minutes=0,
        ),
        ParentRule(
            any_of(F.MINOR_INJURY, F.HEAD_INJURY),
            "at_pickup",
            "26 TAC 746.307(c) (less serious injuries: when the parent picks the child up)",
        ),
        ParentRule(
            any_of(F.COMMUNICABLE_DISEASE),
            "within",
            "26 TAC 746.307(d) (written notice to every parent within 48 hours of a notifiable disease)",
            within_minutes=48 * 60,
        ),
        ParentRule(
            any_of(F.CONTAGIOUS_CONDITION),
            "within",
            "26 TAC 746.307(e) (written notice to the parents of the group within 48 hours of lice or "
            "another infestation)",
            within_minutes=48 * 60,
        ),
    ),
)
