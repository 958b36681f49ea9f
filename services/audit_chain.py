"""Verifying and exporting the tamper-evident audit chain (checkpoints.audit_chain).

`verify` recomputes, center by center, every entry's hash from the entry before it and every covered
record's hash from the row as stored now (decision_journal, write_results), and checks that every stored
decision and result is chained. The first entry that does not hold is named: a record changed or deleted
after it was chained, an entry changed, removed or reordered, or a record with no entry. `export` writes
a center's entries of a time window with their records, and the chain's head hash, for a licensing audit
(compare the head later with `procare-ai audit verify --center ID --head HASH`).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from psycopg_pool import AsyncConnectionPool

from checkpoints import audit_chain, journal, write_results
from checkpoints.audit_chain import GENESIS, ChainEntry
from policies.errors import InvalidInput
from policies.rbac import Principal
from services.errors import NotFound

RecordKey = tuple[str, str]


@dataclass(frozen=True)
class Break:
    """The first place a center's chain does not hold."""

    center_id: str
    seq: int
    problem: str
    kind: str | None = None
    record_key: str | None = None
    thread_id: str | None = None

    def describe(self) -> str:
        what = f" ({self.kind} {self.record_key}, thread {self.thread_id})" if self.kind else ""
        return f"{self.center_id} entry #{self.seq}{what}: {self.problem}"


@dataclass(frozen=True)
class CenterChain:
    """One center's chain as verified."""

    center_id: str
    entries: int
    head_seq: int
    head_hash: str
    broken: Break | None = None


@dataclass(frozen=True)
class Verification:
    centers: list[CenterChain] = field(default_factory=list)

    @property
    def first_break(self) -> Break | None:
        return next((c.broken for c in self.centers if c.broken is not None), None)

    @property
    def intact(self) -> bool:
        return self.first_break is None


def check_chain(
    center_id: str,
    entries: list[ChainEntry],
    records: dict[RecordKey, dict[str, Any]],
    stored: set[RecordKey],
    *,
    expected_head: str | None = None,
) -> Break | None:
    """The first break of one center's chain, or None: `records` are the covered rows as stored now,
    `stored` every decision and result the center has (chained or not). Pure, so tests can feed it."""
    prev = GENESIS
    for index, entry in enumerate(entries):
        seq = index + 1
        named = {"kind": entry.kind, "record_key": entry.record_key, "thread_id": entry.thread_id}
        if entry.seq != seq:
            return Break(center_id, seq, f"the entry is missing (the chain jumps to #{entry.seq})")
        if entry.prev_hash != prev:
            return Break(center_id, seq, "the entry does not link to the entry before it", **named)
        if audit_chain.entry_hash(entry.model_dump(), entry.prev_hash) != entry.entry_hash:
            return Break(center_id, seq, "the entry was altered after it was written", **named)
        record = records.get((entry.kind, entry.record_key))
        if record is None:
            return Break(center_id, seq, f"the {entry.kind} it covers was deleted", **named)
        if audit_chain.record_hash(record) != entry.record_hash:
            return Break(
                center_id, seq, f"the {entry.kind} it covers was altered after it was chained", **named
            )
        prev = entry.entry_hash
    chained = {(e.kind, e.record_key) for e in entries}
    for kind, key in sorted(stored - chained):
        return Break(
            center_id,
            len(entries) + 1,
            f"the {kind} {key} is stored but not chained (its entry was removed)",
            kind=kind,
            record_key=key,
        )
    if expected_head is not None and expected_head not in {e.entry_hash for e in entries}:
        return Break(
            center_id,
            len(entries),
            f"the head {expected_head[:16]}... recorded earlier is no longer in the chain "
            "(entries were removed or rewritten)",
        )
    return None


async def _records(pool: AsyncConnectionPool, entries: list[ChainEntry]) -> dict[RecordKey, dict[str, Any]]:
    decisions = [e.record_key for e in entries if e.kind == "decision"]
    results = [e.record_key for e in entries if e.kind == "write_result"]
    out: dict[RecordKey, dict[str, Any]] = {}
    for key, row in (await journal.decision_records(pool, decisions)).items():
        out[("decision", key)] = row
    for key, row in (await write_results.result_records(pool, results)).items():
        out[("write_result", key)] = row
    return out


async def _stored(pool: AsyncConnectionPool, center_id: str) -> set[RecordKey]:
    decisions = {("decision", k) for k in await journal.decision_keys(pool, center_id)}
    return decisions | {("write_result", k) for k in await write_results.result_keys(pool, center_id)}


async def verify_center(
    pool: AsyncConnectionPool, center_id: str, *, expected_head: str | None = None
) -> CenterChain:
    """Verify one center's chain against its stored records."""
    entries = await audit_chain.entries(pool, center_id)
    broken = check_chain(
        center_id,
        entries,
        await _records(pool, entries),
        await _stored(pool, center_id),
        expected_head=expected_head,
    )
    head = entries[-1] if entries else None
    return CenterChain(
        center_id,
        len(entries),
        head.seq if head else 0,
        head.entry_hash if head else GENESIS,
        broken,
    )


async def verify(
    pool: AsyncConnectionPool,
    principal: Principal,
    *,
    center_id: str | None = None,
    expected_head: str | None = None,
) -> Verification:
    """Verify every visible center's chain (or one center's, optionally against a head recorded earlier)."""
    if expected_head is not None and center_id is None:
        raise InvalidInput("--head needs --center: a head hash belongs to one center's chain")
    if center_id is not None:
        if not principal.sees_center(center_id):
            raise NotFound(f"no center {center_id}")
        return Verification([await verify_center(pool, center_id, expected_head=expected_head)])
    centers = await audit_chain.centers(pool)
    return Verification([await verify_center(pool, c) for c in sorted(centers) if principal.sees_center(c)])


@dataclass(frozen=True)
class Export:
    """A center's chain entries of a window, with their records and the verification of the whole chain."""

    center_id: str
    since: datetime
    until: datetime
    exported_at: datetime
    chain: CenterChain
    entries: list[ChainEntry]
    records: dict[RecordKey, dict[str, Any]]

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per entry, its record embedded."""
        out = []
        for e in self.entries:
            record = self.records.get((e.kind, e.record_key))
            out.append({**e.model_dump(mode="json"), "record": _json_ready(record)})
        return out

    def to_json(self) -> str:
        return json.dumps(
            {
                "center_id": self.center_id,
                "from": self.since.isoformat(),
                "to": self.until.isoformat(),
                "exported_at": self.exported_at.isoformat(),
                "head": {"seq": self.chain.head_seq, "entry_hash": self.chain.head_hash},
                "intact": self.chain.broken is None,
                "broken": None if self.chain.broken is None else self.chain.broken.describe(),
                "entries": self.rows(),
            },
            indent=2,
            sort_keys=True,
        )

    def to_csv(self) -> str:
        buffer = io.StringIO()
        columns = [*CSV_COLUMNS, "record"]
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        for row in self.rows():
            flat = {k: row[k] for k in CSV_COLUMNS}
            flat["record"] = json.dumps(row["record"], sort_keys=True)
            writer.writerow(flat)
        writer.writerow(
            {
                "center_id": self.center_id,
                "kind": "head",
                "seq": self.chain.head_seq,
                "entry_hash": self.chain.head_hash,
            }
        )
        return buffer.getvalue()


CSV_COLUMNS = (
    "center_id",
    "seq",
    "kind",
    "record_key",
    "thread_id",
    "principal",
    "recorded_at",
    "record_hash",
    "prev_hash",
    "entry_hash",
)


def _json_ready(value: Any) -> Any:
    return json.loads(audit_chain.canonical(value)) if value is not None else None


async def export(
    pool: AsyncConnectionPool,
    principal: Principal,
    center_id: str,
    since: datetime,
    until: datetime,
    *,
    now: datetime,
) -> Export:
    """The entries of `center_id` recorded in [since, until) with their records, the whole chain verified."""
    if not principal.sees_center(center_id):
        raise NotFound(f"no center {center_id}")
    if since >= until:
        raise InvalidInput("--from must be earlier than --to")
    chain = await verify_center(pool, center_id)
    entries = await audit_chain.entries(pool, center_id, since=since, until=until)
    return Export(center_id, since, until, now, chain, entries, await _records(pool, entries))
