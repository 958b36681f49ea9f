"""`procare-ai approvals list|show|decide`: the director's review from a terminal.

The same use cases as the API (services.approvals). `list` and `show` only read the database, as the CLI
operator, and need no Procare API key; `decide` writes to Procare and acts as a known person: the holder
of the API token it is given (`--token` or PROCARE_AI_TOKEN), whose role and centers apply as in the API
and who is recorded as the decider.
"""

from __future__ import annotations

import json
from datetime import UTC
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from agents.common.wording import humanize
from policies.errors import InvalidInput
from procare_ai.cli.app import (
    approvals_app,
    cli_path,
    console,
    load_settings,
    operator,
    print_outcome,
    run,
    token_principal,
)
from procare_ai.wiring import open_queue, open_services
from services import approvals
from services.runner import RunOutcome


@approvals_app.command("list")
@run
async def approvals_list(
    center: Annotated[str | None, typer.Option(help="Only this center.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=500, help="Show at most this many, oldest first.")] = 200,
) -> None:
    """List threads waiting for a director's decision, oldest first, with how many wait in all."""
    async with open_services(load_settings(), needs_procare=False) as services:
        page = await approvals.pending_page(services, operator(), center=center, limit=limit)
    rows = page.items
    # The thread id starts with its center (services.runner.thread_id_for), so no center column: at 80
    # columns the others then wrap instead of being cut to "Crede…"
    table = Table("thread", "workflow", "event", "since (UTC)")
    table.columns[0].no_wrap = True  # a thread id is copied whole into the next command
    for column in table.columns[1:]:
        column.overflow = "fold"
    for r in rows:
        table.add_row(
            r.thread_id,
            humanize(r.workflow or "unrouted_event"),
            r.event_type,
            f"{r.updated_at.astimezone(UTC):%Y-%m-%d %H:%M}",  # UTC, to the minute: fits 80 columns
        )
    console.print(table if rows else "nothing is waiting for approval")
    if page.total > len(rows):
        console.print(f"showing the oldest {len(rows)} of {page.total} waiting (--limit up to 500)")


@approvals_app.command("show")
@run
async def approvals_show(thread_id: str) -> None:
    """Show the action requests of a paused thread, with rationale and evidence."""
    async with open_services(load_settings(), needs_procare=False) as services:
        outcome = await approvals.review(services, operator(), thread_id)
    if outcome.request is None:
        console.print(f"{thread_id} is {humanize(outcome.status).lower()}: nothing to decide", soft_wrap=True)
        print_results(outcome)
        if any(r.retryable for r in outcome.state.results):
            console.print(f"retry: {cli_path()} approvals retry {thread_id}", soft_wrap=True)
        return
    by_id = {p.id: p for p in outcome.state.proposals}
    for i, (req, pid) in enumerate(
        zip(outcome.request["action_requests"], outcome.request["proposal_ids"], strict=True)
    ):
        console.print(Text.assemble((f"{i}. {humanize(req['name'])}", "bold"), f" {req['description']}"))
        console.print(f"   why: {by_id[pid].rationale}")
        console.print(f"   args: {json.dumps(req['args'], default=str)}")


@approvals_app.command("decide")
@run
async def approvals_decide(
    thread_id: str,
    approve_all: Annotated[bool, typer.Option("--approve-all", help="Approve every action request.")] = False,
    reject_all: Annotated[
        str | None, typer.Option("--reject-all", help="Reject all, with this message.")
    ] = None,
    decisions: Annotated[
        str | None,
        typer.Option(help='JSON list of LangChain decisions, e.g. [{"type":"approve"},{"type":"reject"}].'),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            help="Your API token (default: PROCARE_AI_TOKEN); its holder is recorded as the decider."
        ),
    ] = None,
) -> None:
    """Resume a paused thread with decisions (exactly one per action request), as the holder of your token."""
    items = parse_decisions(approve_all=approve_all, reject_all=reject_all, decisions=decisions)
    settings = load_settings()
    raw = token or (settings.token.get_secret_value() if settings.token else None)
    async with open_services(settings) as services, open_queue(settings, services):
        who = await token_principal(services, raw, "approvals.decide")
        if decisions is None:  # --approve-all or --reject-all: that decision for every pending request
            count = len((await approvals.review(services, who, thread_id)).state.pending)
            items = [items] * count
        decided = await approvals.decide(services, who, thread_id, {"decisions": items})
    print_outcome(decided.outcome)
    print_results(decided.outcome)


def parse_decisions(*, approve_all: bool, reject_all: str | None, decisions: str | None) -> Any:
    """The decisions asked for, checked before anything is opened: exactly one of the three ways (both
    --approve-all and --reject-all approved everything), and --decisions as JSON: the decisions as given,
    else the one decision that --approve-all or --reject-all repeats for every pending request."""
    chosen = [
        name
        for name, given in (
            ("--approve-all", approve_all),
            ("--reject-all", reject_all is not None),
            ("--decisions", decisions is not None),
        )
        if given
    ]
    if len(chosen) != 1:
        given = f" (got {' and '.join(chosen)})" if chosen else ""
        raise InvalidInput(
            f"say exactly one of --approve-all, --reject-all MESSAGE or --decisions JSON{given}"
        )
    if approve_all:
        return {"type": "approve"}
    if reject_all is not None:
        return {"type": "reject", "message": reject_all}
    try:
        return json.loads(decisions or "")
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"--decisions is not valid JSON: {exc}") from None


@approvals_app.command("retry")
@run
async def approvals_retry(
    thread_id: str,
    token: Annotated[
        str | None,
        typer.Option(
            help="Your API token (default: PROCARE_AI_TOKEN); retrying is deciding: it is checked so."
        ),
    ] = None,
) -> None:
    """Retry the approved writes of a thread that Procare failed transiently (5xx, 429, timeout), with
    the same idempotency keys, so a write that landed is never written twice; as the holder of your token."""
    settings = load_settings()
    raw = token or (settings.token.get_secret_value() if settings.token else None)
    async with open_services(settings) as services, open_queue(settings, services):
        who = await token_principal(services, raw, "approvals.decide")
        outcome = await approvals.retry_writes(services, who, thread_id)
    print_outcome(outcome)
    print_results(outcome)


def print_results(outcome: RunOutcome) -> None:
    """One line per write: written, failed for good, or failed transiently (retried, or to retry)."""
    for result in outcome.state.results:
        if result.ok:
            word = "written"
        elif not result.transient:
            word = "FAILED"
        elif outcome.status == "retrying_writes":
            word = "FAILED, retried automatically"
        else:
            word = "FAILED, retries gave up"
        line = f"  {word}: {result.action} (try {result.attempts}) {result.error or ''}".rstrip()
        console.print(line, soft_wrap=True)
