"""Browser tests: Playwright for Python driving Debian's Chromium (headless) against the real service.

The browser is /usr/bin/chromium (the `chromium` package; `.ci/run` installs it when missing); Playwright
never downloads one (`playwright install` is never run). The service is real processes on free loopback
ports, as in tests/acceptance: the Procare sandbox, the API and a worker, on a fresh migrated database;
only Slack is faked, by a local receiver that records what it is sent.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from checkpoints.db import open_pool
from policies.rbac import Principal
from services.rollout import set_rollout_phase
from services.tokens import create_token
from tests.acceptance.test_service_e2e import Stack, e2e_db, free_port, service_env
from tests.fakes import NOW

__all__ = ["e2e_db"]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
CENTER, OTHER = "S0001", "S0002"


class SlackReceiver:
    """A local stand-in for a Slack incoming webhook: records each posted text."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        received = self.texts

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                received.append(json.loads(body or b"{}").get("text", ""))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackReceiver]:
    receiver = SlackReceiver()
    yield receiver
    receiver.close()


ROLES = {
    "service": ("service", []),
    "director": ("director", [CENTER]),
    "director_other": ("director", [OTHER]),
    "hr": ("hr_admin", []),
}


async def _tokens_and_rollout(db: str) -> dict[str, str]:
    """The scenario's tokens and rollout phase, with the same use cases as `procare-ai tokens create` and
    `rollout set` (in this process: four CLI start-ups cost more than the rest of the set-up)."""
    pool = await open_pool(db, max_size=2)
    try:
        tokens = {
            who: await create_token(pool, role, centers, f"browser-{who}", now=datetime.now(UTC))
            for who, (role, centers) in ROLES.items()
        }
        operator = Principal(id="browser-tests", role="hr_admin", centers=frozenset())
        await set_rollout_phase(pool, operator, "*", "credentials", "assistive", now=NOW)
        return tokens
    finally:
        await pool.close()


@pytest.fixture(scope="module")
def inbox_stack(
    e2e_db: str, slack: SlackReceiver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Stack]:
    """Sandbox, API and one worker; credentials in `assistive`; approvals of credentials due after
    5 seconds (so the escalation sweep, every 10 s, escalates within the test); Procare writes not retried
    by the client (a failed write fails at once) and tried twice by the job queue, a second apart."""
    sandbox_port, api_port = free_port(), free_port()
    env = service_env(e2e_db, f"http://127.0.0.1:{sandbox_port}") | {
        "PROCARE_AI_APPROVAL_SLA": json.dumps({"credentials": "PT5S"}),
        "PROCARE_AI_SLACK_WEBHOOK_URL": slack.url,
        "PROCARE_AI_HTTP_MAX_RETRIES": "0",
        "PROCARE_AI_WRITE_ATTEMPTS": "2",
        "PROCARE_AI_WRITE_RETRY_BACKOFF_SECONDS": "1",
    }
    s = Stack(db=e2e_db, logs=tmp_path_factory.mktemp("browser-logs"), env=env)
    s.sandbox_url, s.api_url = f"http://127.0.0.1:{sandbox_port}", f"http://127.0.0.1:{api_port}"
    try:
        with ThreadPoolExecutor(1) as one:  # a loop of its own, whatever runs in this thread
            s.tokens = one.submit(asyncio.run, _tokens_and_rollout(e2e_db)).result()
        sandbox = s.spawn(
            "sandbox",
            "sandbox",
            f"--port={sandbox_port}",
            "--seed=11",
            "--centers=3",
            "--staff-per-center=6",
            f"--webhook-url={s.api_url}/webhooks/procare",
            env=s.env | {"PROCARE_AI_SANDBOX_WEBHOOK_TOKEN": s.tokens["service"]},
        )
        api = s.spawn("api", "serve", f"--port={api_port}")
        s.wait_healthy(sandbox, f"{s.sandbox_url}/_sandbox/health")
        s.wait_healthy(api, f"{s.api_url}/healthz")
        s.start_worker("worker")
        yield s
    finally:
        for proc in reversed(s.procs):
            proc.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium under Playwright; skipped (with the reason) only if it is not installed."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("needs /usr/bin/chromium (Debian package `chromium`; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def axe_violations(page: Any, *, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """Run axe-core (vendored) in the page; the violations of at least `serious` impact."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await window.axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def screenshot(page: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
