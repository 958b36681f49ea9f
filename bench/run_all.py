"""Run every benchmark and write one markdown table: each figure, its same-run baseline and the ratio.

The machine this runs on is shared, so absolute figures drift from run to run; each bench measures its
baseline in the same process and minute as its figure, and the ratio is what to compare. The table also
records the machine (CPUs, memory, load average before each bench, Python and Postgres versions, commit).

Each bench runs as its own process (`--short` unless `--full`, `--results` to a scratch file), one after
the other so they do not load each other; its own report goes to a log next to the table. The table is
written to `--out` (bench/results.md), printed, and put into README.md between the markers
`<!-- bench:run_all:start -->` and `<!-- bench:run_all:end -->` (unless `--no-readme`).

    .venv/bin/python bench/run_all.py                  # short mode, every bench (a few minutes)
    .venv/bin/python bench/run_all.py --only ratios payroll
    .venv/bin/python bench/run_all.py --full           # each bench's default size (long)
"""

from __future__ import annotations

import argparse
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.figures import Figure, read  # noqa: E402

BENCHES = (
    "ratios",
    "payroll",
    "graph_runs",
    "approvals",
    "ingest",
    "alert_latency",
    "scale_out",
    "client_scan",
    "skills",
    "skills_search",
    "ocr",
)
START, END = "<!-- bench:run_all:start -->", "<!-- bench:run_all:end -->"


@dataclass
class Outcome:
    bench: str
    seconds: float
    load: float
    """1-minute load average when the bench started."""
    code: int
    figures: list[Figure] = field(default_factory=list)
    log: Path | None = None


def machine(database_url: str) -> list[str]:
    """Facts about the machine and the code measured, one per line."""
    cpu = "unknown CPU"
    try:
        found = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
        cpu = found.group(1).strip() if found else cpu
    except OSError:
        pass
    memory = ""
    try:
        kib = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
        memory = f", {int(kib.group(1)) / 2**20:.1f} GiB RAM" if kib else ""
    except OSError:
        pass
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return [
        f"{os.cpu_count()} CPUs ({cpu}){memory}; load average {_load():.1f} at the start",
        f"Python {platform.python_version()}, {_postgres(database_url)}, {platform.system()} "
        f"{platform.release()}",
        f"commit {commit or 'unknown'}{' with local changes' if dirty else ''}",
    ]


def _load() -> float:
    try:
        return os.getloadavg()[0]
    except OSError:
        return math.nan


def _postgres(url: str) -> str:
    try:
        import psycopg

        with psycopg.connect(url, connect_timeout=3) as conn:
            row = conn.execute("SHOW server_version").fetchone()
        return f"PostgreSQL {row[0] if row else '?'}"
    except Exception as exc:  # the table is still worth having without it
        return f"PostgreSQL unreachable ({type(exc).__name__})"


def run_one(bench: str, *, full: bool, logs: Path, extra: list[str]) -> Outcome:
    results = logs / f"{bench}.jsonl"
    results.unlink(missing_ok=True)
    log = logs / f"{bench}.log"
    cmd = [sys.executable, str(ROOT / "bench" / f"{bench}.py"), "--results", str(results), *extra]
    if not full:
        cmd.append("--short")
    load = _load()
    started = time.perf_counter()
    with log.open("w") as out:
        code = subprocess.run(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False).returncode
    outcome = Outcome(bench, time.perf_counter() - started, load, code, read(results), log)
    status = "ok" if code == 0 else f"exit {code}"
    print(f"  {bench}: {status} in {outcome.seconds:.0f} s ({len(outcome.figures)} figures)", flush=True)
    return outcome


def _num(x: float) -> str:
    if math.isnan(x):
        return "n/a"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    if abs(x) >= 1:
        return f"{x:.2f}"
    return f"{x:.3g}"


def table(outcomes: list[Outcome], facts: list[str], *, full: bool, when: str) -> str:
    mode = "full size" if full else "short mode (`--short`)"
    lines = [
        f"Measured {when} by `bench/run_all.py`, {mode}. Every ratio is figure / baseline, both from "
        "the same run of the same bench.",
        "",
        *[f"- {fact}" for fact in facts],
        "",
        "| bench | figure | value | baseline | baseline value | ratio | goal | met | load |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for o in outcomes:
        if not o.figures:
            lines.append(f"| {o.bench} | failed (exit {o.code}, see its log) | | | | | | | {o.load:.1f} |")
            continue
        for f in o.figures:
            unit = f" {f.unit}" if f.unit else ""
            base_unit = unit if f.baseline_unit is None else f" {f.baseline_unit}"
            met = "" if f.met is None else ("yes" if f.met else "no")
            lines.append(
                f"| {f.bench} | {f.figure} | {_num(f.value)}{unit} | {f.baseline} | "
                f"{_num(f.baseline_value)}{base_unit} | {_num(f.ratio)}x | {f.goal} | {met} | {o.load:.1f} |"
            )
    lines.append("")
    lines.append("`load` is the 1-minute load average when that bench started (the machine's other work).")
    return "\n".join(lines) + "\n"


def update_readme(readme: Path, text: str) -> bool:
    """Replace the generated section of the README; False when its markers are missing."""
    body = readme.read_text(encoding="utf-8")
    if START not in body or END not in body:
        return False
    head, rest = body.split(START, 1)
    _old, tail = rest.split(END, 1)
    readme.write_text(f"{head}{START}\n{text}{END}{tail}", encoding="utf-8")
    return True


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=BENCHES, default=list(BENCHES))
    parser.add_argument("--full", action="store_true", help="each bench at its default size, not --short")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results.md")
    parser.add_argument("--no-readme", action="store_true", help="leave README.md as it is")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("PROCARE_AI_TEST_DATABASE_URL")
        or "postgresql://postgres@127.0.0.1:5432/postgres",
        help="a Postgres server (maintenance database); benches create and drop their own databases",
    )
    args = parser.parse_args()
    logs = Path(tempfile.mkdtemp(prefix="bench-run-all-"))
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    facts = machine(args.database_url)
    print(f"running {len(args.only)} benches, logs in {logs}", flush=True)
    outcomes = []
    for bench in args.only:
        uses_db = bench in ("ratios", "graph_runs", "approvals", "ingest", "alert_latency", "scale_out")
        extra = ["--database-url", args.database_url] if uses_db else []
        outcomes.append(run_one(bench, full=args.full, logs=logs, extra=extra))
    text = table(outcomes, facts, full=args.full, when=when)
    args.out.write_text(text, encoding="utf-8")
    print()
    print(text)
    print(f"written to {args.out}")
    if not args.no_readme:
        readme = ROOT / "README.md"
        print("README.md updated" if update_readme(readme, text) else "README.md has no bench markers")
    failed = [o.bench for o in outcomes if o.code != 0]
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)} (logs in {logs})")


if __name__ == "__main__":
    main()
