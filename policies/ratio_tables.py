"""Staff-to-child ratio tables for child care centers: which jurisdictions are encoded, and which are not.

Data only. Each jurisdiction's rows live in `policies/ratio_states/<code>.py` next to the sections they
come from, with a `Source` field saying what confirmed each row; the shapes are `policies/ratio_model.py`
and the logic that applies them is `policies/ratios.py`. `docs/ratios.md` is generated from these
tables (`python -m policies.ratio_docs > docs/ratios.md`) and a test keeps it in step.

Coverage: 15 states plus New York City and the NAEYC accreditation standard. The goal is all 50 states
and DC; `REMAINING` lists the others and why they are not encoded yet.
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    CityOverride,
    MixedAgeRule,
    Source,
    StateRules,
)
from policies.ratio_states import az, ca, fl, ga, il, ma, mi, naeyc, nc, nj, ny, oh, pa, tx, va, wa

__all__ = [
    "MAX_CHILD_AGE_MONTHS",
    "REMAINING",
    "RULES",
    "US_JURISDICTIONS",
    "AgeBand",
    "CityOverride",
    "MixedAgeRule",
    "Source",
    "StateRules",
]

RULES: dict[str, StateRules] = {
    r.code: r
    for r in (
        ca.RULES,
        tx.RULES,
        ny.NY,
        ny.NYC,
        fl.RULES,
        il.RULES,
        naeyc.RULES,
        wa.RULES,
        pa.RULES,
        oh.RULES,
        ga.RULES,
        nc.RULES,
        mi.RULES,
        nj.RULES,
        va.RULES,
        az.RULES,
        ma.RULES,
    )
}
"""Supported codes -> rules. "NYC" is New York City's own code; "NAEYC" is the accreditation standard."""

US_JURISDICTIONS = (
    "AK", "AL", "AR", "AZ", "CA", "CO", "CT", "DC", "DE", "FL", "GA", "HI", "IA", "ID", "IL", "IN", "KS",
    "KY", "LA", "MA", "MD", "ME", "MI", "MN", "MO", "MS", "MT", "NC", "ND", "NE", "NH", "NJ", "NM", "NV",
    "NY", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VA", "VT", "WA", "WI", "WV", "WY",
)  # fmt: skip
"""The 50 states and DC: the goal."""

_NEXT = (
    "not encoded yet: the most populous states came first (issue 13); this one waits for its center "
    "rules to be read and cited row by row"
)
_READ = {
    "TN": "Tenn. Comp. R. & Regs. 1240-04-01-.22 (charts 1 and 2) was read while searching",
    "MO": "5 CSR 25-500.112 (with its two mixed-age types) was read while searching",
}

REMAINING: dict[str, str] = {
    code: _NEXT + (f"; {_READ[code]}" if code in _READ else "")
    for code in US_JURISDICTIONS
    if code not in RULES
}
"""The other states and DC, with why each is not encoded. An unsupported code is refused, never guessed."""

MAX_CHILD_AGE_MONTHS = 216
"""Ages at or above 18 years are refused as data errors, not children in care."""
