"""What the API needs, built once by the caller (CLI `serve`, tests) and handed to `create_app`.

Nothing here opens a connection or reads the environment: the caller owns the pool's lifetime.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from psycopg_pool import AsyncConnectionPool

from api.enqueue import Enqueuer
from api.metrics import ServiceMetrics
from graph.runner import GraphRunner
from procare_ai.settings import Settings


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Services:
    """The service's dependencies. `webhook_requires_token`: webhooks need a `service` bearer token on top
    of the signature (the default); set False for senders that can only sign (the signature still applies)."""

    pool: AsyncConnectionPool
    runner: GraphRunner
    saver: BaseCheckpointSaver[Any]
    enqueuer: Enqueuer
    settings: Settings
    clock: Callable[[], datetime] = utc_now
    metrics: ServiceMetrics = field(default_factory=ServiceMetrics)
    webhook_requires_token: bool = True
