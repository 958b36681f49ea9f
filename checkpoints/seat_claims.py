"""Training seat claims (table `training_seat_claims`): the seats of catalog sessions that pending
proposals hold, shared by every worker (agents.common.ledger explains the rule; `RatioLedger` exposes it
as the service's ledger).

A claim is one transaction under a per-session advisory lock: count the claims held, then insert, so two
workers claiming the last seat of one session at the same moment cannot both win.
"""

from __future__ import annotations

from typing import Any

from psycopg_pool import AsyncConnectionPool

LOCK_SESSION = "SELECT pg_advisory_xact_lock(hashtextextended('training_seat:' || %(session)s, 0))"
HELD_BY = "SELECT 1 FROM training_seat_claims WHERE session_id = %(session)s AND holder = %(holder)s"
HELD = "SELECT count(*) AS n FROM training_seat_claims WHERE session_id = %(session)s"
INSERT = """
INSERT INTO training_seat_claims (session_id, holder, center_id, owner)
VALUES (%(session)s, %(holder)s, %(center)s, %(owner)s)
ON CONFLICT (session_id, holder) DO NOTHING
"""
RELEASE = "DELETE FROM training_seat_claims WHERE session_id = %(session)s AND holder = %(holder)s"


async def claim_seat(
    pool: AsyncConnectionPool, session_id: str, *, holder: str, seats_left: int, center_id: str, owner: str
) -> bool:
    """True when `holder` holds (or now took) a claim on the session's seats."""
    params: dict[str, Any] = {"session": session_id, "holder": holder, "center": center_id, "owner": owner}
    async with pool.connection() as conn, conn.transaction():
        await conn.execute(LOCK_SESSION, params)
        if await (await conn.execute(HELD_BY, params)).fetchone() is not None:
            return True
        row = await (await conn.execute(HELD, params)).fetchone()
        held = int(row["n"]) if row is not None else 0  # type: ignore[call-overload]
        if held >= seats_left:
            return False
        await conn.execute(INSERT, params)
    return True


async def release_seat(pool: AsyncConnectionPool, session_id: str, *, holder: str) -> None:
    """Drop `holder`'s claim on the session, if any."""
    async with pool.connection() as conn:
        await conn.execute(RELEASE, {"session": session_id, "holder": holder})
