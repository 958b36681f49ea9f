"""Run the graph for an event and resume it with a director's decisions.

The runner is the one place that knows how a run is driven: thread id from the event, the per-thread
lock, the durability mode, refusing a bad resume before touching the graph, and indexing the thread for
audit after each leg. Workers, the API and the CLI all call it; none of them drives the graph directly.
"""

from __future__ import annotations

import logging
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, field
from typing import Any, Literal

from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Durability
from psycopg_pool import AsyncConnectionPool

from agents.types import Event
from checkpoints.audit import load_state, record_thread, set_status
from checkpoints.locks import thread_lock
from graph.context import GraphContext
from graph.review import parse_decisions
from graph.state import GraphState
from procare_ai.errors import Conflict, NotFound

log = logging.getLogger(__name__)

Status = Literal["awaiting_review", "done", "running"]


def thread_id_for(event: Event) -> str:
    """One thread per event: the same delivery always lands on the same thread (dedupe by design)."""
    return f"{event.center_id}--{event.id}"


@dataclass
class RunOutcome:
    """Where a thread stands after a run leg."""

    thread_id: str
    status: Status
    state: GraphState
    request: dict[str, Any] | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class GraphRunner:
    """Drives runs of a compiled graph over a Postgres-backed checkpointer."""

    graph: CompiledStateGraph[Any, Any, Any, Any]
    context: GraphContext
    pool: AsyncConnectionPool | None = None
    start_durability: Durability = "exit"
    """Event -> interrupt: checkpointed once, at the interrupt. A crash before it re-runs the event from
    the durable job queue (agents are deterministic reads), so nothing is lost and 5 writes are saved."""
    resume_durability: Durability = "sync"
    """Resume -> end: every step on disk before the next, so the decision is stored before `execute`
    writes anything to Procare."""

    def _config(self, thread_id: str) -> dict[str, Any]:
        return {"configurable": {"thread_id": thread_id}}

    async def outcome(self, thread_id: str) -> RunOutcome:
        """The current standing of a thread (NotFound if it never ran)."""
        snapshot = await self.graph.aget_state(self._config(thread_id))
        if not snapshot.values:
            raise NotFound(f"no thread {thread_id}")
        state = GraphState.model_validate(snapshot.values)
        if snapshot.interrupts:
            return RunOutcome(thread_id, "awaiting_review", state, snapshot.interrupts[0].value)
        return RunOutcome(thread_id, "running" if snapshot.next else "done", state)

    async def start(self, event: Event) -> RunOutcome:
        """Run an event to its interrupt or its end. Re-running a known event does not start it again."""
        thread_id = thread_id_for(event)
        async with self._locked(thread_id):
            snapshot = await self.graph.aget_state(self._config(thread_id))
            if snapshot.values:
                if snapshot.next and not snapshot.interrupts:  # a crashed run left mid-way: go on
                    await self._invoke(None, thread_id, self.resume_durability)
                return await self._indexed(thread_id)
            await self._invoke(GraphState(event=event), thread_id, self.start_durability)
            outcome = await self._indexed(thread_id)
        await self._send_alerts(outcome)
        return outcome

    async def resume(self, thread_id: str, resume: dict[str, Any], *, reviewer: str) -> RunOutcome:
        """Resume a paused thread with `{"decisions": [...]}`.

        A bad resume is refused before the graph moves, so the thread stays paused.
        """
        async with self._locked(thread_id):
            current = await self.outcome(thread_id)
            if current.status == "running" and current.state.decisions:
                # A resume crashed after the decisions were stored: finish that run (its writes carry
                # idempotency keys, so nothing is written twice); these decisions do not replace them.
                await self._invoke(None, thread_id, self.resume_durability)
                outcome = await self._indexed(thread_id)
                outcome.notes.append("finished an earlier decision's interrupted execution")
                return outcome
            if current.status != "awaiting_review":
                raise Conflict(f"thread {thread_id} is not waiting for a decision (it is {current.status})")
            pending = [p for p in current.state.proposals if p.id in current.state.pending]
            now = self.context.clock()
            parse_decisions(pending, resume, reviewer=reviewer, now=now)  # raises before the graph moves
            decided_at = resume.get("decided_at") or now.isoformat()
            value = {**resume, "reviewer": reviewer, "decided_at": decided_at}
            if self.pool is not None:
                await set_status(self.pool, thread_id, "resuming")
            await self._invoke(Command(resume=value), thread_id, self.resume_durability)
            return await self._indexed(thread_id)

    async def recover(self, thread_id: str) -> RunOutcome:
        """Finish a run a crash left mid-way (no pending interrupt, nodes still to run); else a no-op."""
        async with self._locked(thread_id):
            current = await self.outcome(thread_id)
            if current.status == "running":
                await self._invoke(None, thread_id, self.resume_durability)
            return await self._indexed(thread_id)  # also clears a stale `resuming` mark

    async def _send_alerts(self, outcome: RunOutcome) -> None:
        """Push alert findings (e.g. a live ratio violation) at once; a failing channel never fails a run."""
        notifier = self.context.notifier
        if notifier is None:
            return
        for finding in outcome.state.findings:
            if finding.alert:
                try:
                    await notifier(f"[{finding.severity}] {finding.summary}")
                except Exception as exc:  # an alert channel is the outside world: log, don't lose the run
                    log.warning("alert channel failed for %s: %s", outcome.thread_id, exc)
                    outcome.notes.append(f"alert not delivered: {exc}")

    async def _invoke(self, value: Any, thread_id: str, durability: Durability) -> None:
        await self.graph.ainvoke(
            value,
            self._config(thread_id),  # type: ignore[arg-type]
            context=self.context,
            durability=durability,
        )

    async def _indexed(self, thread_id: str) -> RunOutcome:
        outcome = await self.outcome(thread_id)
        if self.pool is not None:
            await record_thread(self.pool, outcome.state, outcome.status)
        return outcome

    def _locked(self, thread_id: str) -> AbstractAsyncContextManager[None]:
        """The per-thread lock; in-memory runs (tests, benchmarks) have no pool and need none."""
        return nullcontext() if self.pool is None else thread_lock(self.pool, thread_id)


__all__ = ["GraphRunner", "RunOutcome", "load_state", "thread_id_for"]
