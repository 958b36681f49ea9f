"""How the real CLI fails: one clear line and an exit code, never a traceback or minutes of retries.

Each test runs `python -m procare_ai.cli ...` as a user would, in an empty folder (no `.env`), with no
`PROCARE_AI_*` or `OPENAI_*` variables but those it sets. A database that is wrong or unreachable, JSON
that does not parse, a busy port: exit 78 (EX_CONFIG) with one line on stderr. `approvals list` runs
without a Procare key; `scan --enqueue` queues several centers; a demo stopped with SIGTERM stops its
embedded Postgres. The subprocess timeouts are generous bounds for a loaded machine (no timed assert:
the refused connection and the 3 s connect timeout are what make these quick).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.acceptance.harness import free_port, wait_for

pytestmark = pytest.mark.acceptance

ROOT = Path(__file__).resolve().parents[2]
EX_CONFIG = 78
BOUND = 120.0
"""Seconds a command may take before the test gives up on it (import time on a busy machine included)."""


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PROCARE_AI_", "OPENAI_"))}
    return env | {"PYTHONPATH": str(ROOT), "COLUMNS": "300", "PYTHONUNBUFFERED": "1"} | extra


def cli(
    *args: str, cwd: Path, env: dict[str, str], timeout: float = BOUND
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "procare_ai.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int, *needles: str) -> str:
    """The command's error: exactly one line on stderr, the expected exit code, no traceback."""
    out = result.stderr + result.stdout
    assert "Traceback" not in out, out
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == code, (result.returncode, out)
    assert len(lines) == 1, out
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never answers (a database behind a black hole)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


@pytest.mark.parametrize("command", [["serve"], ["worker"], ["approvals", "list"]])
def test_a_refused_database_is_one_line(command: list[str], tmp_path: Path) -> None:
    url = f"postgresql://postgres@127.0.0.1:{free_port()}/procare_ai"
    env = clean_env(PROCARE_AI_DATABASE_URL=url, PROCARE_AI_PROCARE_API_KEY="sandbox-dev-key")
    line = one_line_error(cli(*command, cwd=tmp_path, env=env), EX_CONFIG, "cannot connect to the database")
    assert "PROCARE_AI_DATABASE_URL" in line and "refused" in line.lower()


def test_a_database_that_never_answers_gives_up_after_the_connect_timeout(
    silent_port: int, tmp_path: Path
) -> None:
    url = f"postgresql://postgres@127.0.0.1:{silent_port}/procare_ai"
    started = time.monotonic()
    result = cli("approvals", "list", cwd=tmp_path, env=clean_env(PROCARE_AI_DATABASE_URL=url))
    line = one_line_error(result, EX_CONFIG, "cannot connect to the database procare_ai on 127.0.0.1")
    assert "timeout" in line.lower()
    assert time.monotonic() - started < BOUND


def test_an_unknown_database_and_a_bad_url_are_one_line(pg_server_url: str, tmp_path: Path) -> None:
    missing = psycopg.conninfo.make_conninfo(pg_server_url, dbname="procare_ai_no_such_db")
    result = cli("approvals", "list", cwd=tmp_path, env=clean_env(PROCARE_AI_DATABASE_URL=missing))
    one_line_error(result, EX_CONFIG, 'database "procare_ai_no_such_db" does not exist')
    bad = "postgres//admin:hunter2@db/procare"  # a typo'd URL: its password must not be echoed
    line = one_line_error(
        cli("worker", cwd=tmp_path, env=clean_env(PROCARE_AI_DATABASE_URL=bad)),
        EX_CONFIG,
        "PROCARE_AI_DATABASE_URL is not a Postgres URL",
    )
    assert "hunter2" not in line


def test_bad_json_in_agent_settings_is_one_line(fresh_db: str, tmp_path: Path) -> None:
    env = clean_env(
        PROCARE_AI_DATABASE_URL=fresh_db, PROCARE_AI_AGENT_SETTINGS='{"payroll_tolerance_minutes": 10,'
    )
    for command in (["approvals", "list"], ["worker"]):
        one_line_error(
            cli(*command, cwd=tmp_path, env=env), EX_CONFIG, "PROCARE_AI_AGENT_SETTINGS is not valid JSON"
        )


def test_demo_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = cli("demo", "--port", str(port), cwd=tmp_path, env=clean_env())
        one_line_error(result, EX_CONFIG, f"cannot listen on 127.0.0.1:{port}: in use", "--port")
        result = cli("serve", "--port", str(port), cwd=tmp_path, env=clean_env())
        one_line_error(result, EX_CONFIG, f"cannot listen on 127.0.0.1:{port}: in use")
        # the sandbox said it in uvicorn's six log lines and exit 3 ("not allowed")
        result = cli("sandbox", "--port", str(port), cwd=tmp_path, env=clean_env())
        one_line_error(result, EX_CONFIG, f"cannot listen on 127.0.0.1:{port}: in use")
    assert not (tmp_path / ".procare-ai").exists()  # refused before any Postgres was started


@pytest.mark.parametrize("command", ["serve", "sandbox", "demo"])
def test_a_port_out_of_range_is_bad_input(command: str, tmp_path: Path) -> None:
    """`serve --port 99999` was an OverflowError traceback; the sandbox listened on 99999 - 65536."""
    result = cli(command, "--port", "99999", cwd=tmp_path, env=clean_env())
    out = result.stderr + result.stdout
    assert result.returncode == 2 and "Traceback" not in out, out
    assert "Invalid value for '--port'" in out and "65535" in out


def test_approvals_list_needs_no_procare_key(fresh_db: str, tmp_path: Path) -> None:
    result = cli("approvals", "list", cwd=tmp_path, env=clean_env(PROCARE_AI_DATABASE_URL=fresh_db))
    assert result.returncode == 0, result.stderr
    assert "nothing is waiting for approval" in result.stdout


def test_scan_enqueue_queues_every_center(fresh_db: str, tmp_path: Path) -> None:
    env = clean_env(PROCARE_AI_DATABASE_URL=fresh_db)  # queueing only stores events: no Procare key needed
    result = cli("scan", "--center", "S0001", "--center", "S0002", "--enqueue", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    queued = [line for line in result.stdout.splitlines() if ": queued " in line]
    assert [line.split(":")[0] for line in queued] == ["S0001", "S0002"]
    again = cli("scan", "--center", "S0001", "--center", "S0002", "--enqueue", cwd=tmp_path, env=env)
    assert again.stdout.count("already queued") == 2
    with psycopg.connect(fresh_db) as conn:
        jobs = conn.execute(
            "SELECT args->>'event_id' FROM procrastinate_jobs"
            " WHERE task_name = 'procare:run_event' ORDER BY id"
        ).fetchall()
    assert [j[0].split("-")[2] for j in jobs] == ["S0001", "S0002"]


DEMO = [sys.executable, "-m", "procare_ai.cli", "demo"]


def _postmaster_alive(pgdata: Path) -> bool:
    pid_file = pgdata / "postmaster.pid"
    if not pid_file.exists():
        return False
    pid = int(pid_file.read_text().split()[0])
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.mark.slow
def test_demo_stopped_with_sigterm_stops_its_embedded_postgres(tmp_path: Path) -> None:
    log = tmp_path / "demo.log"
    port = free_port()
    with log.open("wb") as out:
        demo = subprocess.Popen(
            [*DEMO, "--port", str(port), "--centers", "1", "--staff-per-center", "4", "--keep-running"],
            cwd=tmp_path,
            env=clean_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    pgdata = tmp_path / ".procare-ai" / "pgdata"
    try:
        wait_for(
            "the demo to finish its day (or to exit)",
            lambda: "Press Ctrl-C to stop." in log.read_text() or demo.poll() is not None,
            600,
            0.5,
        )
        assert demo.poll() is None, f"the demo exited early:\n{log.read_text()[-3000:]}"
        assert _postmaster_alive(pgdata), log.read_text()
        demo.send_signal(signal.SIGTERM)
        assert demo.wait(BOUND) == 143, log.read_text()
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait(10)
    assert "demo stopped (SIGTERM)" in log.read_text()
    assert "Traceback" not in log.read_text(), log.read_text()[-3000:]
    assert not _postmaster_alive(pgdata)
