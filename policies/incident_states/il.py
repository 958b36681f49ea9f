"""Illinois: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    MISSING,
    SERIOUS_FOR_PARENTS,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

IL = StateIncidentRules(
    "IL",
    "Illinois",
    (
        ReportRule(
            "licensing",
            "DCFS Day Care Licensing",
            DEATH | MEDICAL | MISSING | ABUSE | any_of(F.FIRE),
            0,
            "orally immediately; written confirmation within two working days",
            "89 Ill. Adm. Code 407 (serious occurrences reported to the Department)",
            written_within_hours=48,
            secondary=True,
            source="the center rule's text was not found; wording read in DCFS's parallel rule 89 Ill. "
            "Adm. Code 405.19(h) (orally immediately to parent and Department, written in 2 working "
            "days)",
        ),
        ReportRule(
            "child_protection",
            "DCFS Child Abuse Hotline",
            ABUSE,
            0,
            "immediately",
            "325 ILCS 5/4 (child care workers report immediately to DCFS)",
            secondary=True,
            source="shared reference notes (regulations.md); statute text not read",
        ),
    ),
    (
        ParentRule(
            SERIOUS_FOR_PARENTS,
            "immediately",
            "89 Ill. Adm. Code 405.19(h) pattern (orally report immediately to the child's parent)",
            within_minutes=0,
            secondary=True,
            source="parallel DCFS rule for day care agencies",
        ),
    ),
)
