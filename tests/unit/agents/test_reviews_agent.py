"""The review-due scan: cadence from policies.reviews, prep brief drafted from policy-computed facts."""

from __future__ import annotations

from datetime import date

import pytest

from agents import reviews
from agents.common.llm import OfflineDrafter
from agents.common.types import AgentContext, Event
from policies import reviews as rules
from policies.errors import InvalidInput
from policies.rollout import Phase
from tests.clock import during
from tests.fakes import NOW, FakeProcare, credential, employee
from tools.models import PerformanceReview

TODAY = date(2026, 11, 2)


def review(employee_id: str, due: date, status: str = "scheduled", **over: object) -> PerformanceReview:
    base = {
        "review_id": f"RV-{employee_id}-{due}",
        "employee_id": employee_id,
        "school_id": "S1",
        "due_on": due,
        "status": status,
        "reviewer_employee_id": "E-DIR",
    }
    return PerformanceReview.model_validate(base | over)


def ctx(fake: FakeProcare, phase: Phase = "assistive") -> AgentContext:
    return AgentContext(client=fake, drafter=OfflineDrafter(), as_of=during(TODAY), phase=phase)


def scan() -> Event:
    return Event(id="scan-reviews-S1", type="scan.reviews", occurred_at=NOW, center_id="S1")


def test_cadence_policy() -> None:
    assert rules.next_review_due(date(2026, 8, 1), None) == date(2026, 10, 30)  # 90 days after hire
    assert rules.next_review_due(date(2020, 1, 1), date(2025, 11, 10)) == date(2026, 11, 10)
    assert rules.standing(date(2026, 11, 1), TODAY) == "overdue"
    assert rules.standing(date(2026, 11, 16), TODAY) == "prepare"
    assert rules.standing(date(2026, 11, 17), TODAY) == "upcoming"
    with pytest.raises(InvalidInput):
        rules.ReviewPolicy(every_days=0)


async def test_scan_finds_due_overdue_and_unscheduled_reviews() -> None:
    fake = FakeProcare(
        employees=[
            employee("E1", first_name="Ana"),  # scheduled, due in 10 days
            employee("E2", first_name="Ben"),  # scheduled, overdue
            employee("E3", first_name="Cy", hire_date=date(2026, 7, 1)),  # new hire, nothing scheduled
            employee("E4", first_name="Di"),  # reviewed recently
        ]
    )
    fake.reviews = [
        review("E1", date(2026, 11, 12)),
        review("E2", date(2026, 10, 20)),
        review("E4", date(2026, 6, 1), status="completed"),
    ]
    fake.credentials = [credential("E1", "pediatric_cpr_aha", date(2025, 1, 10))]
    out = await reviews.run(scan(), ctx(fake))
    kinds = {(f.kind, f.staff_ids[0]) for f in out.findings}
    assert kinds == {("review_due_soon", "E1"), ("review_overdue", "E2"), ("review_not_scheduled", "E3")}
    by_staff = {(p.action, p.staff_ids[0]) for p in out.proposals}
    assert by_staff == {
        ("create_task", "E1"),
        ("send_message", "E1"),
        ("create_task", "E2"),
        ("create_task", "E3"),
    }
    ana_task = next(p for p in out.proposals if p.action == "create_task" and p.staff_ids == ["E1"])
    assert "2026-11-12" in ana_task.args["body"] and "valid through 2027-01-31" in ana_task.args["body"]
    assert (
        ana_task.args["assignee_employee_id"] == "E-DIR"
        and ana_task.prompt
        and "123-45-6789" not in ana_task.prompt
    )
    cy = next(f for f in out.findings if f.staff_ids == ["E3"])
    assert cy.evidence["due_on"] == "2026-09-29" and cy.evidence["kind"] == "introductory"
    cy_task = next(p for p in out.proposals if p.action == "create_task" and p.staff_ids == ["E3"])
    assert "has an introductory review due" in cy_task.args["body"]  # not "a introductory"


async def test_read_only_reports_without_proposals() -> None:
    fake = FakeProcare(employees=[employee("E2")])
    fake.reviews = [review("E2", date(2026, 10, 20))]
    out = await reviews.run(scan(), ctx(fake, "read_only"))
    assert out.proposals == [] and [f.kind for f in out.findings] == ["review_overdue"]
    assert out.report and "overdue" in out.report
