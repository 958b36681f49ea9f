"""Bad input never becomes a database error (found by the schemathesis run): a NUL in a URL is refused
before any route runs, and a value Postgres refuses as data answers 422, never 500."""

from __future__ import annotations

import pytest

from tests.integration.api.harness import Harness

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    "url",
    [
        "/approvals/S1:evt%00x",
        "/threads/%00/history",
        "/skills/match?need=cpr&center=S1%00",
        "/audit?staff_id=E1%00",
        "/approvals?cursor=%00",
    ],
)
async def test_a_nul_in_the_url_is_422_for_every_caller(harness: Harness, url: str) -> None:
    for who in (None, "director", "hr_admin"):
        answer = await harness.client.get(url, headers=harness.auth(who))
        assert answer.status_code == 422, (who, answer.text)
        assert answer.json()["error"] == "invalid_input"


async def test_a_missing_center_of_an_all_center_caller_is_not_found(harness: Harness) -> None:
    answer = await harness.client.get(
        "/skills/match", params={"need": "cpr", "center": "S404"}, headers=harness.auth("hr_admin")
    )
    assert answer.status_code == 404, answer.text
