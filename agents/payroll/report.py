"""The pay-period exception report a director reviews before payroll export: Markdown and CSV.

The Markdown is the agent's `AgentOutput.report` (shown in the inbox and stored in the checkpoint); the CSV
comes from `exception_report_csv(findings)`, which the CLI and the API call on a run's findings (the state
keeps every finding), so the two formats always list the same exceptions.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable

from agents.common.types import Finding

CSV_COLUMNS = (
    "severity",
    "kind",
    "staff_ids",
    "workday",
    "summary",
    "score",
    "citation",
    "finding_id",
    "evidence",
)
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def _order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(
        findings,
        key=lambda f: (
            SEVERITY_ORDER[f.severity],
            ",".join(f.staff_ids),
            str(f.evidence.get("workday", "")),
            f.kind,
            f.id,
        ),
    )


def is_pattern(finding: Finding) -> bool:
    """Patterns are scored signals for review, listed apart from rule exceptions."""
    return finding.kind.startswith("pattern_")


def exception_report_csv(findings: Iterable[Finding]) -> str:
    """One row per finding (rule exceptions and scored patterns), most severe first; evidence as JSON."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for f in _order(findings):
        workday = f.evidence.get("workday")
        writer.writerow(
            [
                f.severity,
                f.kind,
                " ".join(f.staff_ids),
                "" if workday in (None, "None") else workday,
                f.summary,
                f.evidence.get("score", ""),
                f.citation or "",
                f.id,
                json.dumps(f.evidence, sort_keys=True, default=str),
            ]
        )
    return buffer.getvalue()


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def exception_report_markdown(
    *, title: str, summary: str, findings: list[Finding], staff_checked: int, punches_checked: int
) -> str:
    """The director's report: headline counts, rule exceptions, then patterns with their scores."""
    exceptions = _order(f for f in findings if not is_pattern(f))
    patterns = sorted((f for f in findings if is_pattern(f)), key=lambda f: -float(f.evidence["score"]))
    lines = [f"# {title}", "", summary, ""]
    lines.append(f"Staff checked: {staff_checked}. Punches checked: {punches_checked}.")
    lines.append("")
    counts = Counter((f.kind, f.severity) for f in findings)
    if counts:
        lines += ["| exception | severity | count |", "|---|---|---|"]
        lines += [
            f"| {kind} | {sev} | {n} |"
            for (kind, sev), n in sorted(counts.items(), key=lambda kv: (SEVERITY_ORDER[kv[0][1]], kv[0][0]))
        ]
        lines.append("")
    lines += ["## Exceptions", ""]
    if not exceptions:
        lines.append("No exceptions: every punch pairs up and every checked rule is met.")
    lines += (
        [
            "| severity | staff | workday | exception | details | rule |",
            "|---|---|---|---|---|---|",
        ]
        if exceptions
        else []
    )
    for f in exceptions:
        workday = f.evidence.get("workday")
        lines.append(
            f"| {f.severity} | {' '.join(f.staff_ids)} | {'' if workday in (None, 'None') else workday} | "
            f"{f.kind} | {_cell(f.summary)} | {_cell(f.citation or '')} |"
        )
    lines += ["", "## Patterns for review (scored, not conclusions)", ""]
    if not patterns:
        lines.append("No patterns reached the reporting thresholds.")
    for f in patterns:
        factors = ", ".join(f"{k}={v}" for k, v in f.evidence.get("factors", {}).items())
        lines.append(f"- **score {f.evidence['score']:.2f}** {f.summary} _(factors: {factors})_")
    return "\n".join(lines) + "\n"
