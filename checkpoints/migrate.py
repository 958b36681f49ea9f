"""The database schema: project migrations, LangGraph's checkpoint tables and procrastinate's queue.

Project migrations are ordered, append-only `.sql` files tracked in the version table
`procare_ai_migrations` (this module owns it). `procare-ai db setup` is the one command that applies
anything (`setup_database`); nothing migrates on import or when the API or a worker starts: they call
`pending_setup` and refuse to start, with one line naming what is missing, when the schema is behind.
LangGraph's tables are set up by its saver's `setup()` (outside any transaction: it creates indexes
concurrently); procrastinate's `schema --apply` is not idempotent, so its presence is checked first.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from langgraph.checkpoint.postgres.aio import AsyncPostgresSaver
from psycopg_pool import AsyncConnectionPool

from checkpoints.saver import make_checkpointer

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS procare_ai_migrations (
    version    int PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""
APPLIED_VERSIONS = "SELECT version FROM procare_ai_migrations"
RECORD_VERSION = "INSERT INTO procare_ai_migrations (version, name) VALUES (%s, %s)"
SCHEMA_STATE = """
SELECT to_regclass('procare_ai_migrations') IS NOT NULL AS versions,
       to_regclass('checkpoint_migrations') IS NOT NULL AS checkpoints,
       to_regclass('procrastinate_jobs') IS NOT NULL AS queue
"""
CHECKPOINT_VERSION = "SELECT coalesce(max(v), -1) AS v FROM checkpoint_migrations"
LOCK = "SELECT pg_advisory_lock(%s)"
UNLOCK = "SELECT pg_advisory_unlock(%s)"
LOCK_KEY = 7_311_002  # advisory lock: one process migrates at a time
QUEUE_LOCK_KEY = 7_311_003


def migration_files() -> list[tuple[int, str, str]]:
    """(version, name, sql) of every migration shipped with the package, in order."""
    folder = resources.files("checkpoints") / "migrations"
    out = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            out.append((version, entry.name, entry.read_text()))
    return sorted(out)


async def apply_migrations(pool: AsyncConnectionPool) -> list[str]:
    """Apply the project's pending migrations, then LangGraph's; returns the names applied now."""
    applied_now: list[str] = []
    async with pool.connection() as conn:
        await conn.execute(LOCK, (LOCK_KEY,))
        try:
            await conn.execute(VERSION_TABLE)
            rows = await (await conn.execute(APPLIED_VERSIONS)).fetchall()
            done = {row["version"] for row in rows}  # type: ignore[call-overload]
            for version, name, sql in migration_files():
                if version in done:
                    continue
                async with conn.transaction():
                    await conn.execute(sql, prepare=False)  # type: ignore[arg-type]
                    await conn.execute(RECORD_VERSION, (version, name))
                applied_now.append(name)
            await make_checkpointer(pool).setup()
        finally:
            await conn.execute(UNLOCK, (LOCK_KEY,))
    return applied_now


async def setup_database(pool: AsyncConnectionPool, queue_app: Any) -> list[str]:
    """Bring the database to the current schema (`queue_app`: the procrastinate App); returns what was
    applied now."""
    applied = await apply_migrations(pool)
    async with pool.connection() as conn:
        await conn.execute(LOCK, (QUEUE_LOCK_KEY,))
        try:
            state = await (await conn.execute(SCHEMA_STATE)).fetchone()
            if state is None or not state["queue"]:  # type: ignore[call-overload]
                async with queue_app.open_async():
                    await queue_app.schema_manager.apply_schema_async()
                applied.append("procrastinate schema")
        finally:
            await conn.execute(UNLOCK, (QUEUE_LOCK_KEY,))
    return applied


async def pending_setup(pool: AsyncConnectionPool) -> list[str]:
    """What `setup_database` would still apply (empty when the schema is current); reads only."""
    async with pool.connection() as conn:
        state: Any = await (await conn.execute(SCHEMA_STATE)).fetchone()
        done: set[int] = set()
        if state["versions"]:
            done = {r["version"] for r in await (await conn.execute(APPLIED_VERSIONS)).fetchall()}  # type: ignore[call-overload]
        checkpoint_version = -1
        if state["checkpoints"]:
            row: Any = await (await conn.execute(CHECKPOINT_VERSION)).fetchone()
            checkpoint_version = row["v"]
    missing = [name for version, name, _ in migration_files() if version not in done]
    if checkpoint_version < len(AsyncPostgresSaver.MIGRATIONS) - 1:
        missing.append("LangGraph checkpoint tables")
    if not state["queue"]:
        missing.append("procrastinate schema")
    return missing
