"""Florida licensed child care facilities: Fla. Stat. 402.305(4).

Read 2026-12 (search tool): the statute's ratios and its mixed-age sentence only as quoted by the Early
Learning Coalition of St. Lucie and legalclarity.org: secondary. No numeric group-size cap in the statute
(childcareratios.com Florida guide). Mixed ages with any child under 2 -> youngest governs: secondary
(legalclarity.org; Child Care Facility Handbook 2.3.1 not reached).
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, Source, StateRules

_NOTE = "Statute quoted by the Early Learning Coalition of St. Lucie."

RULES = StateRules(
    code="FL",
    name="Florida",
    base_citation="Fla. Stat. 402.305(4)",
    bands=(
        AgeBand(
            "under_1y",
            "birth to 1 year",
            0,
            12,
            4,
            None,
            "Fla. Stat. 402.305(4)(a)1",
            Source.SECONDARY,
            _NOTE,
        ),
        AgeBand("1y", "1 year", 12, 24, 6, None, "Fla. Stat. 402.305(4)(a)2", Source.SECONDARY, _NOTE),
        AgeBand("2y", "2 years", 24, 36, 11, None, "Fla. Stat. 402.305(4)(a)3", Source.SECONDARY, _NOTE),
        AgeBand("3y", "3 years", 36, 48, 15, None, "Fla. Stat. 402.305(4)(a)4", Source.SECONDARY, _NOTE),
        AgeBand("4y", "4 years", 48, 60, 20, None, "Fla. Stat. 402.305(4)(a)5", Source.SECONDARY, _NOTE),
        AgeBand(
            "5y_up",
            "5 years and older",
            60,
            None,
            25,
            None,
            "Fla. Stat. 402.305(4)(a)6",
            Source.SECONDARY,
            _NOTE,
        ),
    ),
    mixed_rule=MixedAgeRule.LARGEST_GROUP_WHEN_ALL_TWO_PLUS,
    mixed_citation=(
        "Fla. Stat. 402.305(4) (all 2 years or older: largest age group sets the ratio; "
        "any child under 2: youngest governs)"
    ),
    mixed_source=Source.SECONDARY,
)
