"""Approval SLAs (policies.sla): due times per workflow, deadlines counted back, configured overrides."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from policies.sla import DEFAULT_SLA, SLAS, due_at, overdue, request_deadline, sla_for

SINCE = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_a_ratio_move_is_due_in_fifteen_minutes_and_unknown_workflows_in_two_days() -> None:
    assert due_at(sla_for("ratios"), SINCE) == SINCE + timedelta(minutes=15)
    assert sla_for("not-a-workflow") == DEFAULT_SLA and sla_for(None) == DEFAULT_SLA
    assert due_at(sla_for(None), SINCE) == SINCE + timedelta(days=2)


def test_a_payroll_correction_is_due_two_days_before_the_export_whichever_comes_first() -> None:
    export = date(2026, 12, 2)  # the day after a period ending 2026-12-01
    assert due_at(sla_for("payroll"), SINCE, export) == datetime(2026, 11, 30, tzinfo=UTC)  # already past
    far = date(2026, 12, 20)
    assert due_at(sla_for("payroll"), SINCE, far) == SINCE + timedelta(days=2)
    assert overdue(due_at(sla_for("payroll"), SINCE, export), SINCE)


def test_a_configured_override_replaces_the_wait_and_keeps_the_deadline_rule() -> None:
    sla = sla_for("payroll", {"payroll": timedelta(hours=6), "ratios": timedelta(minutes=5)})
    assert sla.within == timedelta(hours=6) and sla.before_deadline == SLAS["payroll"].before_deadline
    assert sla_for("ratios", {"ratios": timedelta(minutes=5)}).within == timedelta(minutes=5)


def test_the_request_deadline_is_the_earliest_date_an_action_names() -> None:
    actions: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        ("send_message", {"body": "hi"}, {}),
        ("create_task", {"due_on": "2026-12-09"}, {}),
        ("patch_payroll", {"employee_id": "E1"}, {"pay_period_end": "2026-12-05"}),
        ("create_task", {"due_on": None}, {}),
    ]
    assert request_deadline(actions) == date(2026, 12, 6)  # the payroll export after the period
    assert request_deadline([("send_message", {}, {})]) is None


def test_nothing_is_overdue_without_a_due_time() -> None:
    assert not overdue(None, SINCE)
    assert not overdue(SINCE + timedelta(seconds=1), SINCE) and overdue(SINCE, SINCE)
