"""Run the sandbox: `serve(...)` blocks (the CLI's `procare-ai sandbox`), `running_sandbox(config)` runs it
on a free loopback port in a background thread for the demo and tests, and stops it cleanly."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

import uvicorn
from fastapi import FastAPI

from sandbox.app import create_app, runtime_of
from sandbox.config import SandboxConfig, normalise_api_keys
from sandbox.runtime import SandboxRuntime
from sandbox.state import SandboxState

STARTUP_TIMEOUT_SECONDS = 15.0


def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8700,
    seed: int = 7,
    centers: int = 5,
    staff_per_center: int = 20,
    api_keys: Mapping[str, Iterable[str] | None] | Iterable[str] | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    webhook_token: str | None = None,
    fault_rate: float = 0.0,
    slow_rate: float = 0.0,
    rate_limit: float | None = None,
    today: date | None = None,
    log_level: str = "info",
) -> None:
    """Serve the sandbox until interrupted (the CLI's `procare-ai sandbox`).

    `api_keys`: None (the dev key, every school), a list of keys with every school in scope, or a mapping
    key -> school ids (None = all). `rate_limit`: requests per second per key (None = unlimited)."""
    config = SandboxConfig(
        seed=seed,
        centers=centers,
        staff_per_center=staff_per_center,
        today=today or date.today(),
        api_keys=normalise_api_keys(api_keys),
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        webhook_bearer_token=webhook_token,
        fault_rate=fault_rate,
        slow_rate=slow_rate,
        rate_limit=rate_limit,
    )
    uvicorn.run(create_app(config), host=host, port=port, log_level=log_level)


@dataclass(frozen=True)
class RunningSandbox:
    """A sandbox served in this process: its base URL and the runtime behind it (state, data, sender)."""

    url: str
    app: FastAPI
    runtime: SandboxRuntime

    @property
    def state(self) -> SandboxState:
        return self.runtime.state


@contextmanager
def sandbox_server(
    config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> Iterator[RunningSandbox]:
    """Start uvicorn on a background thread (port 0 = a free one) and yield once it accepts requests."""
    app = create_app(config or SandboxConfig())
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="sandbox-uvicorn", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            sock.close()
            raise RuntimeError("the sandbox server did not start")
        time.sleep(0.01)
    try:
        yield RunningSandbox(url=f"http://{host}:{bound_port}", app=app, runtime=runtime_of(app))
    finally:
        server.should_exit = True
        thread.join(timeout=STARTUP_TIMEOUT_SECONDS)
        sock.close()


@contextmanager
def running_sandbox(config: SandboxConfig | None = None) -> Iterator[str]:
    """The base URL of a sandbox running in a background thread for the duration of the block."""
    with sandbox_server(config) as running:
        yield running.url
