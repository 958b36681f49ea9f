"""North Carolina child care centers: 10A NCAC 09 .0713 (staff/child ratios for centers).

Read 2026-12 (search tool): the rule's text (casetext copy, current through November 2024): the table
for single-age groups, (a)(1) youngest child's ratio for combined groups, (a)(2) all ages together in the
first and last operating hour at the youngest child's ratio, (a)(5) children under one kept apart from
children two and older, (a)(6) children 12-24 months grouped with older children only if all are under
three. The physician-certified and one-child placement exceptions of (a)(3)-(4) are not inputs here.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, EdgeHours, MixedAgeRule, Separation, Source, StateRules

_CITE = "10A NCAC 09 .0713(a)"
_FIRST_LAST_HOUR = EdgeHours(window_minutes=60, min_open_minutes=0)

RULES = StateRules(
    code="NC",
    name="North Carolina",
    base_citation=_CITE,
    bands=(
        AgeBand("0_12m", "0 to 12 months", 0, 12, 5, 10, _CITE, Source.PRIMARY),
        AgeBand("12_24m", "12 to 24 months", 12, 24, 6, 12, _CITE, Source.PRIMARY),
        AgeBand("2y", "2 to 3 years", 24, 36, 10, 20, _CITE, Source.PRIMARY),
        AgeBand("3y", "3 to 4 years", 36, 48, 15, 25, _CITE, Source.PRIMARY),
        AgeBand("4y", "4 to 5 years", 48, 60, 20, 25, _CITE, Source.PRIMARY),
        AgeBand("5y_up", "5 years and older", 60, None, 25, 25, _CITE, Source.PRIMARY),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="10A NCAC 09 .0713(a)(1) (combined age groups: youngest child's ratio)",
    mixed_source=Source.PRIMARY,
    separations=(
        Separation(
            young_min_months=0,
            young_max_months=12,
            older_from_months=24,
            citation="10A NCAC 09 .0713(a)(5) (under one year kept apart from two and older)",
            source=Source.PRIMARY,
            lifted_in=_FIRST_LAST_HOUR,
        ),
        Separation(
            young_min_months=12,
            young_max_months=24,
            older_from_months=36,
            citation="10A NCAC 09 .0713(a)(6) (12-24 months with older children only if all are under 3)",
            source=Source.PRIMARY,
            lifted_in=_FIRST_LAST_HOUR,
        ),
    ),
    not_modelled=(
        "Enhanced ratios for rated (star) licenses are 10A NCAC 09 .2818, not the licensing floor.",
    ),
)
