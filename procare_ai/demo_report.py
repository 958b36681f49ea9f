"""What the demo prints at its end: what each agent found, what waits for a director, and what to run next.

Printed for a person at a terminal, often 80 columns wide: plain names instead of codes, thread ids on
lines of their own, never cut (the next step is copied from here), Procare and model text printed as
text (never read as Rich markup), and commands spelled so that they run from this shell
(`procare_ai.demo.cli_path`).
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.padding import Padding
from rich.text import Text

from agents.common.wording import counted, humanize
from checkpoints.audit_index import ThreadRow
from graph.state import GraphState


def print_report(
    console: Console, threads: list[tuple[ThreadRow, GraphState]], cli: str, *, keep_running: bool
) -> str | None:
    """Findings per workflow with examples, then the approvals waiting; returns the first waiting thread.

    The `approvals show` line needs the demo's database: a finished demo has stopped it (an embedded
    Postgres) and never exported its URL, so the line says how to get there instead of failing when pasted.
    """
    findings: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    waiting = [(row, state) for row, state in threads if row.status == "awaiting_review"]
    for row, state in threads:
        workflow = humanize(row.workflow or "unrouted_event")
        counter = findings.setdefault(workflow, Counter())
        for f in state.findings:
            counter[f"{humanize(f.kind).lower()} ({f.severity})"] += 1
            shown = examples.setdefault(workflow, [])
            if f.severity != "info" and len(shown) < 3 and f.summary not in shown:  # three different ones
                shown.append(f.summary)
    console.rule("What the agents found")
    for workflow, counter in sorted(findings.items()):
        found = ", ".join(f"{n} {k}" for k, n in counter.most_common()) if counter else "nothing to report"
        console.print(Text.assemble((workflow, "bold"), f": {found}"), soft_wrap=True)
        for line in examples.get(workflow, []):
            console.print(Text(f"   e.g. {line}"))
    console.rule("Waiting for a director's approval")
    if not waiting:
        console.print("nothing is waiting for approval")
        return None
    for row, state in waiting:
        first_action = next(p for p in state.proposals if p.id in state.pending)
        workflow = humanize(row.workflow or "unrouted_event")
        about = f"  {row.center_id} · {workflow} · {counted(len(state.pending), 'action')}"
        console.print(Text.assemble((row.thread_id, "bold"), about), soft_wrap=True)  # the id is never cut
        console.print(Padding(Text(f"first: {first_action.description}"), (0, 0, 0, 4)))
    first = waiting[0][0].thread_id
    where = (
        "in another shell with the settings printed below"
        if keep_running
        else f"serve this demo again with `{cli} demo --keep-running` and, in another shell with the "
        "settings it prints, run"
    )
    console.print(
        f"{counted(len(waiting), 'thread')} waiting. To look at the first one, {where}:", soft_wrap=True
    )
    console.print(f"  {cli} approvals show {first}", soft_wrap=True)
    return first


def print_instructions(
    console: Console,
    *,
    port: int,
    token: str,
    database_url: str,
    procare_url: str,
    procare_api_key: str,
    keep_running: bool,
    cli: str,
) -> None:
    """How to approve what waits: the inbox and the CLI while the demo keeps running, else how to get there
    without losing the demo just shown."""
    console.rule("Next")
    if not keep_running:
        console.print(
            f"To approve: `{cli} demo --keep-running` serves this same demo (its threads are kept) with the "
            "inbox and a worker until Ctrl-C; `demo --fresh` starts over.",
            soft_wrap=True,
        )
        return
    console.print(f"Open http://127.0.0.1:{port}/inbox and sign in with this token: {token}", soft_wrap=True)
    console.print("Or, in another shell in this folder:")
    for line in (
        f"  export PROCARE_AI_DATABASE_URL='{database_url}'",
        f"  export PROCARE_AI_PROCARE_URL='{procare_url}' PROCARE_AI_PROCARE_API_KEY={procare_api_key}",
        f"  export PROCARE_AI_TOKEN={token}",
        f"  {cli} approvals list",
        f"  {cli} approvals show THREAD",
        f"  {cli} approvals decide THREAD --approve-all",
    ):
        console.print(line, soft_wrap=True)
    console.print("Press Ctrl-C to stop.")
