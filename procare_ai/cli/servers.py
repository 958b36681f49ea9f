"""Commands that start something: the Procare sandbox, the API, workers, the demo, and database set-up.

The API and workers refuse to start on a database whose schema is behind (`procare-ai db setup` is the
one command that migrates).
"""

from __future__ import annotations

import gc
from datetime import time, timedelta
from typing import Annotated

import typer
from rich.text import Text

from policies.errors import InvalidInput
from procare_ai import jobs
from procare_ai import lanes as lanes_
from procare_ai.cli.app import (
    app,
    console,
    db_app,
    err,
    fast_loop,
    load_settings,
    require_free_port,
    run,
)
from procare_ai.gc_tuning import tune_for_worker
from procare_ai.wiring import API_POOL_WAIT_SECONDS, api_config, open_queue, open_services, setup_database
from tools.errors import ConfigError


@app.command()
def sandbox(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8700,
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
    from sandbox.server import serve  # the one product import of sandbox/, besides the demo

    try:  # one line, exit 78, as `serve` says it (uvicorn logged a bind error and exited 3)
        require_free_port(host, port)
    except ConfigError as exc:
        err.print(Text.assemble(("error:", "red"), f" {exc}"))
        raise typer.Exit(78) from None
    secret = None
    if webhook_url:
        settings = load_settings()
        if settings.webhook_secret is None:
            err.print(
                Text.assemble(("error:", "red"), " --webhook-url needs PROCARE_AI_WEBHOOK_SECRET (whsec_...)")
            )
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
        err.print(Text.assemble(("error:", "red"), f" {exc}"))
        raise typer.Exit(2) from None


@db_app.command("setup")
@run
async def db_setup() -> None:
    """Create or upgrade every table (project migrations, LangGraph checkpoints, job queue)."""
    applied = await setup_database(load_settings())
    console.print("applied: " + (", ".join(applied) if applied else "nothing, already up to date"))


@app.command()
@run
async def worker(
    concurrency: Annotated[int | None, typer.Option(help="Batch jobs run at once by this process.")] = None,
    live_concurrency: Annotated[
        int | None,
        typer.Option(help="Slots kept for live events (attendance.changed); 0 for none.", min=0),
    ] = None,
    lanes: Annotated[
        str,
        typer.Option(
            "--lanes",
            help="all: batch slots plus live slots in this process; live: live events only (a process "
            "of their own: no batch work shares its CPU); batch: batch work only, at a lower CPU "
            "priority (run a live or all worker beside it).",
        ),
    ] = "all",
    once: Annotated[bool, typer.Option(help="Stop when the queue is empty (tests, batch runs).")] = False,
) -> None:
    """Run graph jobs from the Postgres queue (start several, on one or many machines); live ratio events
    have slots of their own that batch work never fills."""
    settings = load_settings()
    if lanes not in ("all", "live", "batch"):
        raise InvalidInput(f"--lanes must be all, live or batch, not {lanes!r}")  # a bad flag: exit 2
    batch, live = lanes_.slots(
        lanes,  # type: ignore[arg-type]
        concurrency or settings.worker_concurrency,
        settings.live_concurrency if live_concurrency is None else live_concurrency,
    )
    async with (
        open_services(settings, pool_size=lanes_.pool_size(batch, live)) as services,
        open_queue(settings, services) as queue_app,
    ):
        jobs.bind(
            services,
            scan_at=time.fromisoformat(settings.scan_local_time),
            approval_slas=settings.approval_sla,
            retention=timedelta(days=settings.checkpoint_retention_days),
        )
        niceness = lanes_.deprioritise_batch(lanes)  # type: ignore[arg-type]
        gen0, _, _ = tune_for_worker()
        console.print(
            f"worker started ({batch} batch slots, {live} live slots, nice {niceness}, gc gen0 {gen0})"
        )
        await lanes_.run_lanes(
            queue_app,
            concurrency=batch,
            live_concurrency=live,
            wait=not once,
            batch_takes_live=lanes != "batch",
        )


@app.command()
@run(loop_factory=fast_loop)
async def serve(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8800,
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    access_log: Annotated[
        bool,
        typer.Option(
            help="Log a line per request (method, path, status; never a body or a header). Off, the busy "
            "webhook path spends less CPU per request."
        ),
    ] = True,
) -> None:
    """Serve the director API: webhook ingest, approvals, audit, inbox page, health and metrics (on uvloop
    and httptools when installed)."""
    import uvicorn

    from api.app import create_app

    settings = load_settings()
    require_free_port(host, port)
    async with (
        open_services(settings, pool_wait=API_POOL_WAIT_SECONDS, fail_fast=True) as services,
        open_queue(settings, services),
    ):
        api = create_app(services, api_config(settings))
        # Everything built so far lives as long as the process: out of the collector's sight, a full
        # collection no longer walks its ~180k objects (some 60 ms, a request's p99) under load.
        gc.collect()
        gc.freeze()
        console.print(f"procare-ai API on http://{host}:{port} (inbox: /inbox, docs: /docs)")
        await uvicorn.Server(
            uvicorn.Config(api, host=host, port=port, log_level="info", access_log=access_log)
        ).serve()


@app.command()
def demo(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of the director API and inbox.")] = 8800,
    centers: Annotated[int, typer.Option(help="Centers in the sandbox.")] = 3,
    staff_per_center: Annotated[int, typer.Option(help="Staff per center.")] = 12,
    keep_running: Annotated[
        bool,
        typer.Option(
            help="Keep API, inbox and worker up until Ctrl-C; after a finished demo of the same size, serve "
            "that demo again instead of starting over."
        ),
    ] = False,
    fresh: Annotated[bool, typer.Option(help="Start a new demo even if one can be kept.")] = False,
) -> None:
    """Run everything on embedded defaults and a day of realistic events; end with what awaits approval.
    Ctrl-C or SIGTERM stops it, and the embedded Postgres it started with it."""
    from procare_ai.demo import DemoTerminated, run_demo

    try:
        run(run_demo)(
            port=port,
            centers=centers,
            staff_per_center=staff_per_center,
            keep_running=keep_running,
            fresh=fresh,
        )
    except DemoTerminated:
        err.print("demo stopped (SIGTERM)")
        raise typer.Exit(143) from None
