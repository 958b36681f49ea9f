"""API tokens on real Postgres: lifetimes, expiry, last use and rotation (issue 10 item 7).

Every instant is passed in (the product clock), so nothing here depends on the wall clock.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from psycopg_pool import AsyncConnectionPool

from checkpoints.db import open_pool
from policies.errors import InvalidInput
from services.errors import NotFound, Unauthorized
from services.tokens import TokenCheck, authenticate, create_token, list_tokens, parse_lifetime, rotate_token

pytestmark = pytest.mark.integration

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
async def pool(fresh_db: str) -> AsyncIterator[AsyncConnectionPool]:
    pool = await open_pool(fresh_db, max_size=2)
    yield pool
    await pool.close()


async def row(pool: AsyncConnectionPool, label: str) -> dict[str, object]:
    (live,) = [r for r in await list_tokens(pool) if r.label == label and r.revoked_at is None]
    return live.model_dump()


@pytest.mark.parametrize(
    ("text", "lifetime"),
    [("90d", timedelta(days=90)), ("12h", timedelta(hours=12)), ("2w", timedelta(weeks=2)), ("never", None)],
)
def test_lifetimes_parse(text: str, lifetime: timedelta | None) -> None:
    assert parse_lifetime(text) == lifetime


@pytest.mark.parametrize("text", ["90", "0d", "-1d", "1y", "9999d", "d90", ""])
def test_bad_lifetimes_are_refused_in_one_line(text: str) -> None:
    with pytest.raises(InvalidInput, match="--expires-in"):
        parse_lifetime(text)


async def test_a_director_token_expires_after_90_days_by_default(pool: AsyncConnectionPool) -> None:
    raw = await create_token(pool, "director", ["S1"], "maria", now=T0)
    assert (await row(pool, "maria"))["expires_at"] == T0 + timedelta(days=90)
    assert (await authenticate(pool, raw, now=T0 + timedelta(days=89))).id == "maria"
    with pytest.raises(Unauthorized, match="expired"):
        await authenticate(pool, raw, now=T0 + timedelta(days=90))


async def test_a_director_token_cannot_live_forever(pool: AsyncConnectionPool) -> None:
    with pytest.raises(InvalidInput, match="must expire"):
        await create_token(pool, "director", ["S1"], "maria", now=T0, expires_in="never")
    assert await list_tokens(pool) == []


async def test_expires_in_sets_the_expiry_and_service_tokens_may_live_until_revoked(
    pool: AsyncConnectionPool,
) -> None:
    await create_token(pool, "auditor", ["S1"], "audit", now=T0, expires_in="12h")
    assert (await row(pool, "audit"))["expires_at"] == T0 + timedelta(hours=12)
    raw = await create_token(pool, "service", [], "procare", now=T0)
    assert (await row(pool, "procare"))["expires_at"] is None
    assert (await authenticate(pool, raw, now=T0 + timedelta(days=3650))).role == "service"


async def test_last_use_is_recorded_at_most_once_a_minute(pool: AsyncConnectionPool) -> None:
    raw = await create_token(pool, "hr_admin", [], "hr", now=T0)
    assert (await row(pool, "hr"))["last_used_at"] is None
    await authenticate(pool, raw, now=T0 + timedelta(hours=1))
    assert (await row(pool, "hr"))["last_used_at"] == T0 + timedelta(hours=1)
    await authenticate(pool, raw, now=T0 + timedelta(hours=1, seconds=30))
    assert (await row(pool, "hr"))["last_used_at"] == T0 + timedelta(hours=1)
    await authenticate(pool, raw, now=T0 + timedelta(hours=1, minutes=2))
    assert (await row(pool, "hr"))["last_used_at"] == T0 + timedelta(hours=1, minutes=2)


async def test_an_expired_token_records_no_use(pool: AsyncConnectionPool) -> None:
    raw = await create_token(pool, "hr_admin", [], "hr", now=T0, expires_in="1h")
    with pytest.raises(Unauthorized):
        await authenticate(pool, raw, now=T0 + timedelta(hours=2))
    assert (await row(pool, "hr"))["last_used_at"] is None


async def test_rotation_keeps_role_centers_and_lifetime_and_stops_the_old_token(
    pool: AsyncConnectionPool,
) -> None:
    old = await create_token(pool, "director", ["S1", "S2"], "maria", now=T0, expires_in="30d")
    later = T0 + timedelta(days=20)
    new = await rotate_token(pool, "maria", now=later)
    assert new != old
    with pytest.raises(Unauthorized, match="unknown or revoked"):
        await authenticate(pool, old, now=later)
    who = await authenticate(pool, new, now=later)
    assert (who.id, who.role, who.centers) == ("maria", "director", frozenset({"S1", "S2"}))
    assert (await row(pool, "maria"))["expires_at"] == later + timedelta(days=30)
    assert [r.revoked_at for r in await list_tokens(pool)] == [later, None]


async def test_rotation_takes_a_new_lifetime_and_an_unknown_label_is_not_found(
    pool: AsyncConnectionPool,
) -> None:
    await create_token(pool, "service", [], "procare", now=T0)
    await rotate_token(pool, "procare", now=T0, expires_in="2w")
    assert (await row(pool, "procare"))["expires_at"] == T0 + timedelta(weeks=2)
    with pytest.raises(NotFound):
        await rotate_token(pool, "nobody", now=T0)


async def test_an_expired_token_can_be_rotated(pool: AsyncConnectionPool) -> None:
    await create_token(pool, "director", ["S1"], "maria", now=T0, expires_in="1d")
    late = T0 + timedelta(days=5)
    new = await rotate_token(pool, "maria", now=late)
    assert (await authenticate(pool, new, now=late)).id == "maria"


async def test_shared_token_checks_record_a_use_at_most_once_a_minute_and_none_when_expired(
    pool: AsyncConnectionPool,
) -> None:
    """services.tokens.TokenCheck (the webhook sender's check): the same answers and records as
    `authenticate`, with concurrent lookups sharing one read."""
    check = TokenCheck(pool)
    raw = await create_token(pool, "hr_admin", [], "hr", now=T0)
    later = T0 + timedelta(hours=1)
    principals = await asyncio.gather(*(check.authenticate(raw, now=later) for _ in range(10)))
    assert {p.role for p in principals} == {"hr_admin"} and check.reads.reads == 1
    assert (await row(pool, "hr"))["last_used_at"] == later
    await check.authenticate(raw, now=later + timedelta(seconds=30))
    assert (await row(pool, "hr"))["last_used_at"] == later
    await check.authenticate(raw, now=later + timedelta(minutes=2))
    assert (await row(pool, "hr"))["last_used_at"] == later + timedelta(minutes=2)
    short = await create_token(pool, "service", [], "hooks", now=T0, expires_in="1h")
    with pytest.raises(Unauthorized, match="expired"):
        await check.authenticate(short, now=T0 + timedelta(hours=2))
    assert (await row(pool, "hooks"))["last_used_at"] is None
    looked_up = await check.lookup(short)  # a lookup alone (the signature refused first) records nothing
    assert looked_up is not None and (await row(pool, "hooks"))["last_used_at"] is None
