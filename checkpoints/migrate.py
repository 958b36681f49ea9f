"""Project migrations: ordered, append-only `.sql` files tracked in a version table.

Applied by an explicit setup step (`procare-ai db setup`, the worker and API at start), never on import.
LangGraph's own checkpoint tables are set up by its saver's `setup()` right after, outside any
transaction (it creates indexes concurrently).
"""

from __future__ import annotations

from importlib import resources

from psycopg_pool import AsyncConnectionPool

from checkpoints.saver import make_checkpointer

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS procare_ai_migrations (
    version    int PRIMARY KEY,
    name       text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""
LOCK_KEY = 7_311_002  # advisory lock: one process migrates at a time


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
        await conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            await conn.execute(VERSION_TABLE)
            rows = await (await conn.execute("SELECT version FROM procare_ai_migrations")).fetchall()
            done = {row["version"] for row in rows}  # type: ignore[call-overload]
            for version, name, sql in migration_files():
                if version in done:
                    continue
                async with conn.transaction():
                    await conn.execute(sql, prepare=False)  # type: ignore[arg-type]
                    await conn.execute(
                        "INSERT INTO procare_ai_migrations (version, name) VALUES (%s, %s)", (version, name)
                    )
                applied_now.append(name)
            await make_checkpointer(pool).setup()
        finally:
            await conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))
    return applied_now
