"""North Carolina: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    MEDICAL,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

NC = StateIncidentRules(
    "NC",
    "North Carolina",
    (
        ReportRule(
            "licensing",
            "NC DCDEE",
            any_of(F.MEDICAL_TREATMENT),
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
            any_of(F.MINOR_INJURY, F.HEAD_INJURY) | MEDICAL,
            "same_day",
            "10A NCAC 09 .0802(e) (incident report signed by the parent, copy given to the parent)",
        ),
    ),
)
