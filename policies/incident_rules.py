"""Every jurisdiction's incident duties in one table, ``RULES`` (state code -> its rules).

The rows live next to their sections in ``policies/incident_states/`` (one module per jurisdiction); the
shapes and the shared event sets are in ``policies.incident_duties``. ``policies.incidents.triage`` reads
this table.
"""

from __future__ import annotations

from policies.incident_duties import (
    CENTER_POLICY_PARENT,
    ParentRule,
    ReportRule,
    StateIncidentRules,
)
from policies.incident_states import az, ca, fl, ga, il, ma, mi, nc, nj, ny, oh, pa, tx, va, wa

__all__ = [
    "CENTER_POLICY_PARENT",
    "RULES",
    "ParentRule",
    "ReportRule",
    "StateIncidentRules",
    "supported_states",
]

RULES: dict[str, StateIncidentRules] = {
    rules.state: rules
    for rules in (
        ca.CA,
        tx.TX,
        ny.NY,
        ny.NYC,
        fl.FL,
        il.IL,
        wa.WA,
        pa.PA,
        oh.OH,
        ga.GA,
        nc.NC,
        mi.MI,
        nj.NJ,
        va.VA,
        az.AZ,
        ma.MA,
    )
}


def supported_states() -> tuple[str, ...]:
    """The jurisdictions with incident rules, sorted."""
    return tuple(sorted(RULES))
