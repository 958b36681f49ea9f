"""Which code governs a center: its state's, or a city's own (New York City inside New York).

A New York center in the five boroughs follows NYC Health Code Article 47, anywhere else in the state
18 NYCRR 418-1. The center's ZIP code decides when it is known (USPS prefixes of the boroughs); else its
city name (the boroughs and the Queens postal place names). With neither, the state's own code applies.
"""

from __future__ import annotations

from policies.ratio_tables import RULES


def jurisdiction(state: str, *, city: object = None, postal_code: object = None) -> str:
    """The ratio code for a center in `state` at `city` / `postal_code` ("NY" + Brooklyn -> "NYC").

    Values that are not text (a missing or malformed address field) are ignored.
    """
    code = state.strip().upper() if isinstance(state, str) else ""
    rules = RULES.get(code)
    if rules is None or not rules.city_overrides:
        return code
    digits = "".join(ch for ch in postal_code if ch.isdigit())[:5] if isinstance(postal_code, str) else ""
    for override in rules.city_overrides:
        if len(digits) == 5:
            if digits in override.zip5 or digits[:3] in override.zip3:
                return override.code
            continue
        if isinstance(city, str) and " ".join(city.lower().split()) in override.city_names:
            return override.code
    return code
