"""New Jersey child care centers: N.J.A.C. 3A:52-4.3 (staff/child ratios and supervision).

Read 2026-12 (search tool): 3A:52-4.3(a)-(d) text (casetext copy, current through December 2024):
(c) ratios under 18 months 1:4, 18 months to 2 1/2 years 1:6, 2 1/2 to 4 years 1:10, 4 years 1:12, 5 and
older 1:15; (d) rest or sleep 1:10, 1:12, 1:20 when a staff member stays in the napping room able to
summon others without leaving and enough staff are in the facility for the awake ratio. Subsections (e)
and (f) (mixed ages and the other exceptions) and the group-size rule were past the part read: no
group-size cap is encoded, and the youngest child governs, unverified.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, NapRatio, NapRule, Source, StateRules

_CITE = "N.J.A.C. 3A:52-4.3(c)"
_NOTE = "Ratio read; group-size rule not reached, so no cap is encoded."

RULES = StateRules(
    code="NJ",
    name="New Jersey",
    base_citation=_CITE,
    bands=(
        AgeBand("under_18m", "under 18 months", 0, 18, 4, None, _CITE, Source.PRIMARY, _NOTE),
        AgeBand("18_30m", "18 months to 2 1/2 years", 18, 30, 6, None, _CITE, Source.PRIMARY, _NOTE),
        AgeBand("30_48m", "2 1/2 to 4 years", 30, 48, 10, None, _CITE, Source.PRIMARY, _NOTE),
        AgeBand("4y", "4 years", 48, 60, 12, None, _CITE, Source.PRIMARY, _NOTE),
        AgeBand("5y_up", "5 years and older", 60, None, 15, None, _CITE, Source.PRIMARY, _NOTE),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=(
        "N.J.A.C. 3A:52-4.3 (mixed-age subsection not reached; youngest child governs, unverified)"
    ),
    mixed_source=Source.UNVERIFIED,
    nap=NapRule(
        ratios=(NapRatio(0, 18, 10), NapRatio(18, 30, 12), NapRatio(30, None, 20)),
        condition=(
            "a staff member is in the napping room and can summon others without leaving, and enough staff "
            "are in the facility and readily accessible for the awake ratio (3A:52-4.3(d)1-2)"
        ),
        citation="N.J.A.C. 3A:52-4.3(d) (rest or sleep)",
        source=Source.PRIMARY,
    ),
)
