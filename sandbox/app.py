"""`create_app(config)`: the FastAPI app that serves the Procare surface over generated data.

The runtime (data, overlay state, guards, webhook sender) is reachable as `app.state.sandbox` so tests and
scenarios can inject records and read the effects log of the very instance they talk to.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from sandbox import (
    admin,
    routes_incidents,
    routes_notes,
    routes_read,
    routes_reviews,
    routes_signatures,
    routes_training,
    routes_write,
)
from sandbox.config import SandboxConfig
from sandbox.errors import install_error_handlers
from sandbox.runtime import SandboxRuntime
from sandbox.state import SandboxState


def create_app(config: SandboxConfig | None = None, *, state: SandboxState | None = None) -> FastAPI:
    """Build the sandbox app; pass `state` to share an overlay you already hold."""
    runtime = SandboxRuntime.build(config or SandboxConfig(), state=state)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        if runtime.sender is not None:
            runtime.sender.close()

    app = FastAPI(
        title="Procare sandbox",
        description="A seeded stand-in for the Procare surface in docs/procare-surface.md.",
        version="1",
        lifespan=lifespan,
    )
    app.state.sandbox = runtime
    install_error_handlers(app)
    app.include_router(routes_read.router)
    app.include_router(routes_write.router)
    app.include_router(routes_incidents.router)
    app.include_router(routes_reviews.router)
    app.include_router(routes_signatures.router)
    app.include_router(routes_notes.router)
    app.include_router(routes_training.router)
    app.include_router(admin.router)
    return app


def runtime_of(app: FastAPI) -> SandboxRuntime:
    """The runtime behind an app built by `create_app` (typed access for tests)."""
    runtime: SandboxRuntime = app.state.sandbox
    return runtime
