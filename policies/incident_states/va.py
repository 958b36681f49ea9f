"""Virginia: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

VA = StateIncidentRules(
    "VA",
    "Virginia",
    (
        ReportRule(
            "licensing",
            "Department of Education licensing (superintendent's representative)",
            DEATH | any_of(F.MISSING_CHILD),
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
)
