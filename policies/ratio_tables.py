"""Staff-to-child ratio data for child care centers, one table per supported state.

Data only: the functions that read these tables live in ``policies/ratios.py``. Keeping the numbers apart
from the logic lets a reviewer check each row against its citation without reading any code paths.

Conventions
- Ages are whole completed months. A band covers ``min_months <= age < max_months`` (``None``: no upper
  bound). Bands of one state are contiguous from 0 months upwards; the oldest band is open-ended.
- ``children_per_staff`` is N in "1:N". ``max_group_size`` is the cap on children in one group (room);
  ``None`` where the state sets no numeric cap.
- Where a regulation counts in weeks (NY "under 6 weeks") or grades (NAEYC kindergarten, CA first grade),
  the month boundary chosen is noted next to the row; the choice is always the stricter reading.
- Each row says what confirmed it (searched 2026-11 with the project's search tool). "verified" means the
  regulation text or an authoritative summary (state agency, resource-and-referral agency, accreditor)
  matched the number; "unverified" means the search did not confirm and the row follows
  /work/shared/reference/regulations.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MixedAgeRule(StrEnum):
    """How a state picks the governing band when a group holds children of several bands."""

    YOUNGEST = "youngest"
    """The youngest child's band sets ratio and group size for the whole group."""
    LARGEST_GROUP_WHEN_ALL_TWO_PLUS = "largest_group_when_all_two_plus"
    """Florida: all children 24+ months -> band with the most children; any child under 24 months ->
    youngest."""


@dataclass(frozen=True)
class AgeBand:
    """One row of a state's ratio table."""

    key: str
    label: str
    min_months: int
    max_months: int | None
    children_per_staff: int
    max_group_size: int | None
    citation: str

    def contains(self, age_months: int) -> bool:
        """True when a child of this age falls in the band."""
        return age_months >= self.min_months and (self.max_months is None or age_months < self.max_months)

    @property
    def ratio(self) -> str:
        """The ratio as people write it, e.g. ``"1:4"``."""
        return f"1:{self.children_per_staff}"


@dataclass(frozen=True)
class OpeningClosingAllowance:
    """A looser ratio allowed in the first and last minutes of the day (Texas 746.1615)."""

    window_minutes: int
    min_age_months: int
    children_per_staff: int
    min_children_in_care: int
    citation: str


@dataclass(frozen=True)
class InfantMixLimit:
    """Infants may share a group only with children close in age (Texas 746.1605 / 746.2403(3))."""

    infant_below_months: int
    max_spread_months: int
    min_children_in_care: int
    citation: str


@dataclass(frozen=True)
class PermittedMixes:
    """Which age spans may share a group, and when any mix is allowed (Illinois 407.190(d))."""

    windows: tuple[tuple[int, int | None], ...]
    """A group is permitted when every child's age fits inside one window (min inclusive, max exclusive)."""
    any_mix_window_minutes: int
    """Any ages may mix this many minutes after opening and before closing ..."""
    any_mix_min_open_minutes: int
    """... in programs open at least this long."""
    citation: str


@dataclass(frozen=True)
class StateRules:
    """Everything the ratio check needs for one state (or the NAEYC pseudo-state)."""

    code: str
    name: str
    base_citation: str
    bands: tuple[AgeBand, ...]
    mixed_rule: MixedAgeRule
    mixed_citation: str
    toddler_program_band: AgeBand | None = None
    opening_closing: OpeningClosingAllowance | None = None
    infant_mix_limit: InfantMixLimit | None = None
    permitted_mixes: PermittedMixes | None = None


# --- California (Title 22 child care centers) ---------------------------------------------------------
# Infant 1:4: verified, 22 CCR 101416.5(b) text (law.cornell.edu/regulations/california/22-CCR-101416.5).
#   Group 12: the reference's "(12, secondary)" row; verified as 101416.5(b)(1)(A): a fully qualified
#   teacher directly supervises no more than 12 infants when aides are used. Encoded as the group cap.
#   Upper edge 24 months ("infant" = under 2 years): corroborated only by a secondary summary
#   (codifylegalpublishing.com on SB 1200: "current regulatory practice treats infants as under 2 years").
# Preschool 1:12: verified, 22 CCR 101216.3(a) text (govt.westlaw.com calregs). Teacher + aide 1:15
#   (101216.3(b)) is not modelled separately: staff_present counts heads, and 1:12 per head is the
#   binding minimum headcount. No numeric group cap in Title 22 (childcareratios.com Title 22 guide).
# School-age 1:14 (teacher + aide 1:28): verified, 22 CCR 101516.5(b)(1) text
#   (t22.caqualityearlylearning.org). First grade taken as 72 months (unverified age boundary).
# Toddler program 1:6, group 12, 18-36 months: verified, Health & Safety Code 1596.955(a) and 1596.956(a)
#   (leginfo.legislature.ca.gov, ca.elaws.us). Applies only to a licensed toddler component.
# Mixed ages: youngest governs, verified for school-age groups by 101516.5(c) text; applied to all groups
#   as the CDSS Title 22 summary does (childcareratios.com). Title 5 (5 CCR 18291 "over half") not modelled.
_CA = StateRules(
    code="CA",
    name="California",
    base_citation="22 CCR 101216.3, 101416.5, 101516.5",
    bands=(
        AgeBand("infant", "infant (under 2 years)", 0, 24, 4, 12, "22 CCR 101416.5(b)"),
        AgeBand("preschool", "preschool (2 years to first grade)", 24, 72, 12, None, "22 CCR 101216.3(a)"),
        AgeBand("school_age", "school-age (first grade and up)", 72, None, 14, None, "22 CCR 101516.5(b)(1)"),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="22 CCR 101516.5(c) (youngest child governs)",
    toddler_program_band=AgeBand(
        "toddler_program",
        "toddler program (18 to 36 months)",
        18,
        36,
        6,
        12,
        "Cal. Health & Safety Code 1596.955(a), 1596.956(a)",
    ),
)

# --- Texas (26 TAC Chapter 746, centers with 13 or more children) ------------------------------------------
# Ratios (746.1601) and group sizes (746.1609): verified against a DFPS-licensing study set quoting the
#   tables (freezingblue.com flashcards: 4/10, 5/13, 9/18, 11/22, 15/30, 18/35, 22/35; 6-13 y 26) and the
#   childcareratios.com Chapter 746 guide (caps up to 35). The 6-13 y group size 35: unverified
#   (flashcard list cut off), kept from the reference.
# Opening/closing 1:16 for 18+ months when 13+ children in care: verified, 746.1615 text (TAC clone
#   tac-clone.dsswtx.org).
# Infants (under 18 months) with children more than 18 months older than the youngest: not allowed when
#   13+ children are in care: verified by 746.2403(3) text (docslib copy of Chapter 746) and the study set
#   for 746.1605.
# Mixed ages otherwise: youngest governs: UNVERIFIED (the text of Texas's general mixed-age rule was not
#   found); the stricter reading is encoded.
_TX = StateRules(
    code="TX",
    name="Texas",
    base_citation="26 TAC 746.1601, 746.1609",
    bands=(
        AgeBand("0_11m", "0 to 11 months", 0, 12, 4, 10, "26 TAC 746.1601, 746.1609"),
        AgeBand("12_17m", "12 to 17 months", 12, 18, 5, 13, "26 TAC 746.1601, 746.1609"),
        AgeBand("18_23m", "18 to 23 months", 18, 24, 9, 18, "26 TAC 746.1601, 746.1609"),
        AgeBand("2y", "2 years", 24, 36, 11, 22, "26 TAC 746.1601, 746.1609"),
        AgeBand("3y", "3 years", 36, 48, 15, 30, "26 TAC 746.1601, 746.1609"),
        AgeBand("4y", "4 years", 48, 60, 18, 35, "26 TAC 746.1601, 746.1609"),
        AgeBand("5y", "5 years", 60, 72, 22, 35, "26 TAC 746.1601, 746.1609"),
        AgeBand("6_13y", "6 to 13 years", 72, None, 26, 35, "26 TAC 746.1601, 746.1609"),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="26 TAC 746.1605 (mixed ages: youngest child governs, unverified)",
    opening_closing=OpeningClosingAllowance(
        window_minutes=45,
        min_age_months=18,
        children_per_staff=16,
        min_children_in_care=13,
        citation="26 TAC 746.1615 (first and last 45 minutes)",
    ),
    infant_mix_limit=InfantMixLimit(
        infant_below_months=18,
        max_spread_months=18,
        min_children_in_care=13,
        citation="26 TAC 746.1605, 746.2403(3)",
    ),
)

# --- New York outside New York City (18 NYCRR 418-1.8) -----------------------------------------------------
# Whole row (secondary in the reference): verified against the Child Care Council of Orange County
#   (an OCFS-area resource-and-referral agency) table: <6 wk 1:3 (6); 6 wk-18 mo 1:4 (8); 18-36 mo 1:5 (12);
#   3 y 1:7 (18); 4 y 1:8 (21); 5 y 1:9 (24); through 9 y 1:10 (20); 10-12 y 1:15 (30). Also matched:
#   Child Care Council of Suffolk (ratios), NY Senate bill memo (18-36 mo 1:5, group 12 under 418-1.8),
#   centrecareos.com (group sizes). The regulation text itself was not reachable in the index.
# "Under 6 weeks" is counted as ages 0-1 completed months: a child of 1 completed month may be under
#   42 days, so the stricter band is used (month granularity).
# Mixed ages: youngest governs, verified by the childcareratios.com NY guide (state rule; NYC Article 47
#   uses the predominant age instead and is not supported here).
_NY = StateRules(
    code="NY",
    name="New York (outside New York City)",
    base_citation="18 NYCRR 418-1.8",
    bands=(
        AgeBand("under_6w", "under 6 weeks", 0, 2, 3, 6, "18 NYCRR 418-1.8"),
        AgeBand("6w_18m", "6 weeks to 18 months", 2, 18, 4, 8, "18 NYCRR 418-1.8"),
        AgeBand("18_36m", "18 to 36 months", 18, 36, 5, 12, "18 NYCRR 418-1.8"),
        AgeBand("3y", "3 years", 36, 48, 7, 18, "18 NYCRR 418-1.8"),
        AgeBand("4y", "4 years", 48, 60, 8, 21, "18 NYCRR 418-1.8"),
        AgeBand("5y", "5 years", 60, 72, 9, 24, "18 NYCRR 418-1.8"),
        AgeBand("6_9y", "6 to 9 years", 72, 120, 10, 20, "18 NYCRR 418-1.8"),
        AgeBand("10_12y", "10 to 12 years", 120, None, 15, 30, "18 NYCRR 418-1.8"),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="18 NYCRR 418-1.8 (mixed ages: youngest child governs)",
)

# --- Florida (Fla. Stat. 402.305(4)) ----------------------------------------------------------------------
# Ratios: verified against the Early Learning Coalition of St. Lucie page quoting 402.305(4) (1:4, 1:6,
#   1:11, 1:15, 1:20, 1:25) and legalclarity.org. No numeric group-size cap in the statute (childcareratios
#   Florida guide).
# Mixed ages, all 2+: ratio of the age group with the most children: verified, statute wording quoted by
#   the Early Learning Coalition page. Ties between groups: the younger (stricter) group is used.
# Mixed ages with any child under 2: youngest governs: corroborated only by a secondary summary
#   (legalclarity.org); the Child Care Facility Handbook 2.3.1 text was not reached. Treated as verified by
#   secondary only.
_FL = StateRules(
    code="FL",
    name="Florida",
    base_citation="Fla. Stat. 402.305(4)",
    bands=(
        AgeBand("under_1y", "birth to 1 year", 0, 12, 4, None, "Fla. Stat. 402.305(4)(a)1"),
        AgeBand("1y", "1 year", 12, 24, 6, None, "Fla. Stat. 402.305(4)(a)2"),
        AgeBand("2y", "2 years", 24, 36, 11, None, "Fla. Stat. 402.305(4)(a)3"),
        AgeBand("3y", "3 years", 36, 48, 15, None, "Fla. Stat. 402.305(4)(a)4"),
        AgeBand("4y", "4 years", 48, 60, 20, None, "Fla. Stat. 402.305(4)(a)5"),
        AgeBand("5y_up", "5 years and older", 60, None, 25, None, "Fla. Stat. 402.305(4)(a)6"),
    ),
    mixed_rule=MixedAgeRule.LARGEST_GROUP_WHEN_ALL_TWO_PLUS,
    mixed_citation=(
        "Fla. Stat. 402.305(4) (all 2 years or older: largest age group sets the ratio; "
        "any child under 2: youngest governs)"
    ),
)

# --- Illinois (89 Ill. Adm. Code 407.190) ------------------------------------------------------------------
# Ratios and group sizes (a): verified against childcareed.com's 407.190 summary (1:4/12, 1:5/15, 1:8/16,
#   1:10/20, 1:10/20, 1:20/20). Children 6 years and older are kept in the 5-year band: unverified (the
#   school-age row of Part 407 was not checked).
# (c) youngest governs, (d) permitted combinations and any mix in the first and last hour of programs open
#   10+ hours: verified, same source quoting 407.190(c) and (d). The 5-and-older window is an assumption
#   (school-age groups), unverified.
_IL = StateRules(
    code="IL",
    name="Illinois",
    base_citation="89 Ill. Adm. Code 407.190(a)",
    bands=(
        AgeBand("infant", "infant (6 weeks to 14 months)", 0, 15, 4, 12, "89 Ill. Adm. Code 407.190(a)"),
        AgeBand("toddler", "toddler (15 to 23 months)", 15, 24, 5, 15, "89 Ill. Adm. Code 407.190(a)"),
        AgeBand("2y", "2 years", 24, 36, 8, 16, "89 Ill. Adm. Code 407.190(a)"),
        AgeBand("3y", "3 years", 36, 48, 10, 20, "89 Ill. Adm. Code 407.190(a)"),
        AgeBand("4y", "4 years", 48, 60, 10, 20, "89 Ill. Adm. Code 407.190(a)"),
        AgeBand("5y_up", "5 years and older", 60, None, 20, 20, "89 Ill. Adm. Code 407.190(a)"),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="89 Ill. Adm. Code 407.190(c) (youngest child governs)",
    permitted_mixes=PermittedMixes(
        windows=((0, 36), (24, 72), (48, 84), (60, None)),
        any_mix_window_minutes=60,
        any_mix_min_open_minutes=600,
        citation="89 Ill. Adm. Code 407.190(d)",
    ),
)

# --- NAEYC accreditation (pseudo-state) ---------------------------------------------------------------------
# Verified against NAEYC's "Staff-to-Child Ratio and Class Size" (2018) sheet: infant (birth-15 mo) 1:4 (8);
#   toddler/two (12-36 mo) 1:6 (12); preschool (30 mo-5 y) 1:10 (20); kindergarten 1:12 (24); school-age
#   (K-3rd) 1:15 (30); mixed classes rated by the youngest age category present.
# NAEYC bands overlap; each overlap goes to the stricter band (15 months -> infant, 30-35 months ->
#   toddler/two). Kindergarten is taken as 60-71 months and school-age from 72 months (grades by age).
_NAEYC = StateRules(
    code="NAEYC",
    name="NAEYC accreditation",
    base_citation='NAEYC "Staff-to-Child Ratio and Class Size" (2018)',
    bands=(
        AgeBand("infant", "infant (birth to 15 months)", 0, 16, 4, 8, "NAEYC ratio and class size (2018)"),
        AgeBand(
            "toddler_two", "toddler/two (16 to 35 months)", 16, 36, 6, 12, "NAEYC ratio and class size (2018)"
        ),
        AgeBand("preschool", "preschool (3 to 5 years)", 36, 60, 10, 20, "NAEYC ratio and class size (2018)"),
        AgeBand(
            "kindergarten", "kindergarten (5 years)", 60, 72, 12, 24, "NAEYC ratio and class size (2018)"
        ),
        AgeBand(
            "school_age", "school-age (K to 3rd grade)", 72, None, 15, 30, "NAEYC ratio and class size (2018)"
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="NAEYC ratio and class size (2018) (mixed classes: youngest age category)",
)

RULES: dict[str, StateRules] = {r.code: r for r in (_CA, _TX, _NY, _FL, _IL, _NAEYC)}
"""Supported codes -> rules. "NAEYC" is the accreditation standard, used as if it were a state."""

MAX_CHILD_AGE_MONTHS = 216
"""Ages at or above 18 years are refused as data errors, not children in care."""
