"""Arizona child care facilities: Ariz. Admin. Code R9-5-404 (staff-to-children ratios).

Read 2026-12 (search tool): R9-5-404 A-D text (Cornell LII): infants 1:5 or 2:11; 1-year-olds 1:6 or
2:13; 2 years 1:8; 3 years 1:13; 4 years 1:15; 5 years not school-age 1:20; school-age 1:20; (B)(1) ratio
by the youngest child in the group; (B)(3) student-aides and teacher-caregiver-aides not counted; (C)(3)
with six or more children present in the facility, no infant is placed with a child who is not an infant.
No group-size limit appears in A-D. The infant definition (R9-5-101) was not read: 12 months is counted
as an infant, the stricter reading.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, RoleRule, Separation, Source, StateRules, TeamRatio

_CITE = "Ariz. Admin. Code R9-5-404(A)"
_EDGE = "R9-5-101 'infant' not read: a child of 12 completed months is counted as an infant."

RULES = StateRules(
    code="AZ",
    name="Arizona",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "infant", "infant (to 12 months)", 0, 13, 5, None, _CITE, Source.PRIMARY, _EDGE, TeamRatio(2, 11)
        ),
        AgeBand(
            "1y",
            "1-year-olds (13 to 23 months)",
            13,
            24,
            6,
            None,
            _CITE,
            Source.PRIMARY,
            _EDGE,
            TeamRatio(2, 13),
        ),
        AgeBand("2y", "2-year-olds", 24, 36, 8, None, _CITE, Source.PRIMARY),
        AgeBand("3y", "3-year-olds", 36, 48, 13, None, _CITE, Source.PRIMARY),
        AgeBand("4y", "4-year-olds", 48, 60, 15, None, _CITE, Source.PRIMARY),
        AgeBand("5y_up", "5-year-olds and school-age", 60, None, 20, None, _CITE, Source.PRIMARY),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="Ariz. Admin. Code R9-5-404(B)(1) (ratio by the youngest child in the group)",
    mixed_source=Source.PRIMARY,
    separations=(
        Separation(
            young_min_months=0,
            young_max_months=13,
            older_from_months=13,
            citation=(
                "Ariz. Admin. Code R9-5-404(C)(3) (no infant with a non-infant when six or more "
                "children are present)"
            ),
            source=Source.PRIMARY,
            min_children_in_care=6,
        ),
    ),
    roles=RoleRule(
        not_counted=frozenset({"aide"}),
        citation="Ariz. Admin. Code R9-5-404(B)(3) (student-aides and teacher-caregiver-aides not counted)",
        source=Source.PRIMARY,
    ),
)
