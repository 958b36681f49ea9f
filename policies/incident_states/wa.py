"""Washington: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    EMERGENCY,
    MISSING,
    SERIOUS_FOR_PARENTS,
    UNSAFE_PREMISES,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

WA = StateIncidentRules(
    "WA",
    "Washington",
    (
        ReportRule(
            "licensing",
            "DCYF licensing (after calling 911)",
            MISSING | EMERGENCY | UNSAFE_PREMISES | any_of(F.POISONING, F.MEDICATION_ERROR, F.NOT_BREATHING),
            24,
            "911 immediately, then the department within 24 hours",
            "WAC 110-300-0475 (duty to protect children and report incidents)",
            secondary=True,
            source="110-300-0475 text not found; wording read in DCYF's sibling rule WAC 110-302-0475(2)(b)",
        ),
        ReportRule(
            "licensing",
            "DCYF licensing or law enforcement",
            DEATH | ABUSE | any_of(F.SEXUAL_CONTACT),
            48,
            "at the first opportunity, but in no case longer than 48 hours",
            "WAC 110-300-0475 (death, suspected abuse or neglect, disclosure, inappropriate sexual contact)",
            secondary=True,
            source="wording read in DCYF's sibling rule WAC 110-302-0475(2)(a)",
        ),
        ReportRule(
            "child_protection",
            "DCYF intake (1-866-END-HARM) or law enforcement",
            ABUSE,
            48,
            "at the first opportunity, but in no case longer than 48 hours",
            "RCW 26.44.030(1) (licensed child care providers and their employees are mandated reporters)",
            secondary=True,
            source="quoted in summaries (churchlawandtax, ESD 112); RCW 26.44.040 (oral report) read",
        ),
    ),
    (
        ParentRule(
            SERIOUS_FOR_PARENTS,
            "immediately",
            "WAC 110-305-2250(1)(a) pattern (report immediately to the parent, after calling 911)",
            within_minutes=0,
            secondary=True,
            source="read in the DCYF family-home rule; the center rule was not found",
        ),
        ParentRule(
            any_of(F.MINOR_INJURY, F.ILLNESS, F.COMMUNICABLE_DISEASE, F.CONTAGIOUS_CONDITION),
            "within",
            "WAC 110-305-2250(1)(b) pattern (injury not needing medical treatment, exposure to a "
            "reportable disease: within 24 hours)",
            within_minutes=24 * 60,
            secondary=True,
            source="read in the DCYF family-home rule",
        ),
    ),
)
