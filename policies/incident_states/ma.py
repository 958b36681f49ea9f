"""Massachusetts: incident reports and parent notice, each row next to its section."""

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

MA = StateIncidentRules(
    "MA",
    "Massachusetts",
    (
        ReportRule(
            "licensing",
            "Department of Early Education and Care (EEC)",
            DEATH | EMERGENCY | ABUSE | any_of(F.FIRE),
            0,
            "immediately",
            "606 CMR 7.04 (death, injury or illness needing hospitalization or emergency treatment, 51A "
            "report of abuse or neglect in care)",
            secondary=True,
            source="section text not found in the searched copies; used as the conservative reading",
        ),
        ReportRule(
            "child_protection",
            "Department of Children and Families (51A report)",
            ABUSE,
            0,
            "immediately orally; written report within 48 hours",
            "Mass. Gen. Laws c. 119, s. 51A(a)",
            written_within_hours=48,
        ),
    ),
)
