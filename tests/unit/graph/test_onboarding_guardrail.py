"""The guardrail holds an onboarding pre-fill, and any director edit of it, to the keys the forms give."""

from __future__ import annotations

from agents.common.types import Proposal
from graph.guardrails import check_action


def test_the_guardrail_refuses_an_edit_that_widens_an_onboarding_prefill() -> None:
    proposal = Proposal(
        id="p1",
        workflow="onboarding",
        action="patch_employee",
        args={"employee_id": "E1", "custom_fields": {"w4_filing_status": "single"}},
        description="Pre-fill",
        rationale="Read from the W-4",
    )
    assert check_action(proposal, "patch_employee", proposal.args) == []
    widened = {
        "employee_id": "E1",
        "skills": ["CPR"],
        "custom_fields": {"w4_filing_status": "single"},
    }
    assert check_action(proposal, "patch_employee", widened) == ["onboarding pre-fill may not write skills"]
    ssn = {"employee_id": "E1", "custom_fields": {"w4_filing_status": "912-34-5678"}}
    assert any("personal data" in p for p in check_action(proposal, "patch_employee", ssn))
