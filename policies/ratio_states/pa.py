"""Pennsylvania child care centers: 55 Pa. Code Chapter 3270 (3270.51-3270.55).

Read 2026-12 (search tool): 3270.55 (nap ratios) text at pacodeandbulletin.gov and casetext: primary.
3270.51 numbers (1:4/8, 1:5/10, 1:6/12, 1:10/20, 1:12/24, 1:15/30) and the mixed-age rule of 3270.52
(youngest child) only through the childcareratios.com Chapter 3270 guide and hellosubs.co: secondary.
Age levels follow 3270.4 (infant to 12 months, young toddler 13-24 months, older toddler 25-36 months,
preschool to kindergarten, young school-age kindergarten to third grade, older school-age from fourth
grade), whose text was not read: the month edges are the stricter reading.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, MixedAgeRule, NapRatio, NapRule, Source, StateRules

_CITE = "55 Pa. Code 3270.51"
_NOTE = "3270.51 numbers from two secondary guides; 3270.4 age edges not read."

RULES = StateRules(
    code="PA",
    name="Pennsylvania",
    base_citation=_CITE,
    bands=(
        AgeBand("infant", "infant (to 12 months)", 0, 13, 4, 8, _CITE, Source.SECONDARY, _NOTE),
        AgeBand(
            "young_toddler", "young toddler (13 to 24 months)", 13, 25, 5, 10, _CITE, Source.SECONDARY, _NOTE
        ),
        AgeBand(
            "older_toddler", "older toddler (25 to 36 months)", 25, 37, 6, 12, _CITE, Source.SECONDARY, _NOTE
        ),
        AgeBand(
            "preschool",
            "preschool (37 months to kindergarten)",
            37,
            72,
            10,
            20,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
        AgeBand(
            "young_school_age",
            "young school-age (to third grade)",
            72,
            120,
            12,
            24,
            _CITE,
            Source.SECONDARY,
            _NOTE + " Third grade taken to end by 120 months.",
        ),
        AgeBand(
            "older_school_age",
            "older school-age (fourth grade up)",
            120,
            None,
            15,
            30,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
    ),
    kindergarten_bands=(
        AgeBand(
            "young_school_age",
            "young school-age (kindergarten)",
            60,
            72,
            12,
            24,
            _CITE,
            Source.SECONDARY,
            _NOTE,
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="55 Pa. Code 3270.52 (mixed age levels: youngest child governs)",
    mixed_source=Source.SECONDARY,
    nap=NapRule(
        ratios=(NapRatio(13, 25, 10), NapRatio(25, 37, 12), NapRatio(37, 72, 20)),
        condition=(
            "staff on duty but not providing care during naptime remain in the child care portion of the "
            "facility premises (3270.55(b)); infants are not covered"
        ),
        citation="55 Pa. Code 3270.55 (ratios while children are napping)",
        source=Source.PRIMARY,
    ),
)
