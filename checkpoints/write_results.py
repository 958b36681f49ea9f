"""Write-back results (table `write_results`): every attempt `execute` made to write to Procare (the notes
on staff records included, action `add_staff_note`), with its
idempotency key and Procare's answer (personal fields dropped), each chained (checkpoints.audit_chain) in
the transaction that stores it.

The runner records a leg's results on its session connection when the leg ends, in one transaction with
the thread's index row, so a result is durable and chained before the thread is shown as finished; a crash
between the leg's checkpoint and that transaction leaves the thread `running`, and the recovery that
re-indexes it records the results then. Recording the same result again (a re-index) changes nothing.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import AsyncConnectionPool

from checkpoints import audit_chain
from graph.state import GraphState, WriteResult
from tools.models import PII_FIELDS

_COLUMNS = (
    "id, thread_id, center_id, proposal_id, action, idempotency_key, ok, response, error, executed_at, "
    "staff_ids, approved_by"
)
INSERT = f"""
INSERT INTO write_results (thread_id, center_id, proposal_id, action, idempotency_key, ok, response, error,
                           executed_at, staff_ids, approved_by)
VALUES (%(thread_id)s, %(center_id)s, %(proposal_id)s, %(action)s, %(idempotency_key)s, %(ok)s,
        %(response)s, %(error)s, %(executed_at)s, %(staff_ids)s, %(approved_by)s)
ON CONFLICT (thread_id, idempotency_key, executed_at) DO NOTHING
RETURNING {_COLUMNS}
"""
RECORDS = f"SELECT {_COLUMNS} FROM write_results WHERE id = ANY(%s)"
KEYS_OF_CENTER = "SELECT id FROM write_results WHERE center_id = %s"


def _response(result: WriteResult) -> Jsonb | None:
    if result.response is None:
        return None
    return Jsonb({k: v for k, v in result.response.items() if k not in PII_FIELDS})


async def record_results(conn: AsyncConnection[Any], state: GraphState) -> int:
    """Store and chain the results of `state` not stored yet; call inside a transaction. Returns how many
    were new. Every insert, the chain lock and the chain head are sent before any answer is read, so in
    pipeline mode storing and chaining all of a leg's results takes two round trips."""
    if not state.results and not state.notes:
        return 0
    staff = {p.id: p.staff_ids for p in state.proposals}
    approver = {d.proposal_id: d.reviewer for d in state.decisions}
    center = state.event.center_id
    results = [*state.results, *state.notes]
    inserted = []
    for result in results:
        params = {
            "thread_id": state.thread_id,
            "center_id": center,
            "proposal_id": result.proposal_id,
            "action": result.action,
            "idempotency_key": result.idempotency_key,
            "ok": result.ok,
            "response": _response(result),
            "error": result.error,
            "executed_at": result.executed_at,
            "staff_ids": list(staff.get(result.proposal_id, [])),
            "approved_by": approver.get(result.proposal_id),
        }
        inserted.append(await conn.execute(INSERT, params))
    head = await audit_chain.lock_head(conn, center)
    covered = []
    for result, cur in zip(results, inserted, strict=True):
        row = await cur.fetchone()
        if row is None:  # stored (and chained) by an earlier index of this leg
            continue
        stored: dict[str, Any] = dict(row)
        covered.append(
            audit_chain.Covered(
                kind="write_result",
                record_key=str(stored["id"]),
                thread_id=state.thread_id,
                principal=stored["approved_by"],
                record=stored,
                recorded_at=result.executed_at,
            )
        )
    await audit_chain.append_after(conn, head, center, covered)
    return len(covered)


async def result_records(pool: AsyncConnectionPool, keys: list[str]) -> dict[str, dict[str, Any]]:
    """Stored result rows by their chain record key (the row id as text)."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(RECORDS, ([int(k) for k in keys],))).fetchall()
    return {str(r["id"]): dict(r) for r in rows}  # type: ignore[call-overload]


async def result_keys(pool: AsyncConnectionPool, center_id: str) -> set[str]:
    """Record keys of every result stored for a center."""
    async with pool.connection() as conn:
        rows = await (await conn.execute(KEYS_OF_CENTER, (center_id,))).fetchall()
    return {str(r["id"]) for r in rows}  # type: ignore[call-overload]
