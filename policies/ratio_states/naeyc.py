"""NAEYC accreditation: "Staff-to-Child Ratio and Class Size" (2018), used as if it were a state.

Read 2026-12 (search tool): the 2018 sheet's text (scribd copy of NAEYC.org/academy): infant (birth-15
months) 1:4, 8; toddler/two (12-36 months) 1:6, 12; preschool (30 months-5 years) 1:10, 20; kindergarten
(enrolled in any public or private kindergarten) 1:12, 24; school-age (kindergarten-third grade, for
programs with school-age accreditation only) 1:15, 30; mixed classes rated by the youngest category.
Fix against the first version: every child of 60-71 months was treated as kindergarten. Age alone
cannot tell, so five-year-olds are preschool (the stricter reading) unless the group is a kindergarten
class (`kindergarten=True`), and the school-age band stops at third grade.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, Source, StateRules

_CITE = 'NAEYC "Staff-to-Child Ratio and Class Size" (2018)'

RULES = StateRules(
    code="NAEYC",
    name="NAEYC accreditation",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "infant",
            "infant (birth to 15 months)",
            0,
            16,
            4,
            8,
            _CITE,
            Source.PRIMARY,
            "Categories overlap; each overlap goes to the stricter band (15 months: infant).",
        ),
        AgeBand(
            "toddler_two",
            "toddler/two (16 to 35 months)",
            16,
            36,
            6,
            12,
            _CITE,
            Source.PRIMARY,
            "30-35 months (also preschool) go to the stricter toddler/two band.",
        ),
        AgeBand(
            "preschool",
            "preschool (3 to 5 years, not in kindergarten)",
            36,
            72,
            10,
            20,
            _CITE,
            Source.PRIMARY,
            "Five-year-olds not in kindergarten are preschool.",
        ),
        AgeBand(
            "school_age",
            "school-age (first to third grade)",
            72,
            120,
            15,
            30,
            _CITE,
            Source.PRIMARY,
            "Kindergarten to third grade, school-age accreditation only; third grade taken to end by "
            "120 months.",
        ),
    ),
    kindergarten_bands=(
        AgeBand(
            "kindergarten",
            "kindergarten (enrolled)",
            60,
            84,
            12,
            24,
            _CITE,
            Source.PRIMARY,
            "Children enrolled in a public or private kindergarten.",
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=f"{_CITE} (mixed classes: youngest age category)",
    mixed_source=Source.PRIMARY,
    age_limit_months=120,
    age_limit_message="NAEYC's ratio and class size standards stop at third grade",
)
