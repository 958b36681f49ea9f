"""Write targets resolved in Procare: nothing is written outside the thread's center (issue 10 item 1)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from langgraph.runtime import Runtime

from agents.common.types import Proposal
from graph import deps as provider
from graph.context import GraphContext
from graph.deps import Dependencies, StaticRollout
from graph.nodes import execute
from graph.state import Decision, GraphState
from graph.targets import check_targets
from tests.fakes import FakeProcare, classroom, credential, employee, school
from tools.models import Document, Incident, PerformanceReview

WHEN = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)


def world() -> FakeProcare:
    fake = FakeProcare(
        schools=[school(), school(school_id="S2", school_code="S2")],
        employees=[employee("E1"), employee("E7"), employee("E2", school_id="S2")],
        classrooms=[classroom("R1"), classroom("R2", school_id="S2")],
    )
    fake.credentials = [
        credential("E1", "pediatric_cpr_aha", date(2025, 1, 1), credential_id="C1"),
        credential("E2", "pediatric_cpr_aha", date(2025, 1, 1), credential_id="C2", school_id="S2"),
    ]
    fake.documents = [
        Document(
            document_id=d,
            school_id=s,
            employee_id=e,
            kind="credential_card",
            filename="c.png",
            content_type="image/png",
            uploaded_at=WHEN,
        )
        for d, s, e in (("D1", "S1", "E1"), ("D7", "S1", "E7"), ("D2", "S2", "E2"))
    ]
    fake.reviews = [
        PerformanceReview(
            review_id=r, employee_id=e, school_id=s, due_on=date(2026, 12, 1), status="scheduled"
        )
        for r, e, s in (("RV1", "E1", "S1"), ("RV2", "E2", "S2"))
    ]
    fake.incidents = [
        Incident(
            incident_id=i,
            school_id=s,
            occurred_at=WHEN,
            kind="injury",
            severity="low",
            description="d",
            child_ids=[k],
        )
        for i, s, k in (("I1", "S1", "K1"), ("I2", "S2", "K2"))
    ]
    return fake


async def problems(args: dict[str, Any], **kw: Any) -> list[str]:
    return (await check_targets(world(), args, center_id="S1", **kw)).problems


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ({"employee_id": "E2", "pay_period_start": "2026-11-01", "adjustments": []}, "employee E2"),
        ({"classroom_id": "R2", "employee_id": "E1"}, "classroom R2"),
        ({"school_id": "S2", "title": "t"}, "school S2"),
        ({"school_id": "S1", "to_employee_id": "E2"}, "employee E2"),
        ({"school_id": "S1", "assignee_employee_id": "E2"}, "employee E2"),
        ({"school_id": "S1", "related_employee_id": "E2"}, "employee E2"),
        ({"school_id": "S1", "attendee_employee_ids": ["E1", "E2"]}, "employee E2"),
        ({"incident_id": "I1", "routed_to": [{"role": "director", "employee_id": "E2"}]}, "employee E2"),
        ({"employee_id": "E1", "classroom_ids": ["R1", "R2"]}, "classroom R2"),
        ({"credential_id": "C2", "status": "expired"}, "credential C2"),
        ({"credential_id": "C1", "document_id": "D2"}, "document D2"),
        ({"credential_id": "C1", "document_id": "D7"}, "document D7"),  # another employee's card
        ({"school_id": "S1", "employee_id": "E1", "form": "w4", "document_id": "D2"}, "document D2"),
        ({"school_id": "S1", "employee_id": "E1", "form": "w4", "document_id": "D7"}, "document D7"),
        ({"review_id": "RV2", "form": {"agenda": "x"}}, "review RV2"),
        ({"school_id": "S1", "incident_id": "I2", "child_id": "K2"}, "incident I2"),
        ({"school_id": "S1", "incident_id": "I1", "child_id": "K2"}, "child K2"),
    ],
)
async def test_a_target_in_another_center_is_refused(args: dict[str, Any], problem: str) -> None:
    assert await problems(args) == [f"{problem} is not in center S1"]


async def test_a_missing_target_reads_like_one_elsewhere() -> None:
    assert await problems({"employee_id": "E404"}) == ["employee E404 is not in center S1"]
    assert await problems({"credential_id": "C404"}) == ["credential C404 is not in center S1"]
    assert await problems({"school_id": "S1", "child_id": "K1"}) == [
        "a parent message must name the incident its child is involved in"
    ]


async def test_targets_in_the_center_pass_and_name_the_people_touched() -> None:
    fake = world()
    ok = await check_targets(fake, {"credential_id": "C1", "document_id": "D1"}, center_id="S1")
    assert ok.problems == [] and ok.staff_ids == {"E1"}
    ok = await check_targets(
        fake,
        {"school_id": "S1", "title": "t", "assignee_employee_id": "E7", "related_employee_id": "E1"},
        center_id="S1",
    )
    assert ok.problems == [] and ok.staff_ids == {"E1", "E7"}
    signing = {"school_id": "S1", "employee_id": "E1", "form": "w4", "document_id": "D1"}
    ok = await check_targets(fake, signing, center_id="S1")
    assert ok.problems == [] and ok.staff_ids == {"E1"}
    ok = await check_targets(fake, {"review_id": "RV1", "form": {"agenda": "x"}}, center_id="S1")
    assert ok.problems == [] and ok.staff_ids == {"E1"}
    ok = await check_targets(
        fake, {"classroom_id": "R1", "employee_id": "E7", "date": "2026-11-02"}, center_id="S1"
    )
    assert ok.problems == [] and ok.staff_ids == {"E7"}


async def test_a_center_the_decider_may_not_see_is_refused() -> None:
    args = {"school_id": "S1", "to_employee_id": "E1"}
    assert await problems(args, may_see=lambda c: c == "S2") == ["you may not decide for center S1"]
    assert await problems(args, may_see=lambda c: c == "S1") == []


async def test_execute_refuses_a_target_that_left_the_center_after_review() -> None:
    fake = world()
    proposal = Proposal(
        id="p1",
        workflow="credentials",
        action="send_message",
        args={"school_id": "S1", "to_employee_id": "E7", "subject": "s", "body": "b"},
        description="d",
        rationale="r",
        staff_ids=["E7"],
    )
    edited = {**proposal.args, "to_employee_id": "E1"}
    decision = Decision(proposal_id="p1", type="edit", reviewer="dir", decided_at=WHEN, edited_args=edited)
    state = GraphState.model_validate(
        {
            "event": {"id": "e1", "type": "scan.credentials", "occurred_at": WHEN, "center_id": "S1"},
            "thread_id": "S1:e1",
            "proposals": [proposal],
            "decisions": [decision],
        }
    )
    deps = Dependencies(procare=fake, drafter=None, rollout=StaticRollout({}), clock=lambda: WHEN)  # type: ignore[arg-type]
    fake.employees = [employee("E1", school_id="S2"), employee("E7")]  # E1 moved to S2 meanwhile
    with provider.use(deps):
        out = await execute(state, Runtime(context=GraphContext()))
    (result,) = out["results"]
    assert not result.ok and "employee E1 is not in center S1" in (result.error or "")
    assert fake.effects == []
    fake.employees = [employee("E1"), employee("E7")]
    with provider.use(deps):
        out = await execute(state, Runtime(context=GraphContext()))
    (result,) = out["results"]
    assert result.ok and result.staff_ids == ["E1"]  # the person actually written to, not the proposal's
    assert [name for name, _ in fake.effects] == ["send_message"]
