"""Michigan child care centers: Mich. Admin. Code R 400.8182 (ratio and group size).

Read 2026-12 (search tool): R 400.8101(1)(d) age definitions (infant birth to 1 year, toddler 1 year to
30 months, preschooler 30 months to kindergarten eligibility, school-aged kindergarten eligibility to
13) in the LARA rule set: primary. R 400.8182 itself only through wonderschool.com (birth-30 months
1:4, group 12; 30 months-3 years 1:8, 16; 3-4 years 1:10, 30) and LARA's 2022 request for rulemaking to
align the 3-4, 4-school-age and school-age group sizes with 45 CFR 98.41: secondary. The 4-years and
school-age rows were cut off in the summary: unverified. Mixed-age rule not found: youngest, unverified.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, Source, StateRules

_CITE = "Mich. Admin. Code R 400.8182"
_NOTE = "wonderschool.com summary of R 400.8182."
_CUT = "Row past the part of the summary read; numbers unverified."

RULES = StateRules(
    code="MI",
    name="Michigan",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "birth_30m",
            "infants and toddlers (birth to 30 months)",
            0,
            30,
            4,
            12,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
        AgeBand("30_36m", "preschool (30 months to 3 years)", 30, 36, 8, 16, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("3y", "preschool (3 to 4 years)", 36, 48, 10, 30, _CITE, Source.SECONDARY, _NOTE),
        AgeBand(
            "4y_school", "preschool (4 years to school age)", 48, 72, 12, 36, _CITE, Source.UNVERIFIED, _CUT
        ),
        AgeBand(
            "school_age", "school-aged (kindergarten to 13)", 72, None, 18, 36, _CITE, Source.UNVERIFIED, _CUT
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=f"{_CITE} (mixed-age rule not found; youngest child governs, unverified)",
    mixed_source=Source.UNVERIFIED,
)
