"""Texas licensed child-care centers: 26 TAC Chapter 746, Subchapter E.

Read 2026-12 (search tool): 746.1615 text (tac-clone.dsswtx.org); 746.1601 and 746.1609 numbers and the
746.1605 answer only through a DFPS licensing study set (freezingblue.com) and the childcareratios.com
Chapter 746 guide, so those rows are secondary. Texas's general rule for groups of mixed ages was not
found: 746.1605 (cited by the first version) is the infant-mix section. The youngest child's band is
applied as the stricter reading and marked unverified.

Centers with 12 or fewer children in care have their own tables in Subchapter E. Searched again
2026-12 (Cornell LII, Justia, the TAC clone, txrules, copies of the HHSC Minimum Standards): only
746.1601's heading ("groups of 13 or more children") and 746.1615 were reached, never the small-center
tables, so they are not encoded: the check applies the 13-or-more table and says so (`size_caveat`,
unverified). The model holds rules keyed to a center's size (`SmallCenterRule`, Georgia's 18 or
fewer); Texas's tables join it when their text is read.

Searched again 2026-12-01 for both gaps (pages, docs and code corpora; the exact strings "12 or fewer
children in care" and "746.1603" in the code index): the TAC clone holds 746.1615 only, txrules.elaws
shows the small-center and home tables as "Attached Graphic" (images), texreg.sos.state.tx.us figures
and the September 2024 HHSC Minimum Standards copy (info.5y1.org) were reached only at their opening
pages, and hellosubs.co's summary stops at the heading of the 12-or-fewer table. No general mixed-age
rule was found either: the Chapter 746 guide (childcareratios.com) lists only 746.1605 (infants),
746.1611 (temporary combination, each group keeping its own ratio) and 746.1615 (opening and closing).
Both stay unverified.
"""

from __future__ import annotations

from policies.ratio_model import (
    AgeBand,
    InfantMixLimit,
    MixedAgeRule,
    OpeningClosingAllowance,
    SizeCaveat,
    Source,
    StateRules,
)

_CITE = "26 TAC 746.1601, 746.1609"
_NOTE = "Ratio (746.1601) and group size (746.1609) from a DFPS study set and a Chapter 746 guide."

RULES = StateRules(
    code="TX",
    name="Texas",
    base_citation=_CITE,
    bands=(
        AgeBand("0_11m", "0 to 11 months", 0, 12, 4, 10, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("12_17m", "12 to 17 months", 12, 18, 5, 13, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("18_23m", "18 to 23 months", 18, 24, 9, 18, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("2y", "2 years", 24, 36, 11, 22, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("3y", "3 years", 36, 48, 15, 30, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("4y", "4 years", 48, 60, 18, 35, _CITE, Source.SECONDARY, _NOTE),
        AgeBand("5y", "5 years", 60, 72, 22, 35, _CITE, Source.SECONDARY, _NOTE),
        AgeBand(
            "6_13y",
            "6 to 13 years",
            72,
            None,
            26,
            35,
            _CITE,
            Source.SECONDARY,
            "1:26 from the study set; the group size 35 for 6-13 years is not in it (list cut off).",
        ),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation=(
        "26 TAC 746 Subchapter E (general mixed-age rule not found; youngest child governs, unverified)"
    ),
    mixed_source=Source.UNVERIFIED,
    opening_closing=OpeningClosingAllowance(
        window_minutes=45,
        min_age_months=18,
        children_per_staff=16,
        min_children_in_care=13,
        citation="26 TAC 746.1615 (first and last 45 minutes)",
        source=Source.PRIMARY,
    ),
    infant_mix_limit=InfantMixLimit(
        infant_below_months=18,
        max_spread_months=18,
        min_children_in_care=13,
        citation="26 TAC 746.1605 (infants with older children)",
        source=Source.SECONDARY,
    ),
    size_caveat=SizeCaveat(
        max_children_in_care=12,
        message=(
            "Texas centers with 12 or fewer children in care have their own tables in 26 TAC 746 "
            "Subchapter E, not encoded here (text not found); the 13-or-more table was applied"
        ),
        citation="26 TAC 746 Subchapter E",
    ),
    not_modelled=("Temporary group combination for meals, nap, outdoor play and activities (746.1611).",),
)
