"""Georgia: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    MISSING,
    UNSAFE_PREMISES,
    ReportRule,
    StateIncidentRules,
)

GA = StateIncidentRules(
    "GA",
    "Georgia",
    (
        ReportRule(
            "licensing",
            "DECAL (Bright from the Start)",
            DEATH | MEDICAL | MISSING | UNSAFE_PREMISES,
            24,
            "within 24 hours or the next work day",
            "Ga. Comp. R. & Regs. 591-1-1-.29(3) (death, illness or injury needing hospitalization or "
            "medical attention beyond first aid, missing child, fire, structural disaster, relocation)",
        ),
        ReportRule(
            "child_protection",
            "county DFCS (and notice to DECAL that a report was made)",
            ABUSE,
            24,
            "immediately, but within 24 hours or the next work day",
            "Ga. Comp. R. & Regs. 591-1-1-.29(1); O.C.G.A. 19-7-5 (child care personnel report within "
            "24 hours)",
        ),
    ),
)
