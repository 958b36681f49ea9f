"""Ohio licensed child care centers: Ohio Rev. Code 5104.033 and OAC 5101:2-12-18 (now 5180:2-12-18).

Read 2026-12 (search tool): Ohio Rev. Code 5104.033 text (legalfix.com copy): the table, the two-staff
infant option (12:2), and (B)(1): ratio by the youngest child, except that when no more than one child
of 30 months or older is in a group where all the others are in the next older category, the older
category applies. OAC 5101:2-12-18 (codes.ohio.gov): appendix A restates the table; (A)(7) group size
does not apply during nap, meals, outdoor play and trips; (B)(1) youngest child, including children
visiting the next older group. The rule's prefix changed to 5180: (childcareratios.com, secondary).
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, NapRule, Source, StateRules, TeamRatio

_CITE = "Ohio Rev. Code 5104.033(A); OAC 5101:2-12-18 appendix A"

RULES = StateRules(
    code="OH",
    name="Ohio",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "infant_under_12m",
            "infant (under 12 months)",
            0,
            12,
            5,
            12,
            _CITE,
            Source.PRIMARY,
            "5:1, or 12:2 with two staff in the room.",
            TeamRatio(2, 12),
        ),
        AgeBand("infant_12_17m", "infant (12 to 17 months)", 12, 18, 6, 12, _CITE, Source.PRIMARY),
        AgeBand("toddler_18_29m", "toddler (18 to 29 months)", 18, 30, 7, 14, _CITE, Source.PRIMARY),
        AgeBand("toddler_30_35m", "toddler (30 to 35 months)", 30, 36, 8, 16, _CITE, Source.PRIMARY),
        AgeBand("3y", "preschool (3 years)", 36, 48, 12, 24, _CITE, Source.PRIMARY),
        AgeBand(
            "4_5y",
            "preschool (4 and 5 years, not in school)",
            48,
            72,
            14,
            28,
            _CITE,
            Source.PRIMARY,
            "Five-year-olds enrolled in or eligible for kindergarten use the school-age band.",
        ),
        AgeBand(
            "school_age", "school-age (kindergarten to 10 years)", 72, 132, 18, 36, _CITE, Source.PRIMARY
        ),
        AgeBand("11_14y", "school-age (11 through 14 years)", 132, None, 20, 40, _CITE, Source.PRIMARY),
    ),
    kindergarten_bands=(
        AgeBand("school_age", "school-age (kindergarten)", 60, 72, 18, 36, _CITE, Source.PRIMARY),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=(
        "Ohio Rev. Code 5104.033(B)(1); OAC 5101:2-12-18(B)(1) (youngest child, except one child of 30 "
        "months or older among children of the next older category)"
    ),
    mixed_source=Source.PRIMARY,
    one_younger_child_from_months=30,
    nap=NapRule(
        ratios=(),
        condition="ratios still apply; only the group-size limit is lifted",
        citation="OAC 5101:2-12-18(A)(7) (group size does not apply during nap time)",
        source=Source.PRIMARY,
        group_cap_waived=True,
    ),
)
