"""The `procare-ai` command line: servers, workers, scans, approvals, audit, replay and the demo.

Every command maps user errors to a clear message and an exit code (one table, `app.EXIT_CODES`), never
a stack trace. Servers take `--port`. The console script is `procare_ai.cli:app`.
"""

from __future__ import annotations

from procare_ai.cli import (
    admin,
    approvals,
    audit,
    events,
    licensing,
    servers,
    shadow,
    skills,
    threads,
    webhooks,
)
from procare_ai.cli.app import app
from procare_ai.cli.environment import name_environment

name_environment(app)

__all__ = [
    "admin",
    "app",
    "approvals",
    "audit",
    "events",
    "licensing",
    "servers",
    "shadow",
    "skills",
    "threads",
    "webhooks",
]
