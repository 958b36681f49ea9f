"""What the use cases run on: one `Services`, built once per process by the wiring (procare_ai.wiring).

The API, the CLI and the worker's jobs all hold the same object and call the same functions of this
package with it, so a decision taken in the inbox, from the CLI or replayed by a job follows one path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from psycopg_pool import AsyncConnectionPool

from graph.deps import Dependencies
from services.group_commit import GroupCommit
from services.ingest import Enqueuer
from services.runner import GraphRunner
from services.tokens import TokenCheck
from services.webhook_sources import DeliverySecrets
from services.write_retries import WriteRetryQueue


@dataclass
class Services:
    """The pool, the checkpointer, the runner and the graph's dependencies; `enqueuer` once a job queue is
    open (the API, the worker, `scan --enqueue`, the demo)."""

    pool: AsyncConnectionPool
    saver: BaseCheckpointSaver[Any]
    runner: GraphRunner
    deps: Dependencies
    enqueuer: Enqueuer | None = None
    write_retries: WriteRetryQueue | None = None
    """Queues retries of writes that failed transiently, once a job queue is open (as `enqueuer`)."""
    group_commit: GroupCommit = field(init=False)
    """Stores concurrent events with their jobs in shared transactions (services.ingest.accept_event)."""
    delivery_secrets: DeliverySecrets = field(init=False)
    """The webhook secrets of each delivery, concurrent deliveries sharing a fresh read."""
    token_check: TokenCheck = field(init=False)
    """Bearer tokens of concurrent requests checked with a shared fresh read (the webhook's sender)."""

    def __post_init__(self) -> None:
        self.group_commit = GroupCommit(self.pool)
        self.delivery_secrets = DeliverySecrets(self.pool)
        self.token_check = TokenCheck(self.pool)

    def now(self) -> datetime:
        """The one clock of the process (graph.deps.Dependencies.clock)."""
        return self.deps.clock()
