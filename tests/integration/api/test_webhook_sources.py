"""Webhook sources (issue 10 item 6, DESIGN.md "Webhooks"): the Standard Webhooks signature suffices, each
source has its own secret and centers, and a rotation keeps two secrets active for its grace period."""

from __future__ import annotations

from datetime import timedelta

import pytest

from policies.errors import InvalidInput
from services.errors import Conflict, NotFound
from services.webhook_sources import add_source, list_sources, rotate_secret
from tests.integration.api.harness import Harness, event_body

pytestmark = pytest.mark.integration


async def test_a_source_speaks_for_its_centers_only_with_no_token(harness: Harness) -> None:
    pool, now = harness.services.pool, harness.services.now()
    secret = await add_source(pool, f"acme-{harness.suffix}", ["S2"], now=now)
    assert secret.startswith("whsec_")
    ok = await harness.deliver(event_body(center="S2", employee_id="E2"), who=None, secret=secret)
    assert ok.status_code == 202, ok.text
    other = await harness.deliver(event_body(center="S1"), who=None, secret=secret)
    assert other.status_code == 403 and "may not deliver events for center S1" in other.json()["message"]
    # a service token sent along is checked too, and a token of another role is refused
    assert (
        await harness.deliver(event_body(center="S2", employee_id="E2"), secret=secret)
    ).status_code == 202
    with_director = await harness.deliver(event_body(center="S2"), who="director", secret=secret)
    assert with_director.status_code == 403
    unknown = await harness.deliver(event_body(center="S2"), who=None, secret=secret[:-4] + "AAA=")
    assert unknown.status_code == 401 and unknown.json()["error"] == "bad_signature"


async def test_rotation_keeps_two_secrets_for_the_grace_period_then_one(harness: Harness) -> None:
    pool, now = harness.services.pool, harness.services.now()
    name = f"rot-{harness.suffix}"
    first = await add_source(pool, name, ["S1"], now=now)
    second = await rotate_secret(pool, name, now=now, grace="24h")

    async def status(secret: str) -> int:
        return (await harness.deliver(event_body(), who=None, secret=secret)).status_code

    assert (await status(first), await status(second)) == (202, 202)  # both verify during the grace
    (row,) = [r for r in await list_sources(pool, now=now) if r.name == name]
    assert row.active_secrets == 2 and row.old_secret_expires_at == now + timedelta(hours=24)
    third = await rotate_secret(pool, name, now=now, grace="1h")
    assert (await status(first), await status(second), await status(third)) == (401, 202, 202)
    (row,) = [r for r in await list_sources(pool, now=now) if r.name == name]
    assert row.active_secrets == 2 and row.old_secret_expires_at == now + timedelta(hours=1)
    fourth = await rotate_secret(pool, name, now=now, grace="0m")  # stop the previous one at once
    assert (await status(third), await status(fourth)) == (401, 202)
    after_grace = [r for r in await list_sources(pool, now=now + timedelta(hours=2)) if r.name == name]
    assert after_grace[0].active_secrets == 1


async def test_names_centers_and_unknown_sources_are_refused_in_one_line(harness: Harness) -> None:
    pool, now = harness.services.pool, harness.services.now()
    name = f"dup-{harness.suffix}"
    await add_source(pool, name, ["*"], now=now)
    with pytest.raises(Conflict):
        await add_source(pool, name, ["S1"], now=now)
    for bad_name, centers in (("Has Space", ["S1"]), ("default", ["S1"]), (f"nocenter-{harness.suffix}", [])):
        with pytest.raises(InvalidInput):
            await add_source(pool, bad_name, centers, now=now)
    with pytest.raises(NotFound):
        await rotate_secret(pool, "nobody", now=now)
    with pytest.raises(InvalidInput, match="--grace"):
        await rotate_secret(pool, name, now=now, grace="forever")
    assert all("whsec_" not in repr(r) for r in await list_sources(pool, now=now))
