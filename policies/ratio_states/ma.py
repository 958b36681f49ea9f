"""Massachusetts large group child care: 606 CMR 7.10 (ratios, group sizes and supervision).

Read 2026-12 (search tool): 606 CMR 7.10(1)-(4) text (Justia and casetext copies; the large group table
of 7.10(9) lies past the part the index holds); EEC's policy page on half-day ratios quoting 7.10(9)(b)4
(preschoolers 33 months to school age; half day 1:12 with group 24); hhcc.org (infants 2:7, toddlers 2:9)
and uslegalforms.com (toddlers 15-33 months, group 9, one adult for up to four and a second for the next
five; preschoolers group 20 at 1:10): secondary. The school-age row and the mixed-age rule were not
found: unverified.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, Source, StateRules, TeamRatio

_CITE = "606 CMR 7.10(9)"

RULES = StateRules(
    code="MA",
    name="Massachusetts",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "infant",
            "infant (birth to 15 months)",
            0,
            15,
            3,
            7,
            _CITE,
            Source.SECONDARY,
            "1:3, two educators for seven (secondary summaries of 7.10(9)).",
            TeamRatio(2, 7),
        ),
        AgeBand(
            "toddler",
            "toddler (15 to 33 months)",
            15,
            33,
            4,
            9,
            _CITE,
            Source.SECONDARY,
            "1:4, two educators for nine (secondary summaries of 7.10(9)).",
            TeamRatio(2, 9),
        ),
        AgeBand(
            "preschool",
            "preschool (33 months to school age)",
            33,
            72,
            10,
            20,
            _CITE,
            Source.SECONDARY,
            "Age edge from EEC's page quoting 7.10(9)(b)4; ratio and group from secondary summaries.",
        ),
        AgeBand(
            "school_age",
            "school age",
            72,
            None,
            13,
            26,
            _CITE,
            Source.UNVERIFIED,
            "School-age row of 7.10(9) not reached; numbers unverified.",
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=f"{_CITE} (mixed-age rule not found; youngest child governs, unverified)",
    mixed_source=Source.UNVERIFIED,
    not_modelled=(
        "Half-day preschool programs may use 1:12 with group 24 (606 CMR 7.10(9)(b)4; EEC policy page).",
        "Multi-age grouping of 606 CMR 7.10(4) applies to family and small group child care, not to "
        "large groups.",
    ),
)
