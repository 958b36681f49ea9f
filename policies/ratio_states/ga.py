"""Georgia child care learning centers: Ga. Comp. R. & Regs. 591-1-1-.32.

Read 2026-12 (search tool): the DECAL sheet of select rules for infant-toddler classrooms (rule
591-1-1-.32(1): infants under one year or children under 18 months not walking 1:6 with group 12;
walking one-year-olds 1:8, 16; two-year-olds 1:10, 20; three-year-olds 1:15, 30; group size does not
apply on the playground, in special activities of at most two hours, or in centers with a licensed
capacity of 18 or fewer, where the ratios must still be kept) and childcareed.com's DECAL quick guide
(four 1:18, 36; five 1:20, 40; six and older 1:25, 50): secondary. Whether a child walks is not an
input, so children under 18 months take the non-walking ratio (the stricter reading). The rule for 18
or fewer applies with the center's `licensed_capacity`, never guessed from a headcount.

Georgia's mixed-age rule for centers was not found: the youngest child governs, unverified. (A summary
of the group day care home rules, daycarehotline.com, says those homes mix by the youngest child under
three and by the majority over three; it is not applied to centers.)
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, SmallCenterRule, Source, StateRules

_CITE = "Ga. Comp. R. & Regs. 591-1-1-.32(1)"
_NOTE = "DECAL summary sheet and quick guide of 591-1-1-.32."

RULES = StateRules(
    code="GA",
    name="Georgia",
    base_citation=_CITE,
    bands=(
        AgeBand(
            "under_18m",
            "infant (under 1 year, or under 18 months not walking)",
            0,
            18,
            6,
            12,
            _CITE,
            Source.SECONDARY,
            _NOTE + " Walking is not an input: children under 18 months take 1:6.",
        ),
        AgeBand(
            "walking_1y",
            "one-year-olds who walk (18 to 23 months)",
            18,
            24,
            8,
            16,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
        AgeBand("2y", "2 years", 24, 36, 10, 20, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("3y", "3 years", 36, 48, 15, 30, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("4y", "4 years", 48, 60, 18, 36, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("5y", "5 years", 60, 72, 20, 40, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("6y_up", "6 years and older", 72, None, 25, 50, _CITE, Source.SECONDARY, _NOTE),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=(
        "Ga. Comp. R. & Regs. 591-1-1-.32 (mixed-age rule not found; youngest child governs, unverified)"
    ),
    mixed_source=Source.UNVERIFIED,
    small_center=SmallCenterRule(
        max_licensed_capacity=18,
        group_cap_waived=True,
        citation="Ga. Comp. R. & Regs. 591-1-1-.32(1) (licensed capacity of 18 or fewer: no group size)",
        source=Source.SECONDARY,
    ),
    not_modelled=(
        "No group-size cap on the playground or in special activities of up to two hours "
        "(591-1-1-.32(1), secondary; not inputs here).",
    ),
)
