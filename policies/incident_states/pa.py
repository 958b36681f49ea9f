"""Pennsylvania: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    EMERGENCY,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

PA = StateIncidentRules(
    "PA",
    "Pennsylvania",
    (
        ReportRule(
            "licensing",
            "DHS/OCDEL regional office",
            DEATH | EMERGENCY | any_of(F.FIRE),
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
            DEATH | EMERGENCY | any_of(F.FIRE),
            "immediately",
            "55 Pa. Code 3270.20(a) (operator immediately notifies the parent)",
            within_minutes=0,
        ),
    ),
)
