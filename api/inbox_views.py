"""What the inbox pages show, shaped from the use cases' results: one action request with its evidence
and before/after diff, a thread's results, and the audit timeline. Pure functions, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from agents.common.types import Finding, Proposal, SourceRecord
from agents.common.wording import counted, humanize
from graph.actions import BINDINGS
from graph.state import GraphState, Verdict, WriteResult
from policies.writes import WRITE_ACTIONS
from services.audit import AuditEntry

DRAFT_FIELDS = ("subject", "title", "body")
"""Arguments that carry drafted text, shown as text a person reads."""


@dataclass
class DiffRow:
    field: str
    before: str
    after: str
    changed: bool


@dataclass
class ActionView:
    """One pending action request as the approval page shows it."""

    index: int
    proposal: Proposal
    label: str
    data_write: bool
    target: SourceRecord | None
    diff: list[DiffRow]
    drafted: list[tuple[str, str]]
    verdicts: list[Verdict]
    evidence: list[SourceRecord]
    finding: Finding | None
    drafted_by: str


def _text(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, list | dict):
        import json

        return json.dumps(value, indent=1, sort_keys=True, default=str)
    return str(value)


def target_record(proposal: Proposal, reads: list[SourceRecord]) -> SourceRecord | None:
    """The Procare record a write changes, as the agent read it (matched by the action's path id)."""
    binding = BINDINGS.get(proposal.action)
    if binding is None or binding.path_id is None:
        return None
    target_id = proposal.args.get(binding.path_id)
    return next((r for r in reads if r.id == target_id), None)


def diff_rows(proposal: Proposal, target: SourceRecord | None) -> list[DiffRow]:
    """Field by field: the value in Procare when read, and the value the write would set."""
    binding = BINDINGS.get(proposal.action)
    path_id = binding.path_id if binding else None
    rows = []
    for name, after in proposal.args.items():
        if name == path_id:
            continue
        before = None if target is None else target.data.get(name)
        rows.append(DiffRow(humanize(name), _text(before), _text(after), before != after))
    return rows


def action_views(state: GraphState) -> list[ActionView]:
    """Every pending action request of a paused thread, in order, with what a director judges it by."""
    pending = [p for p in state.proposals if p.id in state.pending]
    findings = {f.id: f for f in state.findings}
    views = []
    for index, p in enumerate(pending):
        data_write = WRITE_ACTIONS[p.action].category == "data_write" if p.action in WRITE_ACTIONS else False
        target = target_record(p, state.reads)
        views.append(
            ActionView(
                index=index,
                proposal=p,
                label=humanize(p.action),
                data_write=data_write,
                target=target,
                diff=diff_rows(p, target) if data_write else [],
                drafted=[(humanize(k), str(p.args[k])) for k in DRAFT_FIELDS if p.args.get(k)],
                verdicts=[v for v in state.verdicts if v.proposal_id == p.id],
                evidence=[r for r in state.reads if r.staff_id in p.staff_ids or r is target][:12],
                finding=findings.get(p.finding_id or ""),
                drafted_by=drafted_by(p),
            )
        )
    return views


def drafted_by(p: Proposal) -> str:
    """Who wrote the text: a model (named) or the offline templates (no model call, or the model was
    unavailable: then why)."""
    if p.model_error:
        return f"the offline template (model unavailable: {p.model_error})"
    if not p.model or p.model.startswith("offline"):
        return "the offline template (no model)"
    return f"the model {p.model}"


@dataclass
class ResultView:
    label: str
    description: str
    result: WriteResult | None
    decision: str


def result_views(state: GraphState) -> list[ResultView]:
    """Each decided action with what happened to its write (None: rejected, nothing written)."""
    by_id = {p.id: p for p in state.proposals}
    results = {r.proposal_id: r for r in state.results}
    out = []
    for d in state.decisions:
        p = by_id.get(d.proposal_id)
        if p is None:
            continue
        word = {"approve": "Approved", "edit": "Edited and approved", "reject": "Rejected"}[d.type]
        who = f"{word} by {d.reviewer} at {d.decided_at:%Y-%m-%d %H:%M} UTC"
        if d.type == "reject" and d.message:
            who += f": “{d.message}”"
        out.append(ResultView(humanize(p.action), p.description, results.get(p.id), who))
    return out


@dataclass
class TimelineItem:
    when: datetime | None
    step: str
    text: str
    tone: str = ""
    details: list[str] = field(default_factory=list)


def timeline(entry: AuditEntry) -> list[TimelineItem]:
    """What was read, found, drafted, checked, decided and written in one thread, in that order."""
    started = entry.event.occurred_at
    items = [
        TimelineItem(
            started, "Received", f"{entry.event.type} for {entry.center_id} (event {entry.event.id})"
        )
    ]
    for r in entry.reads:
        items.append(TimelineItem(started, "Read", f"{humanize(r.kind)} {r.id}"))
    for f in entry.findings:
        tone = "bad" if f.severity == "critical" else ""
        items.append(
            TimelineItem(
                started, "Found", f"{humanize(f.kind)}: {f.summary}", tone, [f.citation] if f.citation else []
            )
        )
    for p in entry.proposals:
        details = [f"{k}: {p.args[k]}" for k in DRAFT_FIELDS if p.args.get(k)]
        items.append(TimelineItem(started, "Drafted", f"{p.description} (by {drafted_by(p)})", "", details))
    for v in entry.verdicts:
        verdict = "allowed" if v.allowed else "refused: " + "; ".join(v.reasons)
        items.append(
            TimelineItem(
                started, "Checked", f"{humanize(v.stage)} guardrail {verdict}", "" if v.allowed else "bad"
            )
        )
    for d in entry.decisions:
        text = {"approve": "Approved", "edit": "Edited and approved", "reject": "Rejected"}[d.type]
        extra = [d.message] if d.message else []
        if d.edited_args:
            extra.append("edited: " + ", ".join(f"{k}={v}" for k, v in d.edited_args.items()))
        items.append(TimelineItem(d.decided_at, "Decided", f"{text} by {d.reviewer}", "", extra))
    for res in entry.results:
        if res.ok:
            items.append(
                TimelineItem(
                    res.executed_at,
                    "Written",
                    f"{humanize(res.action)} written to Procare",
                    "good",
                    [f"idempotency key {res.idempotency_key}"],
                )
            )
        else:
            items.append(
                TimelineItem(
                    res.executed_at,
                    "Write failed",
                    f"{humanize(res.action)}: {res.error}",
                    "bad",
                    [
                        f"idempotency key {res.idempotency_key}",
                        f"{counted(res.attempts, 'try', 'tries')}; "
                        + (
                            "transient: retried with the same key"
                            if res.transient
                            else "permanent: not retried"
                        ),
                    ],
                )
            )
    return items
