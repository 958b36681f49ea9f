"""Massachusetts large group child care: 606 CMR 7.10 (ratios, group sizes and supervision).

Read 2026-12 (search tool): 606 CMR 7.10(1)-(4) text (Justia and casetext copies; the large group table
of 7.10(9) lies past the part the index holds); EEC's policy page on half-day ratios quoting 7.10(9)(b)4
(preschoolers 33 months to school age; half day 1:12 with group 24); hhcc.org (infants 2:7, toddlers 2:9)
and uslegalforms.com (toddlers 15-33 months, group 9, one adult for up to four and a second for the next
five; preschoolers group 20 at 1:10): secondary. School age: Partners for Community (a resource and
referral agency) gives 1:13 for school-age child care, and EEC's page on after-school programs says they
serve children from five; the school-age group size (26) was not found, so the row stays unverified.
Searched again 2026-12-01: the Justia and casetext copies of 7.10 end (in the part held) inside the
multi-age table of 7.10(4); EEC's half-day policy page names only row (9)(b)4; the docsbay and studylib
copies of 606 CMR 7.00 and hhcc.org's summary (infants 2:7, toddlers 2:9, preschool 2:10) give no
school-age row. Group 26 (twice 1:13) stays unverified.

Half-day programs (`half_day=True`): EEC's policy "Use of Half Day Ratios in Full Day Centers" quotes
7.10(9)(b)4: preschoolers (33 months to school age) 1:12 with group 24 in a program of four hours or
less a day, or where no child attends more than four hours; in a center with full-day care too, only
in separate space, with no child in both components and a consistent primary educator (secondary).

Mixed ages: 7.02 defines mixed-age groups as two consecutive age groups (infant/toddler,
toddler/preschool, preschool/school age); their own rows were not reached, so the youngest child's
row governs, unverified.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, HalfDayProgram, MixedAgeRule, Source, StateRules, TeamRatio

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
            "1:13 from a resource-and-referral summary (secondary); group size 26 not confirmed.",
        ),
    ),
    half_day=HalfDayProgram(
        bands=(
            AgeBand(
                "preschool_half_day",
                "preschool, half-day program (33 months to school age)",
                33,
                72,
                12,
                24,
                "606 CMR 7.10(9)(b)4",
                Source.SECONDARY,
                "EEC policy page quoting 7.10(9)(b)4.",
            ),
        ),
        condition=(
            "four hours a day or less (or no child over four hours); beside full-day care only in separate "
            "space, no child in both, one consistent primary educator (606 CMR 7.10(9)(b)4; EEC policy)"
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=f"{_CITE} (mixed-age rule not found; youngest child governs, unverified)",
    mixed_source=Source.UNVERIFIED,
    not_modelled=(
        "Multi-age grouping of 606 CMR 7.10(4) applies to family and small group child care, not to "
        "large groups.",
    ),
)
