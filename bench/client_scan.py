"""Benchmark: stream every employee and credential of a large sandbox through ProcareClient.

Why: the daily credential scan walks every staff member of every center; this shows what the typed client
(pydantic parsing, retries, pagination) costs over fetching the same pages with bare httpx and no parsing,
and that its memory stays flat however many records stream past.

The sandbox runs as a separate process (uvicorn on a free loopback port) so it does not share the GIL
with the client being measured. The two sides run interleaved timed passes (wall and client CPU time;
the best of each side is kept, so neither profits from a server cache the other warmed), then the client
runs one more pass under tracemalloc for its peak Python memory (never on during a timed pass: it slows
code down).

    .venv/bin/python bench/client_scan.py                      # 5,000 centers x 20 staff
    .venv/bin/python bench/client_scan.py --centers 200 --staff-per-center 20
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import resource
import socket
import subprocess
import sys
import time
import tracemalloc
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, add_arguments, write  # noqa: E402
from tools.client import ProcareClient  # noqa: E402

API_KEY = "bench-key"
PAGE_SIZE = 500
NEXT_CURSOR = re.compile(rb'"next_cursor"\s*:\s*(?:null|"([^"]*)")')

SERVER_CODE = """
import sys, uvicorn
from datetime import date
from sandbox.app import create_app
from sandbox.config import SandboxConfig
config = SandboxConfig(
    seed=7, centers={centers}, staff_per_center={staff}, today=date(2026, 11, 2),
    api_keys={{{key!r}: None}}, rate_limit=1e9, rate_burst=10**9,
)
uvicorn.run(create_app(config), host="127.0.0.1", port={port}, log_level="warning", access_log=False)
"""


@dataclass
class Pass:
    records: int
    wall_s: float
    cpu_s: float

    @property
    def rate(self) -> float:
        return self.records / self.wall_s if self.wall_s else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_sandbox(centers: int, staff: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    code = SERVER_CODE.format(centers=centers, staff=staff, key=API_KEY, port=port)
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"the sandbox exited with code {proc.returncode} before it answered")
        try:
            if httpx.get(f"{url}/v1/schools?limit=1", headers={"X-API-Key": API_KEY}, timeout=1).is_success:
                return proc, url
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.terminate()
    raise SystemExit("the sandbox did not answer within 60 s")


class Progress:
    """A single stderr line, rewritten about twice a second."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.perf_counter()
        self.last = 0.0

    def tick(self, count: int, *, final: bool = False) -> None:
        now = time.perf_counter()
        if final or now - self.last >= 0.5:
            self.last = now
            rate = count / max(now - self.started, 1e-9)
            end = "\n" if final else ""
            print(
                f"\r  {self.label}: {count:>9,} records  {rate:>9,.0f}/s",
                end=end,
                file=sys.stderr,
                flush=True,
            )


async def bare_pages(http: httpx.AsyncClient, path: str) -> AsyncIterator[bytes]:
    """The same pages as the client asks for, as raw bytes; only the cursor is picked out (by regex)."""
    cursor: str | None = None
    while True:
        params: dict[str, Any] = {"limit": PAGE_SIZE}
        if cursor:
            params["cursor"] = cursor
        response = await http.get(path, params=params)
        response.raise_for_status()
        yield response.content
        match = NEXT_CURSOR.search(response.content, max(0, len(response.content) - 512))
        if match is None or match.group(1) is None:
            return
        cursor = match.group(1).decode()


async def scan_bare(url: str) -> int:
    count = 0
    progress = Progress("bare httpx")
    async with httpx.AsyncClient(base_url=url, headers={"X-API-Key": API_KEY}, timeout=30) as http:
        for path, marker in (("/v1/employees", b'"person_id"'), ("/v1/credentials", b'"credential_id"')):
            async for body in bare_pages(http, path):
                count += body.count(marker)
                progress.tick(count)
    progress.tick(count, final=True)
    return count


async def scan_client(url: str, label: str = "ProcareClient") -> int:
    count = 0
    progress = Progress(label)
    async with ProcareClient(base_url=url, api_key=API_KEY, timeout=30, page_size=PAGE_SIZE) as client:
        async for _employee in client.iter_employees():
            count += 1
            if count % PAGE_SIZE == 0:
                progress.tick(count)
        async for _credential in client.iter_credentials():
            count += 1
            if count % PAGE_SIZE == 0:
                progress.tick(count)
    progress.tick(count, final=True)
    return count


def timed(run: Callable[[], int]) -> Pass:
    wall, cpu = time.perf_counter(), time.process_time()
    records = run()
    return Pass(records, time.perf_counter() - wall, time.process_time() - cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--centers", type=int, default=5000)
    parser.add_argument("--staff-per-center", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=2, help="timed passes per side, interleaved; best kept")
    parser.add_argument("--no-memory-pass", action="store_true", help="skip the tracemalloc pass")
    add_arguments(parser, short_help="200 centers, one round each, no memory pass")
    args = parser.parse_args(argv)
    if args.short:
        args.centers, args.rounds, args.no_memory_pass = 200, 1, True

    print(f"sandbox: {args.centers:,} centers x {args.staff_per_center} staff (subprocess)", file=sys.stderr)
    proc, url = start_sandbox(args.centers, args.staff_per_center)
    try:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        # Interleaved rounds, best of each side: neither side profits from a server cache the other warmed.
        bares: list[Pass] = []
        typeds: list[Pass] = []
        for _ in range(max(1, args.rounds)):
            bares.append(timed(lambda: asyncio.run(scan_bare(url))))
            typeds.append(timed(lambda: asyncio.run(scan_client(url))))
        bare = min(bares, key=lambda p: p.wall_s)
        typed = min(typeds, key=lambda p: p.wall_s)
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_traced: int | None = None
        if not args.no_memory_pass:
            tracemalloc.start()
            asyncio.run(scan_client(url, "ProcareClient (tracemalloc pass)"))
            peak_traced = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    finally:
        proc.terminate()
        proc.wait(timeout=10)

    if bare.records != typed.records:
        print(f"warning: bare saw {bare.records} records, client saw {typed.records}", file=sys.stderr)
    print(f"records (employees + credentials): {typed.records:,}")
    for label, run in (("bare httpx, no parsing", bare), ("ProcareClient (typed)", typed)):
        print(f"{label:<23}: {run.rate:>10,.0f} records/s  wall {run.wall_s:7.2f}s  cpu {run.cpu_s:7.2f}s")
    print(f"client / bare throughput: {typed.rate / bare.rate:.2f}x")
    cpu_per_record_us = (typed.cpu_s - bare.cpu_s) / max(typed.records, 1) * 1e6
    print(f"client CPU over bare    : {cpu_per_record_us:.1f} us per record")
    if peak_traced is not None:
        print(f"client peak traced memory (tracemalloc): {peak_traced / 2**20:.2f} MiB")
    print(f"process peak RSS: {rss_after / 1024:.1f} MiB (was {rss_before / 1024:.1f} MiB before the scans)")
    write(
        args.results,
        [
            Figure(
                "client_scan",
                f"ProcareClient records/s ({args.centers:,} centers)",
                typed.rate,
                "records/s",
                "bare httpx, no parsing",
                bare.rate,
            )
        ],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
