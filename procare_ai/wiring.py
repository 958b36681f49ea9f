"""The composition root: build every long-lived object from settings, in one place, at start-up.

The CLI's `serve`, `worker`, `scan`, `approvals` and `demo` commands all open the same `Services`, so a
worker and the API drive the graph identically. Nothing here runs at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg_pool import AsyncConnectionPool

from agents.llm import Drafter, make_drafter
from checkpoints.db import open_pool
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext, RolloutSource
from graph.runner import GraphRunner
from procare_ai.errors import ConfigError
from procare_ai.settings import Settings
from tools.client import ProcareClient
from tools.notify import SlackNotifier


@dataclass
class Services:
    """Everything a process of procare-ai needs, opened together and closed together."""

    settings: Settings
    pool: AsyncConnectionPool
    saver: AsyncPostgresSaver
    client: ProcareClient
    drafter: Drafter
    rollout: RolloutSource
    runner: GraphRunner


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    today: date | None = None,
    rollout: RolloutSource | None = None,
    pool_size: int = 8,
) -> AsyncIterator[Services]:
    """Open the pool, checkpointer, Procare client and graph runner described by `settings`."""
    if not settings.database_url:
        raise ConfigError("PROCARE_AI_DATABASE_URL is not set (the demo starts an embedded Postgres for you)")
    if settings.procare_api_key is None:
        raise ConfigError("PROCARE_AI_PROCARE_API_KEY is not set")
    pool = await open_pool(settings.database_url, max_size=pool_size)
    slack = SlackNotifier.from_settings(settings)
    try:
        async with ProcareClient.from_settings(settings) as client:
            saver = make_checkpointer(pool)
            if rollout is None:
                from checkpoints.rollout_store import RolloutStore

                rollout = RolloutStore(pool)
            drafter = make_drafter(settings)
            context = GraphContext(
                client=client,
                drafter=drafter,
                rollout=rollout,
                today=today or datetime.now(ZoneInfo("UTC")).date(),
                credential_windows_days=tuple(settings.credential_windows_days),
                notifier=slack.send if slack else None,
                agent_settings=dict(settings.agent_settings),
            )
            runner = GraphRunner(build_graph(saver), context, pool=pool)
            yield Services(settings, pool, saver, client, drafter, rollout, runner)
    finally:
        if slack is not None:
            await slack.aclose()
        await pool.close()
