"""Run the graph for an event and resume it with a director's decisions.

The runner is the one place that knows how a run is driven: thread id from the event, the per-thread
lock, the durability of each leg, refusing a bad resume before touching the graph, and indexing the
thread for audit after each leg. Workers, the API and the CLI all call it (through the use cases of this
package); none drives the graph itself. It lives above the graph because it persists: the graph never
imports checkpoints/.

On Postgres each leg runs in a *session*: one pooled connection holds the thread's advisory lock and
carries that leg's checkpoint reads and writes and its audit-index update, so a leg costs one pool
checkout instead of one per checkpoint operation, and (checkpoints.leg) one round trip to open (lock,
latest checkpoint, journaled decision) and one transaction to end (checkpoint, write-back results and
their chain entries, audit index), committed before the lock is released.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Durability
from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from agents.common.redact import redact_event
from agents.common.types import CENTER_ID_PATTERN, EVENT_ID_PATTERN, Event
from checkpoints.journal import journal_decision, journaled_decision
from checkpoints.leg import LegEnd, LegSaver, finish_leg, open_leg
from checkpoints.locks import unlock_thread
from graph import deps as provider
from graph.context import GraphContext
from graph.deps import Dependencies
from graph.errors import PolicyViolation
from graph.review import parse_decisions
from graph.state import GraphInput, GraphState, ThreadStatus
from graph.targets import decision_target_problems
from policies.errors import InvalidInput
from services.errors import Conflict, DecisionSuperseded, NotFound, ThreadBusy

log = logging.getLogger(__name__)

Graph = CompiledStateGraph[Any, Any, Any, Any]


def _same_decisions(earlier: dict[str, Any], resume: dict[str, Any]) -> bool:
    """Whether a resume repeats the journaled decisions (a retry of the same request), compared as JSON."""

    def canon(value: Any) -> str:
        return json.dumps(value, sort_keys=True, default=str)

    return canon(earlier.get("decisions")) == canon(resume.get("decisions"))


_CONTINUE = object()
"""Sentinel: continue a run from its last checkpoint (LangGraph's `invoke(None)`)."""


def _ended(state: GraphState) -> ThreadStatus:
    """The status of a leg that ran to its end: what the graph recorded (`done` after finalize, or a status
    a node set, e.g. `retrying_writes`); a state still saying `running` or `awaiting_review` with no node
    left and no interrupt is a finished run, so `done`."""
    return "done" if state.status in ("running", "awaiting_review") else state.status


THREAD_ID_SEPARATOR = ":"


def thread_id_for(event: Event) -> str:
    """One thread per event: `<center_id>:<event_id>`, the same delivery always on the same thread.

    Center ids never contain the separator (agents.common.types.CENTER_ID_PATTERN, checked at ingest and
    here), so two different (center, event) pairs never share a thread.
    """
    if not re.fullmatch(CENTER_ID_PATTERN, event.center_id) or not re.fullmatch(EVENT_ID_PATTERN, event.id):
        raise InvalidInput(
            f"event {event.id!r} of center {event.center_id!r}: ids must be URL-safe, a center id without ':'"
        )
    return f"{event.center_id}{THREAD_ID_SEPARATOR}{event.id}"


@dataclass
class RunOutcome:
    """Where a thread stands after a run leg."""

    thread_id: str
    status: ThreadStatus
    """The one vocabulary (graph.state.ThreadStatus); the same value the state and the audit index hold."""
    state: GraphState
    request: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


_UNREAD = object()
"""Sentinel: the session has not read the thread's journaled decision."""


@dataclass
class _Session:
    """One leg: the graph bound to the session's checkpointer, its connection, whether the thread exists."""

    thread_id: str
    graph: Graph
    conn: AsyncConnection[Any] | None
    known: bool
    index: RunOutcome | None = None
    """The outcome to index in the audit tables, written in the leg's closing transaction."""
    journaled: Any = _UNREAD
    """The thread's journaled decision as read with the lock (None: none), or `_UNREAD`."""

    async def journaled_decision(self) -> dict[str, Any] | None:
        """The decision journaled for the thread, read at most once a leg (the leg holds the thread, so
        only the leg itself journals meanwhile, and it reads none after that)."""
        if self.conn is None:
            return None
        if self.journaled is _UNREAD:
            self.journaled = await journaled_decision(self.conn, self.thread_id)
        return self.journaled  # type: ignore[no-any-return]


@dataclass
class GraphRunner:
    """Drives runs of a compiled graph; with a pool, over Postgres with per-thread locking.

    `context` is every run's knobs; `deps` the process's live dependencies, bound for each leg it runs.
    """

    graph: Graph
    context: GraphContext
    deps: Dependencies
    pool: AsyncConnectionPool | None = None
    start_durability: Durability = "exit"
    """Event -> interrupt: checkpointed once, at the interrupt. A crash before it re-runs the event from
    the durable job queue (agents only read before review), so nothing is lost and five writes are saved."""
    resume_durability: Durability = "exit"
    """Resume -> end: checkpointed at the end. The decision is journaled in Postgres before the leg runs,
    so it is on disk before `execute` writes anything; a crash mid-leg is finished with the journaled
    decision and the same idempotency keys (never written twice). Without a pool (tests, replay) there is
    no journal, so in-memory runs only lose what a process loses anyway."""

    @staticmethod
    def _config(thread_id: str) -> Any:
        return {"configurable": {"thread_id": thread_id}}

    async def outcome(self, thread_id: str, graph: Graph | None = None) -> RunOutcome:
        """The current standing of a thread (NotFound if it never ran)."""
        snapshot = await (graph or self.graph).aget_state(self._config(thread_id))
        if not snapshot.values:
            raise NotFound(f"no thread {thread_id}")
        state = GraphState.model_validate(snapshot.values)
        if snapshot.interrupts:
            return RunOutcome(thread_id, "awaiting_review", state, snapshot.interrupts[0].value)
        return RunOutcome(thread_id, "running" if snapshot.next else _ended(state), state)

    async def start(self, event: Event) -> RunOutcome:
        """Run an event to its interrupt or its end. Re-running a known event does not start it again.

        The event is redacted first (ingest already did; a scan, the demo or a test may not have), so no
        checkpoint holds PII from an event body."""
        thread_id = thread_id_for(event)
        async with self._session(thread_id) as s:
            if s.known:
                current = await self.outcome(thread_id, s.graph)
                unfinished = await self._unfinished_decision(s, current)
                if current.status == "running" or unfinished is not None:  # a crash left it mid-way
                    current = await self._invoke(s, unfinished or _CONTINUE, thread_id)
                return await self._indexed(s, current)
            outcome = await self._indexed(
                s,
                await self._invoke(
                    s, GraphInput(event=redact_event(event)), thread_id, self.start_durability
                ),
            )
        await self._send_alerts(outcome)
        return outcome

    async def resume(
        self,
        thread_id: str,
        resume: dict[str, Any],
        *,
        reviewer: str,
        may_see: Callable[[str], bool] | None = None,
    ) -> RunOutcome:
        """Resume a paused thread with `{"decisions": [...]}`.

        A bad resume is refused before the graph moves, so the thread stays paused: a malformed or
        policy-breaking decision, and an approved or edited action whose targets, resolved in Procare, are
        outside the thread's center or the centers the decider may see (`may_see`).
        """
        async with self._session(thread_id, journal=True) as s:
            if not s.known:
                raise NotFound(f"no thread {thread_id}")
            current = await self.outcome(thread_id, s.graph)
            unfinished = await self._unfinished_decision(s, current)
            if unfinished is not None:
                # A resume crashed mid-leg after its decision was stored: finish *that* decision (writes
                # carry idempotency keys, so nothing is written twice). This call's decisions are not
                # applied; when they differ from the earlier ones the caller is told so (409).
                earlier = await s.journaled_decision()
                outcome = await self._indexed(s, await self._invoke(s, unfinished, thread_id))
                outcome.notes.append("finished an earlier decision whose run was interrupted")
                if earlier is not None and not _same_decisions(earlier, resume):
                    raise DecisionSuperseded(
                        f"thread {thread_id}: an earlier decision by {earlier.get('reviewer', 'someone')} "
                        "was being finished and has now been applied; these decisions were not"
                    )
                return outcome
            if current.status != "awaiting_review":
                raise Conflict(f"thread {thread_id} is not waiting for a decision (it is {current.status})")
            pending = [p for p in current.state.proposals if p.id in current.state.pending]
            now = self.deps.clock()
            decisions = parse_decisions(
                pending, resume, reviewer=reviewer, now=now
            )  # raises before the graph moves
            problems = await decision_target_problems(
                self.deps.procare,
                pending,
                decisions,
                center_id=current.state.event.center_id,
                may_see=may_see,
            )
            if problems:
                raise PolicyViolation("refused: " + "; ".join(problems))
            value = {
                **resume,
                "reviewer": reviewer,
                "decided_at": resume.get("decided_at") or now.isoformat(),
            }
            if s.conn is not None:
                await journal_decision(
                    s.conn,
                    thread_id,
                    value,
                    reviewer,
                    center_id=current.state.event.center_id,
                    decided_at=now,
                )
                s.journaled = _UNREAD
            return await self._indexed(s, await self._invoke(s, Command(resume=value), thread_id))

    async def retry_writes(self, thread_id: str) -> RunOutcome:
        """Try again the writes of a thread that failed transiently, with their idempotency keys, by
        running `execute` once more (it sends only those); successes and permanent failures stay as
        they are. Conflict when the thread has no such write (done, or failed only for good)."""
        async with self._session(thread_id) as s:
            if not s.known:
                raise NotFound(f"no thread {thread_id}")
            current = await self.outcome(thread_id, s.graph)
            if current.status not in ("retrying_writes", "failed") or not any(
                r.retryable for r in current.state.results
            ):
                raise Conflict(f"thread {thread_id} has no failed write to retry (it is {current.status})")
            return await self._indexed(s, await self._invoke(s, Command(goto="execute"), thread_id))

    async def recover(self, thread_id: str) -> RunOutcome:
        """Finish a decision whose run a crash interrupted; otherwise just re-index the thread."""
        async with self._session(thread_id, journal=True) as s:
            current = await self.outcome(thread_id, s.graph)
            unfinished = await self._unfinished_decision(s, current)
            if unfinished is not None:
                current = await self._invoke(s, unfinished, thread_id)
            return await self._indexed(s, current)  # also clears a stale `running` mark

    async def _unfinished_decision(self, s: _Session, current: RunOutcome) -> Any:
        """What to run to finish a crashed resume: None when there is nothing to finish."""
        if current.status == "running":  # nodes left after a checkpoint: continue from it
            return None if not current.state.decisions else _CONTINUE
        if current.status == "awaiting_review":
            journaled = await s.journaled_decision()
            if journaled is not None:
                return Command(resume=journaled)
        return None

    @asynccontextmanager
    async def _session(self, thread_id: str, *, journal: bool = False) -> AsyncIterator[_Session]:
        """Lock the thread and bind a checkpointer to the locking connection for this leg; with `journal`,
        read the thread's journaled decision in the same round trip (a resume or a recovery needs it)."""
        if self.pool is None:
            snapshot = await self.graph.aget_state(self._config(thread_id))
            yield _Session(thread_id, self.graph, None, bool(snapshot.values), journaled=None)
            return
        async with self.pool.connection() as conn:
            opened = await open_leg(conn, thread_id, journal=journal)
            if not opened.taken:
                raise ThreadBusy(
                    f"thread {thread_id} is being processed by another worker; try again shortly"
                )
            try:
                serde = self.graph.checkpointer.serde  # type: ignore[union-attr]
                saver = LegSaver(conn, serde=serde, thread_id=thread_id, latest=opened.latest)
                session = _Session(
                    thread_id,
                    self.graph.copy(update={"checkpointer": saver}),
                    conn,
                    opened.latest is not None,
                    journaled=opened.journaled if journal else _UNREAD,
                )
            except BaseException:
                await unlock_thread(conn, thread_id)
                raise
            try:
                yield session
            finally:
                # Also when the leg raised: what the graph checkpointed before it failed is kept (as
                # LangGraph's own saver keeps it), and a leg that ran to its stop before the error (a
                # superseded decision) is indexed.
                index = session.index
                end = None if index is None else LegEnd(index.state, index.status, index.request)
                try:
                    await finish_leg(conn, thread_id, saver, end)
                except BaseException:
                    await unlock_thread(conn, thread_id)  # the transaction was rolled back
                    raise

    async def _invoke(
        self, s: _Session, value: Any, thread_id: str, durability: Durability | None = None
    ) -> RunOutcome:
        """Run one leg; the outcome comes from the run's own output (no second read of the checkpoint)."""
        with provider.use(self.deps):
            out = await s.graph.ainvoke(
                None if value is _CONTINUE else value,
                self._config(thread_id),
                context=self.context,
                durability=durability or self.resume_durability,
            )
        interrupts = out.get("__interrupt__") or []
        state = GraphState.model_validate({k: v for k, v in out.items() if k in GraphState.model_fields})
        if interrupts:
            return RunOutcome(thread_id, "awaiting_review", state, interrupts[0].value)
        return RunOutcome(thread_id, _ended(state), state)

    @staticmethod
    async def _indexed(s: _Session, outcome: RunOutcome) -> RunOutcome:
        """Mark the outcome for the audit index; the session writes it as the lock is released."""
        s.index = outcome
        return outcome

    async def _send_alerts(self, outcome: RunOutcome) -> None:
        """Push alert findings (e.g. a live ratio violation) at once; a failing channel never fails a run."""
        notifier = self.deps.notifier
        if notifier is None:
            return
        for finding in outcome.state.findings:
            if finding.alert:
                try:
                    await notifier(f"[{finding.severity}] {finding.summary}")
                except Exception as exc:  # an alert channel is the outside world: log, don't lose the run
                    log.warning("alert channel failed for %s: %s", outcome.thread_id, exc)
                    outcome.notes.append(f"alert not delivered: {exc}")
