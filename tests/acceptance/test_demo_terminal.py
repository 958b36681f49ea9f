"""The demo in an 80-column terminal, as a new user runs it (issue 17, "The terminal too"): it says which
Postgres and which drafter ran, lists waiting threads with their ids whole, prints a next step that runs
as printed from a shell without the venv on PATH, and `--keep-running` afterwards serves the demo just
shown (the same threads, no day sent again) instead of starting over."""

from __future__ import annotations

import re
import signal
import subprocess
from pathlib import Path

import pytest

from tests.acceptance.harness import free_port, wait_for
from tests.acceptance.test_cli_errors import BOUND, DEMO, clean_env

pytestmark = [pytest.mark.acceptance, pytest.mark.slow]

THREAD_LINE = re.compile(r"^(S\d{4}:\S+)  S\d{4} · .+ · \d+ actions?$", re.M)
SHOW = re.compile(r"^  (\S+) approvals show (\S+)$", re.M)


def test_the_demo_reads_well_at_80_columns_and_keep_running_keeps_it(tmp_path: Path) -> None:
    env = clean_env(COLUMNS="80", PATH="/usr/bin:/bin")  # a shell without the venv on PATH
    args = ["--centers", "1", "--staff-per-center", "4"]
    first = subprocess.run(
        [*DEMO, "--port", str(free_port()), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    out = first.stdout
    assert first.returncode == 0, first.stderr[-3000:]
    assert re.search(
        r"^Postgres: database procare_ai_demo on \S+ .*\(embedded, in \.procare-ai/pgdata\)$", out, re.M
    ), out
    assert "Drafter: offline templates (no OPENAI_API_KEY or OPENAI_BASE_URL set)" in out
    threads = THREAD_LINE.findall(out)
    assert threads, out
    (shown,) = SHOW.findall(out)
    assert shown == (shown[0], threads[0]) and Path(shown[0]).is_absolute()  # the script of this install
    found = re.findall(r"^[A-Z][\w ]+: \d+ .*$", out, re.M)  # "Credentials: 2 credential expiring (warning)"
    assert found and not any("_" in line for line in found), found  # workflows and findings in words
    assert "--keep-running` serves this same demo" in out

    log = tmp_path / "keep.log"
    with log.open("wb") as sink:
        kept = subprocess.Popen(
            [*DEMO, "--port", str(free_port()), *args, "--keep-running"],
            cwd=tmp_path,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_for("the kept demo to serve", lambda: "Press Ctrl-C to stop." in log.read_text(), 300, 0.5)
        again = log.read_text()
        assert "Kept the demo of" in again and "webhooks delivered" not in again, again
        assert THREAD_LINE.findall(again) == threads  # the same threads, not a new day
        url = re.search(r"^  export PROCARE_AI_DATABASE_URL='([^']+)'$", again, re.M)
        assert url is not None, again
        run_as_printed = subprocess.run(
            [shown[0], "approvals", "show", threads[0]],
            cwd=tmp_path,
            env=env | {"PROCARE_AI_DATABASE_URL": url.group(1)},
            capture_output=True,
            text=True,
            timeout=BOUND,
        )
        assert run_as_printed.returncode == 0, run_as_printed.stderr
        assert run_as_printed.stdout.startswith("0. "), run_as_printed.stdout
        kept.send_signal(signal.SIGTERM)
        assert kept.wait(BOUND) == 143, log.read_text()[-3000:]
    finally:
        if kept.poll() is None:
            kept.kill()
            kept.wait(10)
