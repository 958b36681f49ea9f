"""Montana day-care centers: Mont. Admin. R. 37.96.106 (child-to-staff ratios, staff numbers, supervision).

Read 2026-12 (search tool): the rule's text (casetext copy, current through May 2024), which replaced
ARM 37.95.623 when chapter 95 was repealed: (2)(a) ratios and group sizes, (2)(b) the youngest child
governs a mixed group, (2)(c) who counts, (2)(d) group-size exceptions, (3) nap time. All rows primary.
SB 285 (2025) directs renaming "child care center" to "day-care center" and dropping school-age care
from these rules; the numbers read here are the rule's as published.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, NapRatio, NapRule, Source, StateRules

_CITE = "Mont. Admin. R. 37.96.106(2)(a)"
_P = Source.PRIMARY

RULES = StateRules(
    code="MT",
    name="Montana",
    base_citation=_CITE,
    bands=(
        AgeBand("0_11m", "newborn through 11 months", 0, 12, 4, 12, _CITE, _P),
        AgeBand("12_23m", "12 through 23 months", 12, 24, 6, 12, _CITE, _P),
        AgeBand("2y", "2 years", 24, 36, 8, 16, _CITE, _P),
        AgeBand("3_5y", "3 through 5 years", 36, 72, 10, 20, _CITE, _P),
        AgeBand("6y_up", "6 years and over", 72, None, 20, 40, _CITE, _P),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="Mont. Admin. R. 37.96.106(2)(b) (youngest child in the group)",
    mixed_source=_P,
    nap=NapRule(
        ratios=(NapRatio(24, 36, 16), NapRatio(36, 72, 20), NapRatio(72, None, 40)),
        condition=(
            "at least half the children are asleep, another staff member is on site and immediately "
            "available, the group size and room capacity are not exceeded, and the staff member watching "
            "the napping children is not a trainee"
        ),
        citation="Mont. Admin. R. 37.96.106(3) (nap time: ratio doubled for children two and over)",
        source=_P,
    ),
    not_modelled=(
        "Only the director, site directors, lead teachers, teachers, substitutes and trainees count "
        "((2)(c)); volunteers and other staff are never counted here anyway.",
        "Group size does not apply at meals, outdoor play, rest periods or large group activities "
        "((2)(d)); the nap ratio of (3) keeps the group size, so naps keep it here.",
    ),
)
