"""Michigan: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    MISSING,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

MI = StateIncidentRules(
    "MI",
    "Michigan",
    (
        ReportRule(
            "licensing",
            "LARA Child Care Licensing",
            DEATH | MISSING | any_of(F.SEXUAL_CONTACT, F.STAFF_PHYSICAL, F.FIRE, F.EVACUATION) | MEDICAL,
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
            MISSING | any_of(F.SEXUAL_CONTACT, F.STAFF_PHYSICAL, F.FIRE, F.EVACUATION),
            "within",
            "Mich. Admin. Code R 400.8158(2) (report to the parent within 24 hours)",
            within_minutes=24 * 60,
        ),
    ),
)
