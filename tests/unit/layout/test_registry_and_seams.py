"""The layout's single declarations: the workflow registry, the workweek, the dependency provider, the
audit-record seam and the error tables."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from agents.common.types import Event
from agents.common.workweek import WORKWEEK_SETTING, week_start, workweek, workweek_start
from agents.payroll.model import PayrollSettings
from agents.registry import DAILY_SCANS, SCAN_KINDS, WORKFLOW_FOR_EVENT, WORKFLOWS
from api.errors import status_for
from graph import deps as provider
from graph.builder import build_graph
from graph.deps import Dependencies, StaticRollout
from graph.errors import PolicyViolation
from policies.errors import InvalidInput
from policies.ratios import RatioInputError
from policies.rollout import WORKFLOWS as ROLLOUT_WORKFLOWS
from procare_ai.cli.app import exit_code_for
from services.errors import Conflict, NotFound, ThreadBusy
from tests.fakes import FakeProcare, employee
from tools.audit_records import source_record
from tools.errors import ConfigError, ProcareNotFound, ProcareUnavailable
from tools.models import PII_FIELDS


def test_each_event_type_belongs_to_one_registered_workflow() -> None:
    declared = [t for spec in WORKFLOWS.values() for t in spec.event_types]
    assert len(declared) == len(set(declared)) == len(WORKFLOW_FOR_EVENT)
    assert set(WORKFLOWS) <= set(ROLLOUT_WORKFLOWS)
    assert set(DAILY_SCANS) <= set(SCAN_KINDS) and all(f"scan.{k}" in WORKFLOW_FOR_EVENT for k in SCAN_KINDS)
    nodes = build_graph().get_graph().nodes
    assert set(WORKFLOWS) <= set(nodes)


def test_one_workweek_for_every_center_or_per_center() -> None:
    assert workweek_start({}, "S1") == 6  # Sunday, the payroll default it always had
    per_center: dict[str, Any] = {WORKWEEK_SETTING: {"S1": 0, "*": 2}}
    assert (workweek_start(per_center, "S1"), workweek_start(per_center, "S9")) == (0, 2)
    assert workweek(date(2026, 11, 4), 0) == (date(2026, 11, 2), date(2026, 11, 8))
    assert week_start(date(2026, 11, 4), 6) == date(2026, 11, 1)
    cfg = PayrollSettings.from_mapping(per_center, workweek_start=workweek_start(per_center, "S1"))
    assert cfg.workweek_start == 0
    for bad in (7, -1, "monday", True):
        with pytest.raises(InvalidInput, match=WORKWEEK_SETTING):
            workweek_start({WORKWEEK_SETTING: bad}, "S1")


def test_nodes_take_dependencies_from_the_bound_provider_or_the_installed_one() -> None:
    from agents.common.llm import OfflineDrafter

    def deps(name: str) -> Dependencies:  # two distinct providers, told apart by identity
        return Dependencies(procare=FakeProcare(), drafter=OfflineDrafter(), rollout=StaticRollout())

    a, b = deps("a"), deps("b")
    previous = list(provider._installed)
    try:
        provider._installed.clear()
        with pytest.raises(RuntimeError, match="no graph dependencies"):
            provider.current()
        provider.install(lambda: b)
        assert provider.current() is b
        with provider.use(a):
            assert provider.current() is a
        assert provider.current() is b
    finally:
        provider._installed[:] = previous
    fixed = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
    clocked = Dependencies(
        procare=FakeProcare(), drafter=OfflineDrafter(), rollout=StaticRollout(), clock=lambda: fixed
    )
    webhook = Event(
        id="w1", type="staff.updated", occurred_at=datetime(2026, 11, 1, tzinfo=UTC), center_id="S1"
    )
    scan = Event(
        id="s1", type="scan.credentials", occurred_at=datetime(2026, 11, 2, 14, tzinfo=UTC), center_id="S1"
    )
    assert clocked.as_of(webhook) == fixed  # a webhook's run judges by its start, on the clock
    assert clocked.as_of(scan) == datetime(2026, 11, 2, 14, tzinfo=UTC)  # a scan by its scheduled instant
    assert clocked.as_of(webhook, "2026-01-05T08:00:00-08:00") == datetime(2026, 1, 5, 16, tzinfo=UTC)
    with pytest.raises(InvalidInput, match="needs a UTC offset"):
        clocked.as_of(webhook, "2026-01-05T08:00:00")


def test_the_audit_record_seam_names_kind_and_id_and_drops_pii() -> None:
    person = employee("E7")
    record = source_record(person)
    assert (record.kind, record.id, record.staff_id) == ("employee", "E7", "E7")
    assert not PII_FIELDS & set(record.data) and record.data["first_name"] == "Maria"
    assert source_record(person, None).staff_id is None
    with pytest.raises(TypeError):
        source_record(PayrollSettings())  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("error", "status", "exit_code"),
    [
        (InvalidInput("x"), 422, 2),
        (RatioInputError("x"), 422, 2),
        (PolicyViolation("x"), 422, 2),
        (NotFound("x"), 404, 4),
        (ThreadBusy("x"), 409, 5),
        (Conflict("x"), 409, 5),
        (ConfigError("x"), 500, 78),
        (ProcareNotFound("x", method="GET", path="/v1/x", status=404), 404, 4),
        (ProcareUnavailable("x", method="GET", path="/v1/x", status=None), 503, 75),
    ],
)
def test_one_table_each_maps_errors_to_status_and_exit_code(
    error: Exception, status: int, exit_code: int
) -> None:
    assert (status_for(error), exit_code_for(error)) == (status, exit_code)
