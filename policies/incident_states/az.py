"""Arizona: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    SERIOUS_FOR_PARENTS,
    ParentRule,
    ReportRule,
    StateIncidentRules,
)

AZ = StateIncidentRules(
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
)
