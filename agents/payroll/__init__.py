"""Payroll hour validation: a submitted timesheet, or a whole center's pay period (see `agent`)."""

from __future__ import annotations

from agents.payroll.agent import resolve_period, run
from agents.payroll.model import WORKFLOW
from agents.payroll.report import exception_report_csv

__all__ = ["WORKFLOW", "exception_report_csv", "resolve_period", "run"]
