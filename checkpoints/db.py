"""The Postgres connection pool every component shares.

Settings follow LangGraph's checkpoint-postgres requirements: autocommit, no server-side prepared
statements (safe behind poolers), dict rows, and a health check instead of pipeline mode.
"""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg.rows import dict_row
from psycopg_pool import AsyncConnectionPool

CONNECTION_KWARGS: dict[str, Any] = {"autocommit": True, "prepare_threshold": 0, "row_factory": dict_row}


async def open_pool(
    url: str, *, min_size: int = 1, max_size: int = 8, name: str = "procare-ai"
) -> AsyncConnectionPool:
    """Open (and wait for) a pool on `url`; the caller closes it."""
    pool: AsyncConnectionPool[AsyncConnection[dict[str, Any]]] = AsyncConnectionPool(
        url,
        min_size=min_size,
        max_size=max_size,
        kwargs=CONNECTION_KWARGS,
        check=AsyncConnectionPool.check_connection,
        open=False,
        name=name,
    )
    await pool.open(wait=True, timeout=30)
    return pool
