"""`GET /skills/match`: staff ranked for a need from stored profiles, scoped by role and by center."""

from __future__ import annotations

from tests.clock import during
from tests.integration.api.harness import TODAY, Harness


async def test_a_director_searches_their_own_center_only(harness: Harness) -> None:
    harness.services.deps.clock = lambda: during(TODAY)  # the card is valid to 2026-11-30
    answer = await harness.client.get(
        "/skills/match", params={"need": "CPR certified", "center": "S1"}, headers=harness.auth("director")
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["centers"] == ["S1"] and body["rebuilt"] == ["S1"] and body["as_of"] == "2026-11-02"
    [match] = body["matches"]
    assert match["staff_id"] == "E1" and match["center_id"] == "S1"
    assert any(r.startswith("credential: pediatric_cpr_aha valid to") for r in match["reasons"])

    mine = await harness.client.get("/skills/match", params={"need": "CPR"}, headers=harness.auth("director"))
    assert mine.status_code == 200 and mine.json()["rebuilt"] == []
    other = await harness.client.get(
        "/skills/match", params={"need": "CPR", "center": "S1"}, headers=harness.auth("director_b")
    )
    assert other.status_code == 404
    none_stored = await harness.client.get(
        "/skills/match", params={"need": "CPR"}, headers=harness.auth("director_b")
    )
    assert none_stored.status_code == 404 and "no center" in none_stored.json()["message"]


async def test_roles_and_bad_input(harness: Harness) -> None:
    params = {"need": "CPR", "center": "S1"}
    assert (await harness.client.get("/skills/match", params=params)).status_code == 401
    auditor = await harness.client.get("/skills/match", params=params, headers=harness.auth("auditor"))
    assert auditor.status_code == 403
    assert auditor.json()["message"] == "role auditor may not read skills"
    blank = await harness.client.get(
        "/skills/match", params={"need": "  ", "center": "S1"}, headers=harness.auth("director")
    )
    assert blank.status_code == 422 and "need must be a non-empty text" in blank.json()["message"]
    hr = await harness.client.get(
        "/skills/match", params={"need": "CPR", "limit": 0}, headers=harness.auth("hr_admin")
    )
    assert hr.status_code == 422
