"""Washington center early learning programs: WAC 110-300-0356.

Read 2026-12 (search tool): the opening of WAC 110-300-0356 (capacity; the ratio table lies past the
part the index holds), its predecessors WAC 170-295-2090/-2100 and 388-150-190 (age bands 1-11 months,
12-29 months, 30 months-6 years not in school, 5-12 years in school; group sizes 8, 14, 20, 30; mixed
groups at the youngest child's ratio and group size), and the Washington State University Children's
Center summary of the current minimum ratios (1:4, 1:7, 1:10, 1:15). The current table is therefore
secondary. Preschool runs "through six years" for children not attending kindergarten or elementary
school; children of 72 months and older are taken as in school.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, Source, StateRules

_CITE = "WAC 110-300-0356"
_NOTE = "Current ratio from a secondary summary; group size from the predecessor rules' text."

RULES = StateRules(
    code="WA",
    name="Washington",
    base_citation=_CITE,
    bands=(
        AgeBand("infant", "infant (birth through 11 months)", 0, 12, 4, 8, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("toddler", "toddler (12 through 29 months)", 12, 30, 7, 14, _CITE, Source.SECONDARY, _NOTE),
        AgeBand(
            "preschool",
            "preschool (30 months to school)",
            30,
            72,
            10,
            20,
            _CITE,
            Source.SECONDARY,
            _NOTE + " Five-year-olds in kindergarten use the school-age band.",
        ),
        AgeBand(
            "school_age",
            "school-age (in school, to 12 years)",
            72,
            None,
            15,
            30,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
    ),
    kindergarten_bands=(
        AgeBand("school_age", "school-age (kindergarten)", 60, 72, 15, 30, _CITE, Source.SECONDARY, _NOTE),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=f"{_CITE} (mixed groups: youngest child's ratio and group size)",
    mixed_source=Source.SECONDARY,
    not_modelled=(
        "Mixed-ratio time allowed by RCW 43.216 as amended in 2025-26 (HB 2219) is not encoded: enactment "
        "not confirmed.",
    ),
)
