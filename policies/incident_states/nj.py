"""New Jersey: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    EMERGENCY,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

NJ = StateIncidentRules(
    "NJ",
    "New Jersey",
    (
        ReportRule(
            "licensing",
            "DCF Office of Licensing",
            DEATH | EMERGENCY | any_of(F.NOT_BREATHING),
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
)
