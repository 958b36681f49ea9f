"""Staff-to-child ratio tables for child care centers: which jurisdictions are encoded, and which are not.

Data only. Each jurisdiction's rows live in `policies/ratio_states/<code>.py` next to the sections they
come from, with a `Source` field saying what confirmed each row; the shapes are `policies/ratio_model.py`
and the logic that applies them is `policies/ratios.py`. `docs/ratios.md` is generated from these
tables (`python -m policies.ratio_docs > docs/ratios.md`) and a test keeps it in step.

Coverage: 19 states plus New York City and the NAEYC accreditation standard. The goal is all 50 states
and DC; `REMAINING` lists the other 32 and why each is not encoded yet: what was read of it, and what
is missing before its rows can be cited (a state is encoded only from its own text or, row by row and
marked so, a summary; never from memory).
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    CityOverride,
    MixedAgeRule,
    Source,
    StateRules,
)
from policies.ratio_states import (
    az,
    ca,
    fl,
    ga,
    il,
    ma,
    mi,
    mn,
    mo,
    mt,
    naeyc,
    nc,
    nj,
    ny,
    oh,
    pa,
    tn,
    tx,
    va,
    wa,
)

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
        tn.RULES,
        mo.RULES,
        mn.RULES,
        mt.RULES,
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
    "not encoded yet: the most populous states came first (issue 13); its center ratio rule has not "
    "been read row by row"
)
_READ = {
    "WI": (
        "Wis. Admin. Code DCF 251.05(4) was read (group size exemptions, naps, and a mixed-age rule that "
        "prorates the ratio by age, with a worksheet), but Table 251.05-D itself is a PDF the index does not "
        "hold: without it no row can be cited, and the pro-rata rule needs the table's numbers"
    ),
    "MS": (
        "15 Miss. Code R. 11-55-1.8.2 (ratios by age, youngest child for mixed groups, rest-time direct "
        "supervision by half the staff) was read, but the group sizes sit in another section not reached "
        "(a design firm's summary lists group sizes, but its ratios disagree with the rule's text, so it "
        "cannot stand in); encoding no cap would be looser than the rule"
    ),
    "IN": (
        "470 IAC 3-4.7-48 (youngest child governs, who counts, two adults always present) was read, but the "
        "ratio table was found only in a summary whose age groups (infant, toddler, two-year-olds, 30-36 "
        "months) need the rule's own definitions for their edges, not reached"
    ),
    "MD": (
        "COMAR 13A.16.08.04 (group size may vary outdoors and at special activities; school-age groups of "
        "any size on an approved plan) was read; the table of 13A.16.08.03 was found only in a law firm's "
        "summary without group sizes"
    ),
    "CO": (
        "8 CCR 1402-1-2.217(A) (who counts; at most eight children with one teacher in low attendance) was "
        "read, but its ratio and group-size table lies past what the index holds; a summary lists "
        "overlapping age rows and a 20% rule for mixed groups, without all group sizes"
    ),
    "KY": (
        "922 KAR 2:120 was reached (definitions: infant under 12 months, toddler 12-24 months, school-age "
        "from kindergarten), but its ratio and group-size table lies past what the index holds"
    ),
}

REMAINING: dict[str, str] = {
    code: _NEXT + (f"; {_READ[code]}" if code in _READ else "")
    for code in US_JURISDICTIONS
    if code not in RULES
}
"""The other states and DC, with why each is not encoded. An unsupported code is refused, never guessed."""

MAX_CHILD_AGE_MONTHS = 216
"""Ages at or above 18 years are refused as data errors, not children in care."""
