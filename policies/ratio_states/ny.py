"""New York: 18 NYCRR 418-1.8 outside New York City, and NYC Health Code Article 47 inside it.

"NY" is the rest of the state; New York City's five boroughs follow their own Health Code (Article 47,
47.23), chosen from the center's city or ZIP code (`policies.ratio_jurisdiction`).

Read 2026-12 (search tool): 418-1.8 only through resource-and-referral tables (Child Care Council of
Orange County and of Suffolk; childinjurylawyerblog; centrecareos) and a NY Senate memo: secondary.

NYC: Article 47 covers group child care for children under six (the city's operator guide). Toddlers
(12 to 24 months, 47.01) 1:5 with group 10 and two-year-olds 1:6 with group 12 come from a NY Senate
bill's justification quoting 47.23 (2025-2026 session); four-year-olds 1:12 with group 20 and the
predominant-age rule for mixed groups from the childcareratios.com comparison of Article 47 and Part
418: secondary. Infants, three- and five-year-olds were not reached: unverified, with the numbers of
the first version of this table (1:4 group 8, 1:10 group 15, 1:15 group 25), which no text read
confirms. Searched again 2026-12-01: American Legal's copy of the Rules of the City of New York (Title
24 index pages only), rules.cityofnewyork.us (the 2019 proposal to align Article 47's ratios with Head
Start, its table not in the part held), the DOHMH guide "What Group Child Care Providers Should Know"
(contents page only) and the 2025-2026 Senate and Assembly memos (toddlers and two-year-olds only).
School-age children in the city are in school-age child care programs registered by OCFS under 18
NYCRR Part 414 (414.8): the city's business portal gives 1:10 up to 20 for younger children and 1:15
up to 30 from ten years (secondary); a nine-year-old takes the stricter row. Children in kindergarten
or higher grades may join, so a kindergartner (`kindergarten=True`) takes the school-age row.
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, CityOverride, MixedAgeRule, Source, StateRules

_NY = "18 NYCRR 418-1.8"
_NY_NOTE = "Resource-and-referral tables of 418-1.8; regulation text not reached."
_NYC = "NYC Health Code (24 RCNY) 47.23"
_NYC_UNVERIFIED = "Article 47's row not reached (searched again 2026-12-01); first-version numbers."
_NYC_MEMO = "From a NY Senate bill's justification quoting 47.23 (2025-2026 session)."
_SACC = "18 NYCRR 414.8 (school-age child care)"
_SACC_NOTE = "NYC business portal's summary of Part 414 school-age child care ratios."

# USPS ZIP prefixes of the five boroughs (Manhattan 100-102, Staten Island 103, Bronx 104, Brooklyn 112,
# Queens 111, 113, 114, 116) and the two Queens ZIPs under the Nassau prefix 110.
_NYC_ZIP3 = frozenset({"100", "101", "102", "103", "104", "111", "112", "113", "114", "116"})
_NYC_ZIP5 = frozenset({"11004", "11005"})
_NYC_CITY_NAMES = frozenset(
    {
        "new york",
        "new york city",
        "nyc",
        "manhattan",
        "brooklyn",
        "bronx",
        "the bronx",
        "queens",
        "staten island",
        "astoria",
        "long island city",
        "flushing",
        "jamaica",
        "forest hills",
        "rego park",
        "elmhurst",
        "east elmhurst",
        "jackson heights",
        "corona",
        "woodside",
        "sunnyside",
        "ridgewood",
        "maspeth",
        "middle village",
        "richmond hill",
        "south richmond hill",
        "ozone park",
        "south ozone park",
        "howard beach",
        "kew gardens",
        "fresh meadows",
        "bayside",
        "whitestone",
        "college point",
        "little neck",
        "douglaston",
        "oakland gardens",
        "hollis",
        "queens village",
        "cambria heights",
        "saint albans",
        "st. albans",
        "springfield gardens",
        "rosedale",
        "laurelton",
        "far rockaway",
        "arverne",
        "rockaway park",
        "breezy point",
        "woodhaven",
        "glen oaks",
    }
)

NY = StateRules(
    code="NY",
    name="New York (outside New York City)",
    base_citation=_NY,
    bands=(
        AgeBand(
            "under_6w",
            "under 6 weeks",
            0,
            2,
            3,
            6,
            _NY,
            Source.SECONDARY,
            _NY_NOTE + " A child of 1 completed month may be under 42 days: the stricter band is used.",
        ),
        AgeBand("6w_18m", "6 weeks to 18 months", 2, 18, 4, 8, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("18_36m", "18 to 36 months", 18, 36, 5, 12, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("3y", "3 years", 36, 48, 7, 18, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("4y", "4 years", 48, 60, 8, 21, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("5y", "5 years", 60, 72, 9, 24, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("6_9y", "6 to 9 years", 72, 120, 10, 20, _NY, Source.SECONDARY, _NY_NOTE),
        AgeBand("10_12y", "10 to 12 years", 120, None, 15, 30, _NY, Source.SECONDARY, _NY_NOTE),
    ),
    mixed_rule=MixedAgeRule.YOUNGEST,
    mixed_citation="18 NYCRR 418-1.8 (mixed ages: youngest child governs)",
    mixed_source=Source.SECONDARY,
    city_overrides=(
        CityOverride(
            code="NYC",
            city_names=_NYC_CITY_NAMES,
            zip3=_NYC_ZIP3,
            zip5=_NYC_ZIP5,
            citation="NYC Health Code Article 47 governs child care services in the five boroughs",
        ),
    ),
)

NYC = StateRules(
    code="NYC",
    name="New York City (Health Code Article 47)",
    base_citation=_NYC,
    bands=(
        AgeBand("infant", "infant (under 12 months)", 0, 12, 4, 8, _NYC, Source.UNVERIFIED, _NYC_UNVERIFIED),
        AgeBand(
            "toddler",
            "toddler (12 to 24 months)",
            12,
            24,
            5,
            10,
            _NYC,
            Source.SECONDARY,
            "Toddler is 12-24 months (47.01). " + _NYC_MEMO,
        ),
        AgeBand("2y", "2 years", 24, 36, 6, 12, _NYC, Source.SECONDARY, _NYC_MEMO),
        AgeBand("3y", "3 years", 36, 48, 10, 15, _NYC, Source.UNVERIFIED, _NYC_UNVERIFIED),
        AgeBand(
            "4y",
            "4 years",
            48,
            60,
            12,
            20,
            _NYC,
            Source.SECONDARY,
            "1:12 with group 20 from a secondary comparison of Article 47 and Part 418.",
        ),
        AgeBand("5y", "5 years", 60, 72, 15, 25, _NYC, Source.UNVERIFIED, _NYC_UNVERIFIED),
        AgeBand(
            "sacc_6_9y",
            "school-age (6 to 9 years, Part 414 program)",
            72,
            120,
            10,
            20,
            _SACC,
            Source.SECONDARY,
            _SACC_NOTE + " It says under nine and over ten: nine-year-olds take this stricter row.",
        ),
        AgeBand(
            "sacc_10y_up",
            "school-age (10 years and older, Part 414 program)",
            120,
            None,
            15,
            30,
            _SACC,
            Source.SECONDARY,
            _SACC_NOTE,
        ),
    ),
    kindergarten_bands=(
        AgeBand(
            "sacc_6_9y",
            "school-age (kindergarten, Part 414 program)",
            60,
            72,
            10,
            20,
            _SACC,
            Source.SECONDARY,
            _SACC_NOTE + " Children in kindergarten or higher grades may join.",
        ),
    ),
    mixed_rule=MixedAgeRule.PREDOMINANT_AGE,
    mixed_citation=(
        "NYC Health Code 47.23 (children 12 months and older in a contiguous range: predominant age)"
    ),
    mixed_source=Source.SECONDARY,
)
