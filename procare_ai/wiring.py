"""The composition root: every long-lived object, built from settings, in one place, at start-up.

Settings stop here: lower layers get plain values (the Procare client its URL, key and timeouts; the API
its webhook secret). `open_dependencies` is the one per-process provider of the graph's live dependencies
(Procare client, drafter, alert channel, rollout source, clock), opened and closed together. The service
gets it through `open_services`, which adds the pool, the checkpointer and the runner and gives the CLI's
`serve`, `worker`, `scan`, `approvals` and the demo the same `Services`, so a worker and the API drive the
graph identically; a LangGraph server gets it through `open_server_dependencies` (procare_ai.studio's
lifespan). Nothing here runs at import time.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import timedelta
from typing import Any, cast

import procrastinate
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import AsyncConnectionPool

from agents.common.ledger import AlertLedger, MemoryLedger
from agents.common.llm import Drafter, make_drafter
from api.config import ApiConfig
from checkpoints import migrate
from checkpoints.db import WAIT_SECONDS
from checkpoints.db import open_pool as _open_pool
from checkpoints.ratio_ledger import RatioLedger
from checkpoints.rollout_store import RolloutStore
from checkpoints.saver import make_checkpointer
from graph.builder import build_graph
from graph.context import GraphContext
from graph.deps import Clock, Dependencies, RolloutSource, StaticRollout, utc_now
from procare_ai import jobs
from procare_ai.settings import Settings
from services.context import Services
from services.runner import GraphRunner
from tools.client import ProcareClient
from tools.errors import ConfigError
from tools.notify import SlackNotifier
from tools.protocols import Procare


def procare_client(settings: Settings) -> ProcareClient:
    """The Procare client of `settings` (URL, key, timeout, retries)."""
    if settings.procare_api_key is None:
        raise ConfigError("PROCARE_AI_PROCARE_API_KEY is not set: the Procare client needs an API key")
    return ProcareClient(
        base_url=settings.procare_url,
        api_key=settings.procare_api_key,
        timeout=settings.http_timeout_seconds,
        max_retries=settings.http_max_retries,
    )


def slack_notifier(settings: Settings) -> SlackNotifier | None:
    """A notifier if `PROCARE_AI_SLACK_WEBHOOK_URL` is set, else None (Slack alerts are optional)."""
    return None if settings.slack_webhook_url is None else SlackNotifier(settings.slack_webhook_url)


def drafter(settings: Settings) -> Drafter:
    """ChatOpenAI when a key or an OpenAI-compatible URL is configured, else the offline drafter."""
    key = settings.openai_api_key.get_secret_value() if settings.openai_api_key is not None else None
    return make_drafter(
        model=settings.model,
        api_key=key,
        base_url=settings.openai_base_url,
        timeout=settings.model_timeout_seconds,
        breaker_reset_seconds=settings.model_breaker_seconds,
    )


def describe_drafter(settings: Settings) -> str:
    """Which drafter runs, in words for the person starting a process (no key or secret in it)."""
    if settings.openai_api_key is None and settings.openai_base_url is None:
        return "offline templates (no OPENAI_API_KEY or OPENAI_BASE_URL set)"
    where = settings.openai_base_url or "the OpenAI API"
    return f"model {settings.model} at {where}, with the offline templates whenever it fails"


def api_config(settings: Settings) -> ApiConfig:
    return ApiConfig(
        webhook_secret=settings.webhook_secret,
        webhook_tolerance_seconds=settings.webhook_tolerance_seconds,
        inbox_session_ttl=timedelta(hours=settings.inbox_session_hours),
        inbox_secure_cookie=settings.inbox_secure_cookie,
    )


def graph_context(settings: Settings) -> GraphContext:
    """The knobs of every run: credential windows and agent settings. No date: each run records its own
    `as_of` when it starts (graph.deps.Dependencies.as_of), so a worker that lives for days never judges
    by the day it started."""
    return GraphContext(
        credential_windows_days=list(settings.credential_windows_days),
        agent_settings=dict(settings.agent_settings),
        write_attempts=settings.write_attempts,
    )


def describe_database(url: str) -> str:
    """The database a URL names, for an error message: host, port, database and user, never a password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "PROCARE_AI_DATABASE_URL"
    host = parts.get("host") or "local socket"
    port = f":{parts['port']}" if parts.get("port") else ""
    user = f" as {parts['user']}" if parts.get("user") else ""
    return f"database {parts.get('dbname') or '(default)'} on {host}{port}{user}"


API_POOL_WAIT_SECONDS = 1.0
"""How long an API request waits for a database connection: with the database gone, a request answers
503 (`database_unavailable`) after this, not after psycopg_pool's 30 s (workers keep that default); once
the pool has seen the database refuse, at once (`fail_fast`, checkpoints.db.ReconnectingPool)."""


async def open_pool(
    url: str, *, max_size: int, timeout: float = WAIT_SECONDS, fail_fast: bool = False
) -> AsyncConnectionPool:
    """The pool of a process, or one line saying why the database cannot be used (within a few seconds:
    checkpoints.db tries one connection first, with a short connect timeout)."""
    try:
        return await _open_pool(url, max_size=max_size, timeout=timeout, fail_fast=fail_fast)
    except psycopg.ProgrammingError:  # the URL does not parse; its text may hold a password: not echoed
        raise ConfigError(
            "PROCARE_AI_DATABASE_URL is not a Postgres URL (postgresql://user@host:5432/dbname)"
        ) from None
    except psycopg.Error as exc:
        reason = next((line.strip() for line in str(exc).splitlines() if line.strip()), type(exc).__name__)
        raise ConfigError(
            f"cannot connect to the {describe_database(url)} (PROCARE_AI_DATABASE_URL): {reason}"
        ) from None


async def require_schema(pool: AsyncConnectionPool) -> None:
    """Refuse to start on a database whose schema is behind, with one line saying what to run."""
    missing = await migrate.pending_setup(pool)
    if missing:
        raise ConfigError(
            f"the database schema is behind ({', '.join(missing)} not applied): run `procare-ai db setup`"
        )


class ProcareNotConfigured:
    """The Procare connection of a command that only reads the project's database (`approvals list`,
    `approvals show`, `report`, `audit`): no API key is needed to start it, and any use of Procare says
    which setting is missing instead of running without it."""

    def __getattr__(self, name: str) -> Any:
        raise ConfigError(f"PROCARE_AI_PROCARE_API_KEY is not set: this command needs Procare ({name})")

    async def aclose(self) -> None:
        return None


def _live_parts(
    settings: Settings, *, needs_procare: bool = True
) -> tuple[ProcareClient | ProcareNotConfigured, Drafter, SlackNotifier | None]:
    """The client, drafter and alert channel of `settings` (building them loads certificates: blocking)."""
    if settings.procare_api_key is None and not needs_procare:
        client: ProcareClient | ProcareNotConfigured = ProcareNotConfigured()
    else:
        client = procare_client(settings)
    return client, drafter(settings), slack_notifier(settings)


@asynccontextmanager
async def open_dependencies(
    settings: Settings,
    *,
    rollout: RolloutSource,
    clock: Clock = utc_now,
    needs_procare: bool = True,
    ledger: AlertLedger | None = None,
) -> AsyncIterator[Dependencies]:
    """The graph's live dependencies from `settings`, closed on the way out: the one provider of a process,
    the worker's and the API's (open_services) and the LangGraph server's (open_server_dependencies)."""
    client, draft, slack = await asyncio.to_thread(_live_parts, settings, needs_procare=needs_procare)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(client.aclose)
        if slack is not None:
            stack.push_async_callback(slack.aclose)
        yield Dependencies(
            procare=cast(Procare, client),
            drafter=draft,
            rollout=rollout,
            clock=clock,
            notifier=slack.send if slack else None,
            ledger=ledger if ledger is not None else MemoryLedger(),
            model_off_centers=frozenset(settings.model_off_centers),
        )


@asynccontextmanager
async def open_services(
    settings: Settings,
    *,
    rollout: RolloutSource | None = None,
    clock: Clock = utc_now,
    pool_size: int = 8,
    needs_procare: bool = True,
    pool_wait: float = WAIT_SECONDS,
    fail_fast: bool = False,
) -> AsyncIterator[Services]:
    """Open everything a process needs, and close it all on the way out (refuses a schema that is behind).

    `needs_procare=False` is for commands that only read the project's database: they start without a
    Procare API key (a use of Procare then fails with one line naming the setting). `pool_wait`: how long
    a checkout waits for a connection (the API's `API_POOL_WAIT_SECONDS`); `fail_fast` (the API's): none
    while the database is known to be away (checkpoints.db.ReconnectingPool)."""
    if not settings.database_url:
        raise ConfigError("PROCARE_AI_DATABASE_URL is not set (the demo starts an embedded Postgres for you)")
    async with AsyncExitStack() as stack:
        pool = await open_pool(
            settings.database_url, max_size=pool_size, timeout=pool_wait, fail_fast=fail_fast
        )
        stack.push_async_callback(pool.close)
        await require_schema(pool)
        deps = await stack.enter_async_context(
            open_dependencies(
                settings,
                rollout=rollout or RolloutStore(pool),
                clock=clock,
                needs_procare=needs_procare,
                ledger=RatioLedger(pool),
            )
        )
        saver = make_checkpointer(pool)
        runner = GraphRunner(build_graph(saver), graph_context(settings), deps, pool=pool)
        yield Services(pool=pool, saver=saver, runner=runner, deps=deps)


@asynccontextmanager
async def open_server_dependencies(settings: Settings) -> AsyncIterator[Dependencies]:
    """The dependencies of a LangGraph server process (procare_ai.studio), which brings its own checkpointer.

    Rollout phases and the workflows' ledger come from the project's tables when `PROCARE_AI_DATABASE_URL`
    is set (its schema must be current); else `StaticRollout()`, the documented default phase, read_only
    (policies.rollout.DEFAULT_PHASE), for every center and workflow, and a ledger in this process's
    memory (one server process). Never from a client.
    """
    async with AsyncExitStack() as stack:
        rollout: RolloutSource = StaticRollout()
        ledger: AlertLedger | None = None
        if settings.database_url:
            pool = await stack.enter_async_context(open_pool_only(settings))
            await require_schema(pool)
            rollout, ledger = RolloutStore(pool), RatioLedger(pool)
        yield await stack.enter_async_context(open_dependencies(settings, rollout=rollout, ledger=ledger))


@asynccontextmanager
async def open_queue(settings: Settings, services: Services) -> AsyncIterator[procrastinate.App]:
    """Open the job queue on the services' database; while open, `services.enqueuer` queues graph runs
    and `services.write_retries` the retries of writes that failed transiently."""
    queue_app = queue(settings)
    async with queue_app.open_async():
        services.enqueuer = jobs.enqueuer(queue_app)
        services.write_retries = jobs.write_retry_queue(queue_app, settings.write_retry_backoff_seconds)
        try:
            yield queue_app
        finally:
            services.enqueuer = None
            services.write_retries = None


def queue(settings: Settings) -> procrastinate.App:
    """The job queue App of `settings` (not opened)."""
    return jobs.make_app(
        settings.database_url or "",
        write_attempts=settings.write_attempts,
        write_backoff=settings.write_retry_backoff_seconds,
    )


@asynccontextmanager
async def open_pool_only(settings: Settings, *, max_size: int = 2) -> AsyncIterator[AsyncConnectionPool]:
    """A small pool for commands that only read or write project tables (tokens, rollout, db setup)."""
    if not settings.database_url:
        raise ConfigError("PROCARE_AI_DATABASE_URL is not set")
    pool = await open_pool(settings.database_url, max_size=max_size)
    try:
        yield pool
    finally:
        await pool.close()


async def setup_database(settings: Settings) -> list[str]:
    """`procare-ai db setup`: bring the database of `settings` to the current schema; what was applied."""
    async with open_pool_only(settings) as pool:
        return await migrate.setup_database(pool, jobs.make_app(settings.database_url or ""))
