"""Commands about threads: start a scan, print a report, replay a recorded thread, prune old checkpoints."""

from __future__ import annotations

import json
from contextlib import AsyncExitStack
from datetime import timedelta
from pathlib import Path
from typing import Annotated

import typer

from agents.payroll import exception_report_csv
from policies.errors import InvalidInput
from procare_ai.cli.app import (
    app,
    console,
    earlier_run_line,
    load_settings,
    operator,
    print_outcome,
    run,
)
from procare_ai.wiring import open_queue, open_services
from services import audit as audit_service
from services import retention as retention_service
from services.ingest import accept_event
from services.replay import replay_thread
from services.scans import SCAN_KINDS, scan_event
from tools.errors import ConfigError


@app.command()
@run
async def scan(
    center: Annotated[list[str], typer.Option(help="Center (school) id; repeat for several.")],
    kind: Annotated[str, typer.Option(help=f"Scan kind: {', '.join(SCAN_KINDS)}.")] = "credentials",
    enqueue: Annotated[bool, typer.Option(help="Queue for workers instead of running here.")] = False,
) -> None:
    """Run a scan for centers now (the daily schedule does this by itself)."""
    if kind not in SCAN_KINDS:  # a bad flag value, like every other: exit 2, not 78
        raise InvalidInput(f"unknown scan kind {kind!r}; available: {', '.join(SCAN_KINDS)}")
    settings = load_settings()
    async with AsyncExitStack() as stack:
        # queueing only stores events (the workers read Procare): no Procare key needed for it
        services = await stack.enter_async_context(open_services(settings, needs_procare=not enqueue))
        if enqueue:
            await stack.enter_async_context(open_queue(settings, services))
        now = services.now()
        for center_id in center:
            event = scan_event(kind, center_id, now.date().isoformat(), now)
            if enqueue:
                result = await accept_event(services, event)
                state = "already queued" if result.duplicate else "queued"
                console.print(f"{center_id}: {state} {result.thread_id}")
                continue
            outcome = await services.runner.start(event)
            print_outcome(outcome)
            note = earlier_run_line(outcome, event, "a scan runs once per center, kind and day")
            if note:
                console.print(note, soft_wrap=True)


@app.command()
@run
async def report(
    thread_id: str,
    csv: Annotated[
        Path | None, typer.Option(help="Payroll threads: also write the exception report CSV here.")
    ] = None,
) -> None:
    """Print a thread's report (credential gaps, payroll exceptions, ...); payroll can also give CSV."""
    async with open_services(load_settings(), needs_procare=False) as services:
        state = await audit_service.thread_state(services, operator(), thread_id)
    console.print(state.report or f"{thread_id} ({state.workflow or 'unrouted'}) has no report")
    if csv is not None:
        if state.workflow != "payroll":
            raise ConfigError(f"--csv is for payroll threads; {thread_id} is {state.workflow or 'unrouted'}")
        csv.write_text(exception_report_csv(state.findings))
        console.print(f"exception report CSV written to {csv}")


@app.command()
@run
async def replay(
    thread_id: str,
    out: Annotated[Path | None, typer.Option(help="Also write the trace JSON here.")] = None,
) -> None:
    """Re-drive a recorded thread in memory against today's Procare data, writing nothing, and compare."""
    async with open_services(load_settings()) as services:
        replayed = await replay_thread(services, operator(), thread_id)
    if out:
        out.write_text(json.dumps(replayed.trace, indent=2, sort_keys=True))
    same = not replayed.changed
    console.print(
        f"replayed {thread_id}: {'identical to the recording' if same else 'DIFFERS from the recording'}"
    )
    if not same:
        console.print(f"  sections that differ: {', '.join(replayed.changed)}")
        before = {p["id"]: p["action"] for p in replayed.trace["final"]["proposals"]}
        after = {p.id: p.action for p in replayed.again.proposals}
        for pid in sorted(set(before) ^ set(after)):
            console.print(
                f"  proposal {before.get(pid) or after.get(pid)} {'gone' if pid in before else 'new'}"
            )
        raise typer.Exit(1)


@app.command()
@run
async def retention(
    older_than_days: Annotated[
        float | None, typer.Option(help="Prune threads done longer ago than this (default: the setting).")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, help="Threads per pass.")] = 1000,
) -> None:
    """Keep only the latest checkpoint of long-finished threads (the worker does this hourly); prints the
    checkpoint bytes per thread before and after."""
    settings = load_settings()
    days = settings.checkpoint_retention_days if older_than_days is None else older_than_days
    async with open_services(settings, needs_procare=False) as services:
        pruned = await retention_service.prune_finished(
            services, older_than=timedelta(days=days), limit=limit
        )
    before, after = pruned.per_thread()
    console.print(
        f"pruned {len(pruned.threads)} finished thread(s) older than {days:g} days: "
        f"{before:.0f} -> {after:.0f} checkpoint bytes per thread "
        f"({pruned.bytes_before} -> {pruned.bytes_after} bytes in all)"
    )
