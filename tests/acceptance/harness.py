"""What the acceptance tests that start real processes share: free loopback ports, polling, a process with
its output in a log file (read back when something fails), and a database URL for a cloned database."""

from __future__ import annotations

import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from psycopg.conninfo import conninfo_to_dict, make_conninfo

T = TypeVar("T")

# Waits are ceilings, never durations: a passing test returns as soon as its probe does. CI shares its two
# cores with other work (a cold CLI took 15 s to import at load 14): every ceiling is stretched.
PATIENCE = 4.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, every: float = 0.1) -> T:
    """Poll `probe` until it is truthy; fail naming `what` after `timeout` x PATIENCE seconds."""
    timeout *= PATIENCE
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}")
        time.sleep(every)


@dataclass
class Proc:
    """One process, its output in a log file (read back when something fails)."""

    name: str
    popen: subprocess.Popen[bytes]
    log: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def stop(self) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(5)


def with_db(url: str, dbname: str) -> str:
    """`url` with its database name replaced (a database cloned from the test template)."""
    return make_conninfo("", **{**conninfo_to_dict(url), "dbname": dbname})
