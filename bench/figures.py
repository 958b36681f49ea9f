"""A benchmark's figures, each next to the baseline measured in the same run, for `bench/run_all.py`.

The machine is shared, so an absolute figure says little on its own: every figure a bench hands to the
table carries the baseline it was measured against in the same process and minute, and the ratio of the
two is what a reader compares across runs. A bench prints its own report as before and, given
`--results FILE`, also appends one JSON object per figure to FILE (JSON lines), which run_all collects.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Figure:
    """One measured figure and its same-run baseline. `ratio` is value / baseline."""

    bench: str
    figure: str
    value: float
    unit: str
    baseline: str
    baseline_value: float
    goal: str = ""
    """What the issue asks of this figure, in words (e.g. '>= 0.7x', 'p99 < 1 ms'); empty when none."""
    met: bool | None = None
    """Whether the goal is met in this run (None: no goal)."""
    baseline_unit: str | None = None
    """The baseline's unit when it is not the figure's (rows/s against requests/s)."""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline_value if self.baseline_value else float("nan")


def add_arguments(parser: argparse.ArgumentParser, *, short_help: str) -> None:
    """The two flags every bench takes for run_all: a short mode and a results file."""
    parser.add_argument("--short", action="store_true", help=short_help)
    parser.add_argument(
        "--results", type=Path, default=None, help="append the figures as JSON lines to this file"
    )


def write(path: Path | None, figures: list[Figure]) -> None:
    """Append the figures to `path` (nothing when no path was given)."""
    if path is None:
        return
    with path.open("a", encoding="utf-8") as out:
        for f in figures:
            out.write(json.dumps(asdict(f)) + "\n")


def read(path: Path) -> list[Figure]:
    if not path.exists():
        return []
    return [Figure(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
