"""The tamper-evident audit chain (table `audit_chain`): per center, a hash-linked sequence of entries, one
per decision (checkpoints.journal) and one per write-back result (checkpoints.write_results).

Each entry holds the hash of the record it covers and the hash of the previous entry of its center, and is
written in the same transaction as that record (`lock_head` and `append_after` run on the caller's
transaction), so a record never exists unchained and a chained record cannot be changed, deleted or
reordered without `verify` (services.audit_chain) noticing: it recomputes every record hash from the stored
row and every entry hash from the entry before it. Appends to one center are serialised by a
transaction-level advisory lock; the hashes are computed here, so an append costs two round trips, both
shared with the statements that write the records when the caller pipelines them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from psycopg import AsyncConnection, AsyncCursor
from psycopg_pool import AsyncConnectionPool
from pydantic import BaseModel

EntryKind = Literal["decision", "write_result"]
GENESIS = "0" * 64
"""The `prev_hash` of a center's first entry."""

LOCK_CENTER = "SELECT pg_advisory_xact_lock(hashtextextended('audit_chain:' || %s, 0))"
HEAD = "SELECT seq, entry_hash FROM audit_chain WHERE center_id = %s ORDER BY seq DESC LIMIT 1"
INSERT = """
INSERT INTO audit_chain (center_id, seq, kind, record_key, thread_id, principal, recorded_at, record_hash,
                         prev_hash, entry_hash)
VALUES (%(center_id)s, %(seq)s, %(kind)s, %(record_key)s, %(thread_id)s, %(principal)s, %(recorded_at)s,
        %(record_hash)s, %(prev_hash)s, %(entry_hash)s)
"""
_COLUMNS = (
    "center_id, seq, kind, record_key, thread_id, principal, recorded_at, record_hash, prev_hash, entry_hash"
)
CENTERS = """
SELECT center_id FROM audit_chain
UNION SELECT center_id FROM decision_journal WHERE center_id IS NOT NULL
UNION SELECT center_id FROM write_results
ORDER BY center_id
"""
"""Centers with a chain or with a chainable record (so a chain deleted by hand still shows as broken): the
one statement here that reads the covered tables too."""
ENTRIES = f"SELECT {_COLUMNS} FROM audit_chain WHERE center_id = %s ORDER BY seq"
ENTRIES_BETWEEN = f"""
SELECT {_COLUMNS} FROM audit_chain
WHERE center_id = %s AND recorded_at >= %s AND recorded_at < %s ORDER BY seq
"""
CHAINED_KEYS = "SELECT kind, record_key FROM audit_chain WHERE center_id = %s"


class ChainEntry(BaseModel):
    """One stored entry of a center's chain."""

    center_id: str
    seq: int
    kind: EntryKind
    record_key: str
    thread_id: str
    principal: str | None
    recorded_at: datetime
    record_hash: str
    prev_hash: str
    entry_hash: str


def _plain(value: Any) -> Any:
    """JSON-ready form of a stored value: instants in UTC ISO form, so a row hashes the same however the
    driver returns it."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def canonical(value: Any) -> bytes:
    """The canonical bytes of a record or entry: sorted keys, no whitespace, UTF-8."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def record_hash(record: Mapping[str, Any]) -> str:
    """SHA-256 of a covered record's canonical form (the row as stored, all its columns)."""
    return hashlib.sha256(canonical(record)).hexdigest()


def entry_hash(entry: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 linking an entry to the previous one: over `prev_hash` and every field but the hashes'."""
    fields = {k: entry[k] for k in _HASHED_FIELDS}
    return hashlib.sha256(prev_hash.encode() + b"\n" + canonical(fields)).hexdigest()


_HASHED_FIELDS = (
    "center_id",
    "seq",
    "kind",
    "record_key",
    "thread_id",
    "principal",
    "recorded_at",
    "record_hash",
)


@dataclass(frozen=True)
class Covered:
    """A stored record to chain: what its entry names, and the row as stored (its hash is taken from it)."""

    kind: EntryKind
    record_key: str
    thread_id: str
    principal: str | None
    record: Mapping[str, Any]
    recorded_at: datetime


async def lock_head(conn: AsyncConnection[Any], center_id: str) -> AsyncCursor[Any]:
    """Take the center's chain lock and ask for its head; call inside the transaction that writes the
    records. Two statements, so the head is read after the lock is held (each statement of a READ COMMITTED
    transaction sees what committed before it began); in pipeline mode both go in the caller's round trip.
    Hand the returned cursor to `append_after`."""
    await conn.execute(LOCK_CENTER, (center_id,))
    return await conn.execute(HEAD, (center_id,))


async def append_after(
    conn: AsyncConnection[Any], head: AsyncCursor[Any], center_id: str, covered: Sequence[Covered]
) -> list[ChainEntry]:
    """Append one entry per record of `covered`, in order, after the head `lock_head` asked for (its lock
    is held until the transaction ends): the hashes are computed here, and the entries go in one
    statement."""
    row = await head.fetchone()
    prev = GENESIS if row is None else str(row["entry_hash"])
    seq = 0 if row is None else int(row["seq"])
    out: list[ChainEntry] = []
    for item in covered:
        seq += 1
        entry: dict[str, Any] = {
            "center_id": center_id,
            "seq": seq,
            "kind": item.kind,
            "record_key": item.record_key,
            "thread_id": item.thread_id,
            "principal": item.principal,
            "recorded_at": item.recorded_at,
            "record_hash": record_hash(item.record),
            "prev_hash": prev,
        }
        entry["entry_hash"] = prev = entry_hash(entry, prev)
        out.append(ChainEntry.model_validate(entry))
    if out:
        async with conn.cursor() as cur:
            await cur.executemany(INSERT, [e.model_dump() for e in out])
    return out


async def centers(pool: AsyncConnectionPool) -> list[str]:
    """Every center with a chain or with a decision or result stored, in order."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(CENTERS)).fetchall()
    return [r["center_id"] for r in rows]  # type: ignore[call-overload]


async def entries(
    pool: AsyncConnectionPool, center_id: str, *, since: datetime | None = None, until: datetime | None = None
) -> list[ChainEntry]:
    """A center's entries in chain order; with `since`/`until`, those recorded in [since, until)."""
    async with pool.connection() as conn:
        if since is None or until is None:
            cur = await conn.execute(ENTRIES, (center_id,))
        else:
            cur = await conn.execute(ENTRIES_BETWEEN, (center_id, since, until))
        rows = await cur.fetchall()
    return [ChainEntry.model_validate(r) for r in rows]


async def chained_keys(pool: AsyncConnectionPool, center_id: str) -> set[tuple[str, str]]:
    """(kind, record_key) of every record a center's chain covers."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(CHAINED_KEYS, (center_id,))).fetchall()
    return {(r["kind"], r["record_key"]) for r in rows}  # type: ignore[call-overload]
