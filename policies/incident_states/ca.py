"""California: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    SERIOUS_FOR_PARENTS,
    UNUSUAL,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

CPS = ReportRule(
    "child_protection",
    "county child welfare agency, police or sheriff (Penal Code 11165.9)",
    ABUSE,
    0,
    "initial report by telephone immediately or as soon as practicably possible",
    "Cal. Penal Code 11166(a) (mandated reporter: telephone report immediately, written report within "
    "36 hours)",
    written_within_hours=36,
)

CA = StateIncidentRules(
    "CA",
    "California",
    (
        ReportRule(
            "licensing",
            "CDSS Community Care Licensing Division",
            DEATH
            | any_of(F.MEDICAL_TREATMENT)
            | UNUSUAL
            | ABUSE
            | any_of(F.COMMUNICABLE_DISEASE, F.POISONING)
            | any_of(F.PREMISES_UNSAFE, F.FIRE),
            24,
            "by telephone or fax within the Department's next working day; written report within 7 days",
            "22 CCR 101212(d)(1)(A)-(H): death, injury requiring medical treatment, unusual incident or "
            "child absence, suspected abuse, epidemic outbreak, poisoning, catastrophe, fire or "
            "explosion",
            written_within_hours=168,
        ),
        CPS,
    ),
    (
        ParentRule(
            SERIOUS_FOR_PARENTS | any_of(F.COMMUNICABLE_DISEASE),
            "no_deadline",
            "22 CCR 101212(f): events in (d)(1)(A)-(H) are also reported to the child's authorized "
            "representative (no deadline in the text)",
        ),
    ),
)
