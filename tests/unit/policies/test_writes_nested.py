"""The write allow-list is recursive: nested keys are checked like top-level ones (issue 10 item 2)."""

from __future__ import annotations

from typing import Any

import pytest

from agents.common.types import Proposal
from graph.guardrails import check_action
from policies.onboarding import PROFILE_PREFILL
from policies.writes import CUSTOM_FIELDS, write_problems


def proposal(action: str, args: dict[str, Any]) -> Proposal:
    return Proposal(id="p1", workflow="onboarding", action=action, args=args, description="d", rationale="r")


@pytest.mark.parametrize("key", ["hourly_rate", "ssn", "pay_code", "birth_date", "home_address"])
def test_pay_and_pii_inside_custom_fields_are_refused(key: str) -> None:
    args = {"employee_id": "E1", "custom_fields": {key: "99.00"}}
    assert write_problems("patch_employee", args) == [
        f"patch_employee.custom_fields may not write field(s) {key}"
    ]
    assert check_action(proposal("patch_employee", args), "patch_employee", args) == [
        f"patch_employee.custom_fields may not write field(s) {key}"
    ]


def test_onboarding_prefill_keys_and_profile_extras_are_allowed() -> None:
    assert set(PROFILE_PREFILL) <= CUSTOM_FIELDS
    args = {
        "employee_id": "E1",
        "custom_fields": {key: "x" for key in (*PROFILE_PREFILL, "shirt_size", "languages")},
    }
    assert write_problems("patch_employee", args) == []


def test_incident_routing_recipients_are_allowed_and_checked() -> None:
    routed: list[dict[str, Any]] = [{"role": "director", "employee_id": "E9"}, {"role": "hr"}]
    args = {"incident_id": "I1", "category": "injury", "severity": "high", "routed_to": routed}
    assert write_problems("route_incident", args) == []
    routed.append({"role": "hr", "school_id": "S2"})
    assert write_problems("route_incident", args) == [
        "route_incident.routed_to[2] may not write field(s) school_id"
    ]


def test_payroll_adjustments_carry_only_their_own_keys() -> None:
    row = {"date": "2026-11-02", "pay_code": "REG", "hours": 1.5, "reason": "missed punch"}
    args = {"employee_id": "E1", "pay_period_start": "2026-11-01", "adjustments": [row]}
    assert write_problems("patch_payroll", args) == []
    args["adjustments"] = [row | {"hourly_rate": 99}]
    assert write_problems("patch_payroll", args) == [
        "patch_payroll.adjustments[0] may not write field(s) hourly_rate"
    ]


def test_review_form_fields_and_deeper_nesting() -> None:
    assert write_problems("prefill_review_form", {"review_id": "R1", "form": {"agenda": "- x"}}) == []
    assert write_problems("prefill_review_form", {"review_id": "R1", "form": {"overall": "5"}}) == [
        "prefill_review_form.form may not write field(s) overall"
    ]
    deeper = {"employee_id": "E1", "custom_fields": {"languages": {"ssn": "123-45-6789"}}}
    assert write_problems("patch_employee", deeper) == [
        "patch_employee.custom_fields.languages may not carry an object"
    ]


def test_an_object_where_a_plain_field_belongs_is_refused() -> None:
    args = {"employee_id": "E1", "classroom_ids": ["R1", {"school_id": "S2"}]}
    assert write_problems("patch_employee", args) == [
        "patch_employee.classroom_ids[1] may not carry an object"
    ]
    body = {"school_id": "S1", "to_employee_id": "E1", "subject": {"ssn": "1"}, "body": "b"}
    assert write_problems("send_message", body) == ["send_message.subject may not carry an object"]
