"""Expired tokens over the real app (issue 10 item 7): the API answers 401 saying so, and an inbox session
opened with a token ends when the token expires."""

from __future__ import annotations

from datetime import timedelta

import pytest

from services.tokens import create_token
from tests.integration.api.harness import Harness
from tests.integration.api.test_inbox import sign_in

pytestmark = pytest.mark.integration


async def test_an_expired_token_answers_401_and_a_live_one_is_marked_used(harness: Harness) -> None:
    now = harness.services.now()
    harness.tokens["stale"] = await create_token(
        harness.services.pool, "director", ["S1"], f"stale-{harness.suffix}", now=now - timedelta(days=91)
    )
    stale = await harness.client.get("/approvals", headers=harness.auth("stale"))
    assert stale.status_code == 401 and stale.json()["error"] == "unauthorized"
    assert "expired" in stale.json()["message"]
    assert (await harness.client.get("/approvals", headers=harness.auth("director"))).status_code == 200
    async with harness.services.pool.connection() as conn:
        row = await (
            await conn.execute(
                "SELECT label, last_used_at FROM api_tokens WHERE label = ANY(%s)",
                ([harness.label("director"), f"stale-{harness.suffix}"],),
            )
        ).fetchall()
    used = {r["label"]: r["last_used_at"] for r in row}  # type: ignore[call-overload]
    assert used[harness.label("director")] is not None and used[f"stale-{harness.suffix}"] is None


async def test_an_inbox_session_ends_with_its_token(harness: Harness) -> None:
    await sign_in(harness, "director")
    assert (await harness.client.get("/inbox")).status_code == 200
    async with harness.services.pool.connection() as conn:
        await conn.execute(
            "UPDATE api_tokens SET expires_at = %s WHERE label = %s",
            (harness.services.now() - timedelta(seconds=1), harness.label("director")),
        )
    assert (await harness.client.get("/inbox")).status_code == 303
