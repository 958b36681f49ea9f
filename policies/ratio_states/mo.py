"""Missouri licensed child care centers: 5 CSR 25-500.112 (staff/child ratios).

Read 2026-12 (search tool): the rule's text (Cornell LII and casetext copies): (1)(A) the chart, with
its two mixed-age types for two-year-olds grouped with older children; (1)(B) small centers sharing
space; (1)(C) nap time; (1)(D) group-size exemptions. All rows primary.

Readings: the chart's first row (infants, toddlers and two-year-olds, birth to 36 months, 1:4 with 8)
governs any group with a child under 24 months; two-year-olds alone are 1:8 with 16. A group of
two-year-olds and children over 36 months is Type 1 (at most four two-year-olds, 1:10 with 20) or
Type 2 (more than four, 1:8 with 16); a child of 36 completed months counts as older than 36 months.
Any other mix (three- to four-year-olds with five-year-olds) takes the youngest child's row.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, CountedMix, MixedAgeRule, Source, StateRules

_CITE = "5 CSR 25-500.112(1)(A)"
_P = Source.PRIMARY

RULES = StateRules(
    code="MO",
    name="Missouri",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "0_24m",
            "infants and toddlers (birth to 24 months)",
            0,
            24,
            4,
            8,
            _CITE,
            _P,
            "The chart's birth-to-36-months row; it also governs two-year-olds grouped with them.",
        ),
        AgeBand("2y", "2-year-olds (24 to 36 months, in a group of their own)", 24, 36, 8, 16, _CITE, _P),
        AgeBand("3_4y", "3 through 4-year-olds", 36, 60, 10, 20, _CITE, _P),
        AgeBand("5y_up", "5-year-olds and up", 60, None, 16, 32, _CITE, _P),
    ),
    mixed_rule=MixedAgeRule.COUNTED_YOUNGER,
    mixed_citation=(
        f"{_CITE} (two-year-olds with older children: Type 1 or Type 2 by their number; any other mix: "
        "youngest child)"
    ),
    mixed_source=_P,
    counted_mix=CountedMix(
        young_key="2y",
        older_keys=frozenset({"3_4y", "5y_up"}),
        max_young=4,
        within=AgeBand(
            "mixed_type1",
            "mixed ages Type 1 (2-year-olds and older, at most four 2-year-olds)",
            24,
            None,
            10,
            20,
            _CITE,
            _P,
        ),
        over=AgeBand(
            "mixed_type2",
            "mixed ages Type 2 (2-year-olds and older, more than four 2-year-olds)",
            24,
            None,
            8,
            16,
            _CITE,
            _P,
        ),
    ),
    not_modelled=(
        "Nap time (1)(C): groups of two-year-olds and older need not keep the ratio inside the napping "
        "area if it is kept on the premises; a room check keeps the ratio in the room.",
        "Group-size exemptions (1)(D): outdoor play, indoor gross-motor activities, meals, field trips "
        "and special activities (not inputs here).",
        "Centers licensed for 20 or fewer children with at most four infants/toddlers may have several "
        "groups share one space (1)(B).",
    ),
)
