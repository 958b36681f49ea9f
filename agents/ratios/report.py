"""The end of a ratio run: how many windows still wait for a proposal, and the director's report."""

from __future__ import annotations

from agents.common.report import finding_line
from agents.common.types import AgentOutput, Finding, stable_id
from agents.ratios.data import CenterInfo
from agents.ratios.room_tracker import hhmm
from agents.ratios.run import WORKFLOW, RatioRun


def finish(run_: RatioRun, info: CenterInfo) -> AgentOutput:
    """Close the run: say how many windows wait for a proposal, and write the report."""
    run_.keep_reads()
    if run_.deferred:
        first = min(run_.deferred, key=lambda f: (f.evidence["date"], f.evidence["start_minutes"]))
        run_.out.findings.append(
            Finding(
                id=stable_id(WORKFLOW, "deferred", run_.event.id),
                workflow=WORKFLOW,
                kind="coverage_proposals_capped",
                severity="info",
                summary=f"{len(run_.deferred)} more short window(s) at {info.school.name}, the first at "
                f"{hhmm(first.evidence['start_minutes'])} on {first.evidence['date']}, are findings without "
                f"a coverage proposal yet: this run looked for coverage for the {run_.max_windows} soonest. "
                "A later event or schedule check proposes for them.",
                evidence={
                    "max_windows": run_.max_windows,
                    "windows_proposed": run_.covered,
                    "windows_deferred": len(run_.deferred),
                    "deferred_finding_ids": [f.id for f in run_.deferred],
                },
            )
        )
    run_.out.report = _report(info, run_.out.findings)
    return run_.out


def _report(info: CenterInfo, findings: list[Finding]) -> str:
    lines = [f"# Staffing ratios: {info.school.name} ({info.school.school_id}, {info.school.state})", ""]
    ratio_findings = [f for f in findings if f.kind in ("live_ratio_violation", "predicted_ratio_violation")]
    if not ratio_findings:
        lines.append("Every checked room is within ratio now and for the rest of the projected day.")
    for f in findings:
        cover = f.evidence.get("coverage")
        extra = f" Coverage: {', '.join(cover)}." if cover else ""
        lines.append(finding_line(f, extra=extra))
    return "\n".join(lines)
