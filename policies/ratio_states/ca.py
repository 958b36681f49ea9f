"""California child care centers: 22 CCR Division 12 (Title 22) and Health and Safety Code 1596.955.

Read 2026-12 (search tool): 22 CCR 101216.3 (govt.westlaw.com calregs and t22.caqualityearlylearning.org),
101416.5 (t22.caqualityearlylearning.org; CDSS facility reports quoting (a)-(b)), 101516.5 and
101230(c) (t22.caqualityearlylearning.org). Fixes against the first version of this table:
- The infant "group of 12" was 101416.5(b)(1)(A), the most infants one fully qualified teacher may
  supervise when aides are used; it is not a group-size limit. Infants have no group cap in Title 22.
- With aides the preschool rule is one teacher plus one aide per 15 (two adults per 15), and a fully
  qualified teacher with a qualified aide per 18 (101216.3(b)); counting heads at 1:12 over-credited aides.
  Both are applied when `staff_roles` are given.
Mixed ages outside school-age groups: no Title 22 section was found (searched again 2026-12-01); the
childcareratios.com Title 22 guide says the youngest child's ratio governs a room of mixed ages, so the
rule applied is marked secondary. Title 5's over-half rule (5 CCR 18291, read) is for state-funded
centers only and is not applied.
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    AidePairing,
    AideSubstitution,
    MixedAgeRule,
    NapRatio,
    NapRule,
    RoleRule,
    Source,
    StateRules,
)

RULES = StateRules(
    code="CA",
    name="California",
    base_citation="22 CCR 101216.3, 101416.5, 101516.5",
    bands=(
        AgeBand(
            "infant",
            "infant (under 2 years)",
            0,
            24,
            4,
            None,
            "22 CCR 101416.5(b)",
            Source.PRIMARY,
            "1:4 read in 101416.5(b); no group-size cap. The 24-month edge ('infant' = under 2 years) is "
            "from a secondary summary (101152 definition not read).",
        ),
        AgeBand(
            "preschool",
            "preschool (2 years to first grade)",
            24,
            72,
            12,
            None,
            "22 CCR 101216.3(a)",
            Source.PRIMARY,
            "1:12 teachers only; teacher + aide 15, fully qualified teacher + qualified aide 18 "
            "(101216.3(b)). First grade taken as 72 months.",
        ),
        AgeBand(
            "school_age",
            "school-age (first grade and up)",
            72,
            None,
            14,
            None,
            "22 CCR 101516.5(b)",
            Source.PRIMARY,
            "A teacher supervises at most 14, or 28 with an aide (101516.5(b)(1)).",
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=(
        "22 CCR 101516.5(c) (school-age mixed groups: youngest child governs); other mixed groups: "
        "youngest child governs, as a Title 22 guide (childcareratios.com) states without naming a "
        "section (none found)"
    ),
    mixed_source=Source.SECONDARY,
    toddler_program_band=AgeBand(
        "toddler_program",
        "toddler program (18 to 36 months)",
        18,
        36,
        6,
        12,
        "Cal. Health & Safety Code 1596.955(a), 1596.956(a)",
        Source.PRIMARY,
        "Only in a licensed toddler program component.",
    ),
    nap=NapRule(
        ratios=(NapRatio(0, 24, 12), NapRatio(24, None, 24)),
        condition="the remaining teachers needed for the awake ratio are immediately available at the center",
        citation="22 CCR 101230(c) (24 napping children), 101416.5(d) (12 sleeping infants)",
        source=Source.PRIMARY,
    ),
    roles=RoleRule(
        aide_pairing=(
            AidePairing(frozenset({"preschool"}), 15, 18),
            AidePairing(frozenset({"school_age"}), 28),
        ),
        aide_substitution=AideSubstitution(frozenset({"infant"}), 12),
        aides_need_teacher=True,
        citation="22 CCR 101216.3(b), (b)(1), (d); 101416.5(b)(1); 101516.5(b)(1)",
        source=Source.PRIMARY,
    ),
    not_modelled=(
        "Title 5 (state-funded) centers use 5 CCR 18290 ratios and 18291's over-half mixing rule "
        "(22 CCR 101216.3(c)).",
    ),
)
