"""Profiles read from Procare records into the `rank` contract's shape (pure: no Procare needed)."""

from __future__ import annotations

from datetime import date

from agents.skills import rank
from agents.skills.procare import profile_of
from tests.fakes import credential, employee, training


def test_profile_carries_every_record_kind_scrubbed_of_pii() -> None:
    emp = employee(
        "E7",
        bio="Runs our garden club. Born on 04/05/1990, SSN 912-34-5678.",
        skills=["STEM activities", " "],
        custom_fields={"languages": "English, Vietnamese and Spanish"},
        classroom_ids=["R1"],
    )
    profile = profile_of(
        emp,
        credentials=[credential("E7", "pediatric_cpr_aha", date(2025, 6, 1))],
        trainings=[training("E7", 2.0, title="Safe Sleep", completed_on=date(2026, 1, 5))],
        rooms=["Infant Room", "Infant Room", "Pre-K"],
    )
    assert profile["languages"] == ["English", "Vietnamese", "Spanish"]
    assert profile["rooms"] == ["Infant Room", "Pre-K"]
    assert profile["trainings"] == ["Safe Sleep"]
    assert profile["bio"].endswith("Skills listed in Procare: STEM activities")
    assert "912-34-5678" not in profile["bio"] and "04/05/1990" not in profile["bio"]
    assert profile["credentials"] == [
        {"kind": "pediatric_cpr_aha", "issuer": "AHA", "issued_on": "2025-06-01",
         "expires_on": None}
    ]  # fmt: skip
    [match] = rank([profile], "Vietnamese speaker", as_of=date(2026, 11, 2))
    assert match.staff_id == "E7" and "language: Vietnamese" in match.reasons
