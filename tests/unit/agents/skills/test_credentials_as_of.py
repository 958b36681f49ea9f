"""A credential expired at `as_of` is no evidence; validity follows the record, else the issuer's rule."""

from __future__ import annotations

from datetime import date
from typing import Any

from agents.skills import rank, skills_profiles

CPR = {"kind": "pediatric_cpr_aha", "issuer": "American Heart Association"}


def cpr_holders(profiles: list[dict], as_of: date) -> list[str]:
    return [m.staff_id for m in rank(profiles, "pediatric CPR", as_of=as_of)]


def test_valid_through_its_last_day_and_not_after() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "S1", "credentials": [{**CPR, "expires_on": "2027-03-31"}]}
    ]

    assert cpr_holders(profiles, date(2027, 3, 31)) == ["S1"]
    assert cpr_holders(profiles, date(2027, 4, 1)) == []


def test_reason_names_the_credential_and_its_expiry() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "S1", "credentials": [{**CPR, "issued_on": "2025-03-14", "expires_on": "2027-03-31"}]}
    ]

    (match,) = rank(profiles, "CPR certified", as_of=date(2026, 12, 1))

    assert "credential: pediatric_cpr_aha valid to 2027-03-31" in match.reasons


def test_missing_expiry_comes_from_the_issuers_rule() -> None:
    # AHA cards run two years through the end of the month of issue (policies.credentials).
    profiles: list[dict[str, Any]] = [{"staff_id": "S1", "credentials": [{**CPR, "issued_on": "2025-03-14"}]}]

    assert cpr_holders(profiles, date(2027, 3, 31)) == ["S1"]
    assert cpr_holders(profiles, date(2027, 4, 1)) == []
    (match,) = rank(profiles, "CPR", as_of=date(2026, 1, 1))
    assert "credential: pediatric_cpr_aha valid to 2027-03-31 (by the issuer's rule)" in match.reasons


def test_a_credential_not_yet_issued_at_as_of_does_not_count() -> None:
    profiles: list[dict[str, Any]] = [
        {"staff_id": "S1", "credentials": [{**CPR, "issued_on": "2026-06-01", "expires_on": "2028-06-30"}]}
    ]

    assert cpr_holders(profiles, date(2026, 5, 31)) == []
    assert cpr_holders(profiles, date(2026, 6, 1)) == ["S1"]


def test_an_expired_card_is_kept_aside_with_the_reason() -> None:
    profiles: list[dict[str, Any]] = [
        {
            "staff_id": "S1",
            "credentials": [
                {**CPR, "expires_on": "2026-11-30"},
                {"kind": "first_aid_aha", "expires_on": "2027-11-30"},
            ],
        }
    ]

    (profile,) = skills_profiles(profiles, as_of=date(2026, 12, 1))

    assert "cpr" not in profile.skills
    assert "first_aid" in profile.skills
    assert profile.ignored == ("credential: pediatric_cpr_aha expired 2026-11-30",)


def test_expired_credential_but_current_bio_still_counts_as_bio() -> None:
    profiles: list[dict[str, Any]] = [
        {
            "staff_id": "S1",
            "bio": "Lead teacher in our inclusion classroom for children with IEPs.",
            "credentials": [{"kind": "ecse_certificate", "expires_on": "2026-07-31"}],
        }
    ]

    (match,) = rank(profiles, "special education", as_of=date(2026, 12, 1))

    assert all(not r.startswith("credential:") for r in match.reasons)
    assert match.reasons[0].startswith("bio: ")


def test_labelled_center_expired_cards_drop_out_of_a_cpr_search() -> None:
    from tests.skills_labelled import load

    labelled = load()
    found = {
        m.staff_id
        for m in rank(
            labelled.profiles, "current pediatric CPR and first aid", limit=50, as_of=labelled.as_of
        )
    }

    # S103, S105, S115 (expired the day before as_of), S119 and S133 hold only expired cards.
    assert found.isdisjoint({"S103", "S105", "S115", "S119", "S133"})
    assert {"S101", "S108", "S134", "S139"} <= found
