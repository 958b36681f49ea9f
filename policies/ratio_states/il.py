"""Illinois day care centers: 89 Ill. Adm. Code 407.190 (Grouping and Staffing).

Read 2026-12 (search tool): the section's text (ilrules.elaws.us), so the rows are primary. Fixes
against the first version: the school-age row (kindergartners present: 1:20, group 30) was missing and
children of 6 and older were kept at the five-year-olds' group of 20; 407.190(b) (an early childhood
teacher aided by an early childhood assistant may have up to 30 when every child is at least 5) was
missing; and the "5 and older may mix" window was not in 407.190(d), which permits exactly: infants,
toddlers and twos; two- through five-year-olds; four- through six-year-olds; any ages in the first and
last hour of programs open 10 or more hours.
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    EdgeHours,
    MixedAgeRule,
    PermittedMixes,
    RoleGroupCap,
    RoleRule,
    Source,
    StateRules,
)

_A = "89 Ill. Adm. Code 407.190(a)"
_SCHOOL_AGE = "School-age row of (a) ('kindergartners present': 1 to 20, group 30)."

RULES = StateRules(
    code="IL",
    name="Illinois",
    base_citation=_A,
    bands=(
        AgeBand("infant", "infant (6 weeks through 14 months)", 0, 15, 4, 12, _A, Source.PRIMARY),
        AgeBand("toddler", "toddler (15 through 23 months)", 15, 24, 5, 15, _A, Source.PRIMARY),
        AgeBand("2y", "2 years", 24, 36, 8, 16, _A, Source.PRIMARY),
        AgeBand("3y", "3 years", 36, 48, 10, 20, _A, Source.PRIMARY),
        AgeBand("4y", "4 years", 48, 60, 10, 20, _A, Source.PRIMARY),
        AgeBand(
            "5y",
            "5 years (preschool)",
            60,
            72,
            20,
            20,
            _A,
            Source.PRIMARY,
            "Five-year-olds not in kindergarten; a kindergarten class uses the school-age row.",
        ),
        AgeBand(
            "school_age",
            "school-age",
            72,
            None,
            20,
            30,
            _A,
            Source.PRIMARY,
            _SCHOOL_AGE + " Children 6 and older taken as school-age.",
        ),
    ),
    kindergarten_bands=(
        AgeBand("school_age", "school-age (kindergartners)", 60, 72, 20, 30, _A, Source.PRIMARY, _SCHOOL_AGE),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="89 Ill. Adm. Code 407.190(c) (youngest child governs)",
    mixed_source=Source.PRIMARY,
    permitted_mixes=PermittedMixes(
        windows=((0, 36), (24, 72), (48, 84)),
        any_mix=EdgeHours(window_minutes=60, min_open_minutes=600),
        citation="89 Ill. Adm. Code 407.190(d)",
        source=Source.PRIMARY,
    ),
    roles=RoleRule(
        group_cap=RoleGroupCap(min_age_months=60, max_group_size=30),
        citation="89 Ill. Adm. Code 407.190(b) (teacher aided by an assistant: up to 30 when all are 5+)",
        source=Source.PRIMARY,
    ),
)
