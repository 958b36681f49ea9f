"""Report helpers shared by the specialists: finding order and the Markdown line a director reads."""

from __future__ import annotations

from collections.abc import Iterable

from agents.common.types import Finding

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Most severe first, then by summary, so a report reads the same on every run."""
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.summary))


def finding_line(finding: Finding, *, extra: str = "", cite: bool = True) -> str:
    """`- **severity** summary` with optional extra text and the citation in italics."""
    citation = f" _({finding.citation})_" if cite and finding.citation else ""
    return f"- **{finding.severity}** {finding.summary}{extra}{citation}"
