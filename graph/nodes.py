"""The graph's nodes, in the order they run. Each returns a partial state update.

Only `human_review` calls `interrupt()` and it only records the decisions; only `execute` has side
effects, each with a deterministic idempotency key, so a replayed or retried node never writes twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.runtime import Runtime, get_runtime
from langgraph.types import interrupt

from agents.common.redact import redact
from agents.common.types import AgentContext, AgentRunFn, Finding, Proposal, stable_id
from graph import deps as provider
from graph.actions import BINDINGS, split_args
from graph.context import GraphContext
from graph.guardrails import check_action
from graph.notes import append_notes, run_date
from graph.review import parse_decisions, review_request
from graph.state import GraphState, Verdict, WriteResult
from graph.supervisor import unrouted_finding, workflow_for
from graph.targets import check_targets, decision_target_problems
from policies.errors import InvalidInput, ProcareAIError
from policies.rollout import may_propose
from policies.writes import needs_staff_note, write_problems
from tools.errors import is_transient

Update = dict[str, Any]


def idempotency_key(thread_id: str, proposal_id: str) -> str:
    """Same thread and proposal, same key: a retried execute can never write twice."""
    return "pcai-" + hashlib.sha256(f"{thread_id}:{proposal_id}".encode()).hexdigest()[:32]


async def ingest(state: GraphState, config: RunnableConfig) -> Update:
    """Stamp the run with its thread id and record its `as_of`, the instant it judges by (the event itself
    is already validated state)."""
    ctx = get_runtime(GraphContext).context or GraphContext()
    as_of = state.as_of or provider.current().as_of(state.event, ctx.as_of)
    return {"thread_id": config["configurable"]["thread_id"], "status": "running", "as_of": as_of}


async def supervisor(state: GraphState) -> Update:
    """Pick the specialist for the event and freeze the rollout phase for this run."""
    workflow = workflow_for(state.event.type)
    if workflow is None:
        return {"workflow": None, "findings": [unrouted_finding(state.event)]}
    phase = await provider.current().rollout.phase(state.event.center_id, workflow)
    return {"workflow": workflow, "phase": phase}


def specialist_node(run: AgentRunFn) -> Callable[[GraphState, Runtime[GraphContext]], Awaitable[Update]]:
    """Wrap an agent's `run(event, ctx)` as a node: build its context, return its output as state."""

    async def node(state: GraphState, runtime: Runtime[GraphContext]) -> Update:
        ctx, deps = runtime.context or GraphContext(), provider.current()
        agent_ctx = AgentContext(
            client=deps.procare,
            drafter=deps.drafter_for(state.event.center_id),
            as_of=state.as_of or deps.as_of(state.event, ctx.as_of),
            phase=state.phase,
            credential_windows_days=tuple(ctx.credential_windows_days),
            settings=dict(ctx.agent_settings),
            ledger=deps.ledger,
        )
        out = await run(state.event, agent_ctx)
        return {
            "reads": out.reads,
            "findings": out.findings,
            "proposals": out.proposals,
            "report": out.report,
            "follow_ups": out.follow_ups,
        }

    node.__name__ = getattr(run, "__module__", "specialist").rsplit(".", 1)[-1]
    return node


async def guardrails(state: GraphState) -> Update:
    """Validate every proposal against policies/ (allow-list, request model, PII, workflow rule)."""
    verdicts = []
    for proposal in state.proposals:
        reasons = check_action(proposal, proposal.action, proposal.args)
        verdicts.append(
            Verdict(proposal_id=proposal.id, allowed=not reasons, stage="proposal", reasons=reasons)
        )
    return {"verdicts": verdicts}


async def rollout_gate(state: GraphState) -> Update:
    """Keep only proposals that passed guardrails and that the center's phase lets reach a director; with
    any left the thread is `awaiting_review` from here on (checkpointed at the interrupt that follows)."""
    refused = {v.proposal_id for v in state.verdicts if v.stage == "proposal" and not v.allowed}
    verdicts, pending = [], []
    for proposal in state.proposals:
        if proposal.id in refused:
            continue
        allowed = may_propose(state.phase, proposal.category)
        reasons = [] if allowed else [f"{proposal.category} proposals are not enabled in phase {state.phase}"]
        verdicts.append(Verdict(proposal_id=proposal.id, allowed=allowed, stage="rollout", reasons=reasons))
        if allowed:
            pending.append(proposal.id)
    return {"verdicts": verdicts, "pending": pending, "status": "awaiting_review" if pending else "running"}


async def human_review(state: GraphState) -> Update:
    """The graph's only interrupt: pause for the director, then record the decisions, nothing else.

    A resume that `parse_decisions` refuses, or whose actions name a target outside the thread's center
    (graph.targets, resolved in Procare: reads only), is recorded as `review_error` and routed back here
    (builder.route_after_review), so the thread pauses again with the reason in the interrupt value: a
    LangGraph server has no runner to refuse it first, and a node that raised would leave its thread in
    error for good.
    """
    resume = interrupt(review_request(state))
    pending = [p for p in state.proposals if p.id in state.pending]
    deps = provider.current()
    try:
        decisions = parse_decisions(pending, resume, now=deps.clock())
    except InvalidInput as exc:
        return {"review_error": exc.message}
    problems = await decision_target_problems(
        deps.procare, pending, decisions, center_id=state.event.center_id
    )
    if problems:
        return {"review_error": "refused: " + "; ".join(problems)}
    return {"decisions": decisions, "review_error": None, "status": "running"}


async def execute(state: GraphState, runtime: Runtime[GraphContext]) -> Update:
    """Perform approved write-backs with idempotency keys; record every result and every failure. Each
    data write that succeeded appends a note to the staff record it changed (graph.notes), in `notes`.

    Run again (the job queue's retry, a director's retry: `Command(goto="execute")`), it tries only the
    writes whose last try failed transiently, with the same keys, so a write that landed is never sent
    twice; successes and permanent failures keep their result. While a transient failure is left the
    thread is `retrying_writes`, after `write_attempts` tries `failed` (a director may retry it)."""
    deps, ctx = provider.current(), runtime.context or GraphContext()
    by_id = {p.id: p for p in state.proposals}
    earlier = {r.proposal_id: r for r in state.results}
    results, findings, notes = [], [], list(state.notes)
    note_date = None
    for decision in state.decisions:
        if decision.type == "reject":
            await _release_seat(deps, by_id[decision.proposal_id])
            continue
        before = earlier.get(decision.proposal_id)
        if before is not None and not before.retryable:
            results.append(before)
            continue
        proposal = by_id[decision.proposal_id]
        args = decision.edited_args if decision.edited_args is not None else proposal.args
        key = idempotency_key(state.thread_id, proposal.id)
        result = await _write(proposal, args, key, deps, center_id=state.event.center_id)
        result.attempts = before.attempts + 1 if before is not None else 1
        results.append(result)
        if not result.retryable:
            await _release_seat(deps, proposal)
        finding = _failure_finding(state.thread_id, proposal, result, ctx.write_attempts)
        if finding is not None:
            findings.append(finding)
        if result.ok and needs_staff_note(proposal.action):
            if note_date is None:
                note_date = await run_date(
                    deps.procare, state.event.center_id, state.as_of or result.executed_at
                )
            written, failed = await append_notes(
                deps.procare,
                thread_id=state.thread_id,
                proposal=proposal,
                args=args,
                decision=decision,
                on=note_date,
                key_for=idempotency_key,
                now=result.executed_at,
            )
            notes += written
            findings += failed
    retryable = [r for r in results if r.retryable]
    update: Update = {"results": results, "findings": findings, "notes": notes}
    if retryable:
        tries_left = any(r.attempts < ctx.write_attempts for r in retryable)
        update["status"] = "retrying_writes" if tries_left else "failed"
    else:
        update["status"] = "running"
    return update


async def _release_seat(deps: provider.Dependencies, proposal: Proposal) -> None:
    """A training assignment's decision is final (written: Procare now counts the seat; rejected; refused
    for good): the seat its proposal held in the ledger goes back (agents.common.ledger)."""
    if proposal.action != "assign_training":
        return
    session_id, holder = proposal.args.get("session_id"), proposal.args.get("employee_id")
    if isinstance(session_id, str) and isinstance(holder, str):
        await deps.ledger.release_seat(session_id, holder=holder)


async def _write(
    proposal: Proposal, args: dict[str, Any], key: str, deps: provider.Dependencies, *, center_id: str
) -> WriteResult:
    """One write-back: refused by the allow-list or for a target outside the thread's center, written, or
    failed (transiently or for good)."""
    now = deps.clock()
    problems = write_problems(proposal.action, args)
    try:
        if problems:
            raise ProcareAIError("refused by the write allow-list: " + "; ".join(problems))
        targets = await check_targets(deps.procare, args, center_id=center_id)
        if targets.problems:
            raise ProcareAIError("refused, outside the thread's center: " + "; ".join(targets.problems))
        path_id, body = split_args(proposal.action, args)
        response = await BINDINGS[proposal.action].call(deps.procare, path_id, body, key)
    except (ProcareAIError, ValueError) as exc:
        return WriteResult(
            proposal_id=proposal.id,
            action=proposal.action,
            idempotency_key=key,
            ok=False,
            error=getattr(exc, "message", str(exc)),
            executed_at=now,
            transient=is_transient(exc),
        )
    return WriteResult(
        proposal_id=proposal.id,
        action=proposal.action,
        idempotency_key=key,
        ok=True,
        response=redact(response.model_dump(mode="json")),  # an employee answer holds PII
        executed_at=now,
        staff_ids=sorted(targets.staff_ids),
    )


def _failure_finding(thread_id: str, proposal: Proposal, result: WriteResult, limit: int) -> Finding | None:
    """A finding when a write failed for good, or when its transient failures reached the job queue's
    limit (once: a director's later retries add none); None while it is still being retried."""
    if result.ok or (result.transient and result.attempts != limit):
        return None
    if result.transient:
        summary = (
            f"Approved {proposal.action} could not be written to Procare after {result.attempts} tries "
            f"({result.error}); a director can retry it with the same idempotency key"
        )
    else:
        summary = f"Approved {proposal.action} could not be written to Procare: {result.error}"
    return Finding(
        id=stable_id("write_failed", thread_id, proposal.id),
        workflow=proposal.workflow,
        kind="write_back_failed",
        severity="critical",
        summary=summary,
        staff_ids=proposal.staff_ids,
        evidence={"proposal_id": proposal.id, "idempotency_key": result.idempotency_key},
    )


async def finalize(state: GraphState) -> Update:
    """Close the run: `done` once nothing is left to retry (a permanent failure is a finding and a
    failed result, not a status); a write still failing transiently keeps `execute`'s status."""
    if any(r.retryable for r in state.results):
        return {}
    return {"status": "done"}
