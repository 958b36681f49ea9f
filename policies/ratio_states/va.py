"""Virginia licensed child day centers: 8VAC20-780-350 (staff-to-children ratio and group size).

Read 2026-12 (search tool): 8VAC20-780-350 text (law.lis.virginia.gov) with its tables' numbers missing
from the copy: C (ongoing mixed age groups: youngest child's ratio and group size), D (no group-size
limit during rest periods, outdoor play, meals, trips, special activities, or the first and last hour
of centers open more than six hours), E (no group size for school-age children): primary.
8VAC20-780-10 age groups (infant birth to 16 months, toddler 16 months to 2 years, preschool 2 years to
school eligibility, five by September 30): primary. The ratio numbers come from the predecessor rule
22VAC40-185-350 (1:4, 1:5, 1:8, 1:10, 1:18 school age to 9, 1:20 for 9-12; ratio doubled at rest for
children 16 months and older) and the 2025 proposed 8VAC20-781 comparison table: secondary for the
current rule. The group sizes (12, 12, 16, 20) are not in any text read: unverified.
Searched again 2026-12-01: the same six ratios are the text of 22VAC40-665-650 A (the subsidy program's
vendor rule, Virginia Register 2019, primary for that rule); the law.lis.virginia.gov copy of
8VAC20-780-350 still shows Tables 1 and 2 without their numbers, so the rows stay unverified.
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    EdgeHours,
    GroupCapWaiver,
    MixedAgeRule,
    NapRatio,
    NapRule,
    Source,
    StateRules,
)

_CITE = "8VAC20-780-350 A-B"
_NOTE = (
    "Ratio from the predecessor rule, 22VAC40-665-650 A and the 2025 proposal; group size not in any "
    "text read."
)
_SA = "Ratio from the predecessor rule; school-age groups have no group size (8VAC20-780-350 E)."

RULES = StateRules(
    code="VA",
    name="Virginia",
    base_citation=_CITE,
    bands=(
        AgeBand("infant", "infant (birth to 16 months)", 0, 16, 4, 12, _CITE, Source.UNVERIFIED, _NOTE),
        AgeBand("toddler", "toddler (16 months to 2 years)", 16, 24, 5, 12, _CITE, Source.UNVERIFIED, _NOTE),
        AgeBand("2y", "2 years", 24, 36, 8, 16, _CITE, Source.UNVERIFIED, _NOTE),
        AgeBand(
            "3y_school",
            "3 years to school eligibility",
            36,
            72,
            10,
            20,
            _CITE,
            Source.UNVERIFIED,
            _NOTE + " Five-year-olds are preschool unless the group is a kindergarten class.",
        ),
        AgeBand("school_to_8y", "school age to 9 years", 72, 108, 18, None, _CITE, Source.SECONDARY, _SA),
        AgeBand("9_12y", "9 through 12 years", 108, None, 20, None, _CITE, Source.SECONDARY, _SA),
    ),
    kindergarten_bands=(
        AgeBand("school_to_8y", "school age (kindergarten)", 60, 72, 18, None, _CITE, Source.SECONDARY, _SA),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="8VAC20-780-350 C (ongoing mixed age groups: youngest child's ratio and group size)",
    mixed_source=Source.PRIMARY,
    nap=NapRule(
        ratios=(NapRatio(16, 24, 10), NapRatio(24, 36, 16), NapRatio(36, 72, 20)),
        condition=(
            "a staff member is within sight and sound of the resting children, the staff counted are in the "
            "building to evacuate them, and an additional person is present at the center"
        ),
        citation="8VAC20-780-350 D (designated rest periods; ratio doubled as in 22VAC40-185-350 D)",
        source=Source.SECONDARY,
        group_cap_waived=True,
    ),
    group_cap_waivers=(
        GroupCapWaiver(
            edge=EdgeHours(window_minutes=60, min_open_minutes=361),
            citation="8VAC20-780-350 D 5 (first and last hour of centers open more than six hours)",
            source=Source.PRIMARY,
        ),
    ),
)
