"""Only `procare-ai db setup` migrates: the API and workers refuse a database whose schema is behind, with
one line that says what to run."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg.conninfo import make_conninfo

from checkpoints.db import open_pool
from checkpoints.migrate import pending_setup
from procare_ai.wiring import require_schema
from tools.errors import ConfigError

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def empty_db(pg_server_url: str) -> Iterator[str]:
    name = f"pcai_empty_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        yield make_conninfo(pg_server_url, dbname=name)
    finally:
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def _pending(url: str) -> tuple[list[str], str | None]:
    pool = await open_pool(url, max_size=1)
    try:
        refused = None
        try:
            await require_schema(pool)
        except ConfigError as exc:
            refused = exc.message
        return await pending_setup(pool), refused
    finally:
        await pool.close()


def _cli(*args: str, db: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PROCARE_AI_DATABASE_URL": db,
        "PROCARE_AI_PROCARE_URL": "http://127.0.0.1:9",
        "PROCARE_AI_PROCARE_API_KEY": "schema-test-key",
    }
    return subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_stale_schema_is_refused_until_db_setup(empty_db: str) -> None:
    missing, refused = asyncio.run(_pending(empty_db))
    assert missing[0] == "0001_audit_index.sql" and "procrastinate schema" in missing
    assert refused is not None and "procare-ai db setup" in refused

    worker = _cli("worker", "--once", db=empty_db)
    assert worker.returncode == 78 and "Traceback" not in worker.stderr
    assert [line for line in worker.stderr.splitlines() if line.strip()] == [
        line for line in worker.stderr.splitlines() if "procare-ai db setup" in line
    ]

    setup = _cli("db", "setup", db=empty_db)
    assert setup.returncode == 0, setup.stderr
    assert asyncio.run(_pending(empty_db)) == ([], None)
    assert "nothing, already up to date" in _cli("db", "setup", db=empty_db).stdout
