"""Florida: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    SERIOUS_FOR_PARENTS,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

FL = StateIncidentRules(
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
            any_of(F.MINOR_INJURY, F.BEHAVIOR, F.ILLNESS),
            "same_day",
            "Fla. Admin. Code 65C-22.004 (accidents and incidents documented and shared with the parent "
            "on the day they occur)",
            secondary=True,
            source="read in a law-firm summary of 65C-22.004",
        ),
    ),
)
