"""Tennessee licensed child care centers: Tenn. Comp. R. & Regs. 1240-04-01-.22.

Read 2026-12 (search tool): the rule's text (Cornell LII and Justia copies): (1)(c)1 Chart 1, single age
groupings; (1)(c)2 Chart 2, combined age groupings; (1)(c)3 Chart 3, combined groupings allowed in the
first and last hour and a half of each day only; (1)(d)2 group size kept at all times except meals in
common dining rooms, napping in common nap rooms and outdoors; (1)(d)3 infants never grouped with
children older than 30 months. All rows primary.

Readings (the rule leaves them to the center, which declares each group's age range; that declaration
is not an input here):
- Chart 1's rows overlap (6 weeks-15 months, 12-30 months, 24-35 months). A child's band is the
  stricter row at its age; a group takes the narrowest row of Charts 1-3 that holds every child
  (`MixedAgeRule.COMBINED_GROUPS`), ties to the stricter ratio, else the youngest child's row.
- "Three (3) years" is 36-47 months; "Two (2) - Four (4) years" runs up to the fifth birthday.
- Five-year-olds are "Five (5) years" unless in kindergarten; school-age begins at kindergarten
  (1240-04-01-.23's chart says "School-age (Kindergarten and above)").
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    CombinedGroups,
    EdgeHours,
    MixedAgeRule,
    NapRule,
    Separation,
    Source,
    StateRules,
)

_C1 = "Tenn. Comp. R. & Regs. 1240-04-01-.22(1)(c)1 (Chart 1)"
_C2 = "Tenn. Comp. R. & Regs. 1240-04-01-.22(1)(c)2 (Chart 2, combined ages)"
_C3 = "Tenn. Comp. R. & Regs. 1240-04-01-.22(1)(c)3 (Chart 3, first/last hour and a half)"
_P = Source.PRIMARY
_TWELVE = 156
"""Through twelve years: up to the 13th birthday."""

RULES = StateRules(
    code="TN",
    name="Tennessee",
    base_citation=_C1,
    bands=(
        AgeBand("infant", "infant (6 weeks to 15 months)", 0, 16, 4, 8, _C1, _P, "", span=(0, 16)),
        AgeBand(
            "12_30m",
            "12 to 30 months",
            16,
            31,
            6,
            12,
            _C1,
            _P,
            "The row covers 12-30 months; 12-15 months take the stricter infant row.",
            span=(12, 31),
        ),
        AgeBand(
            "24_35m",
            "24 to 35 months",
            31,
            36,
            7,
            14,
            _C1,
            _P,
            "The row covers 24-35 months; 24-30 months take the stricter 12-30 months row.",
            span=(24, 36),
        ),
        AgeBand("3y", "3 years", 36, 48, 9, 18, _C1, _P),
        AgeBand("4y", "4 years", 48, 60, 13, 20, _C1, _P),
        AgeBand("5y", "5 years (not in kindergarten)", 60, 72, 16, 20, _C1, _P),
        AgeBand("school_age", "school-age", 72, None, 20, None, _C1, _P, "No maximum group size."),
    ),
    kindergarten_bands=(
        AgeBand("school_age", "school-age (kindergarten)", 60, 72, 20, None, _C1, _P, "No maximum."),
    ),
    mixed_rule=MixedAgeRule.COMBINED_GROUPS,
    mixed_citation=(f"{_C2} (narrowest combined grouping holding every child; ties to the stricter ratio)"),
    mixed_source=_P,
    combined=CombinedGroups(
        groups=(
            AgeBand("c_6w_30m", "6 weeks to 30 months", 0, 31, 5, 10, _C2, _P),
            AgeBand("c_2_4y", "2 to 4 years", 24, 60, 8, 16, _C2, _P),
            AgeBand("c_30_47m", "2 1/2 to 3 years (30-47 months)", 30, 48, 9, 18, _C2, _P),
            AgeBand("c_30m_5y", "2 1/2 to 5 years", 30, 72, 11, 20, _C2, _P),
            AgeBand("c_30m_12y", "2 1/2 to 12 years", 30, _TWELVE, 10, 10, _C2, _P),
            AgeBand("c_3_5y", "3 to 5 years", 36, 72, 13, 22, _C2, _P),
            AgeBand("c_4_5y", "4 to 5 years", 48, 72, 16, 24, _C2, _P),
            AgeBand("c_5_12y", "5 to 12 years", 60, _TWELVE, 20, None, _C2, _P, "No maximum."),
        ),
        edge_groups=(
            AgeBand("e_30m_5y", "2 1/2 to 5 years", 30, 72, 10, 10, _C3, _P),
            AgeBand("e_3_12y", "3 to 12 years", 36, _TWELVE, 15, 15, _C3, _P),
            AgeBand("e_4_12y", "4 to 12 years", 48, _TWELVE, 20, 20, _C3, _P),
        ),
        edge=EdgeHours(window_minutes=90, min_open_minutes=0),
    ),
    separations=(
        Separation(
            young_min_months=0,
            young_max_months=16,
            older_from_months=31,
            citation=(
                "Tenn. Comp. R. & Regs. 1240-04-01-.22(1)(d)3 (infants never with children over 30 months)"
            ),
            source=_P,
        ),
    ),
    nap=NapRule(
        ratios=(),
        condition="ratios still apply; the group-size limit is lifted in a common nap room",
        citation="Tenn. Comp. R. & Regs. 1240-04-01-.22(1)(d)2",
        source=_P,
        group_cap_waived=True,
    ),
    not_modelled=(
        "Ratios and group sizes may exceed the charts by up to 10% no more than three days a week, never "
        "for infant and toddler groups (1240-04-01-.22(1)(b)1); the check holds every group to the charts.",
        "A second adult on the premises when more than 12 children are present (1240-04-01-.22(1)(b)2).",
        "Preschool and school-age groups may mix on emergencies, holidays or low-attendance days "
        "(Chart 2 exception).",
    ),
)
