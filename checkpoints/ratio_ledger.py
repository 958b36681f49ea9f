"""The ratio ledger (table `ratio_ledger`): the live ratio workflow's cross-run facts, shared by every
worker, so N workers alert a violation once and propose a deferred window once, whichever took the event.

`RatioLedger` is the service's `agents.common.ledger.AlertLedger` (injected through
graph.deps.Dependencies.ledger; agents never import this module). Each answer is one statement, atomic
under concurrency: a claim is an insert that only the first caller's row satisfies, and a retry of the
same event (`owner`) is given the same answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from agents.common.ledger import Claims, StaffEvent
from checkpoints import seat_claims

CLAIM = """
INSERT INTO ratio_ledger (kind, scope, key, owner) VALUES (%(kind)s, %(scope)s, %(key)s, %(owner)s)
ON CONFLICT (kind, scope, key) DO NOTHING
RETURNING owner
"""
HOLDER = "SELECT owner FROM ratio_ledger WHERE kind = %(kind)s AND scope = %(scope)s AND key = %(key)s"
"""Who holds a claim that was already taken: a statement of its own, so its snapshot sees the row of a
concurrent claim that the insert waited for."""
TAKE_DEFERRED = """
UPDATE ratio_ledger SET taken_by = %(owner)s
WHERE kind = 'deferred' AND scope = %(scope)s AND key = %(key)s AND owner <> %(owner)s
  AND (taken_by IS NULL OR taken_by = %(owner)s)
RETURNING key
"""
CLAIMS_HELD = """
SELECT kind, key, owner, taken_by FROM ratio_ledger
WHERE scope = %(scope)s
  AND ((kind = 'alert' AND key = ANY(%(alerts)s)) OR (kind = 'deferred' AND key = ANY(%(deferred)s)))
"""
"""The claims already on disk among those an event asks about (in the common case, all of them: every
event of a room asks again about the room's known windows), in one statement."""
CLAIM_MANY = """
INSERT INTO ratio_ledger (kind, scope, key, owner)
SELECT 'alert', %(scope)s, k, %(owner)s FROM unnest(%(keys)s::text[]) AS k ORDER BY k
ON CONFLICT (kind, scope, key) DO NOTHING
RETURNING key
"""
"""Claim the alerts nobody held (in key order, so two events claiming overlapping sets cannot deadlock)."""
HOLDERS = """
SELECT key, owner FROM ratio_ledger WHERE kind = 'alert' AND scope = %(scope)s AND key = ANY(%(keys)s)
"""
"""Who won a claim this event lost to a concurrent one: a statement of its own (see HOLDER)."""
TAKE_DEFERRED_MANY = """
UPDATE ratio_ledger SET taken_by = %(owner)s
WHERE kind = 'deferred' AND scope = %(scope)s AND key = ANY(%(keys)s) AND owner <> %(owner)s
  AND taken_by IS NULL
RETURNING key
"""
DEFER = """
INSERT INTO ratio_ledger (kind, scope, key, owner, value)
VALUES ('deferred', %(scope)s, %(key)s, %(owner)s, %(value)s)
ON CONFLICT (kind, scope, key) DO UPDATE SET taken_by = NULL
WHERE ratio_ledger.taken_by = excluded.owner
"""
"""Defer a window with the window as judged; a window the deferring run had taken is given back."""
WAITING = """
SELECT key, value FROM ratio_ledger
WHERE kind = 'deferred' AND scope = %(scope)s AND value->>'date' = %(day)s AND owner <> %(owner)s
  AND (taken_by IS NULL OR taken_by = %(owner)s)
ORDER BY (value->>'start')::int, value->>'classroom_id', key
"""
"""The deferred windows of one center's day a follow-up run may take (or took: its retry)."""
RECORD_STAFF_EVENT = """
INSERT INTO ratio_ledger (kind, scope, key, owner, value) VALUES ('staff_event', %s, %s, %s, %s)
ON CONFLICT (kind, scope, key) DO NOTHING
"""
STAFF_EVENTS = """
SELECT key, value FROM ratio_ledger WHERE kind = 'staff_event' AND scope = %s
ORDER BY (value->>'minute')::int, key
"""


async def _fetch(conn: AsyncConnection[Any], sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Rows as dicts (the pool's row factory makes them so; psycopg's types do not say it)."""
    rows = await (await conn.execute(sql, params)).fetchall()  # type: ignore[arg-type]
    return [dict(r) for r in rows]  # type: ignore[call-overload]


def _room_scope(center_id: str, classroom_id: str, day: date) -> str:
    return f"{center_id}/{classroom_id}/{day.isoformat()}"


@dataclass
class RatioLedger:
    """`AlertLedger` on Postgres (autocommit: each fact is on disk for every worker when the call returns)."""

    pool: AsyncConnectionPool

    async def _claim(self, kind: str, scope: str, key: str, owner: str) -> str:
        params = {"kind": kind, "scope": scope, "key": key, "owner": owner}
        async with self.pool.connection() as conn:
            row = await (await conn.execute(CLAIM, params)).fetchone()
            if row is None:
                row = await (await conn.execute(HOLDER, params)).fetchone()
        if row is None:  # only if the row was deleted in between (a retention purge): nobody holds it
            return owner
        return str(row["owner"])  # type: ignore[call-overload]

    async def claim(
        self,
        center_id: str,
        *,
        alerts: Sequence[str],
        deferred: Sequence[str],
        owner: str,
        take: bool = True,
    ) -> Claims:
        """One statement when every claim asked about is already on disk; an insert for new alerts and
        an update for free deferred windows only when there are some."""
        alerts, deferred = sorted(set(alerts)), sorted(set(deferred))
        if not alerts and not deferred:
            return Claims()
        scope = {"scope": center_id, "owner": owner}
        async with self.pool.connection() as conn:
            rows = await _fetch(conn, CLAIMS_HELD, {**scope, "alerts": alerts, "deferred": deferred})
            held = {(r["kind"], r["key"]): r for r in rows}
            alerted = {k for k in alerts if ("alert", k) in held and held[("alert", k)]["owner"] == owner}
            new = [k for k in alerts if ("alert", k) not in held]
            if new:
                mine = {r["key"] for r in await _fetch(conn, CLAIM_MANY, {**scope, "keys": new})}
                alerted |= mine
                lost = [k for k in new if k not in mine]
                if lost:
                    others = await _fetch(conn, HOLDERS, {**scope, "keys": lost})
                    holder = {r["key"]: r["owner"] for r in others}
                    alerted |= {k for k in lost if holder.get(k, owner) == owner}
            taken: set[str] = set()
            free = []
            for k in deferred:
                row = held.get(("deferred", k))
                if row is None or row["owner"] == owner:
                    continue
                if row["taken_by"] == owner:
                    taken.add(k)  # a retry of the run that took it
                elif row["taken_by"] is None:
                    free.append(k)
            if not take:
                return Claims(frozenset(alerted), waiting=frozenset(free))
            if free:
                taken |= {r["key"] for r in await _fetch(conn, TAKE_DEFERRED_MANY, {**scope, "keys": free})}
        return Claims(frozenset(alerted), frozenset(taken))

    async def first_alert(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        return await self._claim("alert", center_id, finding_id, owner) == owner

    async def defer(
        self, center_id: str, finding_id: str, *, owner: str, window: dict[str, Any] | None = None
    ) -> None:
        params = {"scope": center_id, "key": finding_id, "owner": owner, "value": Jsonb(window or {})}
        async with self.pool.connection() as conn:
            await conn.execute(DEFER, params)

    async def waiting(self, center_id: str, day: date, *, owner: str) -> list[tuple[str, dict[str, Any]]]:
        params = {"scope": center_id, "day": day.isoformat(), "owner": owner}
        async with self.pool.connection() as conn:
            rows = await _fetch(conn, WAITING, params)
        return [(str(r["key"]), dict(r["value"])) for r in rows]

    async def take_deferred(self, center_id: str, finding_id: str, *, owner: str) -> bool:
        async with self.pool.connection() as conn:
            params = {"scope": center_id, "key": finding_id, "owner": owner}
            row = await (await conn.execute(TAKE_DEFERRED, params)).fetchone()
        return row is not None

    async def record_staff_event(
        self, center_id: str, classroom_id: str, day: date, event: StaffEvent
    ) -> None:
        value = {"employee_id": event.employee_id, "minute": event.minute, "checked_in": event.checked_in}
        scope = _room_scope(center_id, classroom_id, day)
        async with self.pool.connection() as conn:
            await conn.execute(RECORD_STAFF_EVENT, (scope, event.event_id, event.event_id, Jsonb(value)))

    async def staff_events(self, center_id: str, classroom_id: str, day: date) -> list[StaffEvent]:
        async with self.pool.connection() as conn:
            rows = await (
                await conn.execute(STAFF_EVENTS, (_room_scope(center_id, classroom_id, day),))
            ).fetchall()
        out = []
        for row in rows:
            r: dict[str, Any] = dict(row)  # type: ignore[call-overload]
            v = r["value"]
            out.append(StaffEvent(r["key"], v["employee_id"], int(v["minute"]), bool(v["checked_in"])))
        return out

    async def claim_seat(
        self, session_id: str, *, holder: str, seats_left: int, center_id: str, owner: str
    ) -> bool:
        """Training seats live in their own table (checkpoints.seat_claims)."""
        return await seat_claims.claim_seat(
            self.pool, session_id, holder=holder, seats_left=seats_left, center_id=center_id, owner=owner
        )

    async def release_seat(self, session_id: str, *, holder: str) -> None:
        await seat_claims.release_seat(self.pool, session_id, holder=holder)
