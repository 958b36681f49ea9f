"""Minnesota licensed child care centers: Minn. R. 9503.0040 (staff ratios and group size).

Read 2026-12 (search tool): 9503.0040 subparts 1-2 and 9503.0005 subpart 2 (age categories) on the
Revisor of Statutes' site and Justia: infant 6 weeks to 16 months, toddler 16 to 33 months, preschooler
33 months until the first day of kindergarten. All rows primary. "School-age child" takes its meaning
from Minn. Stat. 245A.02, not read: taken as from kindergarten, the preschooler definition's end.
Subpart 3 (which age categories may be grouped together) was cut off in what the index holds: the
youngest child's category governs a mixed group, unverified.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, NapRule, Source, StateRules

_CITE = "Minn. R. 9503.0040, subp. 1; 9503.0005, subp. 2"
_P = Source.PRIMARY

RULES = StateRules(
    code="MN",
    name="Minnesota",
    base_citation=_CITE,
    bands=(
        AgeBand("infant", "infant (6 weeks to 16 months)", 0, 16, 4, 8, _CITE, _P),
        AgeBand("toddler", "toddler (16 to 33 months)", 16, 33, 7, 14, _CITE, _P),
        AgeBand(
            "preschooler",
            "preschooler (33 months to kindergarten)",
            33,
            72,
            10,
            20,
            _CITE,
            _P,
            "Five-year-olds are preschoolers until their first day of kindergarten.",
        ),
        AgeBand("school_age", "school-age child", 72, None, 15, 30, _CITE, _P),
    ),
    kindergarten_bands=(AgeBand("school_age", "school-age child (kindergarten)", 60, 72, 15, 30, _CITE, _P),),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="Minn. R. 9503.0040, subp. 3 (text not reached; youngest child governs, unverified)",
    mixed_source=Source.UNVERIFIED,
    nap=NapRule(
        ratios=(),
        condition="ratios still apply; only the group-size limit is lifted",
        citation="Minn. R. 9503.0040, subp. 2, item C (group size does not apply during naps and rest)",
        source=_P,
        group_cap_waived=True,
    ),
    not_modelled=(
        "Staff distribution (subp. 2, item D): the first staff member in ratio must be a teacher, the "
        "second at least an aide, the third at least an assistant teacher, the fourth an aide, repeating.",
        "An assistant teacher may stand in for a teacher at arrival and departure, up to 25% of the day "
        "(subp. 2, item B).",
        "Group size does not apply at meals, outdoors, on field trips or at special activities (subp. 2, "
        "item C; not inputs here).",
    ),
)
