"""Ohio: incident reports and parent notice, each row next to its section."""

from __future__ import annotations

from policies.incident_duties import (
    ABUSE,
    DEATH,
    MEDICAL,
    SERIOUS_FOR_PARENTS,
    UNSAFE_PREMISES,
    UNUSUAL,
    ParentRule,
    ReportRule,
    StateIncidentRules,
    any_of,
)
from policies.incident_vocabulary import Fact as F

OH = StateIncidentRules(
    "OH",
    "Ohio",
    (
        ReportRule(
            "licensing",
            "state child care licensing office (OCLQS serious incident report)",
            DEATH | MEDICAL | UNUSUAL | any_of(F.HEAD_INJURY) | UNSAFE_PREMISES,
            24,
            "by the next business day (the rescinded rule: speak with licensing within 24 hours, 48 on a "
            "weekend or holiday; written report within three business days)",
            "Ohio Adm. Code 5101:2-12-16 (serious incident, injury or illness: death, removal for "
            "medical treatment, bump or blow to the head, child left unattended, unusual or unexpected "
            "event)",
            secondary=True,
            source="current rule read in a provider's procedure summary; rescinded 5101:2-12-35(C) read",
        ),
        ReportRule(
            "child_protection",
            "public children services agency or law enforcement",
            ABUSE,
            0,
            "immediately",
            "Ohio Rev. Code 2151.421(A)(1) (child care employees must immediately report)",
        ),
    ),
    (
        ParentRule(
            any_of(F.MINOR_INJURY, F.HEAD_INJURY, F.ILLNESS) | SERIOUS_FOR_PARENTS,
            "same_day",
            "Ohio Adm. Code 5101:2-12-16 (incident/injury report given to the parent the day it happens)",
            secondary=True,
            source="read in the rescinded 5101:2-12-35(B) and a provider's procedure summary",
        ),
    ),
)
