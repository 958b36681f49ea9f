"""One leg of a run (a start, a resume, a retry) on the one connection that holds its thread's lock, in as
few round trips as its durability allows.

A leg opens with one round trip: the thread's lock, its latest checkpoint (read after the lock is held) and,
when asked, its journaled decision. The leg's checkpointer (`LegSaver`) answers LangGraph's reads of that
latest checkpoint from this row, and keeps the checkpoint writes LangGraph makes in memory. The leg ends
with one transaction, sent as one pipeline: those checkpoint writes, the write-back results and their
chain entries, agency-report deadlines and the audit-index row, then the unlock once all of it is
committed. So when a leg returns, every fact of it is on disk, in one commit, and no other worker can take
the thread before that commit (a crash before it leaves the thread where its previous leg left it, with
the decision journaled: the recovery finishes it with the same idempotency keys).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import (
    WRITES_IDX_MAP,
    ChannelVersions,
    Checkpoint,
    CheckpointMetadata,
    CheckpointTuple,
    get_checkpoint_id,
    get_serializable_checkpoint_metadata,
)
from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from langgraph.checkpoint.serde.base import SerializerProtocol
from langgraph.checkpoint.serde.types import _DeltaSnapshot
from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg.types.json import Jsonb

from checkpoints import audit_index, licensing_reports, write_results
from checkpoints.db import pipelined_transaction
from checkpoints.journal import JOURNALED
from checkpoints.locks import THREAD_KEY, UNLOCK
from graph.state import GraphState, ThreadStatus

TRY_LOCK = f"SELECT pg_try_advisory_lock({THREAD_KEY}) AS ok"
LATEST_WHERE = "WHERE thread_id = %s AND checkpoint_ns = %s ORDER BY checkpoint_id DESC LIMIT 1"
"""LangGraph's own `aget_tuple` filter for a thread's latest checkpoint, after its SELECT_SQL."""


def _json_copy(value: Any) -> Any:
    """A fresh copy of decoded JSON: LangGraph mutates the checkpoint dict it loads (channel versions,
    versions seen), and the leg may load the same row more than once."""
    if isinstance(value, dict):
        return {k: _json_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_copy(v) for v in value]
    return value


@dataclass
class _Statement:
    query: str
    params: Any
    many: bool


class _Recorder:
    """Stands in for the cursor of LangGraph's write methods: it keeps their statements for the leg's end."""

    def __init__(self) -> None:
        self.statements: list[_Statement] = []

    async def execute(self, query: str, params: Any = None, **_: Any) -> None:
        self.statements.append(_Statement(query, params, False))

    async def executemany(self, query: str, params_seq: Any, **_: Any) -> None:
        self.statements.append(_Statement(query, list(params_seq), True))


class LegSaver(AsyncPostgresSaver):
    """LangGraph's Postgres checkpointer for one locked leg: reads of the thread's latest checkpoint come
    from the row read with the lock (`latest`, None when the thread has none), and writes wait in memory
    until `queue_writes` sends them in the leg's closing transaction. Any other read first commits what
    waits, so a read always sees every write of the leg (with durability "exit", LangGraph writes only as
    the leg ends, so no read ever waits)."""

    def __init__(
        self,
        conn: AsyncConnection[Any],
        *,
        serde: SerializerProtocol | None,
        thread_id: str,
        latest: Mapping[str, Any] | None,
    ) -> None:
        super().__init__(conn, serde=serde)
        self._conn = conn
        self._thread_id = thread_id
        self._latest = latest
        self._latest_valid = True
        self._recorder = _Recorder()

    @property
    def pending(self) -> bool:
        """Whether checkpoint writes wait to be sent."""
        return bool(self._recorder.statements)

    async def aget_tuple(self, config: RunnableConfig) -> CheckpointTuple | None:
        conf = config["configurable"]
        if (
            self._latest_valid
            and conf["thread_id"] == self._thread_id
            and conf.get("checkpoint_ns", "") == ""
            and not get_checkpoint_id(config)
        ):
            if self._latest is None:
                return None
            # An old-format checkpoint with a parent has its pending sends migrated by LangGraph's read.
            if not (self._latest["checkpoint"]["v"] < 4 and self._latest["parent_checkpoint_id"]):
                row = dict(self._latest)
                row["checkpoint"] = _json_copy(row["checkpoint"])
                row["metadata"] = _json_copy(row["metadata"])
                return await self._load_checkpoint_tuple(row)
        return await super().aget_tuple(config)

    # LangGraph's aput, aput_writes and row loading as in AsyncPostgresSaver (langgraph-checkpoint-postgres
    # 3.2), minus their thread hop around (de)serialising: a hop costs more than the leg's small blobs take
    # to encode, and the statements only wait in memory (InMemorySaver, the baseline, makes no hop either).

    async def aput(
        self,
        config: RunnableConfig,
        checkpoint: Checkpoint,
        metadata: CheckpointMetadata,
        new_versions: ChannelVersions,
    ) -> RunnableConfig:
        configurable = config["configurable"].copy()
        thread_id = configurable.pop("thread_id")
        checkpoint_ns = configurable.pop("checkpoint_ns")
        checkpoint_id = configurable.pop("checkpoint_id", None)
        copy = checkpoint.copy()
        copy["channel_values"] = copy["channel_values"].copy()
        blob_values = {}
        for k, v in checkpoint["channel_values"].items():
            if isinstance(v, _DeltaSnapshot):
                blob_values[k] = copy["channel_values"].pop(k)
                copy["channel_values"][k] = True
            elif v is None or isinstance(v, str | int | float | bool):
                pass
            else:
                blob_values[k] = copy["channel_values"].pop(k)
        async with self._cursor(pipeline=True) as cur:
            if blob_versions := {k: v for k, v in new_versions.items() if k in blob_values}:
                await cur.executemany(
                    self.UPSERT_CHECKPOINT_BLOBS_SQL,
                    self._dump_blobs(thread_id, checkpoint_ns, blob_values, blob_versions),
                )
            await cur.execute(
                self.UPSERT_CHECKPOINTS_SQL,
                (
                    thread_id,
                    checkpoint_ns,
                    checkpoint["id"],
                    checkpoint_id,
                    Jsonb(copy),
                    Jsonb(get_serializable_checkpoint_metadata(config, metadata)),
                ),
            )
        return {
            "configurable": {
                "thread_id": thread_id,
                "checkpoint_ns": checkpoint_ns,
                "checkpoint_id": checkpoint["id"],
            }
        }

    async def aput_writes(
        self,
        config: RunnableConfig,
        writes: Sequence[tuple[str, Any]],
        task_id: str,
        task_path: str = "",
    ) -> None:
        query = (
            self.UPSERT_CHECKPOINT_WRITES_SQL
            if all(w[0] in WRITES_IDX_MAP for w in writes)
            else self.INSERT_CHECKPOINT_WRITES_SQL
        )
        conf = config["configurable"]
        params = self._dump_writes(
            conf["thread_id"], conf["checkpoint_ns"], conf["checkpoint_id"], task_id, task_path, writes
        )
        async with self._cursor(pipeline=True) as cur:
            await cur.executemany(query, params)

    async def _load_checkpoint_tuple(self, value: Any) -> CheckpointTuple:
        parent = value["parent_checkpoint_id"]
        ids = {"thread_id": value["thread_id"], "checkpoint_ns": value["checkpoint_ns"]}
        stored: dict[str, Any] = value["checkpoint"]
        checkpoint = cast(
            Checkpoint,
            {
                **stored,
                "channel_values": {
                    **(stored.get("channel_values") or {}),
                    **self._load_blobs(value["channel_values"]),
                },
            },
        )
        return CheckpointTuple(
            {"configurable": {**ids, "checkpoint_id": value["checkpoint_id"]}},
            checkpoint,
            value["metadata"],
            {"configurable": {**ids, "checkpoint_id": parent}} if parent else None,
            self._load_writes(value["pending_writes"]),
        )

    async def queue_writes(self, conn: AsyncConnection[Any]) -> None:
        """Send the waiting checkpoint writes on `conn` (in the caller's transaction and pipeline)."""
        statements, self._recorder.statements = self._recorder.statements, []
        for s in statements:  # on a binary cursor, as LangGraph's own writes
            async with conn.cursor(binary=True) as cur:
                if s.many:
                    await cur.executemany(s.query, s.params)
                else:
                    await cur.execute(s.query, s.params)

    async def flush(self) -> None:
        """Commit the waiting checkpoint writes on their own."""
        if self.pending:
            async with pipelined_transaction(self._conn):
                await self.queue_writes(self._conn)

    @asynccontextmanager
    async def _cursor(self, *, pipeline: bool = False) -> AsyncIterator[Any]:
        if pipeline:  # LangGraph's writes (aput, aput_writes, adelete_thread) ask for a pipeline
            self._latest_valid = False
            yield self._recorder
            return
        await self.flush()
        async with super()._cursor() as cur:
            yield cur


@dataclass(frozen=True)
class LegStart:
    """The answer of a leg's first round trip."""

    taken: bool
    """Whether the thread's lock was taken (False: another worker holds the thread; nothing else holds)."""
    latest: Mapping[str, Any] | None
    """The row of the thread's latest checkpoint, as LangGraph's saver reads it; None: the thread is new."""
    journaled: dict[str, Any] | None
    """The decision journaled for the thread, when asked for."""


async def open_leg(conn: AsyncConnection[Any], thread_id: str, *, journal: bool) -> LegStart:
    """Try the thread's lock and read its latest checkpoint (and, with `journal`, its journaled decision)
    in one round trip. Separate statements, so the reads see everything committed before the lock was
    taken (a previous leg commits before it unlocks)."""
    async with conn.pipeline(), conn.cursor(binary=True, row_factory=dict_row) as latest:
        lock = await conn.execute(TRY_LOCK, {"thread_id": thread_id})
        await latest.execute(AsyncPostgresSaver.SELECT_SQL + LATEST_WHERE, (thread_id, ""))
        decision = await conn.execute(JOURNALED, (thread_id,)) if journal else None
        ok = await lock.fetchone()
        row = await latest.fetchone()
        journaled = await decision.fetchone() if decision is not None else None
    if not (ok and ok["ok"]):
        return LegStart(False, None, None)
    return LegStart(True, row, None if journaled is None else dict(journaled["resume"]))


@dataclass(frozen=True)
class LegEnd:
    """Where the leg left its thread, for the audit index (None in `finish_leg`: the leg failed)."""

    state: GraphState
    status: ThreadStatus
    request: dict[str, Any] | None


async def finish_leg(conn: AsyncConnection[Any], thread_id: str, saver: LegSaver, end: LegEnd | None) -> None:
    """Commit the leg in one transaction and then release the thread: its checkpoint writes and, when it
    ran to a stop (`end`), its write-back results with their chain entries, the agency-report deadlines
    it found and its audit-index row. One round trip, two when there are results to chain. On an error
    the transaction is rolled back and the lock is still held: the caller releases it."""
    async with pipelined_transaction(conn, then=(UNLOCK, {"thread_id": thread_id})):
        await saver.queue_writes(conn)
        if end is not None:
            await write_results.record_results(conn, end.state)
            await licensing_reports.record_due(conn, end.state)
            await audit_index.record_thread(conn, end.state, end.status, end.request)
