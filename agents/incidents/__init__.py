"""Incident triage: `incident.reported` -> category, severity, routing, parent notice, agency reports."""

from __future__ import annotations

from agents.incidents.agent import REPORT_DUE, WORKFLOW, run

__all__ = ["REPORT_DUE", "WORKFLOW", "run"]
