"""New York: 18 NYCRR 418-1.8 outside New York City, and NYC Health Code Article 47 inside it.

"NY" is the rest of the state; New York City's five boroughs follow their own Health Code (Article 47,
47.23), chosen from the center's city or ZIP code (`policies.ratio_jurisdiction`).

Read 2026-12 (search tool): 418-1.8 only through resource-and-referral tables (Child Care Council of
Orange County and of Suffolk; childinjurylawyerblog; centrecareos) and a NY Senate memo: secondary. NYC:
the childcareratios.com comparison of Article 47 and Part 418 (4-year-olds 1:12 with group 20; toddlers
12-24 months; mixed groups by predominant age): secondary. The rest of the NYC table was not reached;
those rows are the stricter reading and marked unverified. Article 47 regulates child care services for
children under six; school-age programs in the city are licensed by OCFS (18 NYCRR Part 414, not
encoded).
"""

from __future__ import annotations

from policies.ratio_model import AgeBand, CityOverride, MixedAgeRule, Source, StateRules

_NY = "18 NYCRR 418-1.8"
_NY_NOTE = "Resource-and-referral tables of 418-1.8; regulation text not reached."
_NYC = "NYC Health Code (24 RCNY) 47.23"
_NYC_UNVERIFIED = "Article 47 table not reached; stricter reading encoded."

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
            4,
            8,
            _NYC,
            Source.UNVERIFIED,
            "Band edges 12-24 months from a secondary comparison; ratio and group size: " + _NYC_UNVERIFIED,
        ),
        AgeBand("2y", "2 years", 24, 36, 6, 12, _NYC, Source.UNVERIFIED, _NYC_UNVERIFIED),
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
    ),
    mixed_rule=MixedAgeRule.PREDOMINANT_AGE,
    mixed_citation=(
        "NYC Health Code 47.23 (children 12 months and older in a contiguous range: predominant age)"
    ),
    mixed_source=Source.SECONDARY,
    age_limit_months=72,
    age_limit_message=(
        "NYC Health Code Article 47 covers children under six; school-age programs in the city are "
        "licensed under 18 NYCRR Part 414, which is not encoded"
    ),
)
