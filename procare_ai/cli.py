"""The `procare-ai` command line: servers, workers, scans, approvals, audit, replay and the demo.

Every command maps user errors to a clear message and an exit code (procare_ai.errors), never a stack
trace. Servers take `--port`.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from procare_ai.cli_documents import documents_app
from procare_ai.errors import ConfigError, NotFound, ProcareAIError
from procare_ai.settings import Settings

app = typer.Typer(
    help="procare-ai: AI workflows for Procare staff management. Agents propose; a director approves "
    "every write-back.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database set-up.", no_args_is_help=True)
approvals_app = typer.Typer(help="Pending approvals: list, show and decide.", no_args_is_help=True)
tokens_app = typer.Typer(help="API tokens for the director API.", no_args_is_help=True)
rollout_app = typer.Typer(help="Rollout phase per center and workflow.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(approvals_app, name="approvals")
app.add_typer(tokens_app, name="tokens")
app.add_typer(rollout_app, name="rollout")
app.add_typer(documents_app, name="documents")

console = Console()
err = Console(stderr=True)
T = TypeVar("T")


def load_settings() -> Settings:
    """Settings from the environment, with a readable message on a bad value."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"setting PROCARE_AI_{field.upper()}: {first['msg']}") from None


def run(fn: Callable[..., Coroutine[Any, Any, T]]) -> Callable[..., T]:
    """Run an async command, mapping project errors to a message and exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return asyncio.run(fn(*args, **kwargs))
        except ProcareAIError as exc:
            err.print(f"[red]error:[/red] {exc.message}")
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None

    return wrapper


def _open(settings: Settings, **kwargs: Any) -> Any:
    from procare_ai.wiring import open_services

    return open_services(settings, **kwargs)


# -- servers ---------------------------------------------------------------------------------------


@app.command()
def sandbox(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8700,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    seed: Annotated[int, typer.Option(help="Seed of the deterministic data generator.")] = 7,
    centers: Annotated[int, typer.Option(help="Number of centers (schools).")] = 5,
    staff_per_center: Annotated[int, typer.Option(help="Staff per center.")] = 20,
    webhook_url: Annotated[str | None, typer.Option(help="Where to deliver signed webhooks.")] = None,
    webhook_token: Annotated[
        str | None,
        typer.Option(
            help="Bearer token sent with each webhook (a procare-ai service token).",
            envvar="PROCARE_AI_SANDBOX_WEBHOOK_TOKEN",
        ),
    ] = None,
    fault_rate: Annotated[
        float, typer.Option(help="Share of requests answered 500 (reliability tests).")
    ] = 0.0,
    slow_rate: Annotated[float, typer.Option(help="Share of requests answered slowly.")] = 0.0,
    rate_limit: Annotated[float | None, typer.Option(help="Requests per second per API key.")] = None,
) -> None:
    """Serve a Procare-shaped sandbox API with realistic seeded data (API key: sandbox-dev-key)."""
    from sandbox.server import serve

    secret = None
    if webhook_url:
        settings = load_settings()
        if settings.webhook_secret is None:
            err.print("[red]error:[/red] --webhook-url needs PROCARE_AI_WEBHOOK_SECRET (whsec_...)")
            raise typer.Exit(78)
        secret = settings.webhook_secret.get_secret_value()
    try:
        serve(
            host=host,
            port=port,
            seed=seed,
            centers=centers,
            staff_per_center=staff_per_center,
            webhook_url=webhook_url,
            webhook_secret=secret,
            webhook_token=webhook_token,
            fault_rate=fault_rate,
            slow_rate=slow_rate,
            rate_limit=rate_limit,
        )
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@db_app.command("setup")
@run
async def db_setup() -> None:
    """Create or upgrade every table (project migrations, LangGraph checkpoints, job queue)."""
    from checkpoints.db import open_pool
    from procare_ai.database import setup_database
    from procare_ai.jobs import make_app

    settings = load_settings()
    if not settings.database_url:
        raise ConfigError("PROCARE_AI_DATABASE_URL is not set")
    pool = await open_pool(settings.database_url)
    try:
        applied = await setup_database(pool, make_app(settings.database_url))
    finally:
        await pool.close()
    console.print("applied: " + (", ".join(applied) if applied else "nothing, already up to date"))


@app.command()
@run
async def worker(
    concurrency: Annotated[int | None, typer.Option(help="Jobs run at once by this process.")] = None,
    once: Annotated[bool, typer.Option(help="Stop when the queue is empty (tests, batch runs).")] = False,
) -> None:
    """Run graph jobs from the Postgres queue (start several, on one or many machines)."""
    from procare_ai import jobs
    from procare_ai.database import setup_database

    settings = load_settings()
    async with _open(settings) as services:
        queue_app = jobs.make_app(settings.database_url or "")
        await setup_database(services.pool, queue_app)
        jobs.bind(services)
        async with queue_app.open_async():
            console.print(f"worker started (concurrency {concurrency or settings.worker_concurrency})")
            await queue_app.run_worker_async(
                concurrency=concurrency or settings.worker_concurrency,
                wait=not once,
                install_signal_handlers=True,
            )


@app.command()
@run
async def scan(
    center: Annotated[list[str], typer.Option(help="Center (school) id; repeat for several.")],
    kind: Annotated[str, typer.Option(help="Scan kind: credentials, reviews or payroll.")] = "credentials",
    enqueue: Annotated[bool, typer.Option(help="Queue for workers instead of running here.")] = False,
) -> None:
    """Run a scan for centers now (the daily schedule does this by itself)."""
    from procare_ai import jobs

    if kind not in jobs.SCAN_KINDS:
        raise ConfigError(f"unknown scan kind {kind!r}; available: {', '.join(jobs.SCAN_KINDS)}")
    settings = load_settings()
    now = datetime.now(UTC)
    async with _open(settings) as services:
        for center_id in center:
            event = jobs.scan_event(kind, center_id, now.date().isoformat(), now)
            if enqueue:
                queue_app = jobs.make_app(settings.database_url or "")
                async with queue_app.open_async():
                    thread_id, created = await jobs.submit_event(services.pool, queue_app, event)
                console.print(f"{center_id}: {'queued' if created else 'already queued'} {thread_id}")
                continue
            outcome = await services.runner.start(event)
            _print_outcome(outcome)


def _print_outcome(outcome: Any) -> None:
    state = outcome.state
    console.print(
        f"[bold]{outcome.thread_id}[/bold]: {outcome.status} "
        f"({len(state.findings)} findings, {len(state.pending)} awaiting approval)"
    )
    for finding in state.findings[:20]:
        console.print(f"  - [{finding.severity}] {finding.summary}")
    if len(state.findings) > 20:
        console.print(f"  ... and {len(state.findings) - 20} more")


@app.command()
@run
async def serve(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8800,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
) -> None:
    """Serve the director API: webhook ingest, approvals, audit, inbox page, health and metrics."""
    import uvicorn

    from api.app import create_app
    from api.services import Services as ApiServices
    from procare_ai import jobs
    from procare_ai.database import setup_database

    settings = load_settings()
    async with _open(settings) as services:
        queue_app = jobs.make_app(settings.database_url or "")
        await setup_database(services.pool, queue_app)
        async with queue_app.open_async():
            api = create_app(
                ApiServices(
                    pool=services.pool,
                    runner=services.runner,
                    saver=services.saver,
                    enqueuer=jobs.enqueuer(queue_app),
                    settings=settings,
                )
            )
            console.print(f"procare-ai API on http://{host}:{port} (inbox: /inbox, docs: /docs)")
            await uvicorn.Server(uvicorn.Config(api, host=host, port=port, log_level="info")).serve()


@asynccontextmanager
async def _pool(settings: Settings) -> AsyncIterator[Any]:
    from checkpoints.db import open_pool

    if not settings.database_url:
        raise ConfigError("PROCARE_AI_DATABASE_URL is not set")
    pool = await open_pool(settings.database_url, max_size=2)
    try:
        yield pool
    finally:
        await pool.close()


@tokens_app.command("create")
@run
async def tokens_create(
    role: Annotated[str, typer.Option(help="director, hr_admin, auditor or service.")],
    label: Annotated[str, typer.Option(help="Who holds it (becomes the reviewer name in the audit).")],
    center: Annotated[list[str] | None, typer.Option(help="Center the token may see; repeat.")] = None,
) -> None:
    """Create an API token; it is printed once and only its hash is stored."""
    from checkpoints.tokens import create_token

    async with _pool(load_settings()) as pool:
        token = await create_token(pool, role, center or [], label)
    console.print(token)


@tokens_app.command("list")
@run
async def tokens_list() -> None:
    """List live tokens (labels, roles and centers; never the tokens)."""
    from checkpoints.tokens import list_tokens

    async with _pool(load_settings()) as pool:
        rows = await list_tokens(pool)
    table = Table("label", "role", "centers", "created")
    for r in rows:
        table.add_row(r.label, r.role, ", ".join(r.centers) or "*", str(r.created_at))
    console.print(table)


@tokens_app.command("revoke")
@run
async def tokens_revoke(label: str) -> None:
    """Revoke the live token with this label."""
    from checkpoints.tokens import revoke_token

    async with _pool(load_settings()) as pool:
        await revoke_token(pool, label)
    console.print(f"revoked {label}")


@rollout_app.command("set")
@run
async def rollout_set(
    center: Annotated[str, typer.Option(help="Center id, or * for every center.")],
    workflow: Annotated[str, typer.Option(help="credentials, payroll, ratios, ...")],
    phase: Annotated[str, typer.Option(help="read_only, assistive or automation.")],
) -> None:
    """Set the rollout phase of a workflow in a center."""
    from checkpoints.rollout_store import set_phase
    from policies.rollout import parse_phase, parse_workflow

    async with _pool(load_settings()) as pool:
        row = await set_phase(pool, center, parse_workflow(workflow), parse_phase(phase))
    console.print(f"{row.center_id} {row.workflow}: {row.phase}")


@rollout_app.command("show")
@run
async def rollout_show() -> None:
    """Show every configured phase (unset pairs are read_only)."""
    from checkpoints.rollout_store import list_phases

    async with _pool(load_settings()) as pool:
        rows = await list_phases(pool)
    table = Table("center", "workflow", "phase", "updated")
    for r in rows:
        table.add_row(r.center_id, r.workflow, r.phase, str(r.updated_at))
    console.print(table if rows else "no phases set: every workflow is read_only")


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="Port of the director API and inbox.")] = 8800,
    centers: Annotated[int, typer.Option(help="Centers in the sandbox.")] = 3,
    staff_per_center: Annotated[int, typer.Option(help="Staff per center.")] = 12,
    keep_running: Annotated[bool, typer.Option(help="Keep API, inbox and worker up until Ctrl-C.")] = False,
) -> None:
    """Run everything on embedded defaults and a day of realistic events; end with what awaits approval."""
    from procare_ai.demo import run_demo

    run(run_demo)(port=port, centers=centers, staff_per_center=staff_per_center, keep_running=keep_running)


# -- approvals ---------------------------------------------------------------------------------------


@approvals_app.command("list")
@run
async def approvals_list(
    center: Annotated[str | None, typer.Option(help="Only this center.")] = None,
) -> None:
    """List threads waiting for a director's decision."""
    settings = load_settings()
    async with _open(settings) as services:
        rows = await _pending(services.pool, center)
    table = Table("thread", "center", "workflow", "event", "since")
    for r in rows:
        table.add_row(
            r["thread_id"], r["center_id"], r["workflow"] or "-", r["event_type"], str(r["updated_at"])
        )
    console.print(table if rows else "nothing is waiting for approval")


async def _pending(pool: Any, center: str | None) -> list[dict[str, Any]]:
    sql = (
        "SELECT thread_id, center_id, workflow, event_type, updated_at FROM audit_threads "
        "WHERE status = 'awaiting_review' AND (%s::text IS NULL OR center_id = %s) ORDER BY updated_at"
    )
    async with pool.connection() as conn:
        return list(await (await conn.execute(sql, (center, center))).fetchall())


@approvals_app.command("show")
@run
async def approvals_show(thread_id: str) -> None:
    """Show the action requests of a paused thread, with rationale and evidence."""
    settings = load_settings()
    async with _open(settings) as services:
        outcome = await services.runner.outcome(thread_id)
    if outcome.request is None:
        console.print(f"{thread_id} is {outcome.status}: nothing to decide")
        return
    by_id = {p.id: p for p in outcome.state.proposals}
    for i, (req, pid) in enumerate(
        zip(outcome.request["action_requests"], outcome.request["proposal_ids"], strict=True)
    ):
        console.print(f"[bold]{i}. {req['name']}[/bold] {req['description']}")
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
    reviewer: Annotated[str, typer.Option(help="Who decides (recorded in the audit trail).")] = "cli",
) -> None:
    """Resume a paused thread with decisions (exactly one per action request)."""
    settings = load_settings()
    async with _open(settings) as services:
        current = await services.runner.outcome(thread_id)
        count = len(current.state.pending)
        if approve_all:
            items: Any = [{"type": "approve"}] * count
        elif reject_all is not None:
            items = [{"type": "reject", "message": reject_all}] * count
        elif decisions:
            try:
                items = json.loads(decisions)
            except json.JSONDecodeError as exc:
                raise ConfigError(f"--decisions is not valid JSON: {exc}") from None
        else:
            raise ConfigError("say --approve-all, --reject-all MESSAGE or --decisions JSON")
        outcome = await services.runner.resume(thread_id, {"decisions": items}, reviewer=reviewer)
    _print_outcome(outcome)
    for result in outcome.state.results:
        console.print(f"  {'ok ' if result.ok else 'FAILED'} {result.action} {result.error or ''}")


# -- audit and traces -----------------------------------------------------------------------------------


@app.command()
@run
async def audit(
    staff_id: str, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Everything the AI read, proposed and wrote about one staff member, and who decided."""
    from checkpoints.audit import audit_for_staff

    settings = load_settings()
    async with _open(settings) as services:
        entries = await audit_for_staff(services.pool, services.saver, staff_id)
    if as_json:
        console.print_json(json.dumps([e.model_dump(mode="json") for e in entries]))
        return
    if not entries:
        console.print(f"no audit entries for {staff_id}")
    for e in entries:
        console.print(f"[bold]{e.thread_id}[/bold] {e.event.type} {e.workflow or '-'} {e.status}")
        for f in e.findings:
            console.print(f"  finding [{f.severity}] {f.summary}")
        for p in e.proposals:
            decision = next((d for d in e.decisions if d.proposal_id == p.id), None)
            result = next((r for r in e.results if r.proposal_id == p.id), None)
            who = (
                f"{decision.type} by {decision.reviewer} at {decision.decided_at:%Y-%m-%d %H:%M}"
                if decision
                else ("pending")
            )
            done = "" if result is None else (" -> written" if result.ok else f" -> failed: {result.error}")
            console.print(f"  proposal {p.action}: {who}{done}")


@app.command()
@run
async def report(
    thread_id: str,
    csv: Annotated[
        Path | None, typer.Option(help="Payroll threads: also write the exception report CSV here.")
    ] = None,
) -> None:
    """Print a thread's report (credential gaps, payroll exceptions, ...); payroll can also give CSV."""
    from agents.payroll import exception_report_csv
    from checkpoints.audit import load_state
    from checkpoints.saver import make_checkpointer

    async with _pool(load_settings()) as pool:
        state = await load_state(make_checkpointer(pool), thread_id)
    if state is None:
        raise NotFound(f"no thread {thread_id}")
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
    from checkpoints.audit import load_state
    from checkpoints.trace import differences, trace_of
    from checkpoints.trace import replay as replay_trace
    from graph.context import GraphContext
    from tools.recording import RecordingWrites

    settings = load_settings()
    async with _open(settings) as services:
        state = await load_state(services.saver, thread_id)
        if state is None:
            raise ConfigError(f"no thread {thread_id}")
        trace = trace_of(state, services.runner.context.today)
        if out:
            out.write_text(json.dumps(trace, indent=2, sort_keys=True))
        ctx = GraphContext(
            client=RecordingWrites(services.client),  # type: ignore[arg-type]
            drafter=services.drafter,  # type: ignore[arg-type]
            rollout=services.rollout,
            today=date.today(),
        )
        again = await replay_trace(trace, ctx)
    changed = differences(trace["final"], again.model_dump(mode="json"), dry_run=True)
    same = not changed
    console.print(
        f"replayed {thread_id}: {'identical to the recording' if same else 'DIFFERS from the recording'}"
    )
    if not same:
        console.print(f"  sections that differ: {', '.join(changed)}")
        before = {p["id"]: p["action"] for p in trace["final"]["proposals"]}
        after = {p.id: p.action for p in again.proposals}
        for pid in sorted(set(before) ^ set(after)):
            console.print(
                f"  proposal {before.get(pid) or after.get(pid)} {'gone' if pid in before else 'new'}"
            )
    if not same:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()
